//! The patient's kiosk: welcome and language, explainers, the questions checklist and its
//! printout, the idle privacy reset, English and Spanish, text size and contrast, lockdown, and
//! the three screen shapes. Every screen is saved as a screenshot in both languages.

use std::fs;
use std::time::Duration;

use kiosk_tests::{copy_fixture, fixture, root, App, Harness, Screen, PORTRAIT, SMALL};
use libtest_mimic::Trial;
use serde_json::json;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "patient::a_patient_reads_an_explainer_and_builds_a_checklist",
            a_patient_reads_an_explainer_and_builds_a_checklist,
        ),
        trial(
            "patient::idle_warning_counts_down_and_the_reset_leaves_nothing",
            idle_warning_counts_down_and_the_reset_leaves_nothing,
        ),
        trial(
            "patient::spanish_shows_spanish_words_content_and_picks",
            spanish_shows_spanish_words_content_and_picks,
        ),
        trial(
            "patient::a_missing_spanish_explainer_shows_the_english_one_with_a_notice",
            a_missing_spanish_explainer_shows_the_english_one_with_a_notice,
        ),
        trial(
            "patient::largest_text_and_high_contrast_fit_the_screen",
            largest_text_and_high_contrast_fit_the_screen,
        ),
        trial(
            "patient::the_page_cannot_leave_the_kiosk_or_open_menus",
            the_page_cannot_leave_the_kiosk_or_open_menus,
        ),
        trial(
            "patient::printing_says_what_happened_and_keeps_the_list",
            printing_says_what_happened_and_keeps_the_list,
        ),
        trial(
            "patient::an_edited_explainer_shows_without_losing_the_place",
            an_edited_explainer_shows_without_losing_the_place,
        ),
        trial(
            "patient::every_bundled_explainer_fits_in_both_languages",
            every_bundled_explainer_fits_in_both_languages,
        ),
        trial(
            "patient::screens_fit_portrait_and_small_displays",
            screens_fit_portrait_and_small_displays,
        ),
    ]
}

/// Taps a language on the welcome screen and waits for home.
fn begin(app: &App, lang: &str) {
    app.wait_for("screen-welcome");
    tap(app, &format!("lang-{lang}"));
    app.wait_for("screen-home");
}

/// Taps an element after scrolling it to the middle of the screen, as a patient would.
fn tap(app: &App, id: &str) {
    app.tap_centered(id);
}

/// Waits for a screen to be shown after a tap.
fn tap_to(app: &App, id: &str, screen: &str) {
    tap(app, id);
    app.wait_for(screen);
}

fn pressed(app: &App, id: &str) -> bool {
    let script =
        "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).getAttribute('aria-pressed');";
    app.run(script, vec![json!(id)]) == "true"
}

/// `data-testid`s of elements that stick out of the window sideways, or are cut inside their own
/// box, and pairs of buttons that overlap. Empty when the screen fits.
fn layout_problems(app: &App) -> Vec<String> {
    let script = r#"
        const width = document.documentElement.clientWidth;
        const problems = [];
        if (document.documentElement.scrollWidth > width + 1) problems.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
        const all = Array.from(document.querySelectorAll('[data-testid]'))
            .filter(e => e.getClientRects().length && !e.closest('[hidden]'));
        for (const e of all) {
            const r = e.getBoundingClientRect();
            if (r.left < -1 || r.right > width + 1) problems.push(`${e.dataset.testid} sticks out (${Math.round(r.left)}..${Math.round(r.right)} of ${width})`);
            if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible') problems.push(`${e.dataset.testid} is wider inside than outside (${e.scrollWidth} > ${e.clientWidth})`);
        }
        const buttons = all.filter(e => e.matches('button') && !e.closest('.session-bar'));
        for (let i = 0; i < buttons.length; i++) for (let j = i + 1; j < buttons.length; j++) {
            const a = buttons[i].getBoundingClientRect(), b = buttons[j].getBoundingClientRect();
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                problems.push(`${buttons[i].dataset.testid} overlaps ${buttons[j].dataset.testid}`);
        }
        const small = buttons.filter(e => { const r = e.getBoundingClientRect(); return r.width < 47.5 || r.height < 47.5; });
        for (const e of small) problems.push(`${e.dataset.testid} is smaller than 48x48`);
        return problems;
    "#;
    serde_json::from_value(app.run(script, vec![])).unwrap_or_default()
}

fn assert_fits(app: &App, what: &str) {
    let problems = layout_problems(app);
    assert!(problems.is_empty(), "{what}: {problems:#?}");
}

/// A copy of a fixture folder with its clinic.toml changed by `edit`.
fn fixture_copy(name: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = copy_fixture(name);
    let toml = dir.path().join("clinic.toml");
    let text = fs::read_to_string(&toml).expect("read clinic.toml");
    fs::write(&toml, edit(text)).expect("write clinic.toml");
    dir
}

fn review_order(app: &App) -> Vec<String> {
    app.testids("review-item-")
}

fn a_patient_reads_an_explainer_and_builds_a_checklist(h: &Harness) {
    let app = h.launch(&fixture("patient"), &[]);
    app.wait_for("screen-welcome");
    let welcome = app.text("welcome-title");
    assert!(welcome.contains("Welcome to Sunrise Test Clinic"), "{welcome}");
    assert!(welcome.contains("Bienvenido a Sunrise Test Clinic"), "{welcome}");
    assert_eq!(app.text("lang-en"), "English");
    assert_eq!(app.text("lang-es"), "Español");
    app.screenshot("patient-welcome");

    begin(&app, "en");
    assert_eq!(
        app.testids("category-"),
        ["category-offered", "category-asked-about"]
    );
    assert_eq!(
        app.testids("tile-"),
        ["tile-gamma-therapy", "tile-delta-therapy", "tile-epsilon-therapy"]
    );
    assert!(app.text("badge-gamma-therapy").contains("Off-label"));
    assert!(app.exists("lists-tile"));
    assert_eq!(app.text("my-questions"), "My questions (0)");
    app.screenshot("patient-en-home");

    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    assert_eq!(app.text("explainer-title"), "Gamma therapy");
    assert!(app.text("crisis-notice").contains("988"));
    let facts = app.text("key-facts");
    assert!(
        facts.contains("Key facts") && facts.contains("off-label"),
        "{facts}"
    );
    assert!(facts.contains("Last updated November 20, 2026"), "{facts}");
    assert!(
        !app.exists("reviewed-by"),
        "no sign-off record: no reviewer is named"
    );
    assert!(app.exists("section-link-md-what-studies-show"));
    assert!(app.text("not-medical-advice").contains("not medical advice"));
    assert!(app.exists("source-qr-1"), "a web source has a QR code");
    assert!(!app.exists("source-qr-2"), "a print-only source has none");
    assert!(!app.exists("fallback-notice"));
    app.screenshot("patient-en-explainer");
    // The QR code is a picture the page actually decoded, drawn square at the size the CSS asks.
    let qr = app.run(
        "const img = document.querySelector('[data-testid=source-qr-1]'); \
         img.scrollIntoView({block: 'center'}); \
         return [img.complete, img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width];",
        vec![],
    );
    let natural = qr[1].as_f64().unwrap_or(0.0);
    assert!(
        qr[0] == true && natural >= 21.0 && qr[1] == qr[2],
        "QR image {qr}"
    );
    assert!(
        qr[3].as_f64().unwrap_or(0.0) >= 120.0,
        "QR drawn large enough to scan: {qr}"
    );
    app.screenshot("patient-en-explainer-sources");

    // The section list jumps to its section.
    tap(&app, "section-link-md-who-should-not-have-it");
    app.wait_until(
        "the section to scroll into view",
        "Math.abs(document.getElementById('md-who-should-not-have-it').getBoundingClientRect().top) < 80",
    );

    // Links in the body: an anchor scrolls within the page; another explainer opens in the app.
    app.run("window.scrollTo(0, 0); document.querySelector('[data-testid=explainer-body] a[data-anchor]').click()", vec![]);
    app.wait_until(
        "the anchor's section to scroll into view",
        "Math.abs(document.getElementById('md-what-it-is').getBoundingClientRect().top) < 80",
    );
    app.run(
        "document.querySelector('[data-testid=explainer-body] a[data-explainer]').click()",
        vec![],
    );
    app.wait_until(
        "the linked explainer",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Delta therapy'",
    );
    tap_to(&app, "back-button", "screen-explainer");
    assert_eq!(app.text("explainer-title"), "Gamma therapy");

    let picks = ["is-it-approved", "side-effects", "how-many"];
    for key in picks {
        let id = format!("question-gamma-therapy:{key}");
        assert!(!pressed(&app, &id));
        tap(&app, &id);
        assert!(pressed(&app, &id), "{id} is pressed after a tap");
        assert!(app.text(&id).contains("Added"), "{id} says Added");
    }
    assert_eq!(app.text("my-questions"), "My questions (3)");
    app.screenshot("patient-en-explainer-questions");

    tap_to(&app, "my-questions", "screen-review");
    assert_eq!(
        review_order(&app),
        picks.map(|k| format!("review-item-gamma-therapy:{k}"))
    );
    tap(&app, "review-down-gamma-therapy:is-it-approved");
    assert_eq!(
        review_order(&app),
        ["side-effects", "is-it-approved", "how-many"].map(|k| format!("review-item-gamma-therapy:{k}"))
    );
    tap(&app, "review-remove-gamma-therapy:side-effects");
    assert_eq!(
        review_order(&app),
        ["is-it-approved", "how-many"].map(|k| format!("review-item-gamma-therapy:{k}"))
    );
    assert_eq!(app.text("my-questions"), "My questions (2)");
    app.screenshot("patient-en-review");

    // Back on the explainer, the removed question is no longer added.
    tap_to(&app, "back-button", "screen-explainer");
    assert!(!pressed(&app, "question-gamma-therapy:side-effects"));
    assert!(pressed(&app, "question-gamma-therapy:how-many"));

    // The general lists add to the same checklist.
    tap_to(&app, "home-button", "screen-home");
    tap_to(&app, "lists-tile", "screen-lists");
    tap(&app, "question-lists/before-any-treatment:main-problem");
    assert_eq!(app.text("my-questions"), "My questions (3)");
    app.screenshot("patient-en-lists");

    // Start over is a full reset, like the idle timeout.
    tap(&app, "start-over");
    app.wait_for("screen-welcome");
    begin(&app, "en");
    assert_eq!(app.text("my-questions"), "My questions (0)");
}

/// Moves the page's clock on by `seconds` as far as the idle timer can tell. The timer reads
/// `performance.now()` on a tick every 250 ms, so shifting what that returns is the same to it as
/// the time passing, and a test needs not sit through 10 s of idle time several times. The shift
/// lasts until the page reloads (every session end), like the timer itself.
pub(crate) fn skip_ahead(app: &App, seconds: u32) {
    app.run(
        "const p = performance;
         p.__realNow = p.__realNow || p.now.bind(p);
         p.__skew = (p.__skew || 0) + arguments[0] * 1000;
         p.now = () => p.__realNow() + p.__skew;",
        vec![json!(seconds)],
    );
}

/// Long enough for the idle timer to tick twice (it ticks every 250 ms): what a test gives it to
/// show a dialog it should not show. Absence can only be seen by waiting; this is the least wait.
const TWO_TICKS: Duration = Duration::from_millis(600);

fn idle_warning_counts_down_and_the_reset_leaves_nothing(h: &Harness) {
    let content = fixture_copy("patient", |toml| {
        toml.replace("idle_seconds = 120", "idle_seconds = 10")
            .replace("warning_seconds = 20", "warning_seconds = 5")
    });
    let app = h.launch(content.path(), &[]);
    app.wait_for("screen-welcome");
    // Nothing to protect on the welcome screen: no timer runs there.
    skip_ahead(&app, 11);
    std::thread::sleep(TWO_TICKS);
    assert!(
        !app.exists("idle-dialog"),
        "no idle question on the welcome screen"
    );

    begin(&app, "es");
    tap(&app, "text-larger");
    tap(&app, "contrast-toggle");
    tap_to(&app, "lists-tile", "screen-lists");
    tap(&app, "question-lists/before-any-treatment:main-problem");
    assert_eq!(app.text("my-questions"), "Mis preguntas (1)");

    let dialog_shown = "document.querySelector('[data-testid=idle-dialog]')";
    // Not yet: 9 s after the last touch the patient is still reading.
    skip_ahead(&app, 9);
    std::thread::sleep(TWO_TICKS);
    assert!(!app.exists("idle-dialog"), "no question before the idle time");
    skip_ahead(&app, 2);
    app.wait_until("the idle question", dialog_shown);
    let count: u32 = app.text("idle-countdown").parse().expect("a number of seconds");
    assert!((1..=5).contains(&count), "countdown {count}");
    assert!(app.text("idle-dialog").contains("¿Sigue ahí?"));
    app.screenshot("patient-es-idle");

    // "I'm still here" restarts the full idle time.
    tap(&app, "idle-stay");
    assert!(!app.exists("idle-dialog"));
    skip_ahead(&app, 7);
    std::thread::sleep(TWO_TICKS);
    assert!(!app.exists("idle-dialog"), "the idle time restarted in full");
    assert_eq!(app.text("my-questions"), "Mis preguntas (1)", "nothing was lost");

    // Nobody answers: back to the welcome screen with everything cleared.
    skip_ahead(&app, 4);
    app.wait_until("the idle question again", dialog_shown);
    app.screenshot("patient-es-idle-again");
    // The countdown runs on the same clock: 5 s on, the session is over.
    skip_ahead(&app, 6);
    app.wait_until(
        "the welcome screen after the reset",
        "document.querySelector('[data-testid=screen-welcome]')",
    );
    let leftovers = app.run(
        r#"return (async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            cookie: document.cookie,
            databases: indexedDB.databases ? (await indexedDB.databases()).length : 0,
            contrast: document.documentElement.classList.contains('high-contrast'),
            scale: getComputedStyle(document.documentElement).getPropertyValue('--text-scale').trim(),
            lang: document.documentElement.lang,
            overlay: document.getElementById('overlay').childElementCount,
        }))();"#,
        vec![],
    );
    assert_eq!(
        leftovers,
        json!({"local": 0, "session": 0, "cookie": "", "databases": 0, "contrast": false,
               "scale": "1", "lang": "en", "overlay": 0})
    );
    begin(&app, "en");
    assert_eq!(app.text("my-questions"), "My questions (0)");
    assert!(app.run("return window.scrollY", vec![]) == json!(0));
    skip_ahead(&app, 11);
    app.wait_until("the idle question in English", dialog_shown);
    assert!(app.text("idle-dialog").contains("Are you still there?"));
    app.screenshot("patient-en-idle");
}

fn spanish_shows_spanish_words_content_and_picks(h: &Harness) {
    let app = h.launch(&fixture("patient"), &[]);
    begin(&app, "es");
    assert_eq!(app.text("home-title"), "Infórmese sobre los tratamientos");
    assert!(app
        .text("category-offered")
        .contains("Tratamientos que ofrecemos"));
    assert!(app.text("tile-gamma-therapy").contains("Terapia gamma"));
    assert!(app.text("badge-delta-therapy").contains("No comprobado"));
    assert!(app.text("start-over").contains("Empezar de nuevo"));
    app.screenshot("patient-es-home");

    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    assert_eq!(app.text("explainer-title"), "Terapia gamma");
    assert!(app.text("key-facts").contains("Datos clave"));
    assert!(app.text("key-facts").contains("20 de noviembre de 2026"));
    assert!(app.text("crisis-notice").contains("988"));
    assert_eq!(app.run("return document.documentElement.lang", vec![]), "es");
    app.screenshot("patient-es-explainer");
    tap(&app, "question-gamma-therapy:is-it-approved");
    assert!(app
        .text("question-gamma-therapy:is-it-approved")
        .contains("Agregada"));

    tap_to(&app, "home-button", "screen-home");
    tap_to(&app, "lists-tile", "screen-lists");
    assert!(app
        .text("screen-lists")
        .contains("Antes de cualquier tratamiento"));
    tap(&app, "question-lists/before-any-treatment:do-nothing");
    app.screenshot("patient-es-lists");

    tap_to(&app, "my-questions", "screen-review");
    assert_eq!(app.text("review-title"), "Mis preguntas para mi proveedor");
    assert_eq!(
        app.text("review-text-gamma-therapy:is-it-approved"),
        "¿Está aprobada la terapia gamma para mi condición?"
    );
    app.screenshot("patient-es-review");

    // Switching language mid-session keeps the picks and shows them in the new language.
    tap(&app, "switch-lang-en");
    app.wait_until(
        "the review in English",
        "document.querySelector('[data-testid=review-title]')?.textContent === 'My questions for my provider'",
    );
    assert_eq!(
        app.text("review-text-gamma-therapy:is-it-approved"),
        "Is gamma therapy approved for my condition?"
    );
    assert_eq!(
        app.text("review-text-lists/before-any-treatment:do-nothing"),
        "What happens if I wait or do nothing?"
    );
    assert_eq!(app.text("my-questions"), "My questions (2)");

    // The empty review says how to add questions.
    tap(&app, "review-remove-gamma-therapy:is-it-approved");
    tap(&app, "review-remove-lists/before-any-treatment:do-nothing");
    tap(&app, "switch-lang-es");
    app.wait_until(
        "the review in Spanish",
        "document.querySelector('[data-testid=review-empty]')?.textContent.startsWith('Todavía')",
    );
    app.screenshot("patient-es-review-empty");
}

fn a_missing_spanish_explainer_shows_the_english_one_with_a_notice(h: &Harness) {
    let app = h.launch(&fixture("patient"), &[]);
    begin(&app, "es");
    assert_eq!(app.text("in-english-epsilon-therapy"), "En inglés");
    assert!(!app.exists("in-english-gamma-therapy"));
    tap_to(&app, "tile-epsilon-therapy", "screen-explainer");
    assert_eq!(app.text("explainer-title"), "Epsilon therapy");
    assert_eq!(
        app.text("fallback-notice"),
        "Esta página todavía no está en español. Aquí la tiene en inglés."
    );
    // The interface stays in Spanish; the English text is marked as English.
    assert!(app.text("key-facts").contains("Datos clave"));
    assert_eq!(
        app.run(
            "return document.querySelector('[data-testid=explainer-body]').lang",
            vec![]
        ),
        "en"
    );
    app.screenshot("patient-es-fallback");
}

fn largest_text_and_high_contrast_fit_the_screen(h: &Harness) {
    let app = h.launch(&fixture("patient"), &[]);
    for lang in ["en", "es"] {
        begin(&app, lang);
        for _ in 0..4 {
            tap(&app, "text-larger");
        }
        assert_eq!(
            app.run(
                "return document.querySelector('[data-testid=text-larger]').disabled",
                vec![]
            ),
            true,
            "five steps (issue 19: up to 200 %), and the largest is the last"
        );
        tap(&app, "contrast-toggle");
        assert!(pressed(&app, "contrast-toggle"));
        let scale = app.run(
            "return getComputedStyle(document.documentElement).fontSize",
            vec![],
        );
        assert_fits(&app, &format!("{lang} home at {scale}"));
        app.screenshot(&format!("patient-{lang}-large-home"));

        tap_to(&app, "tile-gamma-therapy", "screen-explainer");
        tap(&app, "question-gamma-therapy:side-effects");
        assert_fits(&app, &format!("{lang} explainer"));
        app.screenshot(&format!("patient-{lang}-large-explainer"));
        app.run(
            "document.querySelector('[data-testid=explainer-questions]').scrollIntoView()",
            vec![],
        );
        app.screenshot(&format!("patient-{lang}-large-explainer-questions"));

        tap_to(&app, "home-button", "screen-home");
        tap_to(&app, "lists-tile", "screen-lists");
        tap(&app, "question-lists/before-any-treatment:simpler-options");
        assert_fits(&app, &format!("{lang} lists"));
        app.screenshot(&format!("patient-{lang}-large-lists"));

        tap_to(&app, "my-questions", "screen-review");
        assert_fits(&app, &format!("{lang} review"));
        app.screenshot(&format!("patient-{lang}-large-review"));

        // Smaller text and normal contrast come back.
        tap(&app, "contrast-toggle");
        assert!(!pressed(&app, "contrast-toggle"));
        for _ in 0..4 {
            tap(&app, "text-smaller");
        }
        assert_eq!(
            app.run(
                "return getComputedStyle(document.documentElement).getPropertyValue('--text-scale').trim()",
                vec![]
            ),
            "1"
        );
        tap(&app, "start-over");
    }
}

fn the_page_cannot_leave_the_kiosk_or_open_menus(h: &Harness) {
    let app = h.launch(&fixture("patient"), &[]);
    begin(&app, "en");
    let prevented = |script: &str| app.run(script, vec![]);
    assert_eq!(
        prevented(
            "const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true}); \
             document.querySelector('[data-testid=home-title]').dispatchEvent(e); return e.defaultPrevented;"
        ),
        true,
        "the context menu is prevented"
    );
    assert_eq!(
        prevented(
            "const e = new DragEvent('dragstart', {bubbles: true, cancelable: true}); \
             document.querySelector('[data-testid=tile-gamma-therapy]').dispatchEvent(e); return e.defaultPrevented;"
        ),
        true,
        "dragging is prevented"
    );
    let keys = [
        json!({"key": "F5"}),
        json!({"key": "r", "ctrlKey": true}),
        json!({"key": "w", "ctrlKey": true}),
        json!({"key": "p", "ctrlKey": true}),
        json!({"key": "+", "ctrlKey": true}),
        json!({"key": "-", "ctrlKey": true}),
        json!({"key": "0", "ctrlKey": true}),
        json!({"key": "ArrowLeft", "altKey": true}),
    ];
    for key in keys {
        let result = app.run(
            "const e = new KeyboardEvent('keydown', Object.assign({bubbles: true, cancelable: true}, arguments[0])); \
             document.body.dispatchEvent(e); return e.defaultPrevented;",
            vec![key.clone()],
        );
        assert_eq!(result, true, "{key} is prevented");
    }
    assert_eq!(
        prevented(
            "const e = new WheelEvent('wheel', {bubbles: true, cancelable: true, ctrlKey: true, deltaY: -100}); \
             document.body.dispatchEvent(e); return e.defaultPrevented;"
        ),
        true,
        "ctrl+wheel zoom is prevented"
    );

    // The refusal is waited for where the kiosk decides it, in its log.
    let here = app.run("return location.href", vec![]);
    let mark = h.log_mark();
    app.run("window.location = 'https://example.com/'; return true;", vec![]);
    h.wait_for_log(mark, "refused navigation away from the kiosk");
    assert_eq!(
        app.run("return location.href", vec![]),
        here,
        "still on the kiosk's page"
    );
    app.wait_for("screen-home");
    let opened = app.run("return window.open('https://example.com/') === null", vec![]);
    assert_eq!(opened, true, "window.open gives nothing");
    // WebKit blocks a scripted popup itself, before asking the app, so no refusal is logged and
    // there is no event to wait for: only time shows that nothing else happened.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(app.run("return location.href", vec![]), here);
    app.wait_for("screen-home");
    let selectable = app.run(
        "return getComputedStyle(document.querySelector('[data-testid=home-title]')).webkitUserSelect",
        vec![],
    );
    assert_eq!(selectable, "none");
}

fn printing_says_what_happened_and_keeps_the_list(h: &Harness) {
    // Not configured: the review says so instead of offering a button.
    {
        let app = h.launch(&fixture("patient"), &[]);
        begin(&app, "en");
        tap_to(&app, "tile-delta-therapy", "screen-explainer");
        tap(&app, "question-delta-therapy:evidence");
        tap_to(&app, "my-questions", "screen-review");
        assert!(!app.exists("print-button"));
        assert!(app
            .text("print-status")
            .contains("Printing is not set up on this kiosk"));
        app.screenshot("patient-en-review-no-printer");
    }

    // A print folder that does not exist: a kind message, and the list stays.
    let out = tempfile::tempdir().expect("temp dir");
    let missing = out.path().join("not-there");
    let content = fixture_copy("patient", |toml| {
        format!(
            "{toml}\n[printer]\nfolder = {:?}\n",
            missing.display().to_string()
        )
    });
    {
        let app = h.launch(content.path(), &[]);
        begin(&app, "es");
        tap_to(&app, "tile-delta-therapy", "screen-explainer");
        tap(&app, "question-delta-therapy:evidence");
        tap_to(&app, "my-questions", "screen-review");
        tap(&app, "print-button");
        app.wait_until(
            "a printer error",
            "document.querySelector('[data-testid=print-status]').textContent.includes('La impresora no está funcionando')",
        );
        assert!(
            app.exists("review-item-delta-therapy:evidence"),
            "the list is still there"
        );
        app.screenshot("patient-es-review-print-error");
    }

    // A working print folder: a PDF arrives and the patient is told where to pick it up.
    fs::create_dir(&missing).expect("create the print folder");
    let app = h.launch(content.path(), &[]);
    begin(&app, "en");
    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    tap(&app, "question-gamma-therapy:cost");
    tap_to(&app, "my-questions", "screen-review");
    tap(&app, "print-button");
    app.wait_until(
        "the printed message",
        "document.querySelector('[data-testid=print-status]').textContent.includes('please pick it up at the front desk')",
    );
    app.screenshot("patient-en-review-printed");
    let pdfs: Vec<_> = fs::read_dir(&missing)
        .expect("read print folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one checklist was printed");
}

fn an_edited_explainer_shows_without_losing_the_place(h: &Harness) {
    let content = fixture_copy("patient", |toml| toml);
    let app = h.launch(content.path(), &[]);
    begin(&app, "en");
    tap_to(&app, "tile-gamma-therapy", "screen-explainer");
    tap(&app, "question-gamma-therapy:cost");
    let file = content.path().join("en").join("gamma-therapy.md");
    let text = fs::read_to_string(&file).expect("read explainer");
    fs::write(
        &file,
        text.replace("title = \"Gamma therapy\"", "title = \"Gamma therapy, updated\""),
    )
    .expect("edit explainer");
    app.wait_until(
        "the edited title",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Gamma therapy, updated'",
    );
    assert!(
        pressed(&app, "question-gamma-therapy:cost"),
        "the pick survives a reload"
    );
    assert_eq!(app.text("my-questions"), "My questions (1)");
}

/// The clinic's real content, not a fixture: long titles, sources and lists must fit too.
fn every_bundled_explainer_fits_in_both_languages(h: &Harness) {
    let app = h.launch(&root().join("content"), &[]);
    for lang in ["en", "es"] {
        begin(&app, lang);
        let tiles: Vec<String> = app.testids("tile-");
        assert!(!tiles.is_empty(), "the bundled content has explainers");
        for tile in &tiles {
            tap_to(&app, tile, "screen-explainer");
            let id = tile.trim_start_matches("tile-");
            assert_fits(&app, &format!("bundled {lang} {id}"));
            app.screenshot(&format!("patient-bundled-{lang}-{id}"));
            app.run(
                "document.querySelector('[data-testid=sources]')?.scrollIntoView()",
                vec![],
            );
            app.screenshot(&format!("patient-bundled-{lang}-{id}-sources"));
            tap_to(&app, "home-button", "screen-home");
        }
        if app.exists("lists-tile") {
            tap_to(&app, "lists-tile", "screen-lists");
            assert_fits(&app, &format!("bundled {lang} lists"));
            app.screenshot(&format!("patient-bundled-{lang}-lists"));
        }
        tap(&app, "start-over");
    }
}

fn screens_fit_portrait_and_small_displays(_: &Harness) {
    for (name, screen) in [("portrait", PORTRAIT), ("small", SMALL)] {
        tour_on(name, screen);
    }
}

/// Visits every screen in both languages on a display of another size, at normal and largest text.
fn tour_on(name: &str, screen: Screen) {
    let h = Harness::start_on(screen).unwrap_or_else(|e| panic!("a {name} display: {e}"));
    let app = h.launch(&fixture("patient"), &[]);
    let size = app.run("return [innerWidth, innerHeight]", vec![]);
    assert_eq!(
        size,
        json!([screen.width, screen.height]),
        "the kiosk fills the {name} display"
    );
    app.wait_for("screen-welcome");
    assert_fits(&app, &format!("{name} welcome"));
    app.screenshot(&format!("patient-{name}-welcome"));
    for lang in ["en", "es"] {
        begin(&app, lang);
        for large in [false, true] {
            let tag = if large {
                format!("{name}-{lang}-large")
            } else {
                format!("{name}-{lang}")
            };
            if large {
                tap(&app, "text-larger");
                tap(&app, "text-larger");
            }
            if app.exists("home-button") {
                tap_to(&app, "home-button", "screen-home");
            }
            assert_fits(&app, &format!("{tag} home"));
            app.screenshot(&format!("patient-{tag}-home"));
            tap_to(&app, "tile-gamma-therapy", "screen-explainer");
            if !pressed(&app, "question-gamma-therapy:how-many") {
                tap(&app, "question-gamma-therapy:how-many");
            }
            assert_fits(&app, &format!("{tag} explainer"));
            app.screenshot(&format!("patient-{tag}-explainer"));
            tap_to(&app, "my-questions", "screen-review");
            assert_fits(&app, &format!("{tag} review"));
            app.screenshot(&format!("patient-{tag}-review"));
        }
        tap(&app, "start-over");
    }
}
