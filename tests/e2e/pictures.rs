//! Pictures in explainers: a picture in the content folder's `media/` reaches the screen, in
//! English and in Spanish. The renderer writes its address on the `media` protocol, the CSP lets
//! the page load it, the protocol serves it, WebKit decodes it, and the layout draws it where a
//! patient can see it; each of those can break on its own, so the test looks at the end of the
//! chain: the decoded size, the box on screen, and the picture's own colour in the X server's
//! pixels.

use kiosk_tests::{fixture, grab_screen, App, Harness};
use libtest_mimic::Trial;
use serde_json::Value;

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![trial(
        "pictures::an_explainers_picture_is_decoded_and_drawn_in_english_and_spanish",
        an_explainers_picture_is_decoded_and_drawn_in_english_and_spanish,
    )]
}

/// The muscle layer's red in `tests/fixtures/pictures/media/injection-layers.svg`: nothing else
/// on the kiosk's screens is this colour, so finding it on screen means the picture was drawn.
const MUSCLE_RED: [u8; 3] = [0xd9, 0x53, 0x4f];

/// Scrolls the body's picture to the middle of the screen, waits until WebKit is done with it,
/// and returns what the page knows of it.
fn picture(app: &App) -> Value {
    let img = "document.querySelector('[data-testid=explainer-body] img')";
    app.wait_until("a picture in the explainer's body", img);
    app.run(&format!("{img}.scrollIntoView({{block: 'center'}})"), vec![]);
    // `complete` is also true for a picture that failed to load: the assertions tell them apart.
    app.wait_until("the picture to finish loading", &format!("{img}.complete"));
    app.run(
        &format!(
            "const img = {img}; \
             const r = img.getBoundingClientRect(); \
             const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
             const style = getComputedStyle(img); \
             return {{ src: img.getAttribute('src'), alt: img.alt, \
                      naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, \
                      left: r.left, top: r.top, width: r.width, height: r.height, \
                      viewWidth: innerWidth, viewHeight: innerHeight, \
                      screenX: screenX, screenY: screenY, ratio: devicePixelRatio, \
                      onTop: hit === img, visible: style.visibility === 'visible' && style.opacity === '1' }};"
        ),
        vec![],
    )
}

/// Checks the picture decoded and lies, whole and uncovered, inside the viewport.
fn assert_decoded_and_drawn(lang: &str, p: &Value) {
    let num = |k: &str| p[k].as_f64().unwrap_or(f64::NAN);
    assert!(num("naturalWidth") > 0.0, "{lang}: the picture decoded: {p}");
    assert!(num("naturalHeight") > 0.0, "{lang}: the picture decoded: {p}");
    assert_eq!(
        p["src"], "media://localhost/injection-layers.svg",
        "{lang}: the picture is asked of the media protocol: {p}"
    );
    assert!(
        num("width") > 100.0 && num("height") > 40.0,
        "{lang}: drawn at a readable size: {p}"
    );
    assert!(
        num("left") >= 0.0
            && num("top") >= 0.0
            && num("left") + num("width") <= num("viewWidth")
            && num("top") + num("height") <= num("viewHeight"),
        "{lang}: the whole picture is inside the viewport: {p}"
    );
    assert!(
        p["onTop"] == true && p["visible"] == true,
        "{lang}: nothing covers it: {p}"
    );
}

/// The share of the picture's box on screen that shows the picture's muscle red.
fn share_of_muscle_red(h: &Harness, p: &Value) -> f64 {
    let num = |k: &str| p[k].as_f64().unwrap_or(0.0);
    let (w, _, rgb) = grab_screen(h.display()).expect("the X server's pixels");
    let scale = num("ratio").max(1.0);
    let x0 = ((num("screenX") + num("left")) * scale).ceil() as usize;
    let y0 = ((num("screenY") + num("top")) * scale).ceil() as usize;
    let x1 = ((num("screenX") + num("left") + num("width")) * scale).floor() as usize;
    let y1 = ((num("screenY") + num("top") + num("height")) * scale).floor() as usize;
    let (mut red, mut all) = (0usize, 0usize);
    for y in y0..y1 {
        for x in x0..x1.min(usize::from(w)) {
            let at = (y * usize::from(w) + x) * 3;
            let Some(px) = rgb.get(at..at + 3) else { continue };
            all += 1;
            if px.iter().zip(MUSCLE_RED).all(|(&a, b)| a.abs_diff(b) <= 6) {
                red += 1;
            }
        }
    }
    red as f64 / all.max(1) as f64
}

fn an_explainers_picture_is_decoded_and_drawn_in_english_and_spanish(h: &Harness) {
    let app = h.launch(&fixture("pictures"), &[]);
    app.wait_for("screen-welcome");
    app.tap_centered("lang-en");
    app.wait_for("screen-home");
    app.tap_centered("tile-shot-therapy");
    app.wait_until(
        "the English explainer",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Shot therapy'",
    );
    let en = picture(&app);
    assert_decoded_and_drawn("en", &en);
    assert!(
        en["alt"].as_str().is_some_and(|a| a.starts_with("Diagram:")),
        "{en}"
    );
    let shot = app.screenshot("picture-en");
    // The muscle layer is about a fifth of the picture; a broken-image box has none of its red.
    let share = share_of_muscle_red(h, &en);
    println!(
        "    en: {en}\n    muscle red on {:.0} % of the box; {}",
        share * 100.0,
        shot.display()
    );
    assert!(
        share > 0.10,
        "en: the picture's pixels are on screen ({share:.3}); see {}",
        shot.display()
    );

    // The same explainer in Spanish, from the bar at the top: a new body, the same picture.
    app.tap_centered("switch-lang-es");
    app.wait_until(
        "the Spanish explainer",
        "document.querySelector('[data-testid=explainer-title]')?.textContent === 'Terapia con inyección'",
    );
    let es = picture(&app);
    assert_decoded_and_drawn("es", &es);
    assert!(
        es["alt"].as_str().is_some_and(|a| a.starts_with("Diagrama:")),
        "{es}"
    );
    let shot = app.screenshot("picture-es");
    let share = share_of_muscle_red(h, &es);
    println!(
        "    es: {es}\n    muscle red on {:.0} % of the box; {}",
        share * 100.0,
        shot.display()
    );
    assert!(
        share > 0.10,
        "es: the picture's pixels are on screen ({share:.3}); see {}",
        shot.display()
    );
}
