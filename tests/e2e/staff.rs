//! Staff mode: the hidden corner press, the PIN pad (no PIN set, a wrong PIN, the lockout that
//! survives a restart, the right PIN), and the panel: printing to a print folder, a broken
//! content file in the problem list and after a reload, usage counts that rise after a patient
//! views an explainer, and the fall back to patient mode after the panel's idle time untouched.
//!
//! The PIN is set with the real `clinic-kiosk set-pin`, piped in. Each test keeps its counts and
//! lockout in a temp folder of its own (`--data`), never in the machine's app data folder. The
//! kiosks open the pad after half a second's press, and the idle-close test's panel closes after
//! 5 s (clinic.toml's `[timings]`), so no test waits out a clinic's 3 s press or its minute; one
//! pad is still opened with the usual timings, as a clinic has them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use kiosk_tests::{copy_fixture, target_dir, App, Harness};
use libtest_mimic::Trial;
use serde_json::json;

use crate::trial;

const PIN: &str = "2468";

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "staff::a_long_press_in_the_corner_opens_the_pad_and_a_short_one_does_not",
            a_long_press_in_the_corner_opens_the_pad_and_a_short_one_does_not,
        ),
        trial(
            "staff::without_a_pin_the_pad_says_how_to_set_one_up",
            without_a_pin_the_pad_says_how_to_set_one_up,
        ),
        trial(
            "staff::wrong_pins_count_down_and_the_lockout_survives_a_restart",
            wrong_pins_count_down_and_the_lockout_survives_a_restart,
        ),
        trial(
            "staff::the_right_pin_opens_the_panel_and_printing_lands_pdfs",
            the_right_pin_opens_the_panel_and_printing_lands_pdfs,
        ),
        trial(
            "staff::a_broken_content_file_shows_in_the_panel_and_after_a_reload",
            a_broken_content_file_shows_in_the_panel_and_after_a_reload,
        ),
        trial(
            "staff::counts_rise_after_a_patient_views_an_explainer",
            counts_rise_after_a_patient_views_an_explainer,
        ),
        trial(
            "staff::the_panel_returns_to_patient_mode_after_its_idle_time_untouched",
            the_panel_returns_to_patient_mode_after_its_idle_time_untouched,
        ),
    ]
}

/// A kiosk's content (a copy of the patient fixture, printing to a folder) and data folders.
struct Kiosk {
    content: tempfile::TempDir,
    data: tempfile::TempDir,
    prints: tempfile::TempDir,
}

/// The tests' staff timer: a half-second press. The panel keeps its minute: a slow step must not
/// close it under a test.
const QUICK: &str = "\n[timings]\nstaff_hold_ms = 500\n";
/// For the test of the panel's idle close: it closes after 5 s untouched.
const QUICK_CLOSE: &str = "\n[timings]\nstaff_hold_ms = 500\nstaff_idle_seconds = 5\n";

impl Kiosk {
    /// A fresh kiosk with the tests' quick staff timers; with `pin`, its PIN is set through
    /// `clinic-kiosk set-pin`.
    fn new(pin: Option<&str>) -> Self {
        Self::with_timings(pin, QUICK)
    }

    /// Like [`Kiosk::new`], with `timings` (a `[timings]` table, or nothing for a clinic's own)
    /// added to clinic.toml.
    fn with_timings(pin: Option<&str>, timings: &str) -> Self {
        let prints = tempfile::tempdir().expect("temp dir");
        let content = copy_fixture("patient");
        let toml = content.path().join("clinic.toml");
        let text = fs::read_to_string(&toml).expect("read clinic.toml");
        let extra = format!(
            "\n[printer]\nfolder = {:?}\n\n[staff]\nexport_folder = {:?}\n{timings}",
            prints.path().display().to_string(),
            prints.path().display().to_string()
        );
        fs::write(&toml, text + &extra).expect("write clinic.toml");
        if let Some(pin) = pin {
            set_pin(content.path(), pin);
        }
        Self {
            content,
            data: tempfile::tempdir().expect("temp dir"),
            prints,
        }
    }

    fn launch<'h>(&self, h: &'h Harness) -> App<'h> {
        let data = self.data.path().display().to_string();
        let app = h.launch(self.content.path(), &["--data", &data]);
        app.wait_for("screen-welcome");
        wire_staff(&app);
        app
    }

    fn pdfs(&self) -> usize {
        fs::read_dir(self.prints.path())
            .expect("read the print folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count()
    }
}

/// The kiosk binary the harness built.
fn kiosk_bin() -> PathBuf {
    std::env::var_os("KIOSK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("clinic-kiosk"))
}

/// Runs `clinic-kiosk set-pin`, piping the PIN in as staff scripts would.
fn set_pin(content: &Path, pin: &str) {
    let mut child = Command::new(kiosk_bin())
        .args(["set-pin", "--content"])
        .arg(content)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run clinic-kiosk set-pin");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{pin}\n").as_bytes())
        .expect("pipe the PIN");
    let out = child.wait_with_output().expect("set-pin ends");
    assert!(
        out.status.success(),
        "set-pin failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Installs staff mode the way main.js does, if the page has not already (until the UI wires
/// it at boot, the tests do).
pub(crate) fn wire_staff(app: &App) {
    app.run(
        "return (async () => {
           if (document.getElementById('staff-layer')) return;
           const [ipc, staff] = await Promise.all([import('./js/ipc.js'), import('./js/screens/staff.js')]);
           staff.installStaffGesture(ipc);
         })()",
        vec![],
    );
}

/// Presses the top-left corner for `hold`, as a finger would.
pub(crate) fn press_corner(app: &App, hold: Duration) {
    let event = |kind: &str| {
        app.run(
            "const [type] = arguments;
             const target = document.elementFromPoint(12, 12) || document.body;
             target.dispatchEvent(new PointerEvent(type, {
               clientX: 12, clientY: 12, pointerId: 7, pointerType: 'touch', isPrimary: true,
               bubbles: true, cancelable: true, composed: true,
             }));",
            vec![json!(kind)],
        );
    };
    event("pointerdown");
    std::thread::sleep(hold);
    event("pointerup");
}

/// The staff limits Rust sends the page: the hold and the idle close come from `[timings]`.
fn limits(app: &App) -> serde_json::Value {
    app.run(
        "return window.__TAURI__.core.invoke('plugin:staff|limits')",
        vec![],
    )
}

/// How long this kiosk's corner must be held, as Rust told the page.
fn hold(app: &App) -> Duration {
    let ms = limits(app)["hold_ms"].as_u64().expect("hold_ms in the limits");
    Duration::from_millis(ms)
}

/// Holds the corner a little longer than the kiosk asks, and waits for the pad.
fn open_pad(app: &App) {
    press_corner(app, hold(app) + Duration::from_millis(300));
    app.wait_for("staff-pad");
}

fn type_pin(app: &App, pin: &str) {
    for d in pin.chars() {
        app.tap(&format!("staff-digit-{d}"));
    }
    app.tap("staff-pin-enter");
}

fn open_panel(app: &App) {
    open_pad(app);
    type_pin(app, PIN);
    app.wait_for("staff-panel");
}

fn message_contains(app: &App, testid: &str, text: &str) {
    app.wait_until(
        &format!("[{testid}] to say “{text}”"),
        &format!(
            "document.querySelector('[data-testid={testid}]')?.textContent.includes({})",
            json!(text)
        ),
    );
}

/// The pad says it is locked, and none of its digits can be pressed.
fn assert_pad_locked(app: &App) {
    message_contains(app, "staff-pad-message", "Too many wrong PINs. The pad is locked");
    app.wait_until(
        "every digit to be disabled",
        "((ds) => ds.length === 10 && ds.every((d) => d.disabled))([...document.querySelectorAll('[data-testid^=staff-digit-]')])",
    );
}

fn a_long_press_in_the_corner_opens_the_pad_and_a_short_one_does_not(h: &Harness) {
    let kiosk = Kiosk::new(Some(PIN));
    let app = kiosk.launch(h);
    let hold = hold(&app);
    assert_eq!(
        hold,
        Duration::from_millis(500),
        "clinic.toml's [timings] reach the page"
    );
    // Two fifths of the hold, then nothing for longer than the rest of it would have taken: a
    // press let go early must cancel, not merely delay, the pad.
    press_corner(&app, hold * 2 / 5);
    std::thread::sleep(hold * 2);
    assert!(!app.exists("staff-pad"), "a short press opens nothing");
    app.screenshot("staff-no-pad-after-short-press");

    open_pad(&app);
    message_contains(&app, "staff-pad-message", "Enter the staff PIN.");
    assert!(app.exists("staff-digit-0") && app.exists("staff-digit-9"));
    app.screenshot("staff-pad");
    app.tap("staff-pad-cancel");
    app.wait_until(
        "the pad to close",
        "!document.querySelector('[data-testid=staff-pad]')",
    );
    app.tap("lang-en");
    app.wait_for("screen-home");
}

fn without_a_pin_the_pad_says_how_to_set_one_up(h: &Harness) {
    // A clinic's own timings: the 3-second press.
    let kiosk = Kiosk::with_timings(None, "");
    let app = kiosk.launch(h);
    assert_eq!(limits(&app)["hold_ms"], json!(3000));
    assert_eq!(limits(&app)["idle_ms"], json!(60_000));
    open_pad(&app);
    message_contains(
        &app,
        "staff-pad-message",
        "Staff mode is not set up: run clinic-kiosk set-pin",
    );
    assert!(!app.exists("staff-digit-1"), "no digits to type");
    app.screenshot("staff-pad-not-set-up");
}

fn wrong_pins_count_down_and_the_lockout_survives_a_restart(h: &Harness) {
    let kiosk = Kiosk::new(Some(PIN));
    {
        let app = kiosk.launch(h);
        open_pad(&app);
        type_pin(&app, "1111");
        message_contains(&app, "staff-pad-message", "That PIN is not right. 4 more tries");
        app.screenshot("staff-pad-wrong-pin");
        for left in ["3 more tries", "2 more tries", "1 more try"] {
            type_pin(&app, "1111");
            message_contains(&app, "staff-pad-message", left);
        }
        type_pin(&app, "1111");
        assert_pad_locked(&app);
        app.screenshot("staff-pad-locked");
    }
    // Off and on again: still locked, and the right PIN can't be typed.
    let app = kiosk.launch(h);
    open_pad(&app);
    assert_pad_locked(&app);
    assert!(!app.exists("staff-panel"));
}

fn the_right_pin_opens_the_panel_and_printing_lands_pdfs(h: &Harness) {
    let kiosk = Kiosk::new(Some(PIN));
    let app = kiosk.launch(h);
    open_panel(&app);
    assert_eq!(app.text("staff-clinic"), "Sunrise Test Clinic");
    message_contains(&app, "staff-printer-status", "Ready");

    app.wait_for("staff-print-checklist");
    app.run(
        "const pick = (id, v) => { const s = document.querySelector(`[data-testid=${id}]`);
           s.value = v; s.dispatchEvent(new Event('change', { bubbles: true })); };
         pick('staff-print-checklist', 'gamma-therapy'); pick('staff-print-lang', 'es');",
        vec![],
    );
    app.tap("staff-copies-more");
    assert_eq!(app.text("staff-copies"), "2");
    app.tap("staff-print");
    message_contains(&app, "staff-print-status", "Sent 2 copies of");
    app.tap("staff-test-page");
    message_contains(&app, "staff-print-status", "Sent a test page to the printer");
    assert_eq!(kiosk.pdfs(), 2, "a checklist and a test page");
    app.screenshot("staff-panel");

    app.tap("staff-back");
    app.wait_until(
        "patient mode",
        "!document.querySelector('[data-testid=staff-panel]')",
    );
    app.wait_for("screen-welcome");
}

fn a_broken_content_file_shows_in_the_panel_and_after_a_reload(h: &Harness) {
    let kiosk = Kiosk::new(Some(PIN));
    let broken = kiosk.content.path().join("en").join("broken.md");
    fs::write(&broken, "+++\ntitle = \"Broken\"\nsummary = 3\n+++\nText.\n").expect("write a broken file");
    let app = kiosk.launch(h);
    open_panel(&app);
    app.wait_for("staff-problems");
    let problems = app.text("staff-problems");
    assert!(problems.contains("en/broken.md:3: "), "{problems}");
    app.screenshot("staff-panel-problems");

    // A second mistake, saved while the panel is open, shows after "Reload content".
    let worse = kiosk.content.path().join("en").join("worse.md");
    fs::write(&worse, "no front matter at all\n").expect("write another broken file");
    app.tap("staff-reload");
    message_contains(&app, "staff-reload-status", "Reloaded:");
    message_contains(&app, "staff-problems", "en/worse.md:1: ");
}

fn counts_rise_after_a_patient_views_an_explainer(h: &Harness) {
    let kiosk = Kiosk::new(Some(PIN));
    let app = kiosk.launch(h);
    open_panel(&app);
    app.wait_for("staff-usage-views");
    let before: u64 = app.text("staff-usage-views").parse().expect("a number");
    app.tap("staff-back");
    app.wait_until(
        "patient mode",
        "!document.querySelector('[data-testid=staff-panel]')",
    );

    app.tap("lang-en");
    app.wait_for("screen-home");
    app.tap("tile-gamma-therapy");
    app.wait_for("screen-explainer");
    app.tap("home-button");
    app.wait_for("screen-home");

    open_panel(&app);
    app.wait_for("staff-usage-explainer-gamma-therapy");
    let after: u64 = app.text("staff-usage-views").parse().expect("a number");
    assert_eq!(after, before + 1);
    assert!(app.text("staff-usage-sessions").parse::<u64>().expect("a number") >= 1);
    let bars = app.run(
        "return document.querySelectorAll('[data-testid=staff-usage-chart] rect.staff-bar').length",
        vec![],
    );
    assert_eq!(bars, json!(30), "one bar a day for 30 days");
    app.tap("staff-export");
    message_contains(&app, "staff-export-status", "Saved ");
    app.screenshot("staff-usage");
}

fn the_panel_returns_to_patient_mode_after_its_idle_time_untouched(h: &Harness) {
    let kiosk = Kiosk::with_timings(Some(PIN), QUICK_CLOSE);
    let app = kiosk.launch(h);
    assert_eq!(limits(&app)["idle_ms"], json!(5_000));
    open_panel(&app);
    app.wait_until_within(
        Duration::from_secs(5 + 15),
        "the panel to close by itself",
        "!document.querySelector('[data-testid=staff-panel]') && document.querySelector('[data-testid=screen-welcome]')",
    );
    // Rust closed the staff session too: a panel command is refused without the PIN.
    let refused = app.run(
        "return window.__TAURI__.core.invoke('plugin:staff|status').then(() => 'allowed', (e) => e.kind)",
        vec![],
    );
    assert_eq!(refused, json!("not-unlocked"));
    open_pad(&app);
    message_contains(&app, "staff-pad-message", "Enter the staff PIN.");
}
