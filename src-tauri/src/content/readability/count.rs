//! Sentences, words and syllables of plain text: the three figures the reading-level formulas
//! take.

use super::syllables::{syllables_en, syllables_es};
use super::Counts;

/// Where one token ends and the next begins: whitespace, an em dash or a slash ("and/or" is two
/// words).
fn is_separator(ch: char) -> bool {
    ch.is_whitespace() || ch == '—' || ch == '/'
}

/// Counts sentences, words and syllables. The text is split into tokens at [`is_separator`]; a
/// token with a letter or digit in it is a word (its letters and digits, with the rest dropped,
/// are what the syllable rules read; a word of digits only is one syllable), and a token that
/// ends in `.`, `!`, `?` or `:`, before any closing quotes, brackets or `*`, ends a sentence.
/// Text after the last full stop is a sentence too, and a full stop with no word since the last
/// one ends nothing.
pub(super) fn count(text: &str, spanish: bool) -> Counts {
    let mut c = Counts::default();
    let mut in_sentence = false;
    for token in text.split(is_separator) {
        let word: String = token.chars().filter(|ch| ch.is_alphanumeric()).collect();
        if !word.is_empty() {
            c.words += 1;
            c.syllables += if !word.chars().any(char::is_alphabetic) {
                1
            } else if spanish {
                syllables_es(&word)
            } else {
                syllables_en(&word)
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

/// The text cut into sentences the way [`count`] counts them, each with its words as written,
/// whitespace collapsed.
pub(super) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_sentence = false;
    for token in text.split(char::is_whitespace).filter(|t| !t.is_empty()) {
        current.push(token);
        if token.chars().any(char::is_alphanumeric) {
            in_sentence = true;
        }
        let ends = token
            .trim_end_matches(['"', '\'', ')', '”', '’', '*', '»'])
            .ends_with(['.', '!', '?', ':']);
        if ends {
            if in_sentence {
                // The renderer ends every block with a full stop, even one that had its own.
                let mut sentence = current.join(" ");
                while sentence.ends_with("..") {
                    sentence.pop();
                }
                out.push(sentence);
            }
            current.clear();
            in_sentence = false;
        }
    }
    if in_sentence {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(sentences: usize, words: usize, syllables: usize) -> Counts {
        Counts {
            sentences,
            words,
            syllables,
        }
    }

    #[test]
    fn tokens_split_at_whitespace_em_dashes_and_slashes() {
        // and(1) or(1) tea(1) cof-fee(2) milk(1) wa-ter(2)
        assert_eq!(
            count("and/or tea—coffee\tmilk\u{a0}water", false),
            counts(1, 6, 8)
        );
    }

    #[test]
    fn sentences_end_at_stops_before_closing_marks() {
        assert_eq!(
            count("He said \"stop.\" Then (yes!) she left*. Why? Note: done", false).sentences,
            6
        );
        // No word since the last stop: the second full stop ends nothing.
        assert_eq!(count("Wait. . ...", false).sentences, 1);
        assert_eq!(count("", false), counts(0, 0, 0));
        assert_eq!(count(" — / . ", false), counts(0, 0, 0));
    }

    #[test]
    fn punctuation_inside_a_word_is_dropped_and_numbers_are_one_syllable() {
        // "don't" is read as "dont"; "co-op" as "coop" (one vowel group); 2026 and ½ are numbers.
        assert_eq!(count("don't co-op 2026 1½", false), counts(1, 4, 4));
        // ¿Qué(1) pa-só(2) en(1) 2026(1)? ¡Mu-cho(2)!
        assert_eq!(count("¿Qué pasó en 2026? ¡Mucho!", true), counts(2, 5, 7));
    }
}
