//! Arbitrary bytes as a content file never panic the loader, and whatever it renders is still
//! made only of markup the renderer writes itself.

use std::fs;

use clinic_kiosk::content::library::load_at;
use clinic_kiosk::content::render::render;
use proptest::prelude::*;

fn day() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 26).expect("a real date")
}

/// Bytes shaped like content: a front matter fence, then anything.
fn content_like() -> impl Strategy<Value = Vec<u8>> {
    let any = proptest::collection::vec(any::<u8>(), 0..2048);
    let texty = "(\\+\\+\\+\n)?[ -~\n\t\u{e9}\u{f1}<>\\[\\]()!#*`=\"]{0,800}".prop_map(String::into_bytes);
    prop_oneof![any, texty]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_content_file_never_panic_the_loader(bytes in content_like()) {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("en/lists")).expect("folders");
        fs::write(dir.path().join("en/fuzz.md"), &bytes).expect("write");
        fs::write(dir.path().join("en/lists/fuzz.md"), &bytes).expect("write");
        fs::write(dir.path().join("clinic.toml"), &bytes).expect("write");
        let lib = load_at(dir.path(), day(), None);
        // Either it loaded or every failure was reported with a place in the file.
        prop_assert!(lib.explainer("en", "fuzz").is_some() || lib.error_count() > 0);
        for p in &lib.problems {
            prop_assert!(p.line >= 1 && p.col >= 1);
        }
    }

    #[test]
    fn any_text_renders_without_a_script_tag(text in "\\PC{0,600}") {
        let html = render(&text).html.to_ascii_lowercase();
        prop_assert!(!html.contains("<script"));
        // Text is escaped, so `="` only ever follows a real attribute name.
        for (i, _) in html.match_indices("=\"") {
            let name = html[..i].rsplit([' ', '<']).next().unwrap_or_default();
            prop_assert!(!name.starts_with("on"), "event handler attribute {name} in {html}");
        }
        prop_assert!(!html.contains("href=\"javascript"));
    }
}
