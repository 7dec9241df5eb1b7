//! Clinical sign-off on the real kiosk: a page signed with the real `review sign` shows its
//! reviewer; editing one sentence makes `check` warn and the kiosk drop the reviewer line, and
//! with `[review] require_signoff` takes the page off the patient screens. The author's preview
//! window shows a page's problems, reading level, sign-off and language differences, and signing
//! from it writes the same record.

use std::fs;
use std::path::Path;
use std::process::Command;

use kiosk_tests::{copy_fixture, Harness};
use libtest_mimic::Trial;
use serde_json::json;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "review::a_signed_page_shows_its_reviewer_and_one_edited_sentence_takes_it_off",
            signed_then_edited,
        ),
        trial(
            "review::the_preview_window_reports_on_a_page_and_signs_it_off",
            preview_window,
        ),
    ]
}

/// Runs `clinic-kiosk ARGS…` and returns (success, stdout).
fn cli(h: &Harness, args: &[&str]) -> (bool, String) {
    let out = Command::new(h.bin())
        .args(args)
        .output()
        .expect("run clinic-kiosk");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn dir_arg(dir: &Path) -> String {
    dir.display().to_string()
}

fn signed_then_edited(h: &Harness) {
    let dir = copy_fixture("basic");
    let root = dir_arg(dir.path());
    let (ok, out) = cli(
        h,
        &[
            "review",
            "sign",
            &root,
            "en/alpha-therapy",
            "en/beta-therapy",
            "--by",
            "Dana Ruiz, MD",
            "--next",
            "2099-01-01",
            "--yes",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("signed 2 pages as Dana Ruiz, MD"), "{out}");
    let (ok, out) = cli(h, &["check", &root]);
    assert!(
        ok && !out.contains("sign"),
        "signed pages give check nothing to say: {out}"
    );

    let app = h.launch(dir.path(), &[]);
    app.tap("lang-en");
    app.tap("tile-alpha-therapy");
    app.wait_for("reviewed-by");
    assert!(
        app.text("reviewed-by")
            .starts_with("Reviewed by Dana Ruiz, MD on "),
        "{}",
        app.text("reviewed-by")
    );
    assert!(
        app.text("next-review").contains("2099"),
        "{}",
        app.text("next-review")
    );
    assert!(!app.exists("last-updated"));
    app.screenshot("review-signed-en");

    // One sentence edited: the record no longer matches.
    let file = dir.path().join("en/alpha-therapy.md");
    let text = fs::read_to_string(&file).expect("fixture");
    assert!(text.contains("made-up treatment"), "the fixture's sentence");
    fs::write(&file, text.replacen("made-up treatment", "made-up therapy", 1)).expect("edit");
    app.wait_until(
        "the reviewer line to go",
        "!document.querySelector('[data-testid=reviewed-by]') && !!document.querySelector('[data-testid=last-updated]')",
    );
    assert!(
        app.text("last-updated").starts_with("Last updated "),
        "{}",
        app.text("last-updated")
    );
    let (_, out) = cli(h, &["check", &root]);
    assert!(
        out.contains("alpha-therapy.md:1:1: warning: changed since Dana Ruiz, MD signed it off on"),
        "{out}"
    );
    let (_, status) = cli(h, &["review", "status", &root]);
    assert!(
        status
            .lines()
            .any(|l| l.starts_with("en/alpha-therapy") && l.contains("CHANGED since Dana Ruiz, MD")),
        "{status}"
    );

    // With require_signoff, the changed page leaves the patient screens; the signed one stays.
    let settings = dir.path().join("clinic.toml");
    let mut toml = fs::read_to_string(&settings).expect("clinic.toml");
    toml.push_str("\n[review]\nrequire_signoff = true\n");
    let mark = h.log_mark();
    fs::write(&settings, toml).expect("write clinic.toml");
    h.wait_for_log(mark, "1 page kept off the patient screens");
    // The page being read is withdrawn under the patient: the screen says it is not there.
    app.wait_for("screen-error");
    app.tap("error-home");
    app.wait_for("tile-beta-therapy");
    assert!(
        !app.exists("tile-alpha-therapy"),
        "the changed page is hidden from patients"
    );
    app.screenshot("review-require-signoff-home");
}

fn preview_window(h: &Harness) {
    let dir = copy_fixture("patient");
    let root = dir_arg(dir.path());
    // A page with something to report: raw HTML (a warning, so it still shows) and a long,
    // hard sentence; the Spanish version lacks a section the English has.
    let file = dir.path().join("en/gamma-therapy.md");
    let text = fs::read_to_string(&file).expect("fixture");
    fs::write(
        &file,
        text.replacen(
            "## What it is",
            "<b>Note</b>\n\nPharmacological considerations necessitate comprehensive cardiovascular evaluation preceding administration.\n\n## What it is",
            1,
        ),
    )
    .expect("edit");
    let es = dir.path().join("es/gamma-therapy.md");
    let text = fs::read_to_string(&es).expect("fixture");
    let text = text.replacen("## Quién no debe recibirla\n", "", 1).replacen(
        "## Qué es",
        "<i>Nota</i>\n\n## Qué es",
        1,
    );
    fs::write(&es, text).expect("edit");
    let app = h.launch(dir.path(), &["preview"]);
    app.wait_for("preview-panel");
    app.tap("lang-en");
    app.tap("tile-gamma-therapy");
    app.wait_for("pv-problem-0");
    let problem = app.text("pv-problem-0");
    assert!(problem.contains("en/gamma-therapy.md:"), "{problem}");
    assert!(problem.contains("raw HTML"), "{problem}");
    app.tap("pv-problem-0");
    app.wait_for("pv-copied");
    assert_eq!(
        app.text("pv-copied"),
        "Copied.",
        "the web view took the line for its clipboard"
    );

    assert!(
        app.text("pv-hard-0").contains("Pharmacological considerations"),
        "{}",
        app.text("pv-hard-0")
    );
    assert!(
        app.text("pv-review").starts_with("Not signed off"),
        "{}",
        app.text("pv-review")
    );
    assert!(
        app.text("pv-translation-0")
            .starts_with("English has 4 sections, Spanish has 3."),
        "{}",
        app.text("pv-translation-0")
    );
    // Exactly as patients see it: the kiosk's own page is beside the panel, not replaced.
    assert!(app.exists("explainer-title") && app.exists("chrome"));
    app.screenshot("preview-problems-en");

    // Spanish, at the largest text size: the page changes, the panel follows.
    app.tap("switch-lang-es");
    app.wait_until(
        "the Spanish report",
        "document.querySelector('[data-testid=pv-file]')?.textContent.includes('es/gamma-therapy.md')",
    );
    assert!(
        app.text("pv-problem-0").contains("es/gamma-therapy.md:"),
        "{}",
        app.text("pv-problem-0")
    );
    for _ in 0..4 {
        app.tap("text-larger");
    }
    app.screenshot("preview-problems-es");

    // Sign the Spanish page off from the window.
    app.run(
        "document.querySelector('[data-testid=pv-by]').value = arguments[0]",
        vec![json!("Ana Gil, MD")],
    );
    app.run(
        "document.querySelector('[data-testid=pv-next]').value = arguments[0]",
        vec![json!("2099-06-01")],
    );
    app.tap("pv-sign");
    app.tap("pv-sign-confirm");
    app.wait_until(
        "the panel to show the sign-off",
        "document.querySelector('[data-testid=pv-review]')?.textContent.startsWith('Signed off by Ana Gil, MD')",
    );
    app.wait_for("reviewed-by");
    assert!(
        app.text("reviewed-by")
            .starts_with("Revisado por Ana Gil, MD el "),
        "{}",
        app.text("reviewed-by")
    );
    let record = fs::read_to_string(dir.path().join("reviews.toml")).expect("reviews.toml written");
    assert!(record.contains("page = \"es/gamma-therapy\""), "{record}");
    assert!(record.contains("by = \"Ana Gil, MD\""), "{record}");
    assert!(record.contains("next = 2099-06-01"), "{record}");
    let (_, status) = cli(h, &["review", "status", &root]);
    let line = |key: &str| {
        status
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("es/gamma-therapy").contains("signed by Ana Gil, MD on "),
        "{status}"
    );
    assert!(
        line("en/gamma-therapy").ends_with("never signed"),
        "only the page shown: {status}"
    );
    app.screenshot("preview-signed-es");

    // It follows edits: one word changed, and both the panel and the page say so.
    let text = fs::read_to_string(&es).expect("es page");
    let edited = text.replacen("Terapia gamma", "Terapia gamma (revisada)", 1);
    assert_ne!(edited, text);
    fs::write(&es, edited).expect("edit");
    app.wait_until(
        "the panel to see the edit",
        "document.querySelector('[data-testid=pv-review]')?.textContent.startsWith('Changed since Ana Gil, MD signed it off')",
    );
    app.wait_until(
        "the reviewer line to go",
        "!document.querySelector('[data-testid=reviewed-by]') && !!document.querySelector('[data-testid=last-updated]')",
    );
    assert!(
        app.text("pv-review").contains("`title` changed"),
        "{}",
        app.text("pv-review")
    );

    // The question lists screen: a report per list, each with its own sign-off.
    app.tap("home-button");
    app.tap("lists-tile");
    app.wait_until(
        "a report on the list",
        "document.querySelector('[data-testid=pv-file]')?.textContent.includes('es/lists/')",
    );
    assert!(
        app.text("pv-review").starts_with("Not signed off"),
        "{}",
        app.text("pv-review")
    );
    app.screenshot("preview-lists-es");
}
