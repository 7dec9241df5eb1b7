//! Hostile files (issue 15): what a careless copy, a broken USB stick or a hostile pack can put in
//! a content folder. Each case loads with no hang and no panic, reads nothing outside the folder,
//! and is reported with its path, one line per problem.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use clinic_kiosk::site::{load_at, Site};
use proptest::prelude::*;

const CLINIC: &str =
    "name = \"Harbor\"\nlanguages = [\"en\"]\n[[categories]]\nkey = \"c\"\nlabel = { en = \"C\" }\n";

/// A page that would load if it were read: its title is the canary that says it was.
fn page(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"S\"\ncategory = \"c\"\nupdated = 2026-01-01\n+++\nSome text here.\n"
    )
}

fn day() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 26).expect("a real date")
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Loads on another thread, so a hang fails the test instead of stopping it.
fn load_within(dir: &Path, limit: Duration) -> Site {
    let (tx, rx) = mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(load_at(&dir, day(), None));
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("loading the folder hung (over {limit:?}) or panicked"))
}

fn report(site: &Site) -> Vec<String> {
    site.problems().iter().map(|p| p.to_string()).collect()
}

/// The folder's problem lines that mention `name`.
fn about<'a>(lines: &'a [String], name: &str) -> Vec<&'a String> {
    lines.iter().filter(|l| l.contains(name)).collect()
}

#[test]
fn a_fifo_or_a_link_to_dev_zero_as_clinic_toml_is_reported_not_read() {
    for make in [(|p: &Path| mkfifo(p)) as fn(&Path), |p: &Path| {
        symlink("/dev/zero", p).expect("link")
    }] {
        let dir = tempfile::tempdir().expect("temp dir");
        make(&dir.path().join("clinic.toml"));
        let site = load_within(dir.path(), Duration::from_secs(10));
        let lines = report(&site);
        let found = about(&lines, "clinic.toml:1:1: error: cannot read clinic.toml: this is");
        assert_eq!(found.len(), 1, "{lines:#?}");
    }
}

#[test]
fn links_out_of_the_folder_are_errors_and_nothing_outside_is_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("page.md"), page("OUTSIDE")).expect("write");
    fs::write(outside.path().join("secret.png"), b"secret").expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("clinic.toml"), CLINIC).expect("write");
    fs::create_dir_all(root.join("en")).expect("en");
    fs::create_dir_all(root.join("media")).expect("media");
    symlink(outside.path().join("page.md"), root.join("en/linked.md")).expect("link");
    symlink("/etc/passwd", root.join("media/x.png")).expect("link");
    symlink("../clinic.toml", root.join("media/settings.png")).expect("link");
    symlink("/", root.join("media/root")).expect("link");
    symlink(outside.path(), root.join("media/away")).expect("link");
    fs::write(
        root.join("en/pics.md"),
        page("Pics") + "\n![a](x.png)\n\n![b](away/secret.png)\n",
    )
    .expect("write");
    let site = load_within(root, Duration::from_secs(10));
    let lines = report(&site);
    assert!(site.library.explainer("en", "linked").is_none(), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("OUTSIDE")), "{lines:#?}");
    for name in [
        "en/linked.md:1:1: error: this is a link to",
        "media/x.png:1:1: error: this is a link to",
    ] {
        assert_eq!(about(&lines, name).len(), 1, "{name}: {lines:#?}");
    }
    assert_eq!(
        about(&lines, "media/root:1:1: error: this is a link to /").len(),
        1,
        "{lines:#?}"
    );
    assert_eq!(
        about(&lines, "media/settings.png:1:1: error: this is a link to").len(),
        1,
        "{lines:#?}"
    );
    // At the picture's own line in the page.
    assert_eq!(
        about(&lines, "en/pics.md:9:1: error: image `x.png` cannot be shown").len(),
        1,
        "{lines:#?}"
    );
    assert_eq!(
        about(
            &lines,
            "en/pics.md:11:1: error: image `away/secret.png` cannot be shown"
        )
        .len(),
        1,
        "{lines:#?}"
    );
}

#[test]
fn a_forged_problem_line_stays_on_its_own_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("clinic.toml"), CLINIC).expect("write");
    fs::create_dir_all(dir.path().join("en")).expect("en");
    let text = page("A")
        .replace("+++\nSome", "[[questions]]\nkey = \"x\\nen/ozone-blood-therapy.md:1:1: error: forged line\\u001b[2J\"\ntext = \"Q?\"\n+++\nSome");
    fs::write(dir.path().join("en/a.md"), text).expect("write");
    fs::write(dir.path().join("en/b\nen\u{1b}[31m.md"), page("B")).expect("write");
    let site = load_within(dir.path(), Duration::from_secs(10));
    let mut out = Vec::new();
    clinic_kiosk::check::report(&site, dir.path(), &mut out).expect("report");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(!out.contains('\u{1b}'), "{out}");
    let forged: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("en/ozone-blood-therapy.md"))
        .collect();
    assert_eq!(forged, Vec::<&str>::new(), "{out}");
    assert!(
        out.contains("question key `x\\nen/ozone-blood-therapy.md:1:1: error: forged line\\u{1b}[2J`"),
        "{out}"
    );
    assert!(out.contains("en/b\\nen\\u{1b}[31m.md:1:1: error:"), "{out}");
}

#[test]
fn every_skipped_name_is_reported_with_its_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("clinic.toml"), CLINIC).expect("write");
    fs::create_dir_all(root.join("en/dir.md")).expect("dir");
    fs::write(root.join("en/X.MD"), page("Upper")).expect("write");
    fs::write(root.join("en/.md"), page("Hidden")).expect("write");
    fs::write(root.join("en/notes.txt"), "notes").expect("write");
    mkfifo(&root.join("en/fifo.md"));
    symlink("nowhere.md", root.join("en/dangling.md")).expect("link");
    symlink("loop.md", root.join("en/loop.md")).expect("link");
    fs::create_dir_all(root.join("English")).expect("dir");
    let site = load_within(root, Duration::from_secs(10));
    let lines = report(&site);
    for (name, says) in [
        ("en/dir.md:1:1: error:", "a folder, not a file"),
        ("en/X.MD:1:1: error:", "must end in `.md` in lower case"),
        (
            "en/.md:1:1: error:",
            "the file name must use only lower-case letters",
        ),
        (
            "en/notes.txt:1:1: warning:",
            "only pages ending in `.md` are read here",
        ),
        ("en/fifo.md:1:1: error:", "a named pipe (FIFO), not a file"),
        ("en/dangling.md:1:1: error:", "it leads to nothing"),
        ("en/loop.md:1:1: error:", "a link that cannot be followed"),
        ("English:1:1: warning:", "the kiosk does not use this"),
    ] {
        let found = about(&lines, name);
        assert_eq!(found.len(), 1, "{name}: {lines:#?}");
        assert!(found[0].contains(says), "{name} says {says}: {found:?}");
    }
}

#[test]
fn cr_only_line_endings_and_utf16_are_named_for_what_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("clinic.toml"), CLINIC).expect("write");
    fs::create_dir_all(dir.path().join("en")).expect("en");
    fs::write(dir.path().join("en/mac.md"), page("Mac").replace('\n', "\r")).expect("write");
    let utf16: Vec<u8> = page("Wide").encode_utf16().flat_map(u16::to_le_bytes).collect();
    fs::write(dir.path().join("en/wide.md"), utf16).expect("write");
    let site = load_within(dir.path(), Duration::from_secs(10));
    let lines = report(&site);
    assert_eq!(
        about(&lines, "en/mac.md:1:1: error: this file has old Mac line endings").len(),
        1,
        "{lines:#?}"
    );
    assert_eq!(
        about(&lines, "en/wide.md:1:1: error: this file is UTF-16 text").len(),
        1,
        "{lines:#?}"
    );
    assert!(!lines.iter().any(|l| l.contains("no front matter")), "{lines:#?}");
}

#[test]
fn text_the_fonts_cannot_show_and_invisible_characters_are_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("clinic.toml"), CLINIC).expect("write");
    fs::create_dir_all(dir.path().join("en")).expect("en");
    fs::write(dir.path().join("en/hebrew.md"), page("שלום")).expect("write");
    let zw = page("Zero").replace(
        "Some text here.",
        &format!("Some{} text here.", "\u{200b}".repeat(5_000)),
    );
    fs::write(dir.path().join("en/zero.md"), zw).expect("write");
    let site = load_within(dir.path(), Duration::from_secs(10));
    let lines = report(&site);
    let hebrew = about(
        &lines,
        "en/hebrew.md:2:9: warning: title has characters the kiosk's font",
    );
    assert_eq!(hebrew.len(), 1, "{lines:#?}");
    assert!(hebrew[0].contains("right-to-left"), "{hebrew:?}");
    assert_eq!(
        about(
            &lines,
            "en/zero.md:7:5: warning: the text has 5000 control or invisible"
        )
        .len(),
        1,
        "{lines:#?}"
    );
    let zero = site.library.explainer("en", "zero").expect("still loads");
    assert!(
        !zero.body.html.contains('\u{200b}'),
        "stripped from what is shown"
    );
}

#[test]
fn an_empty_clinic_toml_is_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("clinic.toml"), "").expect("write");
    let lines = report(&load_within(dir.path(), Duration::from_secs(10)));
    assert_eq!(
        about(&lines, "clinic.toml:1:1: warning: clinic.toml is empty").len(),
        1,
        "{lines:#?}"
    );
}

/// What one entry of a generated content folder is.
#[derive(Debug, Clone)]
enum Entry {
    File(Vec<u8>),
    Page,
    Folder,
    Fifo,
    LinkOutside,
    LinkToOutsideFifo,
    LinkToDevZero,
    LinkInside(usize),
    Dangling,
    Loop,
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(Entry::File),
        1 => Just(Entry::Page),
        1 => Just(Entry::Folder),
        1 => Just(Entry::Fifo),
        3 => Just(Entry::LinkOutside),
        1 => Just(Entry::LinkToOutsideFifo),
        1 => Just(Entry::LinkToDevZero),
        1 => (0usize..8).prop_map(Entry::LinkInside),
        1 => Just(Entry::Dangling),
        1 => Just(Entry::Loop),
    ]
}

/// Where an entry goes: names the loader looks at, in each place it looks.
fn place() -> impl Strategy<Value = String> {
    // Mostly in en/, where a page would load: that is where reading outside would show.
    let dirs = prop_oneof![
        4 => Just("en/"),
        1 => Just(""),
        1 => Just("en/lists/"),
        1 => Just("media/"),
        1 => Just("es/"),
    ];
    let names = prop_oneof![
        Just("a.md".to_string()),
        Just("b.md".to_string()),
        Just("X.MD".to_string()),
        Just(".md".to_string()),
        Just("lists".to_string()),
        Just("en".to_string()),
        Just("media".to_string()),
        Just("pic.png".to_string()),
        "[a-z]{1,6}(\\.md)?",
    ];
    (dirs, names).prop_map(|(d, n)| format!("{d}{n}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Arbitrary files, folders, links and FIFOs beside a valid clinic.toml: loading never hangs,
    /// never panics, and never reads outside the folder (a page outside is never loaded, and a
    /// FIFO outside, which would block whoever opened it, is never opened).
    #[test]
    fn a_folder_of_anything_loads_without_hanging_or_reading_outside(
        entries in proptest::collection::vec((place(), entry()), 1..14)
    ) {
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("page.md"), page("OUTSIDE")).expect("write");
        mkfifo(&outside.path().join("fifo.md"));
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::write(root.join("clinic.toml"), CLINIC).expect("write");
        let names: Vec<String> = entries.iter().map(|(p, _)| p.clone()).collect();
        for (place, entry) in &entries {
            let path = root.join(place);
            if let Some(parent) = path.parent() {
                if fs::create_dir_all(parent).is_err() {
                    continue;
                }
            }
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            let _ = match entry {
                Entry::File(bytes) => fs::write(&path, bytes),
                Entry::Page => fs::write(&path, page("Inside")),
                Entry::Folder => fs::create_dir(&path),
                Entry::Fifo => {
                    mkfifo(&path);
                    Ok(())
                }
                Entry::LinkOutside => symlink(outside.path().join("page.md"), &path),
                Entry::LinkToOutsideFifo => symlink(outside.path().join("fifo.md"), &path),
                Entry::LinkToDevZero => symlink("/dev/zero", &path),
                Entry::LinkInside(i) => symlink(root.join(&names[i % names.len()]), &path),
                Entry::Dangling => symlink(root.join("nothing-here"), &path),
                Entry::Loop => symlink(&path, &path),
            };
        }
        let site = load_within(root, Duration::from_secs(20));
        let lines = report(&site);
        for doc in site.library.explainers.values().flat_map(|m| m.values()) {
            prop_assert_ne!(&doc.title, "OUTSIDE", "{:#?}", lines);
        }
        for list in site.library.lists.values().flat_map(|m| m.values()) {
            prop_assert_ne!(&list.title, "OUTSIDE", "{:#?}", lines);
        }
        for line in &lines {
            prop_assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{:?}", line);
        }
    }
}
