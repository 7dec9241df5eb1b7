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

mod class;
mod count;
mod masks;
mod syllables;

pub use count::count;
pub use syllables::{syllables_en, syllables_es};

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

#[cfg(test)]
mod tests {
    use super::*;

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
