//! The handout's fonts and line breaking.
//!
//! The fonts are compiled in, so a checklist looks the same on every kiosk whatever fonts the
//! machine has, and the PDF embeds (a subset of) them so the printer needs none either. They are
//! Atkinson Hyperlegible, made by the Braille Institute for readers with low vision, under the SIL
//! Open Font License (`ui/fonts/OFL.txt`); the web UI uses the same files.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

pub(crate) use crate::fonts::{BOLD_TTF, REGULAR_TTF};

/// Which of the two faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// What line breaking needs from a font: each character's advance, in em.
struct Metrics {
    font: FontRef<'static>,
    glyphs: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Metrics {
    fn load(data: &'static [u8]) -> Option<Metrics> {
        let font = FontRef::new(data).ok()?;
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Metrics {
            font,
            glyphs,
            units_per_em,
        })
    }

    fn advance_em(&self, c: char) -> f32 {
        // A character the font lacks is drawn as its "missing" glyph, which has a width too.
        let gid = self.font.charmap().map(c).unwrap_or_default();
        self.glyphs.advance_width(gid).unwrap_or(0.0) / self.units_per_em
    }
}

fn metrics(weight: Weight) -> Option<&'static Metrics> {
    static REGULAR: OnceLock<Option<Metrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<Metrics>> = OnceLock::new();
    match weight {
        Weight::Regular => REGULAR.get_or_init(|| Metrics::load(REGULAR_TTF)),
        Weight::Bold => BOLD.get_or_init(|| Metrics::load(BOLD_TTF)),
    }
    .as_ref()
}

/// The width of `text` set at `size` points. Kerning is left out: it only ever narrows Latin
/// text, so a line measured this way never runs past the margin once drawn.
///
/// The fonts are compiled in and checked by the tests, so failing to read them is a build
/// problem; a rough width (half an em per character) keeps a page readable even then.
pub(crate) fn width(text: &str, weight: Weight, size: f32) -> f32 {
    match metrics(weight) {
        Some(m) => text.chars().map(|c| m.advance_em(c)).sum::<f32>() * size,
        None => text.chars().count() as f32 * 0.5 * size,
    }
}

/// Breaks `text` into lines no wider than `max` points, at spaces (a no-break space holds two
/// words together). A word wider than a whole line (a long web address) is broken after a `/`,
/// `.`, `-`, `?`, `&` or `=` where it can be, and anywhere if not, so nothing runs off the paper.
pub(crate) fn wrap(text: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
    let space = width(" ", weight, size);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word_width = width(word, weight, size);
        let needed = if line.is_empty() {
            word_width
        } else {
            line_width + space + word_width
        };
        if needed <= max {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = needed;
            continue;
        }
        if word_width <= max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(word);
            line_width = word_width;
            continue;
        }
        // Too long for any line: start it here if a fair part of the line is left, so a label
        // like "Sources:" isn't left alone on its line.
        let room = max - line_width - space;
        let use_room = !line.is_empty() && room >= max * 0.3;
        if !use_room && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let first = if use_room { room } else { max };
        let mut pieces = break_word(word, weight, size, first, max).into_iter();
        if let Some(piece) = pieces.next() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
        for piece in pieces {
            lines.push(std::mem::replace(&mut line, piece));
        }
        line_width = width(&line, weight, size);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Splits one word that is too wide for a line into pieces that fit: the first into `first`
/// points (what is left of the current line), the others into `max`. One pass over the word,
/// each character measured once: a 20,000-character word took 51 s when every piece measured
/// the whole rest again.
fn break_word(word: &str, weight: Weight, size: f32, first: f32, max: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut limit = first;
    // The piece being filled starts at `start`; `w` is its width. `brk` is the place just after
    // the piece's last break character, with the width up to there.
    let (mut start, mut w) = (0, 0.0f32);
    let mut brk: Option<(usize, f32)> = None;
    for (i, c) in word.char_indices() {
        let cw = width(c.encode_utf8(&mut [0; 4]), weight, size);
        if w + cw > limit && i > start {
            // Cut after the last break character if it is past the piece's middle, else here.
            let cut = brk.filter(|&(at, _)| at - start > (i - start) / 2);
            let (at, used) = cut.unwrap_or((i, w));
            pieces.push(word[start..at].to_string());
            start = at;
            w -= used;
            brk = None;
            limit = max;
        }
        w += cw;
        if matches!(c, '/' | '.' | '-' | '?' | '&' | '=') {
            brk = Some((i + c.len_utf8(), w));
        }
    }
    pieces.push(word[start..].to_string());
    pieces
}

/// `text` as it may be printed: control and invisible characters out (a line break becomes a
/// space), runs of spaces made one, and at most `max_chars` characters, the last an ellipsis
/// when it was cut. Every field of the handout passes here, so a pasted essay or 5,000
/// zero-width spaces can't push the questions off the first page or print as a blank line.
pub(crate) fn printable(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut n = 0;
    for c in text.chars() {
        let c = if c.is_whitespace() {
            ' '
        } else if crate::problem::is_unsafe_char(c) {
            continue;
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if n == max_chars {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push('…');
            return out;
        }
        out.push(c);
        n += 1;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// [`wrap`], at most `max_lines` lines: when some are left out, the last line ends in an
/// ellipsis, shortened until it still fits in `max`.
pub(crate) fn wrap_at_most(text: &str, weight: Weight, size: f32, max: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, weight, size, max);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && width(&format!("{last}…"), weight, size) > max {
                last.pop();
            }
            let kept = last.trim_end().len();
            last.truncate(kept);
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_read_and_have_every_spanish_letter() {
        for weight in [Weight::Regular, Weight::Bold] {
            let m = metrics(weight).expect("the bundled font reads");
            for c in "áéíóúüñÁÉÍÓÚÜÑ¿¡«»“”’–—".chars() {
                assert!(m.font.charmap().map(c).is_some(), "{c:?} missing from {weight:?}");
            }
        }
    }

    #[test]
    fn lines_never_run_past_the_width() {
        let text = "What is the total cost, how many sessions will I need, and will insurance help?";
        let lines = wrap(text, Weight::Regular, 14.0, 200.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(width(line, Weight::Regular, 14.0) <= 200.0, "{line}");
        }
    }

    /// Quadratic wrapping took 51 s for a 20,000-character title, past the 10 s print timeout.
    #[test]
    fn a_huge_word_wraps_in_linear_time_and_fits() {
        let word = "x".repeat(20_000) + &"ab/".repeat(5_000);
        let start = std::time::Instant::now();
        let lines = wrap(&word, Weight::Regular, 14.0, 400.0);
        let took = start.elapsed();
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(width(line, Weight::Regular, 14.0) <= 400.0, "{line}");
        }
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn printable_text_has_no_invisible_characters_and_a_bound() {
        assert_eq!(printable("a\u{200b}\u{200b}b\n c\u{202e}", 10), "ab c");
        assert_eq!(printable(&"\u{200b}".repeat(5_000), 10), "");
        assert_eq!(printable("one two three", 7), "one two…");
        let lines = wrap_at_most(&"word ".repeat(100), Weight::Regular, 14.0, 100.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].ends_with('…') && width(&lines[1], Weight::Regular, 14.0) <= 100.0,
            "{lines:?}"
        );
    }

    #[test]
    fn a_long_web_address_breaks_after_a_slash() {
        let url = "www.fda.gov/drugs/human-drug-compounding/fda-warns-patients-about-compounded-ketamine";
        let lines = wrap(url, Weight::Regular, 9.0, 150.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), url);
        assert!(lines[0].ends_with('/') || lines[0].ends_with('.') || lines[0].ends_with('-'));
        for line in &lines {
            assert!(width(line, Weight::Regular, 9.0) <= 150.0, "{line}");
        }
    }
}
