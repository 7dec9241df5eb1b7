//! The kiosk's two fonts, Atkinson Hyperlegible Regular and Bold (`ui/fonts/`): the screen shows
//! them and the printed checklist embeds them, so a character they lack is an empty box in both
//! places. They sit on the ground floor so `check` can ask which characters they cover
//! ([`missing`]) and the handout can measure with them (`print::text`), from one copy.

use std::sync::OnceLock;

use skrifa::{FontRef, MetadataProvider};

pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../ui/fonts/AtkinsonHyperlegible-Regular.ttf");
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../ui/fonts/AtkinsonHyperlegible-Bold.ttf");

/// The characters beyond ASCII both faces have, read once from their character maps.
fn covered() -> &'static std::collections::HashSet<char> {
    static COVERED: OnceLock<std::collections::HashSet<char>> = OnceLock::new();
    COVERED.get_or_init(|| {
        let faces: Vec<FontRef<'static>> = [REGULAR_TTF, BOLD_TTF]
            .into_iter()
            .filter_map(|data| FontRef::new(data).ok())
            .collect();
        let Some(first) = faces.first() else {
            return Default::default();
        };
        first
            .charmap()
            .mappings()
            .filter_map(|(code, _)| char::from_u32(code))
            .filter(|&c| !c.is_ascii() && faces.iter().all(|f| f.charmap().map(c).is_some()))
            .collect()
    })
}

/// Whether both faces can draw `c`. Spaces and line breaks need no glyph.
pub fn shows(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_control() || c.is_ascii_whitespace();
    }
    c.is_whitespace() || covered().contains(&c)
}

/// The first character of `text` the fonts cannot show, if any. Nearly all text is ASCII, which
/// is looked at a byte at a time.
pub fn missing(text: &str) -> Option<char> {
    if text.is_ascii() {
        return text.chars().find(|&c| !shows(c));
    }
    text.chars().find(|&c| !shows(c))
}

/// Whether `c` belongs to a script written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko
/// and their presentation forms): the handout sets every line left to right.
pub fn is_right_to_left(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08ff | 0xfb1d..=0xfdff | 0xfe70..=0xfeff | 0x10800..=0x10fff | 0x1e800..=0x1efff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_show_spanish_and_not_hebrew_cjk_or_emoji() {
        assert_eq!(missing("¿Qué es? Niños, señales, «comillas» — 10 %"), None);
        assert_eq!(missing("Shalom שלום"), Some('ש'));
        assert_eq!(missing("مرحبا"), Some('م'));
        assert_eq!(missing("治疗"), Some('治'));
        assert_eq!(missing("ok 🙂"), Some('🙂'));
        assert!(is_right_to_left('ש') && is_right_to_left('م') && !is_right_to_left('a'));
    }
}
