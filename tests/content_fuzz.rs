//! Arbitrary bytes as a content file never panic the loader, and every file it cannot use is
//! reported at a place in that file; whatever it renders is made only of markup the renderer
//! writes itself.
//!
//! The content files are fuzzed beside a valid `clinic.toml`, so the property is about the
//! content file alone: a broken `clinic.toml` would be an error in every case and make "it
//! loaded, or there is an error" true whatever the loader did with the file under test.
//! `clinic.toml` has a property of its own.

use std::fs;
use std::path::{Path, PathBuf};

use clinic_kiosk::content::render::render;
use clinic_kiosk::site::{load_at, Site};
use proptest::prelude::*;

fn day() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 26).expect("a real date")
}

/// A clinic.toml with everything the explainer template below refers to.
const CLINIC_TOML: &str = r#"name = "Fuzz Clinic"
languages = ["en"]
default_language = "en"

[[categories]]
key = "offered"
label = { en = "Treatments we offer" }
"#;

/// A complete explainer front matter: with a plain body it loads, so fuzzing its body (or
/// cutting it short) reaches the loader's later checks, not only its first refusal.
const EXPLAINER_FRONT: &str = r#"+++
title = "Fuzz therapy"
summary = "A made-up treatment for tests."
category = "offered"
evidence = "off-label"
may_help = ["People in tests"]
should_not_have = ["People who are real"]
main_risks = ["Boredom"]
updated = 2026-11-01

[[sources]]
title = "A made-up study"
publisher = "Test journal"
date = "2025-03"

[[questions]]
key = "is-it-approved"
text = "Is it approved?"
+++
"#;

/// A complete question list front matter, likewise.
const LIST_FRONT: &str = r#"+++
title = "Before any treatment"
summary = "Questions for any choice."
order = 10

[[questions]]
key = "main-problem"
text = "What is my main problem?"
+++
"#;

/// Markdown-ish text: the characters Markdown and TOML give meaning to, and some Spanish.
fn texty(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[ -~\n\t\u{e9}\u{f1}\u{bf}<>\\[\\]()!#*`=\"]{{0,{max}}}"
    ))
    .expect("a valid regex")
}

/// Bytes shaped like a content file: anything; a front matter fence then text; or a good front
/// matter (`front`) with a fuzzed body, cut short at a random point, or with a byte changed.
fn content_like(front: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let bytes = proptest::collection::vec(any::<u8>(), 0..2048);
    let fenced = ("(\\+\\+\\+\n)?", texty(800)).prop_map(|(fence, text)| (fence + &text).into_bytes());
    let good_front = texty(600).prop_map(move |body| format!("{front}{body}").into_bytes());
    let cut = (0..front.len()).prop_map(move |at| front.as_bytes()[..at].to_vec());
    let changed = (0..front.len(), any::<u8>()).prop_map(move |(at, byte)| {
        let mut bytes = format!("{front}Some text.\n").into_bytes();
        bytes[at] = byte;
        bytes
    });
    prop_oneof![bytes, fenced, good_front, cut, changed]
}

/// A content folder with a valid clinic.toml and `bytes` at `rel`, loaded.
fn load_with(rel: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf, Site) {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("en/lists")).expect("folders");
    fs::write(dir.path().join("clinic.toml"), CLINIC_TOML).expect("write");
    let file = dir.path().join(rel);
    fs::write(&file, bytes).expect("write");
    let site = load_at(dir.path(), day(), None);
    (dir, file, site)
}

/// The lines of `bytes` as the loader counts them, plus one for a place just past the end.
fn last_line(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 2
}

/// Either the file loaded, or an error points at it, on one of its lines; and nothing is blamed
/// on anything but the file under test.
fn check_content_file(loaded: bool, site: &Site, file: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let problems = site.problems();
    for p in &problems {
        prop_assert!(p.line >= 1 && p.col >= 1, "a place in the file: {p:?}");
        if p.is_error() {
            prop_assert_eq!(&p.path, file, "an error blamed on another file: {:?}", p);
            prop_assert!(p.line <= last_line(bytes), "an error past the file's end: {p:?}");
        }
    }
    let error_here = problems.iter().any(|p| p.is_error() && p.path == file);
    prop_assert!(loaded != error_here, "loaded: {loaded}, errors: {:?}", problems);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_an_explainer_load_or_are_reported_in_that_file(bytes in content_like(EXPLAINER_FRONT)) {
        let (_dir, file, site) = load_with("en/fuzz.md", &bytes);
        check_content_file(site.library.explainer("en", "fuzz").is_some(), &site, &file, &bytes)?;
    }

    #[test]
    fn any_bytes_as_a_question_list_load_or_are_reported_in_that_file(bytes in content_like(LIST_FRONT)) {
        let (_dir, file, site) = load_with("en/lists/fuzz.md", &bytes);
        check_content_file(site.library.list("en", "fuzz").is_some(), &site, &file, &bytes)?;
    }

    #[test]
    fn any_bytes_as_clinic_toml_never_panic_and_every_problem_has_a_place(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..1024),
            (0..CLINIC_TOML.len(), any::<u8>()).prop_map(|(at, byte)| {
                let mut bytes = CLINIC_TOML.as_bytes().to_vec();
                bytes[at] = byte;
                bytes
            }),
        ]
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("en")).expect("folders");
        fs::write(dir.path().join("en/fuzz.md"), format!("{EXPLAINER_FRONT}Some text.\n")).expect("write");
        fs::write(dir.path().join("clinic.toml"), &bytes).expect("write");
        let site = load_at(dir.path(), day(), None);
        for p in site.problems() {
            prop_assert!(p.line >= 1 && p.col >= 1, "a place in the file: {p:?}");
            prop_assert!(p.path.starts_with(dir.path()), "a file of the folder: {p:?}");
        }
    }

    #[test]
    fn any_text_renders_without_a_script_tag(text in "\\PC{0,600}") {
        let html = render(&text).html.to_ascii_lowercase();
        prop_assert!(!html.contains("<script"));
        // Text is escaped, so `="` only ever follows a real attribute name.
        for (i, _) in html.match_indices("=\"") {
            let name = html[..i].rsplit([' ', '<']).next().unwrap_or_default();
            prop_assert!(!name.starts_with("on"), "event handler attribute {name} in {html}");
        }
        prop_assert!(!html.contains("href=\"javascript"));
    }
}

/// The two sides of the property are both reachable: the good templates load beside the fuzz
/// clinic.toml, and a broken one is reported in its own file. Without this, a template that never
/// loads would leave the property testing only one side.
#[test]
fn the_templates_load_and_a_broken_file_is_reported_where_it_broke() {
    let (_dir, file, site) = load_with("en/fuzz.md", format!("{EXPLAINER_FRONT}Some text.\n").as_bytes());
    assert!(
        site.library.explainer("en", "fuzz").is_some(),
        "{:?}",
        site.problems()
    );
    assert_eq!(site.error_count(), 0, "{:?}", site.problems());
    let (_dir, _, site) = load_with("en/lists/fuzz.md", format!("{LIST_FRONT}Some text.\n").as_bytes());
    assert!(site.library.list("en", "fuzz").is_some(), "{:?}", site.problems());

    let broken = EXPLAINER_FRONT.replace("updated = 2026-11-01", "updated = \"soon\"");
    let bytes = format!("{broken}Some text.\n").into_bytes();
    let (_dir, file2, site) = load_with("en/fuzz.md", &bytes);
    assert!(site.library.explainer("en", "fuzz").is_none());
    let error = site
        .problems()
        .into_iter()
        .find(|p| p.is_error())
        .expect("an error");
    assert_eq!((&error.path, error.line), (&file2, 9), "{error:?}");
    assert!(check_content_file(false, &site, &file2, &bytes).is_ok());
    // And the check itself refuses a file that neither loaded nor was reported.
    assert!(check_content_file(false, &Site::default(), &file, b"x").is_err());
}
