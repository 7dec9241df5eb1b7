use std::fs;

use super::*;
use crate::site::load_at;

const PAGE: &str = "+++\ntitle = \"Gamma therapy\"\nsummary = \"A test page.\"\ncategory = \"c\"\nupdated = 2026-11-01\n+++\nGamma is a test.\n\n## Risks\n\nIt can make you tired.\n";

fn day(d: u8) -> Date {
    Date::from_calendar_date(2026, time::Month::December, d).unwrap()
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("en/lists")).unwrap();
    fs::write(dir.path().join("clinic.toml"), "languages = [\"en\"]\n").unwrap();
    fs::write(dir.path().join("en/gamma.md"), PAGE).unwrap();
    fs::write(
        dir.path().join("en/lists/first.md"),
        "+++\ntitle = \"First\"\nsummary = \"S\"\n[[questions]]\nkey = \"a\"\ntext = \"A?\"\n+++\n",
    )
    .unwrap();
    dir
}

fn sign_all(dir: &Path, by: &str, today: Date, next: Date) {
    let site = load_at(dir, today, None);
    sign(dir, &pages(&site.library), by, today, next).unwrap();
}

fn status_of(dir: &Path, key: &str, today: Date) -> String {
    let site = load_at(dir, today, None);
    let page = pages(&site.library).into_iter().find(|p| p.key == key).unwrap();
    match site.reviews.status(key, page.fingerprint, today) {
        Status::Signed(r) => format!("signed by {}", r.by),
        Status::Overdue(r) => format!("overdue since {}", r.next),
        Status::Changed(r) => format!("changed since {}", r.date),
        Status::Never => "never".into(),
    }
}

#[test]
fn each_status_follows_from_the_record_the_text_and_the_day() {
    let dir = folder();
    assert_eq!(status_of(dir.path(), "en/gamma", day(1)), "never");
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    assert_eq!(
        status_of(dir.path(), "en/gamma", day(2)),
        "signed by Dana Ruiz, MD"
    );
    assert_eq!(
        status_of(dir.path(), "en/lists/first", day(2)),
        "signed by Dana Ruiz, MD"
    );
    assert_eq!(
        status_of(dir.path(), "en/gamma", day(20)),
        "overdue since 2026-12-20"
    );
    // Re-wrapping the text is not a change; one word is.
    fs::write(
        dir.path().join("en/gamma.md"),
        PAGE.replace("It can make you tired.", "It can make\nyou   tired."),
    )
    .unwrap();
    assert_eq!(
        status_of(dir.path(), "en/gamma", day(2)),
        "signed by Dana Ruiz, MD"
    );
    fs::write(dir.path().join("en/gamma.md"), PAGE.replace("tired", "sleepy")).unwrap();
    assert_eq!(
        status_of(dir.path(), "en/gamma", day(2)),
        "changed since 2026-12-01"
    );
    // Signing again binds the record to the new text.
    sign_all(dir.path(), "Ana Gil, RN", day(3), day(25));
    assert_eq!(status_of(dir.path(), "en/gamma", day(4)), "signed by Ana Gil, RN");
}

#[test]
fn check_warns_on_changed_and_overdue_pages_naming_the_reviewer_and_counts_the_never_signed() {
    let dir = folder();
    let site = load_at(dir.path(), day(1), None);
    assert_eq!(site.never_signed, 2);
    assert_eq!(
        site.warning_count(),
        0,
        "never signed is not a warning: {:?}",
        site.problems()
    );
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    fs::write(dir.path().join("en/gamma.md"), PAGE.replace("tired", "sleepy")).unwrap();
    let site = load_at(dir.path(), day(21), None);
    let messages: Vec<String> = site.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("gamma.md:1:1: warning: changed since Dana Ruiz, MD signed it off on 2026-12-01 (section \"Risks\" changed)"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("first.md:1:1: warning: Dana Ruiz, MD signed this page off on 2026-12-01, and its next review was due on 2026-12-20"),
        "{messages:#?}"
    );
    assert_eq!(site.never_signed, 0);
}

#[test]
fn with_require_signoff_each_unsigned_page_is_a_warning_and_is_kept_from_patients() {
    let dir = folder();
    fs::write(
        dir.path().join("clinic.toml"),
        "languages = [\"en\"]\n[review]\nrequire_signoff = true\n",
    )
    .unwrap();
    let site = load_at(dir.path(), day(1), None);
    assert_eq!(site.warning_count(), 2, "{:?}", site.problems());
    let shown = site.for_patients();
    assert!(shown.library.is_empty());
    let withheld: Vec<(&str, &str)> = shown
        .withheld
        .iter()
        .map(|w| (w.page.as_str(), w.reason.as_str()))
        .collect();
    assert_eq!(
        withheld,
        [
            ("en/gamma", "never signed off"),
            ("en/lists/first", "never signed off")
        ]
    );

    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    fs::write(dir.path().join("en/gamma.md"), PAGE.replace("tired", "sleepy")).unwrap();
    let shown = load_at(dir.path(), day(2), None).for_patients();
    assert!(shown.library.explainer("en", "gamma").is_none());
    assert!(shown.library.list("en", "first").is_some());
    assert_eq!(
        shown.withheld[0].reason,
        "changed since Dana Ruiz, MD signed it off on 2026-12-01"
    );
}

#[test]
fn without_require_signoff_nothing_is_withheld() {
    let dir = folder();
    let shown = load_at(dir.path(), day(1), None).for_patients();
    assert!(shown.withheld.is_empty());
    assert!(shown.library.explainer("en", "gamma").is_some());
}

#[test]
fn a_damaged_record_counts_for_nothing_and_is_reported_at_its_line() {
    let dir = folder();
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    let path = dir.path().join(FILE_NAME);
    let text = fs::read_to_string(&path).unwrap();
    let hash_line = text.lines().position(|l| l.starts_with("hash = ")).unwrap() + 1;
    fs::write(&path, text.replacen("hash = \"sha256:", "hash = \"md5:", 1)).unwrap();
    let site = load_at(dir.path(), day(2), None);
    let bad: Vec<String> = site.reviews.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains(&format!("reviews.toml:{hash_line}:")), "{bad:?}");
    assert!(bad[0].contains("does not count"), "{bad:?}");
    // The other record still counts.
    assert_eq!(site.reviews.records().count(), 1);

    // A file that isn't TOML: nothing counts, nothing is written over it.
    fs::write(&path, "[[signoff]\n").unwrap();
    let site = load_at(dir.path(), day(2), None);
    assert_eq!(site.reviews.records().count(), 0);
    assert!(site.reviews.problems[0].to_string().contains("reviews.toml:1:"));
    let err = sign(
        dir.path(),
        &pages(&site.library),
        "Dana Ruiz, MD",
        day(2),
        day(20),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Damaged(_)), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "[[signoff]\n");
}

#[test]
fn a_record_for_a_page_that_is_gone_is_a_warning_in_reviews_toml() {
    let dir = folder();
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    fs::remove_file(dir.path().join("en/gamma.md")).unwrap();
    let site = load_at(dir.path(), day(2), None);
    let problems: Vec<String> = site.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("a sign-off for `en/gamma`, but there is no such page"),
        "{problems:?}"
    );
}

#[test]
fn a_signature_names_someone_on_one_line_and_the_next_review_comes_later() {
    assert!(reviewer("  ").is_err());
    assert!(reviewer("Dana\nRuiz").is_err());
    assert!(reviewer("Dana\u{202e}Ruiz").is_err());
    assert!(reviewer(&"x".repeat(MAX_BY_CHARS + 1)).is_err());
    assert_eq!(reviewer(" Dana Ruiz, MD ").unwrap(), "Dana Ruiz, MD");
    let dir = folder();
    let site = load_at(dir.path(), day(1), None);
    let err = sign(dir.path(), &pages(&site.library), "Dana Ruiz, MD", day(5), day(5)).unwrap_err();
    assert!(matches!(err, Error::NextNotAfter { .. }));
    assert!(!dir.path().join(FILE_NAME).exists(), "nothing is written");
    let leap = Date::from_calendar_date(2028, time::Month::February, 29).unwrap();
    assert_eq!(default_next(leap).to_string(), "2029-02-28");
    assert_eq!(default_next(day(1)).to_string(), "2027-12-01");
}

#[test]
fn the_file_written_is_read_back_the_same() {
    let dir = folder();
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    let first = Reviews::load(dir.path());
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    first.save().unwrap();
    let again = Reviews::load(dir.path());
    let strip = |r: &Reviews| {
        r.records()
            .map(|r| Record { line: 0, ..r.clone() })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&first), strip(&again));
    let text = fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
    assert!(text.starts_with("# Clinical sign-off"), "{text}");
    assert!(text.contains("by = \"Dana Ruiz, MD\""), "{text}");
    assert!(!dir.path().join("reviews.toml.new").exists());
}

#[test]
fn the_cli_shows_what_changed_and_signs_only_when_confirmed() {
    let dir = folder();
    sign_all(dir.path(), "Dana Ruiz, MD", day(1), day(20));
    fs::write(
        dir.path().join("en/gamma.md"),
        PAGE.replace("Gamma is a test.", "Gamma is a trial."),
    )
    .unwrap();
    let site = load_at(dir.path(), day(2), None);
    let mut out = Vec::new();
    crate::review_cli::status(&site, day(2), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        "en/gamma        CHANGED since Dana Ruiz, MD signed it on 2026-12-01: the opening changed\n\
         en/lists/first  signed by Dana Ruiz, MD on 2026-12-01, next review due 2026-12-20\n\
         2 pages: 1 signed, 1 changed since signed, 0 overdue, 0 never signed\n"
    );
    let ids = ["en/gamma".to_string()];
    let mut out = Vec::new();
    let code = crate::review_cli::sign(
        &site,
        &ids,
        false,
        "Ana Gil, RN",
        day(30),
        day(2),
        &mut out,
        |_| false,
    )
    .unwrap();
    assert_eq!(code, std::process::ExitCode::from(1));
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("en/gamma  \"Gamma therapy\": changed since Dana Ruiz, MD signed it on 2026-12-01: the opening changed"), "{out}");
    assert!(out.ends_with("nothing was signed\n"), "{out}");
    assert_eq!(
        status_of(dir.path(), "en/gamma", day(2)),
        "changed since 2026-12-01"
    );

    let mut out = Vec::new();
    let code = crate::review_cli::sign(
        &site,
        &ids,
        false,
        "Ana Gil, RN",
        day(30),
        day(2),
        &mut out,
        |_| true,
    )
    .unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(status_of(dir.path(), "en/gamma", day(3)), "signed by Ana Gil, RN");
    assert_eq!(
        status_of(dir.path(), "en/lists/first", day(3)),
        "signed by Dana Ruiz, MD",
        "only the named page"
    );
}
