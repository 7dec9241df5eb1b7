//! Live reload: a saved change shows on screen within 2 seconds without a restart, and a change
//! that breaks a file keeps its last good version on screen.

use std::fs;
use std::time::{Duration, Instant};

use kiosk_tests::{copy_fixture, Harness};
use libtest_mimic::Trial;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "content::an_edit_shows_within_two_seconds_and_a_broken_save_keeps_the_last_good",
            live_reload,
        ),
        trial(
            "content::a_state_s_law_shows_only_where_clinic_toml_puts_the_clinic",
            state_text,
        ),
    ]
}

/// The bundled ozone page's California section (and its source) shows only with `state = "CA"`
/// in clinic.toml, in both languages, and goes when the setting does.
fn state_text(h: &Harness) {
    let dir = tempfile::tempdir().expect("temp dir");
    kiosk_tests::copy_dir(&kiosk_tests::root().join("content"), dir.path());
    let settings = dir.path().join("clinic.toml");
    let plain = fs::read_to_string(&settings).expect("clinic.toml");
    fs::write(&settings, format!("state = \"CA\"\n{plain}")).expect("write");
    let app = h.launch(dir.path(), &[]);
    for (lang, heading, source) in [
        (
            "en",
            "California law on alternative treatments",
            "California Business and Professions Code",
        ),
        (
            "es",
            "La ley de California sobre tratamientos alternativos",
            "California Business and Professions Code",
        ),
    ] {
        if lang == "en" {
            app.tap(&format!("lang-{lang}"));
        } else {
            app.tap("home-button");
            app.tap(&format!("switch-lang-{lang}"));
        }
        app.tap_centered("tile-ozone-blood-therapy");
        app.wait_for("explainer-body");
        assert!(app.text("explainer-body").contains(heading), "{lang}");
        assert!(app.text("sources").contains(source), "{lang}");
        app.run(
            "[...document.querySelectorAll('[data-testid=explainer-body] h2')].find(h => h.textContent === arguments[0]).scrollIntoView({block: 'start'})",
            vec![serde_json::json!(heading)],
        );
        app.screenshot(&format!("issue16-ozone-california-{lang}"));
    }
    // Setting removed: the page reloads without it.
    fs::write(&settings, plain).expect("write");
    app.wait_until(
        "the California section to go",
        "!document.querySelector('[data-testid=explainer-body]')?.textContent.includes('California')",
    );
    assert!(!app.text("sources").contains("California Business"));
}

fn live_reload(h: &Harness) {
    let dir = copy_fixture("basic");
    let file = dir.path().join("en/alpha-therapy.md");
    let app = h.launch(dir.path(), &[]);
    app.tap("lang-en");
    app.tap("tile-alpha-therapy");
    app.wait_until(
        "the explainer",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Alpha therapy'",
    );

    let text = fs::read_to_string(&file).expect("fixture");
    fs::write(
        &file,
        text.replace("title = \"Alpha therapy\"", "title = \"Alpha therapy, revised\""),
    )
    .expect("edit");
    let saved = Instant::now();
    app.wait_until(
        "the edited title",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Alpha therapy, revised'",
    );
    let shown = saved.elapsed();
    println!("live reload: edit shown {} ms after saving", shown.as_millis());
    assert!(
        shown < Duration::from_millis(2500),
        "took {shown:?}; the promise is 2 s"
    );
    app.screenshot("content-live-reload");

    // A half-saved file: the front matter never closes. The last good version stays. Waited
    // for: the kiosk reading the broken file (its problem in the log), then the page redrawing
    // (a new title element, so the assertion below is about the redrawn page).
    app.run(
        "window.__titleBefore = document.querySelector('[data-testid=explainer-title]')",
        vec![],
    );
    let mark = h.log_mark();
    fs::write(&file, "+++\ntitle = \"Alpha therapy, broken").expect("break");
    let problem = h.wait_for_log(mark, "alpha-therapy.md:");
    assert!(problem.contains("error"), "{problem}");
    app.wait_until(
        "the page to redraw after the broken save",
        "document.querySelector('[data-testid=explainer-title]') !== window.__titleBefore",
    );
    assert_eq!(app.text("explainer-title"), "Alpha therapy, revised");
    assert!(app.text("explainer-body").contains("made-up treatment"));
}
