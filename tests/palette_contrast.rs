//! WCAG 2.2 AA contrast for every text/background pair the UI uses, in every theme: computed from
//! ui/styles/palette.css, where each colour is a `--name: #rrggbb;` line and each pair a
//! `pair: --text on --background (ratio)` line.

use std::collections::BTreeMap;
use std::fs;

use kiosk_tests::root;

/// Relative luminance of an sRGB colour (WCAG 2.2's definition).
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits")) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `--name` → `#rrggbb`.
type Colours = BTreeMap<String, String>;
/// (text colour name, background colour name, minimum ratio).
type Pair = (String, String, f64);

fn palette() -> (Colours, Vec<Pair>) {
    let css = fs::read_to_string(root().join("ui/styles/palette.css")).expect("palette.css");
    let mut colours = BTreeMap::new();
    let mut pairs = Vec::new();
    for line in css.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pair:") {
            let (text, rest) = rest.trim().split_once(" on ").expect("pair: A on B (ratio)");
            let (bg, ratio) = rest.split_once(" (").expect("(ratio)");
            let ratio: f64 = ratio.trim_end_matches(')').parse().expect("a number");
            pairs.push((text.trim().to_string(), bg.trim().to_string(), ratio));
        } else if let Some((name, value)) = line.strip_prefix("--").and_then(|l| l.split_once(':')) {
            let value = value.trim().trim_end_matches(';');
            if value.starts_with('#') {
                assert_eq!(
                    value.len(),
                    7,
                    "--{name} must be a 6-digit hex colour, not {value}"
                );
                colours.insert(format!("--{name}"), value.to_string());
            }
        }
    }
    (colours, pairs)
}

#[test]
fn every_pair_meets_wcag_aa_in_every_theme() {
    let (colours, pairs) = palette();
    assert!(
        pairs.len() >= 20,
        "the palette lists its pairs ({} found)",
        pairs.len()
    );
    let mut failures = Vec::new();
    for (text, bg, min) in &pairs {
        let (Some(t), Some(b)) = (colours.get(text), colours.get(bg)) else {
            failures.push(format!("{text} on {bg}: colour not defined"));
            continue;
        };
        let ratio = contrast(t, b);
        if ratio < *min {
            failures.push(format!("{text} ({t}) on {bg} ({b}): {ratio:.2}:1, needs {min}:1"));
        }
    }
    assert!(failures.is_empty(), "contrast too low:\n{}", failures.join("\n"));
}

#[test]
fn both_themes_are_checked() {
    let (_, pairs) = palette();
    assert!(pairs.iter().any(|(t, _, _)| t.starts_with("--std-")));
    assert!(pairs.iter().any(|(t, _, _)| t.starts_with("--hc-")));
}

#[test]
fn the_contrast_formula_matches_wcag_examples() {
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
    assert!(
        contrast("#777777", "#ffffff") < 4.5,
        "a test that cannot fail is a defect"
    );
}
