//! The counter as the kiosk uses it: before and after the file is known, across restarts, with
//! a damaged or unwritable file, and the export.

use super::*;
use crate::ui_error::Kind;

#[test]
fn counts_add_up_and_name_no_one() {
    let s = Stats::default();
    s.attach(None);
    s.session_started("es");
    s.session_started("en");
    s.explainer_viewed("ozone-blood-therapy");
    s.explainer_viewed("ozone-blood-therapy");
    s.checklist_printed();
    let c = s.snapshot().unwrap();
    assert_eq!(c.sessions, 2);
    assert_eq!(c.sessions_by_language["es"], 1);
    assert_eq!(c.explainer_views["ozone-blood-therapy"], 2);
    assert_eq!(c.checklists_printed, 1);
}

#[test]
fn counts_made_before_the_file_is_known_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let s = Stats::default();
    s.session_started("en");
    assert!(matches!(s.snapshot(), Err(Error::NotReady)));
    s.attach(Some(&dir.path().join(FILE_NAME)));
    assert_eq!(s.snapshot().unwrap().sessions, 1);
}

#[test]
fn counts_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let s = Stats::open(&path);
        s.explainer_viewed("alpha");
        s.flush().unwrap();
    }
    let s = Stats::open(&path);
    s.explainer_viewed("alpha");
    assert_eq!(s.snapshot().unwrap().explainer_views["alpha"], 2);
}

#[test]
fn a_count_is_written_within_the_flush_interval_without_anyone_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let s = Stats::open(&path);
    s.checklist_printed();
    std::thread::sleep(FLUSH_EVERY * 3);
    let other = Connection::open(&path).unwrap();
    let n: i64 = other
        .query_row(
            "SELECT sum(n) FROM counts WHERE metric = 'checklist-printed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn odd_keys_are_not_counted() {
    let s = Stats::default();
    s.attach(None);
    for key in ["", "EN", "=cmd()", "-1", "a b", "é", &"x".repeat(101)] {
        s.session_started(key);
        s.explainer_viewed(key);
    }
    s.explainer_viewed("lists/first-visit");
    let c = s.snapshot().unwrap();
    assert_eq!(c.sessions, 0);
    assert_eq!(
        c.explainer_views.keys().collect::<Vec<_>>(),
        ["lists/first-visit"]
    );
}

#[test]
fn a_damaged_file_is_moved_aside_and_counting_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    std::fs::write(
        &path,
        b"this is not a database, it is a shopping list ".repeat(100),
    )
    .unwrap();
    let s = Stats::open(&path);
    s.session_started("en");
    let usage = s.usage(30).unwrap();
    assert_eq!(usage.warning, None);
    assert_eq!(usage.totals.sessions, 1);
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("damaged"));
    assert!(aside, "the damaged file is kept for inspection");
}

#[test]
fn an_unwritable_folder_falls_back_to_memory_and_says_so() {
    let s = Stats::open(Path::new("/nonexistent/kiosk/usage.sqlite3"));
    s.session_started("en");
    let usage = s.usage(30).unwrap();
    assert_eq!(usage.totals.sessions, 1);
    assert!(usage.warning.unwrap().contains("kept in memory"));
}

#[test]
fn usage_covers_thirty_days_ending_today() {
    let s = Stats::default();
    s.attach(None);
    s.session_started("es");
    let usage = s.usage(30).unwrap();
    assert_eq!(usage.days.len(), 30);
    assert_eq!(usage.days[29].sessions, 1);
    assert_eq!(usage.days[29].languages["es"], 1);
    assert_eq!(usage.totals.sessions_by_language["es"], 1);
}

#[test]
fn export_writes_a_csv_of_every_count() {
    let dir = tempfile::tempdir().unwrap();
    let s = Stats::default();
    s.attach(None);
    s.session_started("en");
    s.explainer_viewed("alpha");
    s.checklist_printed();
    let (path, rows) = s.export_csv(dir.path()).unwrap();
    assert_eq!(rows, 3);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "day,metric,key,count");
    assert!(lines[1].ends_with(",checklist-printed,,1"), "{text}");
    assert!(lines[2].ends_with(",explainer-view,alpha,1"), "{text}");
    assert!(lines[3].ends_with(",session,en,1"), "{text}");
    let missing = s.export_csv(&dir.path().join("usb")).unwrap_err();
    assert_eq!(missing.kind(), "folder-missing");
}

#[test]
fn own_questions_are_counted_by_number_only() {
    let s = Stats::default();
    s.attach(None);
    s.own_question_added();
    s.own_question_added();
    let c = s.snapshot().unwrap();
    assert_eq!(c.own_questions_added, 2);
    assert_eq!(
        Metric::parse("own-question-added"),
        Some(Metric::OwnQuestionAdded)
    );
    assert_eq!(
        clean_key(Metric::OwnQuestionAdded, "anything typed"),
        Some(String::new()),
        "whatever reaches it, the key stays empty"
    );
}
