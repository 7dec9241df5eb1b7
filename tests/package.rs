//! The Debian package, checked as a file and then installed and run for real.
//!
//! `scripts/kiosk test` builds the package once (release build, `build_package`) and names it in
//! `KIOSK_DEB`; without it the newest `target/clinic-kiosk_*.deb` is used. Run alone with
//! `make package && cargo test --features e2e --test package`.
//!
//! - `contents`: `dpkg-deb -x`/`-e`/`-c`/`-f`: the file list, owners and modes, the control fields,
//!   the maintainer scripts, and a man page naming every command the binary has.
//! - `units`: `systemd-analyze verify` on both units, and the settings the kiosk's self-healing
//!   rests on.
//! - `installed`: (root only, like tests/printing.rs) `dpkg -i`, then the unit's own command line
//!   run under cage's headless backend as the `clinic-kiosk` user by a small supervisor that
//!   follows the unit's `Restart=`, `RestartSec=` and `WatchdogSec=` and listens on a
//!   `NOTIFY_SOCKET` as systemd would: the welcome screen in a `grim` screenshot (by its colours),
//!   back after `kill -9` of the kiosk, of its web process, and after its page hangs (SIGSTOP: the
//!   watchdog feed stops and the supervisor restarts it); a tap through WebDriver under cage;
//!   `doctor` on a healthy and on broken layouts; an upgrade keeping content, PIN and counts; the
//!   still page; a purge removing it all. It purges the package at the end whatever happened.
//!
//! One adjustment to the unit's command line: cage gets `-r -r` (the output turned 180°, which
//! grim turns back). cage 0.1.4 (Debian 12) scans a fullscreen client's buffer straight out to
//! the output instead of compositing it; on the headless backend that leaves screencopy (grim)
//! showing the last frame cage composited itself: the window's first frame, before it was
//! fullscreen, or black. A rotated output cannot take a client's buffer directly, so cage
//! composites every frame, which is what a screenshot needs. On a real screen (DRM) cage cannot
//! scan out the kiosk's shared-memory buffers and composites anyway.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use kiosk_tests::{root, target_dir, wait_until};
use libtest_mimic::{Arguments, Failed, Trial};

const PACKAGE: &str = "clinic-kiosk";
const USER: &str = "clinic-kiosk";
const STATE: &str = "/var/lib/clinic-kiosk";

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let trials = vec![
        Trial::test("contents", contents),
        Trial::test("units", units),
        Trial::test("installed", installed),
    ];
    libtest_mimic::run(&args, trials).exit_code()
}

// ---------------------------------------------------------------------------------------------
// The package as a file

/// The package under test.
fn deb() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("KIOSK_DEB") {
        let path = root().join(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("KIOSK_DEB names {}, which is not there", path.display()))
        };
    }
    let mut found: Vec<PathBuf> = fs::read_dir(target_dir())
        .map_err(|e| format!("{}: {e}", target_dir().display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("clinic-kiosk_") && n.ends_with(".deb"))
        })
        .collect();
    found.sort_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
    found
        .pop()
        .ok_or_else(|| "no target/clinic-kiosk_*.deb: run `make package` first".to_string())
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), Failed> {
    if ok {
        Ok(())
    } else {
        Err(what().into())
    }
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.insert(rel.to_path_buf());
            }
        }
    }
    out
}

fn contents() -> Result<(), Failed> {
    let deb = deb()?;
    let tmp = tempfile::tempdir()?;
    let x = tmp.path().join("root");
    let ctl = tmp.path().join("DEBIAN");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&x))?;
    run(Command::new("dpkg-deb").arg("-e").arg(&deb).arg(&ctl))?;

    // The name says what is inside.
    let field = |name: &str| {
        run(Command::new("dpkg-deb").args(["-f"]).arg(&deb).arg(name)).map(|s| s.trim().to_owned())
    };
    let (version, arch) = (field("Version")?, field("Architecture")?);
    let expected_name = format!("{PACKAGE}_{version}_{arch}.deb");
    check(
        deb.file_name().and_then(|n| n.to_str()) == Some(expected_name.as_str()),
        || format!("{} should be named {expected_name}", deb.display()),
    )?;
    let depends = field("Depends")?;
    for dep in [
        "libwebkit2gtk-4.1-0",
        "libgtk-3-0",
        "cage",
        "xwayland",
        "dbus",
        "adduser",
    ] {
        check(
            depends.split([',', '|']).any(|d| d.trim().starts_with(dep)),
            || format!("Depends lacks {dep}: {depends}"),
        )?;
    }
    let recommends = field("Recommends")?;
    check(recommends.contains("cups-client"), || {
        format!("Recommends lacks cups-client: {recommends}")
    })?;

    // The file list.
    let files = files_under(&x);
    let units = if x.join("usr/lib/systemd/system").is_dir() {
        "usr/lib/systemd/system"
    } else {
        "lib/systemd/system"
    };
    let must = [
        "usr/bin/clinic-kiosk".to_string(),
        "usr/share/man/man1/clinic-kiosk.1.gz".into(),
        format!("{units}/clinic-kiosk.service"),
        format!("{units}/clinic-kiosk-still.service"),
        "etc/pam.d/clinic-kiosk".into(),
        "etc/clinic-kiosk/kiosk.env".into(),
        "usr/lib/systemd/sleep.conf.d/clinic-kiosk.conf".into(),
        "usr/lib/systemd/logind.conf.d/clinic-kiosk.conf".into(),
        "usr/share/fonts/truetype/clinic-kiosk/AtkinsonHyperlegible-Regular.ttf".into(),
        "usr/share/fonts/truetype/clinic-kiosk/AtkinsonHyperlegible-Bold.ttf".into(),
        "usr/share/doc/clinic-kiosk/copyright".into(),
        "usr/share/doc/clinic-kiosk/fonts-OFL.txt".into(),
    ];
    for f in &must {
        check(files.contains(Path::new(f)), || format!("the package lacks /{f}"))?;
    }
    // The factory content is the bundled content/, file for file and byte for byte.
    let factory = x.join("usr/share/clinic-kiosk/content");
    let bundled = root().join("content");
    let (ours, theirs) = (files_under(&factory), files_under(&bundled));
    check(ours == theirs, || {
        format!(
            "factory content differs from content/: only in the package {:?}, only in content/ {:?}",
            ours.difference(&theirs).collect::<Vec<_>>(),
            theirs.difference(&ours).collect::<Vec<_>>()
        )
    })?;
    for f in &ours {
        check(fs::read(factory.join(f))? == fs::read(bundled.join(f))?, || {
            format!("factory {} differs", f.display())
        })?;
    }
    // Nothing else: every file is one of the above, the factory content, or the doc cargo-deb writes.
    for f in &files {
        let s = f.to_string_lossy();
        let known = must.iter().any(|m| m == &s)
            || s.starts_with("usr/share/clinic-kiosk/content/")
            || s == "usr/share/doc/clinic-kiosk/changelog.Debian.gz"
            || s == "usr/share/doc/clinic-kiosk/changelog.gz"
            || s == "usr/share/lintian/overrides/clinic-kiosk";
        check(known, || format!("unexpected file in the package: /{s}"))?;
    }

    // Owners and modes, as dpkg will install them: root's, nothing writable by others, no setuid;
    // the binary executable, everything else not.
    let listing = run(Command::new("dpkg-deb").arg("-c").arg(&deb))?;
    for line in listing.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let (mode, owner, path) = (cols[0], cols[1], cols.last().copied().unwrap_or(""));
        check(owner == "root/root" || owner == "0/0", || {
            format!("{path} is owned by {owner}")
        })?;
        check(
            !mode.contains('s') && &mode[5..6] != "w" && &mode[8..9] != "w",
            || format!("{path} has mode {mode}"),
        )?;
        if mode.starts_with('-') {
            let exec = path == "./usr/bin/clinic-kiosk";
            let want = if exec { "-rwxr-xr-x" } else { "-rw-r--r--" };
            check(mode == want, || format!("{path} has mode {mode}, wants {want}"))?;
        }
    }

    // Maintainer scripts: the content is seeded only when there is none; the data folder is the
    // kiosk user's; the unit is enabled for boot; a purge removes what the clinic made.
    let postinst = fs::read_to_string(ctl.join("postinst"))?;
    for needle in [
        "adduser --system",
        "if [ ! -e \"$STATE/content/clinic.toml\" ]",
        "-o clinic-kiosk -g clinic-kiosk \"$STATE/data\"",
        "deb-systemd-helper",
        "clinic-kiosk.service",
    ] {
        check(postinst.contains(needle), || {
            format!("postinst lacks `{needle}`:\n{postinst}")
        })?;
    }
    let postrm = fs::read_to_string(ctl.join("postrm"))?;
    check(postrm.contains("rm -rf /var/lib/clinic-kiosk"), || {
        format!("postrm does not purge the state:\n{postrm}")
    })?;
    for script in ["postinst", "postrm", "prerm"] {
        let p = ctl.join(script);
        if p.exists() {
            check(fs::metadata(&p)?.permissions().mode() & 0o777 == 0o755, || {
                format!("{script} is not 0755")
            })?;
            run(Command::new("sh").arg("-n").arg(&p))?;
        }
    }
    let conffiles = fs::read_to_string(ctl.join("conffiles"))?;
    for f in ["/etc/pam.d/clinic-kiosk", "/etc/clinic-kiosk/kiosk.env"] {
        check(conffiles.lines().any(|l| l == f), || {
            format!("{f} is not a conffile: {conffiles}")
        })?;
    }

    // lintian: clean, or each tag it still gives explained in packaging/lintian-overrides.
    run(Command::new("lintian")
        .args(["--fail-on", "error,warning"])
        .arg(&deb))?;

    // The man page names every command `--help` lists.
    let bin = x.join("usr/bin/clinic-kiosk");
    let help = run(Command::new(&bin).arg("--help"))?;
    let mut man = String::new();
    flate2_free_gunzip(&x.join("usr/share/man/man1/clinic-kiosk.1.gz"), &mut man)?;
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    check(
        commands.contains(&"doctor") && commands.contains(&"still"),
        || format!("--help lists {commands:?}"),
    )?;
    for c in &commands {
        check(man.contains(&format!(".SS {c}\n")), || {
            format!("the man page has no section for `{c}`")
        })?;
    }
    Ok(())
}

/// The man page, uncompressed with gzip(1) (the tests' crate has no gzip decoder of its own).
fn flate2_free_gunzip(path: &Path, out: &mut String) -> Result<(), String> {
    let mut child = Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip: {e}"))?;
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(out).map_err(|e| format!("gzip: {e}"))?;
    }
    let status = child.wait().map_err(|e| format!("gzip: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("gzip -dc {} failed", path.display()))
    }
}

// ---------------------------------------------------------------------------------------------
// The units

/// A unit file's `Key=value` lines, by section.
#[derive(Debug, Clone)]
struct Unit {
    lines: Vec<(String, String, String)>,
}

impl Unit {
    fn read(path: &Path) -> Result<Unit, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut section = String::new();
        let mut lines = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s.to_owned();
            } else if let Some((k, v)) = line.split_once('=') {
                lines.push((section.clone(), k.to_owned(), v.to_owned()));
            }
        }
        Ok(Unit { lines })
    }

    fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.lines
            .iter()
            .rev()
            .find(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v.as_str())
    }

    fn all(&self, section: &str, key: &str) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v.as_str())
            .collect()
    }

    fn seconds(&self, key: &str) -> Result<Duration, String> {
        let v = self
            .get("Service", key)
            .ok_or_else(|| format!("the unit has no {key}="))?;
        let n: f64 = v
            .trim_end_matches('s')
            .parse()
            .map_err(|_| format!("{key}={v} is not in seconds"))?;
        Ok(Duration::from_secs_f64(n))
    }
}

fn units() -> Result<(), Failed> {
    let deb = deb()?;
    let tmp = tempfile::tempdir()?;
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(tmp.path()))?;
    let dir = ["usr/lib/systemd/system", "lib/systemd/system"]
        .iter()
        .map(|d| tmp.path().join(d))
        .find(|d| d.is_dir())
        .ok_or("the package has no systemd units")?;
    let main = dir.join("clinic-kiosk.service");
    let still = dir.join("clinic-kiosk-still.service");
    // The man page is checked where the package is installed (`installed`): here it is not.
    run(Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&main)
        .arg(&still))?;

    let u = Unit::read(&main)?;
    let want = [
        ("Service", "Type", "notify"),
        ("Service", "NotifyAccess", "all"),
        ("Service", "Restart", "always"),
        ("Service", "User", USER),
        ("Service", "PAMName", "clinic-kiosk"),
        ("Service", "TTYPath", "/dev/tty1"),
        ("Unit", "OnFailure", "clinic-kiosk-still.service"),
        ("Unit", "Conflicts", "getty@tty1.service"),
        ("Install", "WantedBy", "multi-user.target"),
    ];
    for (section, key, value) in want {
        check(u.get(section, key) == Some(value), || {
            format!("[{section}] {key}= is {:?}, wants {value}", u.get(section, key))
        })?;
    }
    check(u.seconds("RestartSec")? <= Duration::from_secs(5), || {
        "RestartSec= is not short".into()
    })?;
    check(u.seconds("WatchdogSec")? >= Duration::from_secs(10), || {
        "WatchdogSec= is too short for a slow start".into()
    })?;
    let burst: u32 = u
        .get("Unit", "StartLimitBurst")
        .ok_or("no StartLimitBurst=")?
        .parse()?;
    let interval: f64 = u
        .get("Unit", "StartLimitIntervalSec")
        .ok_or("no StartLimitIntervalSec=")?
        .parse()?;
    // A crash loop must be able to hit the limit: `burst` starts, each RestartSec apart, fit in it.
    check(
        f64::from(burst) * u.seconds("RestartSec")?.as_secs_f64() < interval,
        || {
            format!(
                "{burst} starts {}s apart never hit a {interval}s start limit",
                u.seconds("RestartSec").unwrap_or_default().as_secs_f64()
            )
        },
    )?;
    let exec = u.get("Service", "ExecStart").ok_or("no ExecStart=")?;
    for part in [
        "/usr/bin/cage",
        "/usr/bin/clinic-kiosk",
        "--content /var/lib/clinic-kiosk/content",
        "--data /var/lib/clinic-kiosk/data",
    ] {
        check(exec.contains(part), || format!("ExecStart= lacks {part}: {exec}"))?;
    }
    // dbus-run-session's dbus-daemon would send READY=1 itself: only the kiosk gets the socket.
    for part in ["KIOSK_NOTIFY_SOCKET=\"$NOTIFY_SOCKET\"", "env -u NOTIFY_SOCKET"] {
        check(exec.contains(part), || format!("ExecStart= lacks {part}: {exec}"))?;
    }
    check(u.get("Service", "StandardError") == Some("journal"), || {
        "the kiosk's log does not go to the journal".into()
    })?;
    let s = Unit::read(&still)?;
    check(
        s.get("Service", "ExecStart")
            .is_some_and(|e| e.ends_with("clinic-kiosk still")),
        || "the still unit does not run `clinic-kiosk still`".into(),
    )?;
    check(
        s.all("Unit", "Conflicts")
            .iter()
            .any(|c| c.contains("clinic-kiosk.service")),
        || "the still unit does not take tty1 from the kiosk".into(),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Installed, and run

/// Is the package installed on this machine?
fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", PACKAGE])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.strip_prefix("install ok installed ").map(str::to_owned)
}

/// Purges the package when the test ends, however it ends.
struct Purge;

impl Drop for Purge {
    fn drop(&mut self) {
        let _ = Command::new("dpkg")
            .args(["--purge", PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output();
    }
}

fn uid_gid(user: &str) -> Result<(u32, u32), String> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(|e| e.to_string())?;
    passwd
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.first() == Some(&user)).then(|| Some((f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?)))?
        })
        .ok_or_else(|| format!("no user {user}"))
}

/// The user's home, from /etc/passwd, as systemd's User= sets HOME.
fn home_of(uid: u32) -> Result<String, String> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(|e| e.to_string())?;
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.get(2).and_then(|u| u.parse::<u32>().ok()) == Some(uid))
        .and_then(|f| f.get(5).map(|h| h.to_string()))
        .ok_or_else(|| format!("no home for uid {uid}"))
}

fn logs() -> PathBuf {
    let dir = target_dir().join("package").join("logs");
    let _ = fs::create_dir_all(&dir);
    dir
}

fn screenshots() -> PathBuf {
    let dir = target_dir().join("package").join("screenshots");
    let _ = fs::create_dir_all(&dir);
    dir
}

/// What a screenshot shows, by the share of its pixels in the kiosk's colours.
#[derive(Debug)]
struct Colours {
    size: (u32, u32),
    /// The page background, --std-bg #f7f5f0.
    bg: f64,
    /// The language buttons, --std-accent #00594f.
    accent: f64,
    /// Text, near --std-text #1c1c1c.
    dark: f64,
    /// Tiles and cards, --std-surface #ffffff.
    white: f64,
}

impl Colours {
    fn read(path: &Path) -> Result<Colours, String> {
        let file = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder
            .read_info()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or("png too large")?];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let channels = info.color_type.samples();
        let px = &buf[..info.buffer_size()];
        let (mut bg, mut accent, mut dark, mut white, mut n) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for p in px.chunks_exact(channels) {
            let (r, g, b) = (p[0], p[1], p[2]);
            n += 1;
            match (r, g, b) {
                (0xf7, 0xf5, 0xf0) => bg += 1,
                (0x00, 0x59, 0x4f) => accent += 1,
                (0xff, 0xff, 0xff) => white += 1,
                (r, g, b) if r < 0x40 && g < 0x40 && b < 0x40 && (r, g, b) != (0, 0, 0) => dark += 1,
                _ => {}
            }
        }
        let share = |k: u64| k as f64 / n.max(1) as f64;
        Ok(Colours {
            size: (info.width, info.height),
            bg: share(bg),
            accent: share(accent),
            dark: share(dark),
            white: share(white),
        })
    }

    /// The welcome screen: mostly page background, two accent-coloured language buttons, text.
    fn is_welcome(&self) -> bool {
        self.bg > 0.6 && self.accent > 0.01 && self.dark > 0.002
    }

    /// The still page: background and text, no buttons.
    fn is_still(&self) -> bool {
        self.bg > 0.8 && self.accent < 0.001 && self.dark > 0.002
    }
}

/// The supervisor's view of systemd's notify socket.
struct Notify {
    _dir: tempfile::TempDir,
    path: PathBuf,
    socket: UnixDatagram,
}

impl Notify {
    fn new(owner: (u32, u32)) -> Result<Notify, String> {
        let dir = tempfile::Builder::new()
            .prefix("kiosk-notify-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let path = dir.path().join("notify");
        let socket = UnixDatagram::bind(&path).map_err(|e| format!("bind {}: {e}", path.display()))?;
        socket
            .set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| e.to_string())?;
        std::os::unix::fs::chown(dir.path(), Some(owner.0), Some(owner.1)).map_err(|e| e.to_string())?;
        std::os::unix::fs::chown(&path, Some(owner.0), Some(owner.1)).map_err(|e| e.to_string())?;
        Ok(Notify {
            _dir: dir,
            path,
            socket,
        })
    }

    /// Every message that arrives within `limit`, until `stop` says so.
    fn recv_until(&self, limit: Duration, mut stop: impl FnMut(&str) -> bool) -> Option<String> {
        let end = Instant::now() + limit;
        let mut buf = [0u8; 512];
        while Instant::now() < end {
            if let Ok(n) = self.socket.recv(&mut buf) {
                let msg = String::from_utf8_lossy(&buf[..n]).into_owned();
                if stop(&msg) {
                    return Some(msg);
                }
            }
        }
        None
    }

    fn drain(&self) {
        let mut buf = [0u8; 512];
        let _ = self.socket.set_nonblocking(true);
        while self.socket.recv(&mut buf).is_ok() {}
        let _ = self.socket.set_nonblocking(false);
    }
}

/// One start of the unit's command line, as its user, on cage's headless backend.
struct Session {
    child: Child,
    runtime: PathBuf,
    log: PathBuf,
    started: Instant,
}

impl Session {
    fn start(
        argv: &[String],
        env: &[(String, String)],
        user: (u32, u32),
        runtime: &Path,
        log: &Path,
    ) -> Result<Session, String> {
        // A fresh runtime folder each start, as logind gives each session.
        let _ = fs::remove_dir_all(runtime);
        fs::create_dir_all(runtime).map_err(|e| e.to_string())?;
        fs::set_permissions(runtime, fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())?;
        std::os::unix::fs::chown(runtime, Some(user.0), Some(user.1)).map_err(|e| e.to_string())?;
        let out = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        // setpriv: the user's ids and no others, as systemd's User= does, without a login.
        let child = Command::new("setpriv")
            .args([
                "--reuid",
                &user.0.to_string(),
                "--regid",
                &user.1.to_string(),
                "--init-groups",
                "--",
            ])
            .args(argv)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("HOME", home_of(user.0)?)
            .env("XDG_RUNTIME_DIR", runtime)
            .env("WLR_BACKENDS", "headless")
            .env("WLR_RENDERER", "pixman")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {argv:?}: {e}"))?;
        Ok(Session {
            child,
            runtime: runtime.to_path_buf(),
            log: log.to_path_buf(),
            started: Instant::now(),
        })
    }

    fn wayland(&self) -> PathBuf {
        self.runtime.join("wayland-0")
    }

    /// A grim screenshot of the whole output.
    fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let path = screenshots().join(format!("{name}.png"));
        run(Command::new("grim")
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .env("WAYLAND_DISPLAY", "wayland-0")
            .arg(&path))?;
        Ok(path)
    }

    /// Takes screenshots until one shows `want`, within `limit`.
    fn wait_for_screen(
        &self,
        name: &str,
        limit: Duration,
        want: impl Fn(&Colours) -> bool,
    ) -> Result<(PathBuf, Duration), String> {
        let end = Instant::now() + limit;
        let mut last = None;
        while Instant::now() < end {
            if self.wayland().exists() {
                let path = self.screenshot(name)?;
                let c = Colours::read(&path)?;
                if want(&c) {
                    return Ok((path, self.started.elapsed()));
                }
                last = Some(c);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!(
            "{name}: the screen did not show it within {limit:?}; last {last:?} (screenshot in {}, log {})",
            screenshots().display(),
            self.log.display()
        ))
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The kiosk process under this session, and its web process.
    fn kiosk(&self) -> Option<u32> {
        descendants(self.pid())
            .into_iter()
            .find(|&p| process_name(p) == "clinic-kiosk")
    }

    fn web_process(&self) -> Option<u32> {
        descendants(self.pid())
            .into_iter()
            .find(|&p| process_name(p).starts_with("WebKitWebProces"))
    }

    fn stop(&mut self) {
        let pgid = self.pid();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Follows clinic-kiosk.service's rules the way systemd does: start, wait for READY=1, restart
/// RestartSec after an exit (Restart=always), and kill a session whose WATCHDOG=1 stops coming.
struct Supervisor {
    argv: Vec<String>,
    env: Vec<(String, String)>,
    user: (u32, u32),
    restart_sec: Duration,
    watchdog: Duration,
    notify: Notify,
    runtime: PathBuf,
    log: PathBuf,
    session: Option<Session>,
    starts: u32,
}

impl Supervisor {
    fn from_unit(unit: &Unit, watchdog: Duration, dir: &Path, name: &str) -> Result<Supervisor, String> {
        let user = uid_gid(unit.get("Service", "User").ok_or("no User=")?)?;
        let exec = unit.get("Service", "ExecStart").ok_or("no ExecStart=")?;
        let mut argv = split_exec(exec)?;
        // See the module's comment: a turned output makes cage 0.1.4 composite every frame.
        if let Some(cage) = argv.iter().position(|a| a == "/usr/bin/cage") {
            argv.splice(cage + 1..cage + 1, ["-r".to_string(), "-r".to_string()]);
        } else if let Some(script) = argv.iter_mut().find(|a| a.contains("/usr/bin/cage ")) {
            *script = script.replacen("/usr/bin/cage ", "/usr/bin/cage -r -r ", 1);
        } else {
            return Err(format!("ExecStart= does not run /usr/bin/cage: {exec}"));
        }
        let mut env: Vec<(String, String)> = unit
            .all("Service", "Environment")
            .iter()
            .filter_map(|e| e.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        let notify = Notify::new(user)?;
        env.push(("NOTIFY_SOCKET".into(), notify.path.display().to_string()));
        env.push(("WATCHDOG_USEC".into(), watchdog.as_micros().to_string()));
        Ok(Supervisor {
            argv,
            env,
            user,
            restart_sec: unit.seconds("RestartSec")?,
            watchdog,
            notify,
            runtime: dir.join("runtime"),
            log: logs().join(format!("{name}.log")),
            session: None,
            starts: 0,
        })
    }

    fn start(&mut self) -> Result<(), String> {
        self.notify.drain();
        self.starts += 1;
        self.session = Some(Session::start(
            &self.argv,
            &self.env,
            self.user,
            &self.runtime,
            &self.log,
        )?);
        Ok(())
    }

    fn session(&self) -> Result<&Session, String> {
        self.session
            .as_ref()
            .ok_or_else(|| "no session running".to_string())
    }

    /// Waits for READY=1; returns the time from the start.
    fn wait_ready(&self, limit: Duration) -> Result<Duration, String> {
        let s = self.session()?;
        self.notify
            .recv_until(limit, |m| m.lines().any(|l| l == "READY=1"))
            .map(|_| s.started.elapsed())
            .ok_or_else(|| format!("no READY=1 within {limit:?} (log {})", self.log.display()))
    }

    /// Waits for the session to end by itself; then, as Restart=always says, starts it again
    /// RestartSec later. Returns how long the old one took to go.
    fn wait_exit_and_restart(&mut self, limit: Duration) -> Result<Duration, String> {
        let t0 = Instant::now();
        let mut s = self.session.take().ok_or("no session")?;
        let exited = wait_until(limit, || matches!(s.child.try_wait(), Ok(Some(_))));
        if !exited {
            return Err(format!(
                "the session did not end within {limit:?} after its kiosk died"
            ));
        }
        s.stop();
        let gone = t0.elapsed();
        std::thread::sleep(self.restart_sec);
        self.start()?;
        Ok(gone)
    }

    /// Waits for a session that fails by itself to end, then RestartSec, as Restart=always
    /// waits before the next start.
    fn wait_exit_and_wait(&mut self, limit: Duration) -> Result<(), String> {
        let mut s = self.session.take().ok_or("no session")?;
        if !wait_until(limit, || matches!(s.child.try_wait(), Ok(Some(_)))) {
            return Err(format!("the failing session did not end within {limit:?}"));
        }
        s.stop();
        std::thread::sleep(self.restart_sec);
        Ok(())
    }

    /// Watches WATCHDOG=1 for `span`; a gap longer than WatchdogSec ends the session as systemd
    /// would (SIGABRT, then the restart). Returns whether it fired.
    fn watch(&mut self, span: Duration) -> Result<bool, String> {
        let end = Instant::now() + span;
        let mut last = Instant::now();
        while Instant::now() < end {
            if self
                .notify
                .recv_until(Duration::from_millis(200), |m| {
                    m.lines().any(|l| l == "WATCHDOG=1")
                })
                .is_some()
            {
                last = Instant::now();
            }
            if last.elapsed() > self.watchdog {
                let s = self.session.as_ref().ok_or("no session")?;
                let _ = Command::new("kill")
                    .args(["-ABRT", &s.pid().to_string()])
                    .status();
                self.wait_exit_and_restart(Duration::from_secs(10))?;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// ExecStart='s words, with systemd's single and double quotes (no escapes are used in ours).
fn split_exec(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        let (word, after) = match rest.chars().next() {
            Some(q @ ('\'' | '"')) => {
                let end = rest[1..]
                    .find(q)
                    .ok_or_else(|| format!("unclosed quote in {line}"))?
                    + 1;
                (&rest[1..end], &rest[end + 1..])
            }
            _ => match rest.find(char::is_whitespace) {
                Some(end) => (&rest[..end], &rest[end..]),
                None => (rest, ""),
            },
        };
        words.push(word.to_owned());
        rest = after.trim_start();
    }
    Ok(words)
}

fn installed() -> Result<(), Failed> {
    if !nix_is_root() {
        return Err("needs root: it installs the package with dpkg (CI runs as root)".into());
    }
    if let Some(v) = installed_version() {
        return Err(format!("clinic-kiosk {v} is installed on this machine; this test installs and purges its own copy, so it stops here").into());
    }
    let deb = deb()?;
    let _purge = Purge;
    let dpkg_i = |deb: &Path| {
        run(Command::new("dpkg")
            .arg("-i")
            .arg(deb)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    dpkg_i(&deb)?;

    // What the maintainer scripts did.
    let (uid, gid) = uid_gid(USER)?;
    let content = Path::new(STATE).join("content");
    let data = Path::new(STATE).join("data");
    for (dir, mode) in [(&content, 0o755), (&data, 0o750)] {
        let m = fs::metadata(dir)?;
        check(m.uid() == uid && m.gid() == gid, || {
            format!("{} is not owned by {USER}", dir.display())
        })?;
        check(m.mode() & 0o777 == mode, || {
            format!(
                "{} has mode {:o}, wants {mode:o}",
                dir.display(),
                m.mode() & 0o777
            )
        })?;
    }
    check(
        files_under(&content) == files_under(Path::new("/usr/share/clinic-kiosk/content")),
        || "content was not seeded from the factory content".into(),
    )?;
    let factory_toml = fs::metadata("/usr/share/clinic-kiosk/content/clinic.toml")?;
    check(
        factory_toml.uid() == 0 && factory_toml.mode() & 0o222 == 0o200,
        || "factory content is not read-only for the kiosk".into(),
    )?;
    check(
        Path::new("/etc/systemd/system/multi-user.target.wants/clinic-kiosk.service").exists(),
        || "the unit is not enabled for boot".into(),
    )?;
    let unit_path = [
        "/usr/lib/systemd/system/clinic-kiosk.service",
        "/lib/systemd/system/clinic-kiosk.service",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .ok_or("the unit is not installed")?;
    // Installed, the man page is there too: verify with it.
    run(Command::new("systemd-analyze").arg("verify").arg(&unit_path))?;

    let work = tempfile::Builder::new().prefix("kiosk-package-").tempdir()?;
    fs::set_permissions(work.path(), fs::Permissions::from_mode(0o755))?;
    let unit = Unit::read(&unit_path)?;
    // A short watchdog period in the test, so a hang is found in seconds; the unit's 30 s is
    // checked in `units`.
    let mut sup = Supervisor::from_unit(&unit, Duration::from_secs(4), work.path(), "kiosk")?;
    sup.start()?;
    let ready = sup.wait_ready(Duration::from_secs(60))?;
    let (shot, seen) =
        sup.session()?
            .wait_for_screen("welcome", Duration::from_secs(30), Colours::is_welcome)?;
    let size = fs::metadata(&deb)?.len();
    eprintln!(
        "package: {} ({:.1} MiB); boot to welcome under cage headless: READY=1 after {:.2} s, on screen by {:.2} s ({})",
        deb.display(),
        size as f64 / 1048576.0,
        ready.as_secs_f64(),
        seen.as_secs_f64(),
        shot.display()
    );
    check(Colours::read(&shot)?.size == (1280, 720), || {
        "the screenshot is not the whole 1280x720 output".into()
    })?;

    // The watchdog is fed while the page answers.
    check(!sup.watch(Duration::from_secs(6))?, || {
        "the watchdog fired on a healthy kiosk".into()
    })?;

    // doctor, on the healthy installed layout, with cage's display.
    let doctor = |content: &Path, data: &Path, env: &[(&str, &str)]| {
        let out = Command::new("/usr/bin/clinic-kiosk")
            .arg("doctor")
            .arg("--content")
            .arg(content)
            .arg("--data")
            .arg(data)
            .envs(env.iter().copied())
            .output()
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ))
    };
    let runtime = sup.runtime.display().to_string();
    let display_env = [
        ("XDG_RUNTIME_DIR", runtime.as_str()),
        ("WAYLAND_DISPLAY", "wayland-0"),
    ];
    let (code, report) = doctor(&content, &data, &display_env)?;
    eprintln!("doctor, healthy:\n{report}");
    check(code == Some(0) && !report.contains("FAIL"), || {
        format!("doctor fails a healthy kiosk:\n{report}")
    })?;
    for c in ["display", "printer", "content", "data", "fonts", "pin", "unit"] {
        check(
            report.lines().any(|l| l.split_whitespace().nth(1) == Some(c)),
            || format!("doctor has no `{c}` line:\n{report}"),
        )?;
    }

    // kill -9 of the kiosk: cage ends with its only client, and the supervisor starts it again.
    let kiosk = sup.session()?.kiosk().ok_or("no kiosk process under cage")?;
    run(Command::new("kill").args(["-KILL", &kiosk.to_string()]))?;
    let gone = sup.wait_exit_and_restart(Duration::from_secs(10))?;
    let ready2 = sup.wait_ready(Duration::from_secs(60))?;
    sup.session()?
        .wait_for_screen("welcome-after-kill", Duration::from_secs(30), Colours::is_welcome)?;
    eprintln!(
        "after kill -9: session gone in {:.2} s, READY=1 {:.2} s after the restart",
        gone.as_secs_f64(),
        ready2.as_secs_f64()
    );

    // kill -9 of the web process: the kiosk reloads the welcome screen in a new one, no restart.
    let web = sup.session()?.web_process().ok_or("no web process")?;
    run(Command::new("kill").args(["-KILL", &web.to_string()]))?;
    let s = sup.session()?;
    check(
        wait_until(Duration::from_secs(20), || {
            s.web_process().is_some_and(|p| p != web)
        }),
        || "no new web process after kill -9 of the old".into(),
    )?;
    s.wait_for_screen(
        "welcome-after-web-kill",
        Duration::from_secs(30),
        Colours::is_welcome,
    )?;
    let log = fs::read_to_string(&sup.log)?;
    check(log.contains("the web process ended"), || {
        format!("the kiosk did not log the crash: {}", sup.log.display())
    })?;
    check(!sup.watch(Duration::from_secs(5))?, || {
        "the watchdog fired after a web process recovery".into()
    })?;

    // A hung page (its web process stopped): no more WATCHDOG=1, so it is restarted.
    let web = sup.session()?.web_process().ok_or("no web process")?;
    run(Command::new("kill").args(["-STOP", &web.to_string()]))?;
    check(sup.watch(Duration::from_secs(20))?, || {
        "the watchdog did not fire on a hung page".into()
    })?;
    let _ = Command::new("kill")
        .args(["-KILL", &web.to_string()])
        .stderr(Stdio::null())
        .status();
    sup.wait_ready(Duration::from_secs(60))?;
    sup.session()?
        .wait_for_screen("welcome-after-hang", Duration::from_secs(30), Colours::is_welcome)?;

    // doctor on broken layouts, each problem named.
    let broken = tempfile::tempdir()?;
    let bc = broken.path().join("content");
    run(Command::new("cp").arg("-R").arg(&content).arg(&bc))?;
    let toml = fs::read_to_string(bc.join("clinic.toml"))?;
    fs::write(bc.join("clinic.toml"), add_printer_queue(&toml))?;
    fs::write(
        bc.join("en/broken-page.md"),
        "+++\ntitle = \"Broken\nsummary = 3\n+++\nbody\n",
    )?;
    let root_data = broken.path().join("data");
    fs::create_dir(&root_data)?;
    let (code, report) = doctor(&bc, &root_data, &display_env)?;
    eprintln!("doctor, broken:\n{report}");
    check(code == Some(1), || {
        format!("doctor exits {code:?} on a broken kiosk")
    })?;
    let line = |c: &str| {
        report
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(c))
            .unwrap_or("")
            .to_owned()
    };
    check(
        line("printer").starts_with("FAIL") && line("printer").contains("no-such-printer"),
        || format!("printer: {}", line("printer")),
    )?;
    check(
        line("content").starts_with("FAIL") && line("content").contains("broken-page.md"),
        || format!("content: {}", line("content")),
    )?;
    check(
        line("data").starts_with("FAIL") && line("data").contains("owned by root"),
        || format!("data: {}", line("data")),
    )?;

    // A tap, under cage, on the installed binary: WebDriver (tauri-driver inside cage) taps
    // English, and the screen shows the home screen's tiles.
    if let Some(mut s) = sup.session.take() {
        s.stop();
    }
    tap_under_cage(&sup, work.path())?;

    // The clinic's content, PIN and counts survive an upgrade.
    let pin = run(Command::new("setpriv")
        .args([
            "--reuid",
            &uid.to_string(),
            "--regid",
            &gid.to_string(),
            "--init-groups",
            "--",
        ])
        .args(["/usr/bin/clinic-kiosk", "set-pin", "--content"])
        .arg(&content)
        .stdin(fs::File::open(write_tmp(work.path(), "pin", "4821\n")?)?));
    pin?;
    let own_page = content.join("en/our-own-page.md");
    fs::copy(
        content
            .join("en")
            .read_dir()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .ok_or("no page")?,
        &own_page,
    )?;
    let toml_before = fs::read_to_string(content.join("clinic.toml"))?;
    check(toml_before.contains("pin_hash"), || {
        "set-pin did not store a PIN".into()
    })?;
    let counts = data.join("usage.sqlite3");
    check(counts.exists(), || {
        format!("the kiosk kept no counts in {}", data.display())
    })?;
    let counts_before = fs::read(&counts)?;
    let newer = newer_version(&deb, work.path())?;
    dpkg_i(&newer)?;
    check(
        installed_version().is_some_and(|v| v.ends_with("+upgrade-test")),
        || "the newer version is not installed".into(),
    )?;
    check(
        fs::read_to_string(content.join("clinic.toml"))? == toml_before,
        || "the upgrade changed clinic.toml (the PIN)".into(),
    )?;
    check(own_page.exists(), || {
        "the upgrade removed the clinic's own page".into()
    })?;
    check(fs::read(&counts)? == counts_before, || {
        "the upgrade changed the counts".into()
    })?;

    // A crash loop: a kiosk that dies at every start (GTK given a backend that does not exist).
    // The supervisor restarts it RestartSec apart until StartLimitBurst starts fall within
    // StartLimitIntervalSec, then, as OnFailure= says, starts clinic-kiosk-still.service: the
    // still page, not a black screen.
    let burst: u32 = unit
        .get("Unit", "StartLimitBurst")
        .ok_or("no StartLimitBurst=")?
        .parse()?;
    let interval = Duration::from_secs(
        unit.get("Unit", "StartLimitIntervalSec")
            .ok_or("no StartLimitIntervalSec=")?
            .parse()?,
    );
    check(
        unit.get("Unit", "OnFailure") == Some("clinic-kiosk-still.service"),
        || "no OnFailure= still page".into(),
    )?;
    let mut crashing = Supervisor::from_unit(&unit, Duration::from_secs(30), work.path(), "crash-loop")?;
    crashing
        .env
        .push(("GDK_BACKEND".into(), "no-such-backend".into()));
    let loop_start = Instant::now();
    let mut starts: Vec<Instant> = Vec::new();
    loop {
        starts.retain(|t| t.elapsed() < interval);
        if starts.len() as u32 >= burst {
            break;
        }
        starts.push(Instant::now());
        crashing.start()?;
        crashing.wait_exit_and_wait(Duration::from_secs(20))?;
        check(loop_start.elapsed() < interval, || {
            format!("{burst} failing starts took longer than the {interval:?} start limit")
        })?;
    }
    let hit = loop_start.elapsed();
    drop(crashing);
    let still_unit = Unit::read(&unit_path.with_file_name("clinic-kiosk-still.service"))?;
    let mut still = Supervisor::from_unit(
        &still_unit,
        Duration::from_secs(3600),
        &work.path().join("still"),
        "still",
    )?;
    fs::create_dir_all(work.path().join("still"))?;
    still.start()?;
    let (_, shown) = still
        .session()?
        .wait_for_screen("still", Duration::from_secs(40), Colours::is_still)?;
    eprintln!(
        "crash loop: {burst} starts in {:.1} s hit the start limit; the still page was on screen {:.1} s later",
        hit.as_secs_f64(),
        shown.as_secs_f64()
    );
    drop(still);

    // A purge removes the clinic's content, PIN and counts.
    run(Command::new("dpkg")
        .args(["--purge", PACKAGE])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    check(
        !Path::new(STATE).exists() && !Path::new("/etc/clinic-kiosk").exists(),
        || "the purge left /var/lib/clinic-kiosk or /etc/clinic-kiosk".into(),
    )?;
    Ok(())
}

/// Every process under `pid`, from /proc.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    for e in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let stat = fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        // The name in parentheses may hold spaces: fields are counted after the last `)`.
        let ppid = stat
            .rfind(')')
            .and_then(|i| stat[i + 1..].split_whitespace().nth(1)?.parse::<u32>().ok());
        if let Some(pp) = ppid {
            parent_of.push((p, pp));
        }
    }
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(q) = queue.pop() {
        for &(c, pp) in &parent_of {
            if pp == q {
                found.push(c);
                queue.push(c);
            }
        }
    }
    found
}

fn process_name(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn nix_is_root() -> bool {
    fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

fn write_tmp(dir: &Path, name: &str, text: &str) -> Result<PathBuf, String> {
    let p = dir.join(name);
    fs::write(&p, text).map_err(|e| e.to_string())?;
    Ok(p)
}

/// clinic.toml with its printer set to a queue no CUPS has (any queue or folder it named dropped).
fn add_printer_queue(toml: &str) -> String {
    let kept: String = toml
        .lines()
        .filter(|l| !l.starts_with("queue") && !l.starts_with("folder"))
        .map(|l| format!("{l}\n"))
        .collect();
    if kept.contains("[printer]\n") {
        kept.replacen("[printer]\n", "[printer]\nqueue = \"no-such-printer\"\n", 1)
    } else {
        format!("{kept}\n[printer]\nqueue = \"no-such-printer\"\n")
    }
}

/// The same package with a higher version, as an upgrade would bring.
fn newer_version(deb: &Path, dir: &Path) -> Result<PathBuf, String> {
    let raw = dir.join("raw");
    run(Command::new("dpkg-deb").arg("-R").arg(deb).arg(&raw))?;
    let control = raw.join("DEBIAN/control");
    let text = fs::read_to_string(&control).map_err(|e| e.to_string())?;
    let text: String = text
        .lines()
        .map(|l| match l.strip_prefix("Version: ") {
            Some(v) => format!("Version: {v}+upgrade-test\n"),
            None => format!("{l}\n"),
        })
        .collect();
    fs::write(&control, text).map_err(|e| e.to_string())?;
    let out = dir.join("newer.deb");
    run(Command::new("dpkg-deb")
        .args(["-Zgzip", "-z1", "--root-owner-group", "-b"])
        .arg(&raw)
        .arg(&out))?;
    Ok(out)
}

/// Taps "English" on the installed kiosk under cage through WebDriver: cage's one client is
/// tauri-driver, which starts /usr/bin/clinic-kiosk the way the unit does.
fn tap_under_cage(sup: &Supervisor, dir: &Path) -> Result<(), String> {
    let driver_src = [
        "/usr/local/bin/tauri-driver".into(),
        home_cargo_bin("tauri-driver"),
    ]
    .into_iter()
    .find(|p: &PathBuf| p.exists())
    .ok_or("tauri-driver is missing: run `scripts/kiosk deps test`")?;
    // The kiosk user cannot reach root's ~/.cargo: a copy it can run.
    let driver = dir.join("tauri-driver");
    fs::copy(&driver_src, &driver).map_err(|e| e.to_string())?;
    fs::set_permissions(&driver, fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
    let port = free_port()?;
    let native = free_port()?;
    let argv: Vec<String> = vec![
        "/usr/bin/cage".into(),
        "-d".into(),
        "-r".into(),
        "-r".into(),
        "--".into(),
        driver.display().to_string(),
        "--port".into(),
        port.to_string(),
        "--native-port".into(),
        native.to_string(),
    ];
    let log = logs().join("tap.log");
    let session = Session::start(&argv, &[], sup.user, &dir.join("tap-runtime"), &log)?;
    let listening = |p: u16| std::net::TcpStream::connect(("127.0.0.1", p)).is_ok();
    if !wait_until(Duration::from_secs(20), || listening(port) && listening(native)) {
        return Err(format!(
            "tauri-driver under cage did not listen (log {})",
            log.display()
        ));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = rt.block_on(async {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": "/usr/bin/clinic-kiosk",
                "args": ["--content", format!("{STATE}/content"), "--data", format!("{STATE}/data")],
            },
        });
        let serde_json::Value::Object(caps) = caps else {
            return Err("caps".to_string());
        };
        let client =
            fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
                .map_err(|e| format!("WebDriver session under cage: {e} (log {})", log.display()))?;
        let english = client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(fantoccini::Locator::Css("[data-testid=\"lang-en\"]"))
            .await
            .map_err(|e| format!("no English button: {e}"))?;
        // No pointer over the page, whatever its styles ask for its buttons (cursor.rs).
        let cursor = client
            .execute(
                "return getComputedStyle(document.querySelector('[data-testid=\"lang-en\"]')).cursor",
                vec![],
            )
            .await
            .map_err(|e| format!("cursor: {e}"))?;
        if cursor.as_str() != Some("none") {
            return Err(format!(
                "the pointer shows over the English button: cursor {cursor}"
            ));
        }
        english.click().await.map_err(|e| format!("tap: {e}"))?;
        client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(fantoccini::Locator::Css("[data-testid=\"screen-home\"]"))
            .await
            .map_err(|e| format!("the tap did not open the home screen: {e}"))?;
        Ok(client)
    });
    let client = result?;
    let shown = session.wait_for_screen("after-tap", Duration::from_secs(15), |c| {
        c.white > 0.1 && !c.is_welcome()
    });
    let _ = rt.block_on(client.close());
    drop(session);
    shown.map(|_| ())
}

fn home_cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
