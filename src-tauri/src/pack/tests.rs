//! Packs end to end without a window: build, install, undo, and every refusal the issue lists,
//! each followed by the check that nothing changed (the live files byte for byte, the layout,
//! no staging folder left).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tar::{EntryType, Header};

use super::layout::{Current, Layout};
use super::manifest::{self, FileEntry, Manifest, FORMAT, MANIFEST, SIGNATURE};
use super::sign::{self, Trust};
use super::{archive, build, install, Error};

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

/// A file's length, hash and start: what a failed comparison prints.
fn digest(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
    format!("{} bytes, hash {:x}: {start}", bytes.len(), h.finish())
}

/// Every file a kiosk reading `dir` sees, hidden ones aside.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out);
            } else {
                out.insert(format!("{prefix}{name}"), digest(&fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

struct Kiosk {
    tmp: tempfile::TempDir,
    content: PathBuf,
    source: PathBuf,
    secret: minisign::SecretKey,
    trust: Trust,
}

impl Kiosk {
    fn new() -> Kiosk {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("kiosk").join("content");
        copy_dir(&fixture(), &content);
        fs::write(
            content.join("clinic.toml"),
            fs::read_to_string(content.join("clinic.toml")).unwrap() + "\n# this kiosk's own\n",
        )
        .unwrap();
        let source = tmp.path().join("source");
        copy_dir(&fixture(), &source);
        let (secret, public_file, _) = sign::generate(None).unwrap();
        let key = tmp.path().join("team.key");
        fs::write(&key, secret).unwrap();
        let pub_path = tmp.path().join("team.pub");
        fs::write(&pub_path, public_file).unwrap();
        Kiosk {
            secret: sign::load_secret(&key, || unreachable!()).unwrap(),
            trust: Trust::from_files(&[pub_path]).unwrap(),
            tmp,
            content,
            source,
        }
    }

    /// A pack of the source folder at `version`.
    fn pack(&self, version: u64) -> PathBuf {
        let out = self.tmp.path().join(format!("v{version}.kpack"));
        let site = crate::site::load(&self.source);
        let req = build::Request {
            dir: &self.source,
            out: &out,
            name: "Test content".into(),
            version,
            secret: &self.secret,
        };
        build::build(&req, &site).unwrap();
        out
    }

    fn retitle(&self, title: &str) {
        let page = self.source.join("en/gamma-therapy.md");
        let text = fs::read_to_string(&page)
            .unwrap()
            .replace("title = \"Gamma therapy\"", &format!("title = \"{title}\""));
        fs::write(page, text).unwrap();
    }

    fn install(&self, pack: &Path) -> Result<install::Installed, Error> {
        install::install(pack, &self.trust, &self.content)
    }

    /// Runs `refused`, expecting an error; then checks nothing a kiosk reads changed.
    fn refuses(&self, refused: impl FnOnce() -> Result<install::Installed, Error>) -> Error {
        let before = snapshot(&self.content);
        let layout = Layout::of(&self.content).unwrap();
        let current = layout.current().unwrap();
        let err = refused().expect_err("refused");
        assert_eq!(snapshot(&self.content), before, "nothing changed after: {err}");
        assert_eq!(layout.current().unwrap(), current);
        let leftovers: Vec<_> = fs::read_dir(&layout.versions)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".staging"))
            .collect();
        assert_eq!(leftovers, Vec::<String>::new(), "no staging left after: {err}");
        assert!(err.to_string().contains("Nothing was changed"), "{err}");
        err
    }

    /// A signed pack of hand-made entries (name, type, bytes); the manifest lists `listed`.
    fn crafted(&self, name: &str, listed: Vec<FileEntry>, entries: &[(&[u8], EntryType, &[u8])]) -> PathBuf {
        let manifest = Manifest {
            format: FORMAT,
            name: "Crafted".into(),
            version: 99,
            created: "2026-12-01T09:30:00Z".into(),
            files: listed,
        };
        let text = manifest.to_toml();
        let sig = sign::sign(&self.secret, text.as_bytes(), "crafted").unwrap();
        let path = self.tmp.path().join(name);
        let mut tar = tar::Builder::new(fs::File::create(&path).unwrap());
        let raw = |tar: &mut tar::Builder<fs::File>, name: &[u8], kind: EntryType, data: &[u8]| {
            let mut h = Header::new_gnu();
            h.as_old_mut().name[..name.len()].copy_from_slice(name);
            h.set_entry_type(kind);
            h.set_size(if kind == EntryType::Regular {
                data.len() as u64
            } else {
                0
            });
            h.set_mode(0o644);
            if kind == EntryType::Symlink {
                h.set_link_name("/etc/passwd").unwrap();
            }
            h.set_cksum();
            let body: &[u8] = if kind == EntryType::Regular { data } else { &[] };
            tar.append(&h, body).unwrap();
        };
        raw(&mut tar, MANIFEST.as_bytes(), EntryType::Regular, text.as_bytes());
        raw(&mut tar, SIGNATURE.as_bytes(), EntryType::Regular, sig.as_bytes());
        for (n, kind, data) in entries {
            raw(&mut tar, n, *kind, data);
        }
        tar.finish().unwrap();
        path
    }
}

fn entry(path: &str, data: &[u8]) -> FileEntry {
    FileEntry {
        path: path.into(),
        size: data.len() as u64,
        sha256: manifest::sha256(data).unwrap().0,
    }
}

fn title(dir: &Path, lang: &str) -> String {
    crate::site::load(dir)
        .library
        .explainer(lang, "gamma-therapy")
        .unwrap()
        .title
        .clone()
}

#[test]
fn a_pack_installs_keeping_the_kiosks_settings_and_undo_brings_the_old_content_back() {
    let k = Kiosk::new();
    let original = snapshot(&k.content);
    let kiosk_settings = fs::read(k.content.join("clinic.toml")).unwrap();
    k.retitle("Gamma therapy, revised");
    fs::remove_file(k.source.join("en/epsilon-therapy.md")).unwrap();
    let record = k.install(&k.pack(2)).unwrap();
    assert_eq!((record.name.as_str(), record.version), ("Test content", 2));
    assert_eq!(title(&k.content, "en"), "Gamma therapy, revised");
    assert!(!k.content.join("en/epsilon-therapy.md").exists());
    assert_eq!(
        fs::read(k.content.join("clinic.toml")).unwrap(),
        kiosk_settings,
        "the kiosk's own clinic.toml"
    );
    assert_eq!(install::installed(&k.content).unwrap().version, 2);
    assert_eq!(
        Layout::of(&k.content).unwrap().current().unwrap(),
        Current::Version(1)
    );

    assert_eq!(
        install::rollback(&k.content).unwrap(),
        None,
        "back to before the first pack"
    );
    assert_eq!(snapshot(&k.content), original);
    assert!(install::installed(&k.content).is_none());
}

#[test]
fn a_verified_pack_lists_every_file_and_no_settings() {
    let k = Kiosk::new();
    let pack = k.pack(1);
    let opened = archive::read(&pack, &k.trust, |_| Ok(()), None).unwrap();
    let paths: Vec<&str> = opened.manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"en/gamma-therapy.md") && paths.contains(&"es/lists/before-any-treatment.md"));
    assert!(!paths.contains(&"clinic.toml"), "{paths:?}");
    assert_eq!(archive::peek(&pack), Some(("Test content".into(), 1)));
}

#[test]
fn an_unsigned_pack_is_refused() {
    let k = Kiosk::new();
    let path = k.tmp.path().join("unsigned.kpack");
    let mut tar = tar::Builder::new(fs::File::create(&path).unwrap());
    let text = b"format = 1\n";
    let mut h = Header::new_gnu();
    h.set_size(text.len() as u64);
    tar.append_data(&mut h, MANIFEST, &text[..]).unwrap();
    tar.finish().unwrap();
    let err = k.refuses(|| k.install(&path));
    assert!(matches!(err, Error::Unsigned { .. }), "{err}");
    assert!(err.to_string().contains("not signed"), "{err}");
}

#[test]
fn a_pack_signed_by_a_key_the_kiosk_does_not_trust_is_refused() {
    let k = Kiosk::new();
    let pack = k.pack(2);
    let (_, other_pub, _) = sign::generate(None).unwrap();
    let other = k.tmp.path().join("other.pub");
    fs::write(&other, other_pub).unwrap();
    let trust = Trust::from_files(&[other]).unwrap();
    let err = k.refuses(|| install::install(&pack, &trust, &k.content));
    assert!(matches!(err, Error::Untrusted { .. }), "{err}");
    assert!(
        err.to_string().contains(&sign::secret_key_id(&k.secret)),
        "names the key: {err}"
    );
}

#[test]
fn a_file_changed_after_signing_is_refused() {
    let k = Kiosk::new();
    let pack = k.pack(2);
    let mut bytes = fs::read(&pack).unwrap();
    let needle = b"A made-up treatment for mood";
    let at = bytes.windows(needle.len()).position(|w| w == needle).unwrap();
    bytes[at] = b'a';
    fs::write(&pack, bytes).unwrap();
    let err = k.refuses(|| k.install(&pack));
    match &err {
        Error::Tampered { file, .. } => assert_eq!(file, "en/gamma-therapy.md"),
        other => panic!("{other}"),
    }
}

#[test]
fn a_manifest_changed_after_signing_is_refused() {
    let k = Kiosk::new();
    let pack = k.pack(2);
    let mut bytes = fs::read(&pack).unwrap();
    let needle = b"version = 2";
    let at = bytes.windows(needle.len()).position(|w| w == needle).unwrap();
    bytes[at + needle.len() - 1] = b'9';
    fs::write(&pack, bytes).unwrap();
    let err = k.refuses(|| k.install(&pack));
    assert!(matches!(err, Error::BadSignature { .. }), "{err}");
}

#[test]
fn a_truncated_pack_is_refused_wherever_it_was_cut() {
    let k = Kiosk::new();
    let pack = k.pack(2);
    let whole = fs::read(&pack).unwrap();
    // Past the manifest and signature (the first ~4 KB), up to the last file's end.
    for tenth in 3..=8 {
        let cut = k.tmp.path().join(format!("cut-{tenth}.kpack"));
        fs::write(&cut, &whole[..whole.len() * tenth / 10]).unwrap();
        let err = k.refuses(|| k.install(&cut));
        assert!(matches!(err, Error::Truncated { .. }), "cut at {tenth}/10: {err}");
        assert!(err.to_string().contains("Copy it again"), "{err}");
    }
    for cut_at in [0, 100, 700] {
        let cut = k.tmp.path().join(format!("head-{cut_at}.kpack"));
        fs::write(&cut, &whole[..cut_at]).unwrap();
        k.refuses(|| k.install(&cut));
    }
}

#[test]
fn an_older_pack_or_the_same_one_again_is_refused_and_undo_is_the_way_back() {
    let k = Kiosk::new();
    let v3 = k.pack(3);
    let v5 = k.pack(5);
    k.install(&v5).unwrap();
    let err = k.refuses(|| k.install(&v3));
    assert!(
        matches!(
            err,
            Error::Older {
                version: 3,
                installed: 5,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("Undo last update"), "{err}");
    let err = k.refuses(|| k.install(&v5));
    assert!(matches!(err, Error::AlreadyInstalled { version: 5, .. }), "{err}");
}

#[test]
fn a_pack_with_errors_under_this_kiosks_settings_is_refused_with_each_problem() {
    let k = Kiosk::new();
    // Fine where it was built (a category its clinic.toml has), not on this kiosk.
    let toml = k.source.join("clinic.toml");
    let text =
        fs::read_to_string(&toml).unwrap() + "\n[[categories]]\nkey = \"new\"\nlabel = { en = \"New\" }\n";
    fs::write(&toml, text).unwrap();
    let page = k.source.join("en/gamma-therapy.md");
    fs::write(
        &page,
        fs::read_to_string(&page)
            .unwrap()
            .replace("category = \"offered\"", "category = \"new\""),
    )
    .unwrap();
    let pack = k.pack(2);
    let err = k.refuses(|| k.install(&pack));
    match &err {
        Error::ContentErrors { problems, .. } => {
            assert!(
                problems.iter().any(|p| p.starts_with("en/gamma-therapy.md:")),
                "{problems:?}"
            )
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("`clinic-kiosk check`"), "{err}");
}

#[test]
fn links_fifos_and_paths_out_of_the_folder_are_refused() {
    let k = Kiosk::new();
    let ok = entry("en/a.md", b"x");
    type Case<'a> = (
        &'a str,
        Vec<FileEntry>,
        Vec<(&'a [u8], EntryType, &'a [u8])>,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "link.kpack",
            vec![ok.clone()],
            vec![(b"en/a.md", EntryType::Symlink, b"")],
            "symbolic link",
        ),
        (
            "hard.kpack",
            vec![ok.clone()],
            vec![(b"en/a.md", EntryType::Link, b"")],
            "hard link",
        ),
        (
            "fifo.kpack",
            vec![ok.clone()],
            vec![(b"en/a.md", EntryType::Fifo, b"")],
            "FIFO",
        ),
        (
            "dotdot.kpack",
            vec![ok.clone()],
            vec![(b"../a.md", EntryType::Regular, b"x")],
            "climbs out",
        ),
        (
            "absolute.kpack",
            vec![ok.clone()],
            vec![(b"/tmp/a.md", EntryType::Regular, b"x")],
            "absolute",
        ),
        (
            "settings.kpack",
            vec![ok.clone()],
            vec![(b"clinic.toml", EntryType::Regular, b"x")],
            "trusted keys",
        ),
        (
            "extra.kpack",
            vec![ok.clone()],
            vec![
                (b"en/a.md", EntryType::Regular, b"x"),
                (b"en/b.md", EntryType::Regular, b"y"),
            ],
            "not in the signed list",
        ),
    ];
    for (name, listed, entries, why) in cases {
        let pack = k.crafted(name, listed, &entries);
        let err = k.refuses(|| k.install(&pack));
        assert!(err.to_string().contains(why), "{name}: {err}");
    }
    assert!(!k.tmp.path().join("a.md").exists() && !Path::new("/tmp/a.md").exists());
    // A signed manifest naming a path out of the folder is refused before any file is read.
    let pack = k.crafted("listed.kpack", vec![entry("../a.md", b"x")], &[]);
    let err = k.refuses(|| k.install(&pack));
    assert!(
        matches!(err, Error::NotAPack { .. }) && err.to_string().contains("climbs out"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_pack_or_too_big_is_refused_before_it_is_read() {
    let k = Kiosk::new();
    let junk = k.tmp.path().join("junk.kpack");
    fs::write(
        &junk,
        "this is not a tar file at all, just text that goes on and on".repeat(20),
    )
    .unwrap();
    let err = k.refuses(|| k.install(&junk));
    assert!(matches!(err, Error::NotAPack { .. }), "{err}");
    let big = k.tmp.path().join("big.kpack");
    fs::File::create(&big)
        .unwrap()
        .set_len(super::MAX_PACK_BYTES + 1)
        .unwrap();
    let err = k.refuses(|| k.install(&big));
    assert!(err.to_string().contains("bigger than"), "{err}");
}

#[test]
fn a_preview_stage_is_never_switched_to() {
    let k = Kiosk::new();
    let before = snapshot(&k.content);
    k.retitle("Previewed");
    let pack = k.pack(2);
    let staged = install::stage(&pack, &k.trust, &k.content, install::Versions::Any).unwrap();
    assert_eq!(
        staged
            .site
            .library
            .explainer("en", "gamma-therapy")
            .unwrap()
            .title,
        "Previewed"
    );
    let live = crate::site::load(&k.content);
    let changes = super::diff::changes(
        &build::live_files(&k.content),
        &live,
        &staged.manifest,
        &staged.site,
    );
    let gamma = changes.pages.iter().find(|p| p.id == "gamma-therapy").unwrap();
    assert_eq!(gamma.change, super::diff::Change::Changed);
    let titles: Vec<(&str, &str)> = gamma
        .titles
        .iter()
        .map(|t| (t.lang.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(titles, [("en", "Previewed"), ("es", "Terapia gamma")]);
    assert_eq!(changes.pages.len(), 1, "{changes:?}");
    drop(staged);
    assert_eq!(snapshot(&k.content), before);
}
