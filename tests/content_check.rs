//! The malformed-content corpus: `check` reports every problem at the exact file:line:col, with
//! the message staff see, and loads the good files.

use std::fs;
use std::path::Path;

use clinic_kiosk::check;
use clinic_kiosk::site::load_at;
use kiosk_tests::fixture;

fn day() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 26).expect("a real date")
}

#[test]
fn every_malformed_file_is_reported_at_its_line() {
    let root = fixture("");
    let site = load_at(&fixture("malformed"), day(), None);
    let mut out = Vec::new();
    let had_errors = check::report(&site, &root, &mut out).expect("report to memory");
    let got = String::from_utf8(out).expect("utf-8 report");
    let want = fs::read_to_string(fixture("malformed-expected.txt")).expect("expected report");
    assert!(had_errors);
    assert_eq!(got, want, "\n--- got ---\n{got}--- want ---\n{want}");
}

#[test]
fn the_good_and_the_merely_warned_files_still_load() {
    let site = load_at(&fixture("malformed"), day(), None);
    let ids: Vec<&str> = site.library.in_lang("en").map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["good", "keys-differ", "old-review-fields", "raw-html"]);
}

#[test]
fn a_file_over_one_mebibyte_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("en")).expect("en folder");
    let big = format!("+++\ntitle = \"Big\"\n+++\n{}", "word ".repeat(220_000));
    fs::write(dir.path().join("en/big.md"), big).expect("write");
    let site = load_at(dir.path(), day(), None);
    let problem = site
        .library
        .problems
        .iter()
        .find(|p| p.is_error())
        .expect("an error");
    assert!(problem.path.ends_with(Path::new("en/big.md")));
    assert!(
        problem.message.contains("the limit is 1048576 (1 MiB)"),
        "{}",
        problem.message
    );
}
