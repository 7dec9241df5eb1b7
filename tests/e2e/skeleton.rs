//! The walking skeleton: the start screen lists the content folder, a tile opens its explainer
//! rendered by Rust, Home returns, and a kiosk with no content says so.

use kiosk_tests::{fixture, Harness};
use libtest_mimic::Trial;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "skeleton::start_screen_lists_exactly_the_explainers_and_opens_one",
            start_screen_lists_exactly_the_explainers_and_opens_one,
        ),
        trial(
            "skeleton::a_missing_content_folder_shows_no_content_yet",
            a_missing_content_folder_shows_no_content_yet,
        ),
    ]
}

fn start_screen_lists_exactly_the_explainers_and_opens_one(h: &Harness) {
    let app = h.launch(&fixture("basic"), &[]);
    app.tap("lang-en");
    app.wait_for("screen-home");
    assert_eq!(app.testids("tile-"), ["tile-alpha-therapy", "tile-beta-therapy"]);
    assert!(app.text("tile-alpha-therapy").contains("Alpha therapy"));
    app.screenshot("skeleton-start");

    app.tap("tile-alpha-therapy");
    app.wait_for("screen-explainer");
    assert_eq!(app.text("explainer-title"), "Alpha therapy");
    let body = app.text("explainer-body");
    assert!(
        body.contains("Alpha therapy is a made-up treatment used only in tests."),
        "{body}"
    );
    // Rendered by Rust from Markdown: the `## Risks` heading is a real heading element.
    let heading = app.run(
        "return document.querySelector('[data-testid=explainer-body] h2')?.textContent",
        vec![],
    );
    assert_eq!(heading, "Risks");
    app.screenshot("skeleton-explainer");

    app.tap("home-button");
    app.wait_for("screen-home");
}

fn a_missing_content_folder_shows_no_content_yet(h: &Harness) {
    let missing = std::env::temp_dir().join("kiosk-e2e-no-such-folder");
    let app = h.launch(&missing, &[]);
    app.wait_for("screen-empty");
    assert!(app.text("screen-empty").contains("No content yet"));
    app.screenshot("skeleton-no-content");
}
