//! Staff mode through the library, as the kiosk runs it but without a window: the PIN set by
//! `set-pin` from a pipe, the pad and its lockout across a restart, a broken clinic.toml that
//! still lets staff in, printing from the panel to a print folder, and usage counts that survive
//! a kill -9 mid-write.
//!
//! Two tests run a copy of this test binary as a child process (the same test, told by an
//! environment variable to play the child), so they need no extra binary.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clinic_kiosk::checklist::{self, DocRef};
use clinic_kiosk::staff::{self, panel, pin, set_pin, Staff};
use clinic_kiosk::stats::{self, Stats};
use clinic_kiosk::ui_error::Kind;
use clinic_kiosk::AppState;
use kiosk_tests::{copy_fixture, fixture};

/// Set in a child process: what the child is to do, and where.
const CHILD: &str = "KIOSK_STAFF_TEST_CHILD";

/// Runs this test binary again, running only `test`, with `CHILD` set to `role`.
fn child(test: &str, role: &str) -> Command {
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut cmd = Command::new(exe);
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, role);
    cmd
}

/// A copy of a fixture folder, with `extra` added to its clinic.toml.
fn content_copy(name: &str, extra: &str) -> tempfile::TempDir {
    let dir = copy_fixture(name);
    let toml = dir.path().join("clinic.toml");
    let text = fs::read_to_string(&toml).expect("read clinic.toml");
    fs::write(&toml, format!("{text}{extra}")).expect("write clinic.toml");
    dir
}

fn set_pin_in(content: &Path, pin: &str) {
    let hash = pin::hash(pin).expect("hash the PIN");
    set_pin::write_hash(&content.join("clinic.toml"), Some(&hash)).expect("write the PIN");
}

#[test]
fn set_pin_reads_a_piped_pin_and_keeps_the_clinics_comments() {
    if let Ok(role) = std::env::var(CHILD) {
        // The child: `clinic-kiosk set-pin` on this folder, reading the piped PIN.
        let code = set_pin::run(Path::new(&role), false);
        assert_eq!(code, std::process::ExitCode::SUCCESS);
        return;
    }
    let content = content_copy("basic", "");
    let before = fs::read_to_string(content.path().join("clinic.toml")).expect("read");
    let mut proc = child(
        "set_pin_reads_a_piped_pin_and_keeps_the_clinics_comments",
        &content.path().display().to_string(),
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .expect("start the child");
    proc.stdin
        .take()
        .expect("stdin")
        .write_all(b"97531\n")
        .expect("pipe the PIN");
    let out = proc.wait_with_output().expect("the child ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Staff PIN set in "), "{stdout}");

    let after = fs::read_to_string(content.path().join("clinic.toml")).expect("read");
    assert!(
        after.starts_with(&before),
        "the clinic's file is kept as it was:\n{after}"
    );
    assert!(!after.contains("97531"), "no plaintext PIN:\n{after}");
    let site = clinic_kiosk::site::load(content.path());
    let hash = site.settings.staff.pin_hash.clone().expect("a PIN hash");
    assert!(pin::verify("97531", &hash).expect("a usable hash"));
    assert_eq!(site.error_count(), 0, "{:?}", site.problems());
}

#[test]
fn the_pad_locks_after_five_wrong_pins_and_stays_locked_after_a_restart() {
    let content = content_copy("basic", "");
    set_pin_in(content.path(), "2468");
    let data = tempfile::tempdir().expect("temp dir");

    let settings = clinic_kiosk::site::load(content.path()).settings.staff;
    let staff = Staff::default();
    staff.attach(Some(data.path()));
    let pad = staff.pad(&settings);
    assert!(
        pad.configured && pad.tries_left == 5 && pad.message.is_none(),
        "{pad:?}"
    );
    for left in [4, 3, 2, 1] {
        let err = staff.unlock(&settings, "1357").unwrap_err();
        assert_eq!(err, staff::Error::WrongPin { tries_left: left });
    }
    let err = staff.unlock(&settings, "1357").unwrap_err();
    assert_eq!(err, staff::Error::Locked { seconds: 60 });
    drop(staff);

    // The kiosk restarts: still locked, even for the right PIN.
    let staff = Staff::default();
    staff.attach(Some(data.path()));
    let pad = staff.pad(&settings);
    assert!(pad.locked_seconds > 50 && pad.tries_left == 0, "{pad:?}");
    let err = staff.unlock(&settings, "2468").unwrap_err();
    assert_eq!(err.kind(), "locked");
    assert_eq!(staff.require().unwrap_err().kind(), "not-unlocked");
}

#[test]
fn without_a_pin_the_pad_says_how_to_set_one_up() {
    let state = AppState::load(&fixture("basic"));
    let pad = Staff::default().pad(&state.site().settings.staff);
    assert!(!pad.configured);
    assert_eq!(
        pad.message.as_deref(),
        Some("Staff mode is not set up: run clinic-kiosk set-pin")
    );
}

#[test]
fn a_broken_clinic_toml_still_lets_staff_in_and_shows_the_problem() {
    let content = content_copy("basic", "\n[printer]\npapr = \"a4\"\n");
    set_pin_in(content.path(), "8642");
    // The bad key made the whole file fall back to defaults, but not the staff PIN.
    let state = AppState::load(content.path());
    let site = state.site();
    assert_eq!(site.settings.name, "Clinic", "safe defaults");
    Staff::default()
        .unlock(&site.settings.staff, "8642")
        .expect("the right PIN opens the panel");
    let status = panel::status(&site, None);
    let texts: Vec<&str> = status.content.problems.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("clinic.toml:") && t.contains("unknown field `papr`")),
        "{texts:?}"
    );
}

#[test]
fn printing_a_checklist_or_a_test_page_from_the_panel_lands_pdfs_in_the_print_folder() {
    let out = tempfile::tempdir().expect("temp dir");
    let content = content_copy("patient", &format!("\n[printer]\nfolder = {:?}\n", out.path()));
    let site = clinic_kiosk::site::load(content.path());
    let status = panel::status(&site, None);
    assert!(status.printing);
    let list = status
        .checklists
        .iter()
        .find(|c| c.kind == "list")
        .expect("a general list");
    for (id, lang) in [("gamma-therapy", "es"), (list.id.as_str(), "en")] {
        let doc = DocRef::parse(id).expect("a checklist id");
        let handout = checklist::whole(&site, lang, &doc).expect("a checklist");
        clinic_kiosk::print::print(&handout, &site.settings.printer, 1).expect("printed");
    }
    clinic_kiosk::print::print(&panel::test_page(&site), &site.settings.printer, 1).expect("printed");
    let pdfs = fs::read_dir(out.path())
        .expect("read the print folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 3);
}

#[test]
fn counts_from_patient_screens_show_in_the_usage_and_the_csv() {
    let data = tempfile::tempdir().expect("temp dir");
    let state = AppState::load(&fixture("basic"));
    state.stats.session_started("es");
    state.attach_data(Some(data.path()));
    state.stats.explainer_viewed("alpha-therapy");
    state.stats.explainer_viewed("alpha-therapy");
    state.stats.checklist_printed();
    let usage = state.stats.usage(30).expect("usage");
    let today = usage.days.last().expect("today");
    assert_eq!(
        (today.sessions, today.explainer_views, today.checklists_printed),
        (1, 2, 1)
    );
    assert_eq!(usage.totals.explainer_views["alpha-therapy"], 2);
    assert!(usage.kept_in.ends_with(stats::FILE_NAME), "{}", usage.kept_in);
    let (csv, rows) = state.stats.export_csv(data.path()).expect("export");
    assert_eq!(rows, 3);
    let text = fs::read_to_string(csv).expect("read the CSV");
    assert!(text.contains(",explainer-view,alpha-therapy,2\n"), "{text}");
}

/// How often the child reports what it has counted.
const REPORT_EVERY: u64 = 10;

#[test]
fn a_kill_9_while_counting_loses_at_most_the_last_second_and_never_corrupts_the_file() {
    if let Ok(role) = std::env::var(CHILD) {
        // The child: count as fast as a busy kiosk could, saying how far it got, until killed.
        let stats = Stats::open(Path::new(&role));
        let mut out = std::io::stdout().lock();
        for n in 1u64.. {
            stats.explainer_viewed("alpha-therapy");
            if n % REPORT_EVERY == 0 {
                let _ = writeln!(out, "counted {n}");
                let _ = out.flush();
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        return;
    }
    let data = tempfile::tempdir().expect("temp dir");
    let db = data.path().join(stats::FILE_NAME);
    let mut expected_at_least = 0u64;
    let mut counted_before = 0u64;
    // Three runs on the same file, killed at different moments of the write cycle.
    for run_for in [
        Duration::from_millis(1300),
        Duration::from_millis(1770),
        Duration::from_millis(2210),
    ] {
        let mut proc = child(
            "a_kill_9_while_counting_loses_at_most_the_last_second_and_never_corrupts_the_file",
            &db.display().to_string(),
        )
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the child");
        let stdout = proc.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut seen: Vec<(Instant, u64)> = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("counted ").and_then(|n| n.parse().ok()) {
                    seen.push((Instant::now(), n));
                }
            }
            seen
        });
        std::thread::sleep(run_for);
        let killed_at = Instant::now();
        proc.kill().expect("SIGKILL the child"); // std's kill is SIGKILL on Unix
        proc.wait().expect("reap the child");
        let seen = reader.join().expect("the reader");
        let last = seen.last().map_or(0, |s| s.1);
        assert!(last > 1000, "the child counted only {last}");
        // What the child had counted a second before it was killed must all be in the file.
        let a_second_before = seen
            .iter()
            .take_while(|(t, _)| *t + Duration::from_secs(1) <= killed_at)
            .last()
            .map_or(0, |s| s.1);

        let conn = rusqlite::Connection::open(&db).expect("open the counts file");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity check");
        assert_eq!(check, "ok");
        let stored: i64 = conn
            .query_row(
                "SELECT coalesce(sum(n), 0) FROM counts WHERE metric = 'explainer-view' AND key = 'alpha-therapy'",
                [],
                |r| r.get(0),
            )
            .expect("read the counts");
        let stored = u64::try_from(stored).expect("a count");
        let this_run = stored - counted_before;
        expected_at_least += a_second_before;
        // The counts lost are those made after the last one stored was reported.
        let stored_by = seen
            .iter()
            .find(|(_, n)| *n >= this_run)
            .map_or(killed_at, |s| s.0);
        eprintln!(
            "run of {run_for:?}: counted {last} to {}, stored {this_run}: lost the last {} ms",
            last + REPORT_EVERY,
            killed_at.saturating_duration_since(stored_by).as_millis()
        );
        assert!(
            this_run >= a_second_before,
            "stored {this_run}, but {a_second_before} were counted a second before the kill"
        );
        assert!(
            this_run <= last + REPORT_EVERY,
            "stored {this_run}, more than the {last}+ counted"
        );
        assert!(stored >= expected_at_least);
        counted_before = stored;
    }
}
