//! Text written for one US state's law, shown only where `clinic.toml`'s `state` says the clinic
//! is. A page marks it with two comment lines Markdown never shows:
//!
//! ```markdown
//! [//]: # (STATE CA)
//! ## California law on alternative treatments
//! …
//!
//! [//]: # (END STATE)
//! ```
//!
//! Each marker needs a blank line before it (straight after text, Markdown would show it).
//!
//! Elsewhere the lines between are blanked, byte for byte, before rendering, so every problem in
//! the rest of the page stays at its own line and column. `check` still reads the hidden text
//! (the page is checked as written), and a page's sign-off covers every state's text.

/// The page's body as patients in `state` see it, or why the markers can't be read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The body with other states' text blanked; `None` when nothing is hidden.
    pub text: Option<String>,
    /// (byte offset in the body, message): markers that don't pair up or name no state.
    pub errors: Vec<(usize, String)>,
}

const OPEN: &str = "[//]: # (STATE ";
const CLOSE: &str = "[//]: # (END STATE)";

/// Applies the page's state markers for a clinic in `state` (`None`: no state's text is shown).
pub fn apply(body: &str, state: Option<&str>) -> Shown {
    let mut shown = Shown::default();
    // (offset of the marker, whether its text is shown)
    let mut open: Option<(usize, bool)> = None;
    let mut hide: Vec<std::ops::Range<usize>> = Vec::new();
    let mut offset = 0;
    let mut after_blank = true;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let marker = line.trim();
        let blank_before = after_blank;
        after_blank = marker.is_empty();
        let is_marker = marker.starts_with(OPEN) || marker == CLOSE;
        if is_marker && !blank_before {
            // Markdown reads a comment line straight after text as more of that paragraph, so
            // patients would see the marker.
            shown.errors.push((
                start,
                "put a blank line before this marker: straight after text, Markdown shows it as text".into(),
            ));
        }
        if let Some(rest) = marker.strip_prefix(OPEN) {
            let code = rest.strip_suffix(')').unwrap_or("").trim();
            if let Some((at, _)) = open {
                shown.errors.push((
                    start,
                    format!(
                        "a second `{OPEN}…)` before the `{CLOSE}` of the one on line {}: close the first",
                        line_of(body, at)
                    ),
                ));
                continue;
            }
            if !crate::settings::is_us_state(code) {
                shown.errors.push((
                    start,
                    format!(
                        "`{}` names no US state: write it like `{OPEN}CA)`",
                        crate::problem::escape(marker)
                    ),
                ));
                // Hidden everywhere until it is fixed, rather than shown everywhere.
                open = Some((start, false));
                continue;
            }
            open = Some((start, state == Some(code)));
        } else if marker == CLOSE {
            match open.take() {
                Some((from, false)) => hide.push(from..offset),
                Some((_, true)) => {}
                None => shown
                    .errors
                    .push((start, format!("`{CLOSE}` with no `{OPEN}…)` before it"))),
            }
        }
    }
    if let Some((at, _)) = open {
        shown.errors.push((
            at,
            format!("this state's text is never closed: add a line `{CLOSE}` after it"),
        ));
        hide.push(at..body.len());
    }
    if !hide.is_empty() {
        let mut text = body.as_bytes().to_vec();
        for range in hide {
            for b in &mut text[range] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        // Only whole UTF-8 sequences were replaced (every byte of a line), so this can't fail.
        shown.text = String::from_utf8(text).ok();
    }
    shown
}

fn line_of(text: &str, offset: usize) -> usize {
    crate::problem::line_col(text, offset).0
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro.\n\n[//]: # (STATE CA)\n## California law\n\nÉl protege a médicos.\n\n[//]: # (END STATE)\n\n## Other options\n";

    #[test]
    fn a_state_s_text_shows_only_in_that_state_and_keeps_every_offset() {
        assert_eq!(apply(BODY, Some("CA")), Shown::default());
        for elsewhere in [None, Some("TX")] {
            let shown = apply(BODY, elsewhere);
            assert!(shown.errors.is_empty());
            let text = shown.text.expect("something hidden");
            assert_eq!(text.len(), BODY.len(), "byte for byte");
            assert!(!text.contains("California") && !text.contains("médicos"));
            assert_eq!(text.find("## Other options"), BODY.find("## Other options"));
            assert_eq!(text.lines().count(), BODY.lines().count());
        }
    }

    #[test]
    fn markers_that_do_not_pair_up_or_name_no_state_are_errors_and_hide_their_text() {
        let unclosed = apply("A.\n\n[//]: # (STATE CA)\nSecret.\n", None);
        assert_eq!(unclosed.errors.len(), 1);
        assert!(unclosed.errors[0].1.contains("never closed"));
        assert!(!unclosed.text.unwrap().contains("Secret"));

        let unknown = apply(
            "[//]: # (STATE California)\nText.\n\n[//]: # (END STATE)\n",
            Some("CA"),
        );
        assert!(unknown.errors[0].1.contains("names no US state"), "{unknown:?}");
        assert!(!unknown.text.unwrap().contains("Text"));

        let stray = apply("A.\n\n[//]: # (END STATE)\n", None);
        assert_eq!(
            stray.errors,
            [(
                4,
                "`[//]: # (END STATE)` with no `[//]: # (STATE …)` before it".to_string()
            )]
        );

        let glued = apply("[//]: # (STATE CA)\nText.\n[//]: # (END STATE)\n", Some("CA"));
        assert_eq!(glued.errors.len(), 1);
        assert!(
            glued.errors[0]
                .1
                .starts_with("put a blank line before this marker"),
            "{glued:?}"
        );

        let nested = apply(
            "[//]: # (STATE CA)\n\n[//]: # (STATE NY)\n\n[//]: # (END STATE)\n",
            None,
        );
        assert!(nested.errors[0].1.contains("a second"), "{nested:?}");
    }
}
