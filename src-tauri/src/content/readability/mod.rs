//! Reading level of a body, so `check` can warn when an explainer is harder than patients should
//! have to read (AMA: grade 6; NIH: grade 8 or lower).
//!
//! English uses the Flesch-Kincaid grade; Spanish the Fernández-Huerta index (higher is easier;
//! 60 is about US grade 8). Both count syllables with spelling rules, not a dictionary, so a
//! figure is an estimate within about a grade: good enough to flag a hard file, not to rank two
//! close ones. Only the body's prose counts: every paragraph, heading, list item and table cell
//! ends a sentence, so short headings and bullet points pull the figure down as they should.

use pulldown_cmark::{Event, Parser, TagEnd};

use super::render::parser_options;

/// Counts of a text's sentences, words and syllables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
}

/// A reading-level score and whether it passes the kiosk's limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Score {
    /// Flesch-Kincaid grade (English): warn above 8.
    FleschKincaid(f64),
    /// Fernández-Huerta index (Spanish): warn below 60.
    FernandezHuerta(f64),
}

/// The hardest English text the kiosk accepts without a warning: US grade 8.
pub const MAX_GRADE: f64 = 8.0;
/// Fernández-Huerta's equivalent of grade 8.
pub const MIN_FERNANDEZ_HUERTA: f64 = 60.0;

impl Score {
    pub fn passes(self) -> bool {
        match self {
            Score::FleschKincaid(g) => g <= MAX_GRADE,
            Score::FernandezHuerta(i) => i >= MIN_FERNANDEZ_HUERTA,
        }
    }

    /// A warning message for staff, or `None` when the text is plain enough.
    pub fn warning(self) -> Option<String> {
        match self {
            _ if self.passes() => None,
            Score::FleschKincaid(g) => Some(format!(
                "reading level is US grade {g:.1} (Flesch-Kincaid); aim for grade {MAX_GRADE:.0} or lower: \
                 shorter sentences and common words"
            )),
            Score::FernandezHuerta(i) => Some(format!(
                "reading ease is {i:.0} (Fernández-Huerta); aim for {MIN_FERNANDEZ_HUERTA:.0} or more: \
                 oraciones más cortas y palabras comunes"
            )),
        }
    }

    /// The figure itself, for reports.
    pub fn value(self) -> f64 {
        match self {
            Score::FleschKincaid(v) | Score::FernandezHuerta(v) => v,
        }
    }
}

/// Bodies shorter than this are not scored: the formulas mean nothing on a few words.
pub const MIN_WORDS: usize = 30;

/// Scores a Markdown body in its language, or `None` for a language without a formula here or a
/// body too short to score.
pub fn score(markdown: &str, lang: &str) -> Option<Score> {
    score_prose(&prose(markdown), lang)
}

/// Scores text already taken out of the Markdown (as [`prose`] does, or the renderer while it
/// renders, which saves parsing the body twice).
pub fn score_prose(prose: &str, lang: &str) -> Option<Score> {
    let spanish = match lang {
        "en" => false,
        "es" => true,
        _ => return None,
    };
    let c = count(prose, spanish);
    if c.words < MIN_WORDS {
        return None;
    }
    let (w, s, y) = (c.words as f64, c.sentences.max(1) as f64, c.syllables as f64);
    Some(if spanish {
        Score::FernandezHuerta(206.84 - 60.0 * (y / w) - 102.0 * (s / w))
    } else {
        Score::FleschKincaid(0.39 * (w / s) + 11.8 * (y / w) - 15.59)
    })
}

/// The body's prose as plain text, with a full stop after every block so blocks end sentences.
pub fn prose(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => out.push_str(".\n"),
            _ => {}
        }
    }
    out
}

/// Counts sentences, words and syllables in plain text. One pass, one reused buffer: this runs
/// on every file at every reload.
pub fn count(text: &str, spanish: bool) -> Counts {
    let mut c = Counts::default();
    let mut in_sentence = false;
    let mut word = String::with_capacity(32);
    let mut ascii = Vec::with_capacity(32);
    for token in text.split(|ch: char| ch.is_whitespace() || ch == '—' || ch == '/') {
        word.clear();
        word.extend(token.chars().filter(|ch| ch.is_alphanumeric()));
        if !word.is_empty() {
            c.words += 1;
            c.syllables += if !word.chars().any(char::is_alphabetic) {
                1
            } else if spanish {
                syllables_es(&word)
            } else {
                ascii.clear();
                ascii.extend(
                    word.bytes()
                        .filter(u8::is_ascii_alphabetic)
                        .map(|b| b.to_ascii_lowercase()),
                );
                syllables_ascii(&ascii)
            };
            in_sentence = true;
        }
        let ends = token
            .trim_end_matches(['"', '\'', ')', '”', '’', '*', '»'])
            .ends_with(['.', '!', '?', ':']);
        if ends && in_sentence {
            c.sentences += 1;
            in_sentence = false;
        }
    }
    if in_sentence {
        c.sentences += 1;
    }
    c
}

/// English syllables by the usual spelling rules: vowel groups, less a silent final `e`.
pub fn syllables_en(word: &str) -> usize {
    let w: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    syllables_ascii(&w)
}

/// [`syllables_en`] on lower-case ASCII letters.
fn syllables_ascii(w: &[u8]) -> usize {
    let n = w.len();
    if n <= 3 {
        return 1;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut count = 0;
    let mut prev = false;
    for (i, &ch) in w.iter().enumerate() {
        let v = vowel(ch) && !(ch == b'y' && i == 0);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    // A final silent e ("take"), but not "-le" after a consonant ("table") or "-ee".
    let consonant_le = w[n - 2] == b'l' && !vowel(w[n - 3]);
    if w[n - 1] == b'e' && !consonant_le && !vowel(w[n - 2]) {
        count -= 1;
    }
    // "-ed" and "-es" are silent unless after t/d or s/x/z/ch/sh ("wanted", "boxes").
    if w.ends_with(b"ed") && !matches!(w[n - 3], b't' | b'd') && !vowel(w[n - 3]) {
        count -= 1;
    }
    if w.ends_with(b"es") && !matches!(w[n - 3], b's' | b'x' | b'z' | b'c' | b'g' | b'h') && !vowel(w[n - 3])
    {
        count -= 1;
    }
    count.max(1)
}

/// Spanish syllables: one per vowel nucleus, where a weak vowel (i, u, ü) next to another vowel
/// forms a diphthong with it, and two strong vowels (a, e, o) or a stressed í/ú split.
pub fn syllables_es(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let is_vowel = |i: usize| {
        let c = w[i];
        // A final y after a vowel sounds as one ("hoy", "muy").
        strong(c)
            || weak(c)
            || (c == 'y' && i + 1 == w.len() && i > 0 && (strong(w[i - 1]) || weak(w[i - 1])))
    };
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (i, &c) in w.iter().enumerate() {
        if !is_vowel(i) {
            prev = None;
            continue;
        }
        match prev {
            None => count += 1,
            // Hiatus: two strong vowels, or a stressed weak one, are two syllables.
            Some(p) if strong(p) && strong(c) => count += 1,
            Some(_) => {}
        }
        prev = Some(c);
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables_follow_spelling_rules() {
        for (word, n) in [
            ("the", 1),
            ("take", 1),
            ("table", 2),
            ("ketamine", 3),
            ("depression", 3),
            ("wanted", 2),
            ("talked", 1),
            ("boxes", 2),
            ("infusion", 3),
            ("anesthesia", 4),
        ] {
            assert_eq!(syllables_en(word), n, "{word}");
        }
    }

    #[test]
    fn spanish_syllables_split_hiatus_and_keep_diphthongs() {
        for (word, n) in [
            ("casa", 2),
            ("tratamiento", 4),
            ("día", 2),
            ("poeta", 3),
            ("hoy", 1),
            ("médico", 3),
            ("ciudad", 2),
            ("ozono", 3),
            ("pregúntele", 4),
        ] {
            assert_eq!(syllables_es(word), n, "{word}");
        }
    }

    #[test]
    fn blocks_end_sentences_and_markup_is_not_counted() {
        let c = count(
            &prose("## Risks\n\n- It can hurt\n- It **costs** a lot\n\nAsk first. Then decide!"),
            false,
        );
        assert_eq!(c.sentences, 5);
        assert_eq!(c.words, 12);
    }

    #[test]
    fn plain_text_passes_and_dense_text_warns() {
        let plain = "Ketamine is a medicine. Doctors use it to put people to sleep for surgery. \
                     Some clinics also use it for depression. Ask your doctor if it is right for you. \
                     It is not for everyone.";
        let dense = "Intravenous administration of subanesthetic ketamine concentrations demonstrates \
                     statistically significant antidepressant efficacy across heterogeneous populations, \
                     notwithstanding considerable methodological limitations regarding generalizability, \
                     particularly concerning longitudinal maintenance protocols and the comparative \
                     effectiveness of electroconvulsive therapy in treatment-resistant presentations.";
        assert!(score(plain, "en").unwrap().passes(), "{:?}", score(plain, "en"));
        let hard = score(dense, "en").unwrap();
        assert!(!hard.passes());
        assert!(hard.warning().unwrap().starts_with("reading level is US grade"));
    }

    #[test]
    fn spanish_uses_fernandez_huerta() {
        let plain = "La ketamina es un medicamento. Los médicos la usan para dormir a las personas. \
                     Pregunte a su médico si es buena para usted. Algunas clínicas la usan para la \
                     depresión. No es para todos.";
        let s = score(plain, "es").unwrap();
        assert!(matches!(s, Score::FernandezHuerta(_)));
        assert!(s.passes(), "{s:?}");
        assert_eq!(score("Bonjour tout le monde.", "fr"), None);
        assert_eq!(score("Muy corto.", "es"), None, "too short to score");
    }
}
