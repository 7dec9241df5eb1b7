//! Reading level of a body, so `check` can warn when an explainer is harder than patients should
//! have to read (AMA: grade 6; NIH: grade 8 or lower).
//!
//! English uses the Flesch-Kincaid grade; Spanish the Fernández-Huerta index (higher is easier;
//! 60 is about US grade 8). Both count syllables with spelling rules, not a dictionary, so a
//! figure is an estimate within about a grade: good enough to flag a hard file, not to rank two
//! close ones. Only the body's prose counts (the renderer collects it as it renders, in
//! `Rendered::prose`): every paragraph, heading, list item and table cell ends a sentence, so
//! short headings and bullet points pull the figure down as they should.
//!
//! The counter is plain on purpose: a clinic has tens of pages, and every figure it gives can be
//! checked by hand against the formulas below.

mod count;
mod syllables;

use count::count;

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
}

/// Bodies shorter than this are not scored: the formulas mean nothing on a few words.
pub const MIN_WORDS: usize = 30;

/// Scores a body's prose (see the module docs) in its language, or `None` for a language
/// without a formula here or a body too short to score.
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
    Some(if spanish {
        Score::FernandezHuerta(fernandez_huerta(c))
    } else {
        Score::FleschKincaid(flesch_kincaid(c))
    })
}

/// A sentence of a page, with its score as if it stood alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub score: Score,
}

impl Score {
    /// The score as a grade-like figure where higher is harder, to sort sentences by.
    fn hardness(self) -> f64 {
        match self {
            Score::FleschKincaid(g) => g,
            Score::FernandezHuerta(i) => -i,
        }
    }

    /// "US grade 9.4" or "Fernández-Huerta 52".
    pub fn label(self) -> String {
        match self {
            Score::FleschKincaid(g) => format!("US grade {g:.1}"),
            Score::FernandezHuerta(i) => format!("Fernández-Huerta {i:.0}"),
        }
    }
}

/// Sentences shorter than this are left out of [`hardest`]: a three-word heading with one long
/// word scores as "hard" without pushing the page's figure up.
pub const MIN_SENTENCE_WORDS: usize = 6;

/// The `n` sentences of `prose` that push its reading level up most, hardest first: each scored
/// alone with the same formula as the page, so a long sentence or one of long words shows. What
/// the author's preview lists under the page's figure.
pub fn hardest(prose: &str, lang: &str, n: usize) -> Vec<Sentence> {
    let spanish = match lang {
        "en" => false,
        "es" => true,
        _ => return Vec::new(),
    };
    let mut out: Vec<Sentence> = count::sentences(prose)
        .into_iter()
        .filter_map(|text| {
            let c = count(&text, spanish);
            (c.words >= MIN_SENTENCE_WORDS).then(|| Sentence {
                score: if spanish {
                    Score::FernandezHuerta(fernandez_huerta(c))
                } else {
                    Score::FleschKincaid(flesch_kincaid(c))
                },
                text,
            })
        })
        .filter(|s| !s.score.passes())
        .collect();
    out.sort_by(|a, b| b.score.hardness().total_cmp(&a.score.hardness()));
    out.truncate(n);
    out
}

/// Words per sentence; text with no full stop is one sentence.
fn words_per_sentence(c: Counts) -> f64 {
    c.words as f64 / c.sentences.max(1) as f64
}

/// Flesch-Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
fn flesch_kincaid(c: Counts) -> f64 {
    0.39 * words_per_sentence(c) + 11.8 * (c.syllables as f64 / c.words as f64) - 15.59
}

/// Fernández-Huerta (1959): 206.84 − 0.60 × P − 1.02 × F, where P is syllables per 100 words and
/// F is words per sentence. Longer words and longer sentences both lower it.
fn fernandez_huerta(c: Counts) -> f64 {
    let syllables_per_100_words = 100.0 * c.syllables as f64 / c.words as f64;
    206.84 - 0.60 * syllables_per_100_words - 1.02 * words_per_sentence(c)
}

#[cfg(test)]
mod tests {
    use super::super::render::render;
    use super::*;

    /// The prose exactly as the checker scores it: from the renderer.
    fn prose(markdown: &str) -> String {
        render(markdown).prose
    }

    fn counts(sentences: usize, words: usize, syllables: usize) -> Counts {
        Counts {
            sentences,
            words,
            syllables,
        }
    }

    /// The score of `text`, with its counts first checked against the hand count.
    fn scored(text: &str, lang: &str, hand: Counts) -> Score {
        assert_eq!(count(&prose(text), lang == "es"), hand, "{text}");
        score_prose(&prose(text), lang).expect("long enough to score")
    }

    fn assert_near(got: f64, want: f64) {
        assert!((got - want).abs() < 0.05, "got {got:.3}, want {want}");
    }

    #[test]
    fn the_hardest_sentences_are_the_long_ones_and_the_ones_of_long_words_hardest_first() {
        let text = "## Risks\n\nIt can hurt. Ask the staff before you go home today. \
            Ketamine may occasionally precipitate considerable cardiovascular instability. \
            You may feel sleepy, and you may feel sick, and you may want to rest for a long time after it, \
            so plan to stay at home and have someone stay with you until the next morning comes.";
        let hard = hardest(&prose(text), "en", 3);
        let texts: Vec<&str> = hard.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Ketamine may occasionally precipitate considerable cardiovascular instability.",
                "You may feel sleepy, and you may feel sick, and you may want to rest for a long time after it, so plan to stay at home and have someone stay with you until the next morning comes.",
            ],
            "the short plain sentences pass and are left out: {hard:?}"
        );
        assert!(hard.iter().all(|s| !s.score.passes()));
        let es = hardest(&prose("La administración intravenosa ocasiona alteraciones cardiovasculares considerables. Es un gas."), "es", 3);
        assert_eq!(es.len(), 1);
        assert!(es[0].score.label().starts_with("Fernández-Huerta "), "{es:?}");
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

    /// A hand-counted English passage, words split into syllables:
    /// The(1) nurse(1) checks(1) your(1) blood(1) pres-sure(2) be-fore(2) the(1) drip(1): 9 words, 11.
    /// Most(1) peo-ple(2) feel(1) a(1) lit-tle(2) strange(1) dur-ing(2) it(1): 8 words, 11.
    /// This(1) feel-ing(2) pass-es(2) soon(1) af-ter(2): 5 words, 8.
    /// You(1) can(1) go(1) home(1) the(1) same(1) day(1) but(1) some-one(2) must(1) drive(1)
    /// you(1): 12 words, 13.
    /// 4 sentences, 34 words, 43 syllables: 0.39 × 34/4 + 11.8 × 43/34 − 15.59 = 2.65.
    #[test]
    fn flesch_kincaid_grade_of_a_hand_counted_passage() {
        let text = "The nurse checks your blood pressure before the drip. Most people feel a little \
                    strange during it. This feeling passes soon after. You can go home the same day, \
                    but someone must drive you.";
        let Score::FleschKincaid(grade) = scored(text, "en", counts(4, 34, 43)) else {
            panic!("English is scored by Flesch-Kincaid");
        };
        assert_near(grade, 2.65);
    }

    /// Short sentences, common words:
    /// La(1) ke-ta-mi-na(4) es(1) un(1) me-di-ca-men-to(5): 5 words, 12 syllables.
    /// Se(1) u-sa(2) pa-ra(2) dor-mir(2): 4 words, 7.
    /// Tam-bién(2) a-yu-da(3) con(1) el(1) do-lor(2): 5 words, 9.
    /// Su(1) mé-di-co(3) le(1) ex-pli-ca(3) los(1) ries-gos(2): 6 words, 11.
    /// Pre-gun-te(3) to-do(2) lo(1) que(1) quie-ra(2): 5 words, 9.
    /// No(1) hay(1) pre-gun-tas(3) ton-tas(2): 4 words, 7.
    /// Pue-de(2) tra-er(2) a(1) un(1) fa-mi-liar(3): 5 words, 9.
    /// 7 sentences, 34 words, 64 syllables: 206.84 − 0.60 × 188.24 − 1.02 × 4.86 = 88.9.
    const SHORT_SENTENCES: &str = "La ketamina es un medicamento. Se usa para dormir. También ayuda con \
        el dolor. Su médico le explica los riesgos. Pregunte todo lo que quiera. No hay preguntas \
        tontas. Puede traer a un familiar.";

    /// The same words and syllables in two sentences (commas end none): 34 words per 2 sentences,
    /// 206.84 − 0.60 × 188.24 − 1.02 × 17 = 76.6.
    const LONG_SENTENCES: &str = "La ketamina es un medicamento, se usa para dormir, también ayuda con \
        el dolor. Su médico le explica los riesgos, pregunte todo lo que quiera, no hay preguntas \
        tontas, puede traer a un familiar.";

    #[test]
    fn fernandez_huerta_of_hand_counted_passages() {
        let Score::FernandezHuerta(short) = scored(SHORT_SENTENCES, "es", counts(7, 34, 64)) else {
            panic!("Spanish is scored by Fernández-Huerta");
        };
        assert_near(short, 88.94);

        // An-tes(2) de(1) la(1) in-fu-sión(3) u-na(2) en-fer-me-ra(4) mi-de(2) su(1) pre-sión(2)
        // ar-te-rial(3) y(1) le(1) ha-ce(2) al-gu-nas(3) pre-gun-tas(3) so-bre(2) su(1)
        // sa-lud(2): 18 words, 36 syllables.
        // Du-ran-te(3) el(1) tra-ta-mien-to(4) us-ted(2) se(1) sien-ta(2) en(1) un(1) si-llón(2)
        // có-mo-do(3) y(1) pue-de(2) es-cu-char(3) mú-si-ca(3) o(1) des-can-sar(3): 16 words, 33.
        // 2 sentences, 34 words, 69 syllables: 206.84 − 0.60 × 202.94 − 1.02 × 17 = 67.7.
        let visit = "Antes de la infusión, una enfermera mide su presión arterial y le hace algunas \
                     preguntas sobre su salud. Durante el tratamiento, usted se sienta en un sillón \
                     cómodo y puede escuchar música o descansar.";
        let Score::FernandezHuerta(ease) = scored(visit, "es", counts(2, 34, 69)) else {
            panic!("Spanish is scored by Fernández-Huerta");
        };
        assert_near(ease, 67.74);
        assert!(Score::FernandezHuerta(ease).passes());

        // One sentence of long words: La(1) ad-mi-nis-tra-ción(5) in-tra-ve-no-sa(5) de(1)
        // ke-ta-mi-na(4) en(1) con-cen-tra-cio-nes(5) su-ba-nes-té-si-cas(6) de-mues-tra(3)
        // e-fi-ca-cia(4) an-ti-de-pre-si-va(6) es-ta-dís-ti-ca-men-te(7) sig-ni-fi-ca-ti-va(6)
        // en(1) po-bla-cio-nes(4) he-te-ro-gé-ne-as(6) a(1) pe-sar(2) de(1) con-si-de-ra-bles(5)
        // li-mi-ta-cio-nes(5) me-to-do-ló-gi-cas(6) re-la-cio-na-das(5) con(1) la(1)
        // ge-ne-ra-li-za-ción(6) de(1) los(1) re-sul-ta-dos(4) clí-ni-cos(3) fi-na-les(3).
        // 1 sentence, 31 words, 110 syllables: 206.84 − 0.60 × 354.84 − 1.02 × 31 = −37.7.
        let dense = "La administración intravenosa de ketamina en concentraciones subanestésicas \
                     demuestra eficacia antidepresiva estadísticamente significativa en poblaciones \
                     heterogéneas, a pesar de considerables limitaciones metodológicas relacionadas \
                     con la generalización de los resultados clínicos finales.";
        let hard = scored(dense, "es", counts(1, 31, 110));
        let Score::FernandezHuerta(ease) = hard else {
            panic!("Spanish is scored by Fernández-Huerta");
        };
        assert_near(ease, -37.68);
        let warning = hard.warning().expect("too hard to pass");
        assert!(
            warning.starts_with("reading ease is -38 (Fernández-Huerta)"),
            "{warning}"
        );
    }

    /// The formula once divided sentences by words (206.84 − 60 × syllables/words − 102 ×
    /// sentences/words), so more sentences scored harder: 72.9 for the short ones, 87.9 for the
    /// long ones.
    #[test]
    fn shorter_spanish_sentences_score_easier_at_the_same_syllables_per_word() {
        let short = scored(SHORT_SENTENCES, "es", counts(7, 34, 64));
        let long = scored(LONG_SENTENCES, "es", counts(2, 34, 64));
        let (Score::FernandezHuerta(short), Score::FernandezHuerta(long)) = (short, long) else {
            panic!("Spanish is scored by Fernández-Huerta");
        };
        assert!(short > long, "short sentences {short:.1}, long ones {long:.1}");
        assert_near(long, 76.56);
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
        let easy = score_prose(&prose(plain), "en").expect("long enough to score");
        assert!(easy.passes(), "{easy:?}");
        assert_eq!(easy.warning(), None);
        let hard = score_prose(&prose(dense), "en").expect("long enough to score");
        assert!(!hard.passes());
        let warning = hard.warning().expect("too hard to pass");
        assert!(warning.starts_with("reading level is US grade"), "{warning}");
    }

    #[test]
    fn only_english_and_spanish_are_scored_and_only_when_long_enough() {
        let thirty = "Palabra ".repeat(30);
        assert!(score_prose(&thirty, "es").is_some());
        assert_eq!(
            score_prose(&"Palabra ".repeat(29), "es"),
            None,
            "too short to score"
        );
        assert_eq!(score_prose(&thirty, "fr"), None, "no formula for French here");
    }
}
