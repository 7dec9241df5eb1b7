//! The real `clinic-kiosk pack …` commands as a script would run them, and kill -9 in the middle
//! of an install or undo, at every step and at varying delays: afterwards the content folder
//! always reads as one whole version, the old or the new, and the next run finishes the job.
//!
//! These live in the app crate's own tests/ (not the workspace's) because Cargo builds a
//! package's binary for its integration tests and names it in `CARGO_BIN_EXE_clinic-kiosk`.
//! Exact kill points come from `KIOSK_PACK_PAUSE_AT=STEP` (README: "Testing"): the command
//! says "pack: paused at STEP" on standard error and waits there to be killed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_clinic-kiosk");

fn fixture() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/patient"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

type Snapshot = BTreeMap<String, String>;

/// A file's length, hash and start: what a failed comparison prints.
fn digest(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
    format!("{} bytes, hash {:x}: {start}", bytes.len(), h.finish())
}

/// Every file a kiosk reading `dir` sees (through the symlink), hidden ones aside.
fn snapshot(dir: &Path) -> Snapshot {
    fn walk(dir: &Path, prefix: &str, out: &mut Snapshot) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{prefix}{name}/"), out);
            } else {
                out.insert(
                    format!("{prefix}{name}"),
                    digest(&fs::read(entry.path()).unwrap()),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn kiosk(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run clinic-kiosk")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A source folder, a kiosk's content folder, a key pair and packs at versions 2 and 3 of the
/// source with a changed page each.
struct Setup {
    tmp: tempfile::TempDir,
    content: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        copy_dir(&fixture(), &content);
        let source = tmp.path().join("source");
        copy_dir(&fixture(), &source);
        let out = kiosk(&["pack", "key", "team", "--no-password"], tmp.path());
        assert!(out.status.success(), "{}", text(&out));
        for (version, title) in [("2", "Gamma therapy, second"), ("3", "Gamma therapy, third")] {
            let page = source.join("en/gamma-therapy.md");
            let was = fs::read_to_string(&page).unwrap();
            let now = was
                .lines()
                .map(|l| {
                    if l.starts_with("title = \"Gamma") {
                        format!("title = \"{title}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(&page, now + "\n").unwrap();
            let args = [
                "pack",
                "build",
                "source",
                "--key",
                "team.key",
                "--out",
                &format!("v{version}.kpack"),
                "--pack-version",
                version,
            ];
            let out = kiosk(&args, tmp.path());
            assert!(out.status.success(), "{}", text(&out));
        }
        Setup { tmp, content }
    }

    fn path(&self, name: &str) -> String {
        self.tmp.path().join(name).display().to_string()
    }

    fn install(&self, pack: &str) -> Output {
        let args = [
            "pack",
            "install",
            &self.path(pack),
            "--trust",
            &self.path("team.pub"),
            "--content",
            &self.path("content"),
        ];
        kiosk(&args, self.tmp.path())
    }

    /// Runs the command with `args`, waits until it pauses at `step`, and kills it with SIGKILL.
    fn kill_at(&self, args: &[String], step: &str) {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(self.tmp.path())
            .env("KIOSK_PACK_PAUSE_AT", step)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run clinic-kiosk");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let wanted = format!("pack: paused at {step}");
        let reached = loop {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(line) if line == wanted => break true,
                Ok(_) => continue,
                Err(_) => break false,
            }
        };
        child.kill().expect("kill -9");
        let status = child.wait().expect("wait");
        assert!(reached, "{args:?} never reached {step} (it ended with {status})");
    }

    fn install_args(&self, pack: &str) -> Vec<String> {
        [
            "pack",
            "install",
            &self.path(pack),
            "--trust",
            &self.path("team.pub"),
            "--content",
            &self.path("content"),
        ]
        .map(String::from)
        .to_vec()
    }

    fn leftovers(&self) -> Vec<String> {
        fs::read_dir(self.tmp.path().join("content.versions"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.starts_with(".staging")
                    || n.starts_with(".trash")
                    || n.starts_with(".link")
                    || n == ".plain"
            })
            .collect()
    }
}

#[test]
fn key_build_verify_install_and_rollback_work_as_a_script_would_call_them() {
    let s = Setup::new();
    let key = fs::read_to_string(s.tmp.path().join("team.pub")).unwrap();
    assert!(key.starts_with("untrusted comment: minisign public key"), "{key}");
    let again = kiosk(&["pack", "key", "team", "--no-password"], s.tmp.path());
    assert_eq!(
        again.status.code(),
        Some(1),
        "never over an old key: {}",
        text(&again)
    );

    let out = kiosk(
        &[
            "pack",
            "verify",
            &s.path("v2.kpack"),
            "--trust",
            &s.path("team.pub"),
        ],
        s.tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).starts_with("valid: \"Sunrise Test Clinic content\" version 2"),
        "{}",
        text(&out)
    );

    let mut bytes = fs::read(s.tmp.path().join("v2.kpack")).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Gamma t").unwrap();
    bytes[at] = b'g';
    fs::write(s.tmp.path().join("bad.kpack"), bytes).unwrap();
    let out = kiosk(
        &[
            "pack",
            "verify",
            &s.path("bad.kpack"),
            "--trust",
            &s.path("team.pub"),
        ],
        s.tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).starts_with("not valid: ") && text(&out).contains("was changed after the pack was signed"),
        "{}",
        text(&out)
    );

    let before = snapshot(&s.content);
    let out = s.install("v2.kpack");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("installed \"Sunrise Test Clinic content\" version 2"),
        "{}",
        text(&out)
    );
    assert!(fs::read_to_string(s.content.join("en/gamma-therapy.md"))
        .unwrap()
        .contains("Gamma therapy, second"));
    let out = kiosk(
        &["pack", "rollback", "--content", &s.path("content")],
        s.tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(snapshot(&s.content), before);
    let out = kiosk(
        &["pack", "rollback", "--content", &s.path("content")],
        s.tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("nothing to undo"), "{}", text(&out));
}

#[test]
fn build_refuses_a_folder_with_errors_and_lists_them() {
    let s = Setup::new();
    fs::write(s.tmp.path().join("source/en/broken.md"), "+++\ntitle = 3\n+++\n").unwrap();
    let out = kiosk(
        &["pack", "build", "source", "--key", "team.key", "--out", "x.kpack"],
        s.tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("source/en/broken.md:2:"), "{}", text(&out));
    assert!(text(&out).contains("no pack was built"), "{}", text(&out));
    assert!(!s.tmp.path().join("x.kpack").exists());
}

#[test]
fn kill_9_at_each_step_of_a_first_install_leaves_a_whole_version_and_the_next_run_finishes() {
    let steps = ["file-1", "file-4", "staged", "committed", "exchanged", "switched"];
    for step in steps {
        let s = Setup::new();
        let old = snapshot(&s.content);
        s.kill_at(&s.install_args("v2.kpack"), step);
        let now = snapshot(&s.content);
        let switched = matches!(step, "exchanged" | "switched");
        if switched {
            assert_ne!(now, old, "{step}: the new content once switched");
        } else {
            assert_eq!(now, old, "{step}: the old content until the switch");
        }
        let out = s.install("v2.kpack");
        let new = snapshot(&s.content);
        if switched {
            assert_eq!(new, now, "{step}");
            assert!(text(&out).contains("already installed"), "{step}: {}", text(&out));
        } else {
            assert!(out.status.success(), "{step}: {}", text(&out));
            assert_ne!(new, old);
        }
        assert!(fs::read_to_string(s.content.join("en/gamma-therapy.md"))
            .unwrap()
            .contains("second"));
        assert_eq!(s.leftovers(), Vec::<String>::new(), "{step}");
        assert!(
            s.tmp
                .path()
                .join("content.versions/0/en/gamma-therapy.md")
                .exists(),
            "{step}: the old content kept for undo"
        );
    }
}

#[test]
fn kill_9_during_a_later_install_or_an_undo_leaves_a_whole_version() {
    let s = Setup::new();
    assert!(s.install("v2.kpack").status.success());
    let v2 = snapshot(&s.content);
    for step in ["file-2", "staged", "committed", "switched"] {
        s.kill_at(&s.install_args("v3.kpack"), step);
        let now = snapshot(&s.content);
        if step == "switched" {
            assert_ne!(now, v2, "{step}");
            assert!(fs::read_to_string(s.content.join("en/gamma-therapy.md"))
                .unwrap()
                .contains("third"));
        } else {
            assert_eq!(now, v2, "{step}");
        }
    }
    let v3 = snapshot(&s.content);
    let rollback: Vec<String> = ["pack", "rollback", "--content", &s.path("content")]
        .map(String::from)
        .to_vec();
    s.kill_at(&rollback, "rollback-carried");
    assert_eq!(snapshot(&s.content), v3);
    s.kill_at(&rollback, "rollback-switched");
    assert_eq!(snapshot(&s.content), v2);
    // The next run clears it; v3 can go in again (it was undone by hand, not refused).
    assert!(s.install("v3.kpack").status.success());
    assert_eq!(snapshot(&s.content), v3);
    assert_eq!(s.leftovers(), Vec::<String>::new());
}

#[test]
fn kill_9_after_varying_delays_always_leaves_the_old_or_the_new_content() {
    let s = Setup::new();
    let old = snapshot(&s.content);
    let args = s.install_args("v2.kpack");
    let mut seen_old = false;
    for delay_ms in [0u64, 1, 2, 4, 8, 15, 30, 60, 120] {
        let mut child = Command::new(BIN)
            .args(&args)
            .current_dir(s.tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run clinic-kiosk");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&s.content);
        let whole_new = now.get("en/gamma-therapy.md").is_some_and(|_| {
            fs::read_to_string(s.content.join("en/gamma-therapy.md")).is_ok_and(|t| t.contains("second"))
        });
        assert!(
            now == old || whole_new,
            "after {delay_ms} ms: a mix of old and new"
        );
        seen_old |= now == old;
        if whole_new {
            break;
        }
    }
    assert!(seen_old, "an early kill left the old content");
    let out = s.install("v2.kpack");
    assert!(
        out.status.success() || text(&out).contains("already installed"),
        "{}",
        text(&out)
    );
    assert!(fs::read_to_string(s.content.join("en/gamma-therapy.md"))
        .unwrap()
        .contains("second"));
}

/// IT can check a pack with the tools they have: `tar` lists it, and Debian's `minisign`
/// verifies its manifest with the `.pub` file. Needs `minisign` (`apt-get install minisign`);
/// without it the minisign half says so and is skipped.
#[test]
fn tar_lists_a_pack_and_debians_minisign_verifies_its_manifest() {
    let s = Setup::new();
    let list = Command::new("tar")
        .args(["-tf", &s.path("v2.kpack")])
        .output()
        .expect("tar");
    let names = String::from_utf8_lossy(&list.stdout).into_owned();
    let names: Vec<&str> = names.lines().collect();
    assert_eq!(&names[..2], ["pack.toml", "pack.toml.minisig"]);
    assert!(names.contains(&"en/gamma-therapy.md"), "{names:?}");
    let out = s.tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let x = Command::new("tar")
        .args(["-xf", &s.path("v2.kpack"), "-C"])
        .arg(&out)
        .args(["pack.toml", "pack.toml.minisig"])
        .output()
        .expect("tar -x");
    assert!(x.status.success());
    let Ok(verified) = Command::new("minisign")
        .args(["-V", "-p", &s.path("team.pub"), "-m"])
        .arg(out.join("pack.toml"))
        .output()
    else {
        eprintln!("minisign is not installed: skipping its half of this test");
        return;
    };
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(
        text(&verified)
            .contains("Trusted comment: clinic-kiosk pack \"Sunrise Test Clinic content\" version 2"),
        "{}",
        text(&verified)
    );
    fs::write(
        out.join("pack.toml"),
        fs::read_to_string(out.join("pack.toml"))
            .unwrap()
            .replace("version = 2", "version = 9"),
    )
    .unwrap();
    let forged = Command::new("minisign")
        .args(["-V", "-p", &s.path("team.pub"), "-m"])
        .arg(out.join("pack.toml"))
        .output()
        .expect("minisign");
    assert!(!forged.status.success(), "{}", text(&forged));
}
