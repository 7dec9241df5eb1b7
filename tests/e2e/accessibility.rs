//! Patients who don't read easily: Listen reads a page aloud on the machine's sound (recorded
//! from a null sink of the test's own PulseAudio), in the page's language's voice, and is silent
//! after Stop and after the idle reset; a question typed on the kiosk's own keys (ñ and ¿ among
//! them) joins the list, prints in a tagged PDF, and is gone after the reset; at 200 % text on a
//! 1280×800 screen, either way up, nothing leaves the screen sideways.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use kiosk_tests::audio::{espeak_processes, AudioServer, Loudness};
use kiosk_tests::{copy_fixture, wait_until, App, Harness, Screen, SMALL};
use libtest_mimic::Trial;
use serde_json::json;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "accessibility::listen_reads_aloud_in_the_pages_voice_and_stops",
            listen_reads_aloud_in_the_pages_voice_and_stops,
        ),
        trial(
            "accessibility::an_own_question_typed_on_the_kiosk_keys_prints_and_is_cleared",
            an_own_question_typed_on_the_kiosk_keys_prints_and_is_cleared,
        ),
        trial(
            "accessibility::at_200_percent_nothing_leaves_the_screen_sideways",
            at_200_percent_nothing_leaves_the_screen_sideways,
        ),
    ]
}

/// The patient fixture with short idle times and, if given, a print folder.
fn content(print_to: Option<&Path>) -> tempfile::TempDir {
    let dir = copy_fixture("patient");
    let toml = dir.path().join("clinic.toml");
    let mut text = fs::read_to_string(&toml)
        .expect("read clinic.toml")
        .replace("idle_seconds = 120", "idle_seconds = 10")
        .replace("warning_seconds = 20", "warning_seconds = 5");
    if let Some(folder) = print_to {
        text.push_str(&format!(
            "\n[printer]\nfolder = {:?}\n",
            folder.display().to_string()
        ));
    }
    fs::write(&toml, text).expect("write clinic.toml");
    dir
}

fn begin(app: &App, lang: &str) {
    app.wait_for("screen-welcome");
    app.tap_centered(&format!("lang-{lang}"));
    app.wait_for("screen-home");
}

fn tap_to(app: &App, id: &str, screen: &str) {
    app.tap_centered(id);
    app.wait_for(screen);
}

/// Lets the idle time run out: the question, then the reset to the welcome screen.
fn idle_reset(app: &App) {
    crate::patient::skip_ahead(app, 11);
    app.wait_until(
        "the idle question",
        "document.querySelector('[data-testid=idle-dialog]')",
    );
    crate::patient::skip_ahead(app, 6);
    app.wait_until(
        "the welcome screen after the reset",
        "document.querySelector('[data-testid=screen-welcome]')",
    );
}

/// Records the sink for `seconds` (sound or silence can only be told over a stretch of time).
fn listen_for(audio: &AudioServer, name: &str, seconds: f64) -> Loudness {
    let rec = audio.record(name).expect("record the sink");
    let started = std::time::Instant::now();
    // Absence of sound is a duration: the recording is the wait.
    while started.elapsed().as_secs_f64() < seconds {
        std::thread::sleep(Duration::from_millis(50));
    }
    rec.stop().expect("measure the recording")
}

/// Whether the kiosk `app` has espeak-ng running.
fn speaking(app: &App) -> bool {
    app.kiosk_pid()
        .is_some_and(|pid| !espeak_processes(pid).is_empty())
}

fn listen_reads_aloud_in_the_pages_voice_and_stops(_: &Harness) {
    let audio = AudioServer::start().unwrap_or_else(|e| panic!("the test's sound server: {e}"));
    let h = Harness::start_with_env(SMALL, &[("PULSE_SERVER", &audio.address)])
        .unwrap_or_else(|e| panic!("a harness with sound: {e}"));
    let content = content(None);
    let app = h.launch(content.path(), &[]);
    begin(&app, "es");
    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    app.wait_for("listen-bar");

    let recording = audio.record("spanish").expect("record the sink");
    app.tap_centered("listen-button");
    assert!(
        wait_until(Duration::from_secs(10), || speaking(&app)),
        "espeak-ng runs after Listen"
    );
    let pid = app.kiosk_pid().expect("the kiosk's process");
    let args = espeak_processes(pid).pop().unwrap_or_default();
    let voice = args.iter().position(|a| a == "-v").and_then(|i| args.get(i + 1));
    assert_eq!(
        voice.map(String::as_str),
        Some("es-419"),
        "the Spanish voice: {args:?}"
    );
    let title = app.text("explainer-title");
    assert!(
        !args
            .iter()
            .any(|a| a.contains(&title) || a.split_whitespace().count() > 1),
        "the text goes on stdin, never on the command line ps shows: {args:?}"
    );
    app.wait_until(
        "a sentence marked as spoken",
        "document.querySelector('[data-speaking]') && document.documentElement.dataset.speech === 'playing'",
    );
    assert_eq!(
        app.run(
            "return document.querySelector('[data-speaking]').closest('[lang]').lang",
            vec![]
        ),
        "es"
    );
    app.wait_for("listen-pause");
    app.screenshot("a11y-es-listening");
    // Reading goes on, sentence by sentence, past the title.
    app.wait_until(
        "the next sentence",
        "document.querySelector('[data-speaking]') && document.querySelector('[data-speaking]').dataset.testid !== 'explainer-title'",
    );
    let sound = recording.stop().expect("measure");
    eprintln!("accessibility: Listen recorded {sound:?}");
    assert!(sound.is_sound(), "Listen is heard on the sink: {sound:?}");

    app.tap_centered("listen-stop");
    assert!(
        wait_until(Duration::from_secs(5), || !speaking(&app)),
        "Stop ends espeak-ng"
    );
    app.wait_for("listen-button");
    assert!(!app.exists("listen-stop"));
    let quiet = listen_for(&audio, "after-stop", 1.5);
    eprintln!("accessibility: after Stop {quiet:?}");
    assert!(quiet.is_silence(), "silence after Stop: {quiet:?}");

    // A single question read on its own, then the idle reset in the middle of a reading.
    app.tap_centered("listen-question-gamma-therapy:cost");
    assert!(
        wait_until(Duration::from_secs(10), || speaking(&app)),
        "one question is read"
    );
    app.tap_centered("listen-button");
    assert!(wait_until(Duration::from_secs(10), || speaking(&app)));
    idle_reset(&app);
    assert!(
        wait_until(Duration::from_secs(5), || !speaking(&app)),
        "the idle reset stops the voice"
    );
    let quiet = listen_for(&audio, "after-reset", 1.5);
    assert!(quiet.is_silence(), "silence after the idle reset: {quiet:?}");
}

/// Taps the on-screen keys for `text` (capitals through Shift, spaces through the space bar).
fn type_on_keys(app: &App, text: &str) {
    for c in text.chars() {
        let id = match c {
            ' ' => "key-space".to_string(),
            c if c.is_uppercase() => {
                if app.run(
                    "return document.querySelector('[data-testid=key-shift]').getAttribute('aria-pressed')",
                    vec![],
                ) != "true"
                {
                    app.tap("key-shift");
                }
                format!("key-{}", c.to_lowercase())
            }
            c => format!("key-{c}"),
        };
        app.tap(&id);
    }
}

fn an_own_question_typed_on_the_kiosk_keys_prints_and_is_cleared(h: &Harness) {
    let folder = tempfile::tempdir().expect("a print folder");
    let content = content(Some(folder.path()));
    let app = h.launch(content.path(), &[]);

    // English first: the English layout, and Cancel keeps nothing.
    begin(&app, "en");
    tap_to(&app, "my-questions", "screen-review");
    app.tap_centered("add-own-question");
    app.wait_for("keyboard");
    assert!(!app.exists("key-ñ"), "no ñ on the English keys");
    type_on_keys(&app, "Is it safe?");
    assert_eq!(app.text("own-text"), "Is it safe?");
    assert!(
        app.text("own-count").starts_with("11 / 200"),
        "{}",
        app.text("own-count")
    );
    // A plugged-in keyboard types into it too.
    let press = |key: &str| {
        app.run(
            "document.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], bubbles: true, cancelable: true}))",
            vec![json!(key)],
        );
    };
    press("Backspace");
    assert_eq!(app.text("own-text"), "Is it safe");
    press("?");
    assert_eq!(app.text("own-text"), "Is it safe?");
    app.screenshot("a11y-en-keyboard");
    let small = app.run(
        "return [...document.querySelectorAll('.kb-key')].filter(k => { const r = k.getBoundingClientRect(); return r.width < 48 || r.height < 48; }).map(k => k.dataset.testid)",
        vec![],
    );
    assert_eq!(small, json!([]), "every key is at least 48 px each way");
    app.tap("key-cancel");
    assert!(!app.exists("keyboard"));
    assert!(app.exists("review-empty"), "Cancel adds nothing");
    idle_reset(&app);

    begin(&app, "es");
    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    app.tap_centered("question-gamma-therapy:cost");
    tap_to(&app, "my-questions", "screen-review");
    app.tap_centered("add-own-question");
    app.wait_for("keyboard");
    for key in [
        "key-ñ", "key-á", "key-é", "key-í", "key-ó", "key-ú", "key-ü", "key-¿", "key-¡",
    ] {
        assert!(app.exists(key), "the Spanish keys have {key}");
    }
    let typed = "¿Puedo ir mañana?";
    type_on_keys(&app, typed);
    assert_eq!(app.text("own-text"), typed);
    app.screenshot("a11y-es-keyboard");
    app.tap("key-done");
    assert!(!app.exists("keyboard"));
    assert_eq!(app.text("review-text-own:own-1"), typed);
    // It moves like the others.
    let order = |app: &App| app.testids("review-item-");
    assert_eq!(
        order(&app),
        ["review-item-gamma-therapy:cost", "review-item-own:own-1"]
    );
    app.tap_centered("review-up-own:own-1");
    assert_eq!(
        order(&app),
        ["review-item-own:own-1", "review-item-gamma-therapy:cost"]
    );
    assert_eq!(app.text("my-questions"), "Mis preguntas (2)");
    app.screenshot("a11y-es-own-question");

    let picked = app.text("review-text-gamma-therapy:cost");
    app.tap_centered("print-button");
    app.wait_until(
        "the printed message",
        "document.querySelector('[data-testid=print-status]')?.classList.contains('print-done')",
    );
    let pdf = fs::read_dir(folder.path())
        .expect("read the print folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a printed checklist");
    let text = run("pdftotext", &[pdf.to_str().unwrap_or_default(), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let own = flat
        .find(typed)
        .unwrap_or_else(|| panic!("the typed question is printed: {flat}"));
    let picked_at = flat
        .find(&picked)
        .unwrap_or_else(|| panic!("the picked question is printed: {flat}"));
    let info = run("pdfinfo", &[pdf.to_str().unwrap_or_default()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "a tagged PDF: {info}"
    );
    assert!(
        own < picked_at,
        "printed in the patient's order (their own moved up first)"
    );

    idle_reset(&app);
    begin(&app, "es");
    tap_to(&app, "my-questions", "screen-review");
    assert!(
        app.exists("review-empty"),
        "the typed question is gone after the reset"
    );
    assert!(app.testids("review-item-").is_empty());
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Elements whose box reaches past the left or right edge of the viewport, and the page's own
/// sideways scroll, as `testid-or-tag(class)`.
const SIDEWAYS: &str = r#"
    const w = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > w + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${w}`);
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height || e.closest('[hidden]')) continue;
      const s = getComputedStyle(e);
      if (s.clipPath !== 'none' || s.visibility === 'hidden') continue;
      if (r.left < -1 || r.right > w + 1) out.push(`${e.dataset.testid || e.tagName.toLowerCase()}.${e.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return out.slice(0, 10);
"#;

/// The header's and the bottom bar's share of the screen's height.
const CHROME_SHARE: &str = r#"
    const h = (s) => document.querySelector(s)?.getBoundingClientRect().height || 0;
    return (h('header.chrome') + h('.session-bar')) / window.innerHeight;
"#;

fn at_200_percent_nothing_leaves_the_screen_sideways(_: &Harness) {
    let portrait = Screen {
        width: SMALL.height,
        height: SMALL.width,
    };
    for (name, screen) in [("landscape", SMALL), ("portrait", portrait)] {
        let h = Harness::start_on(screen).unwrap_or_else(|e| panic!("a {name} display: {e}"));
        let content = content(None);
        let app = h.launch(content.path(), &[]);
        begin(&app, "es");
        while app.run(
            "return !document.querySelector('[data-testid=text-larger]').disabled",
            vec![],
        ) == true
        {
            app.tap("text-larger");
        }
        assert_eq!(
            app.run(
                "return getComputedStyle(document.documentElement).getPropertyValue('--text-scale').trim()",
                vec![]
            ),
            "2",
            "text goes to 200 %"
        );
        let check = |app: &App, what: &str| {
            let out = app.run(SIDEWAYS, vec![]);
            assert_eq!(
                out,
                json!([]),
                "{name}, {what}: nothing leaves the screen sideways"
            );
            let share = app.run(CHROME_SHARE, vec![]).as_f64().unwrap_or(1.0);
            assert!(
                share < 0.25,
                "{name}, {what}: header and bottom bar take {share:.2} of the height"
            );
        };
        check(&app, "home");
        app.screenshot(&format!("a11y-{name}-200-home"));
        tap_to(&app, "tile-gamma-therapy", "screen-explainer");
        check(&app, "explainer");
        app.screenshot(&format!("a11y-{name}-200-explainer"));
        // The fallback page: every English part is marked English.
        app.tap_centered("home-button");
        app.wait_for("screen-home");
        let lang = |id: &str| {
            app.run(
                "return document.querySelector(`[data-testid=\"${arguments[0]}\"] .tile-title`).closest('[lang]').lang",
                vec![json!(id)],
            )
        };
        assert_eq!(lang("tile-epsilon-therapy"), "en", "the English tile's title");
        assert_eq!(lang("tile-gamma-therapy"), "es");
        tap_to(&app, "tile-epsilon-therapy", "screen-explainer");
        for id in ["explainer-title", "explainer-summary", "explainer-body"] {
            assert_eq!(
                app.run(
                    "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).closest('[lang]').lang",
                    vec![json!(id)],
                ),
                "en",
                "{id} of the English page"
            );
        }
        check(&app, "English explainer");
        app.tap_centered("home-button");
        tap_to(&app, "lists-tile", "screen-lists");
        check(&app, "lists");
        tap_to(&app, "my-questions", "screen-review");
        check(&app, "my questions");
        app.tap_centered("add-own-question");
        app.wait_for("keyboard");
        check(&app, "keyboard");
        app.screenshot(&format!("a11y-{name}-200-keyboard"));
    }
}
