//! Syllables by spelling rules, not a dictionary, counted a letter at a time: the counter sees
//! each letter once as the text is scanned, so no word is ever copied into a buffer of its own.

use super::class::{CLASS, LETTER, STRONG_ES, VOWEL_EN, WEAK_ES};

/// One word's syllables, counted as its bytes arrive.
pub(super) trait Syllables: Default {
    /// Takes the class (from [`CLASS`]) of the next byte of an all-ASCII word.
    fn push_ascii(&mut self, class: u8);
    /// The syllables of the all-ASCII `word` whose bytes were pushed: at least one.
    fn count_ascii(&self, word: &[u8]) -> usize;
    /// The syllables of a word that has characters beyond ASCII: at least one.
    fn count_word(word: &str) -> usize;
}

fn is_vowel_en(b: u8) -> bool {
    CLASS[usize::from(b)] & VOWEL_EN != 0
}

/// English: vowel groups, less a silent final `e`, `-ed` or `-es`. The rules read only the
/// ASCII letters of a word; digits and other letters are skipped, not treated as consonants.
#[derive(Default)]
pub(super) struct English {
    letters: usize,
    /// Groups of vowels, counting y as a vowel even where it starts the word.
    vowel_groups: usize,
    in_vowel_group: bool,
}

impl Syllables for English {
    fn push_ascii(&mut self, class: u8) {
        if class & LETTER != 0 {
            let vowel = class & VOWEL_EN != 0;
            self.vowel_groups += usize::from(vowel && !self.in_vowel_group);
            self.in_vowel_group = vowel;
            self.letters += 1;
        }
    }

    fn count_ascii(&self, word: &[u8]) -> usize {
        if self.letters <= 3 {
            return 1;
        }
        let letters = || {
            word.iter()
                .filter(|b| b.is_ascii_alphabetic())
                .map(u8::to_ascii_lowercase)
        };
        let mut count = self.vowel_groups;
        // A y that starts a word is a consonant ("yes"): it began a group of its own unless a
        // vowel follows it.
        let mut from_start = letters();
        if from_start.next() == Some(b'y') && !from_start.next().is_some_and(is_vowel_en) {
            count -= 1;
        }
        let mut from_end = letters().rev();
        let (last, second_last, third_last) = (
            from_end.next().unwrap_or(0),
            from_end.next().unwrap_or(0),
            from_end.next().unwrap_or(0),
        );
        // A final silent e ("take"), but not "-le" after a consonant ("table") or "-ee".
        let consonant_le = second_last == b'l' && !is_vowel_en(third_last);
        if last == b'e' && !consonant_le && !is_vowel_en(second_last) {
            count = count.saturating_sub(1);
        }
        // "-ed" and "-es" are silent unless after t/d or s/x/z/ch/sh ("wanted", "boxes").
        let silent_ending = match (second_last, last) {
            (b'e', b'd') => !matches!(third_last, b't' | b'd'),
            (b'e', b's') => !matches!(third_last, b's' | b'x' | b'z' | b'c' | b'g' | b'h'),
            _ => false,
        };
        if silent_ending && !is_vowel_en(third_last) {
            count = count.saturating_sub(1);
        }
        count.max(1)
    }

    fn count_word(word: &str) -> usize {
        // Bytes beyond ASCII are never letters here, so the ASCII rules apply as they are.
        let mut counter = English::default();
        for b in word.bytes() {
            counter.push_ascii(CLASS[usize::from(b)]);
        }
        counter.count_ascii(word.as_bytes())
    }
}

/// Spanish: one syllable per vowel nucleus, where a weak vowel (i, u, ü) next to another vowel
/// forms a diphthong with it, and two strong vowels (a, e, o) or a stressed í/ú split. A y is a
/// consonant here: at the end of a word after a vowel ("hoy", "muy") it only closes that vowel's
/// syllable, so it never adds one. Digits part vowel groups as consonants do.
#[derive(Default)]
pub(super) struct Spanish {
    nuclei: usize,
    in_vowel_group: bool,
    /// Whether the vowel just before was strong, inside a vowel group.
    prev_strong: bool,
}

impl Spanish {
    fn vowel(&mut self, strong: bool) {
        // Hiatus: two strong vowels, or a stressed weak one, are two syllables.
        if !self.in_vowel_group || (self.prev_strong && strong) {
            self.nuclei += 1;
        }
        self.in_vowel_group = true;
        self.prev_strong = strong;
    }

    fn consonant(&mut self) {
        self.in_vowel_group = false;
    }

    fn push_char(&mut self, c: char) {
        match c {
            'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' => self.vowel(true),
            'i' | 'u' | 'ü' => self.vowel(false),
            _ => self.consonant(),
        }
    }
}

impl Syllables for Spanish {
    fn push_ascii(&mut self, class: u8) {
        if class & (STRONG_ES | WEAK_ES) != 0 {
            self.vowel(class & STRONG_ES != 0);
        } else if class & (LETTER | super::class::DIGIT) != 0 {
            self.consonant();
        }
    }

    fn count_ascii(&self, _word: &[u8]) -> usize {
        self.nuclei.max(1)
    }

    fn count_word(word: &str) -> usize {
        let mut counter = Spanish::default();
        let letters = word.chars().filter(|c| c.is_alphanumeric());
        for c in letters.flat_map(char::to_lowercase) {
            counter.push_char(c);
        }
        counter.nuclei.max(1)
    }
}

/// English syllables of one word.
pub fn syllables_en(word: &str) -> usize {
    English::count_word(word)
}

/// Spanish syllables of one word.
pub fn syllables_es(word: &str) -> usize {
    let mut counter = Spanish::default();
    for c in word.to_lowercase().chars() {
        counter.push_char(c);
    }
    counter.nuclei.max(1)
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
}
