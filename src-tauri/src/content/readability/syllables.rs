//! Syllables by spelling rules, not a dictionary, counted two ways that must agree: for all the
//! plain ASCII words of a 64-byte window at once, from its bit masks, and a letter at a time for
//! the rest. Either way no word is ever copied into a buffer of its own.

use super::class::{CLASS, LETTER, STRONG_ES, VOWEL_EN, WEAK_ES};
use super::masks::{masks, past_runs_with, Masks, WINDOW};

/// One word's syllables, counted as its bytes arrive.
pub(super) trait Syllables: Default {
    /// Takes the next byte of a word and its class (from [`CLASS`]); bytes beyond ASCII count
    /// as neither letters nor digits.
    fn push(&mut self, byte: u8, class: u8);
    /// Takes a letter beyond ASCII of the language's own, in lower case.
    fn push_accented(&mut self, letter: char);
    /// The syllables of the word whose bytes were pushed: at least one.
    fn finish(&self) -> usize;
    /// The syllables of a word that has characters beyond ASCII: at least one.
    fn count_word(word: &str) -> usize;
    /// The masks of a window that [`Self::window`] reads.
    fn masks(window: &[u8; WINDOW]) -> Masks;
    /// The bytes that must stand together in a word for [`Self::window`] to count it: a word
    /// in which something else stands between them ("co-op", "x2y") is counted by
    /// [`Self::push`] instead, which skips what the rules skip.
    fn sounds(m: &Masks) -> u64;
    /// The syllables of all the words in `region` of a window at once, from its masks, where
    /// `words` has a bit just after each word (see `count`). The region holds whole tokens
    /// only, all ASCII, none with its [`Self::sounds`] broken.
    fn window(m: &Masks, region: u64, tokens: u64, words: u64) -> usize;
}

fn is_vowel_en(b: u8) -> bool {
    CLASS[usize::from(b)] & VOWEL_EN != 0
}

/// English: vowel groups, less a silent final `e`, `-ed` or `-es`. The rules read only the
/// ASCII letters of a word; digits and other letters are skipped, not treated as consonants.
/// Everything the rules need is kept as the letters go by (the first two, the last three), so
/// a word is read once and never again from its ends.
#[derive(Default)]
pub(super) struct English {
    letters: usize,
    /// Groups of vowels, counting y as a vowel even where it starts the word.
    vowel_groups: usize,
    in_vowel_group: bool,
    /// The word starts with a y that no vowel follows ("yes"): a consonant, not a group.
    consonant_y: bool,
    /// The last three letters, lower case, the last in the low byte.
    tail: u32,
}

impl Syllables for English {
    /// The English rules read ASCII letters only.
    fn push_accented(&mut self, _letter: char) {}

    fn push(&mut self, byte: u8, class: u8) {
        if class & LETTER == 0 {
            return;
        }
        let vowel = class & VOWEL_EN != 0;
        self.vowel_groups += usize::from(vowel && !self.in_vowel_group);
        self.in_vowel_group = vowel;
        let lower = byte | 0x20;
        match self.letters {
            0 => self.consonant_y = lower == b'y',
            1 => self.consonant_y &= !vowel,
            _ => {}
        }
        self.letters += 1;
        self.tail = (self.tail << 8) | u32::from(lower);
    }

    fn finish(&self) -> usize {
        if self.letters <= 3 {
            return 1;
        }
        let mut count = self.vowel_groups - usize::from(self.consonant_y);
        let [_, third_last, second_last, last] = self.tail.to_be_bytes();
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
            counter.push(b, CLASS[usize::from(b)]);
        }
        counter.finish()
    }

    fn masks(window: &[u8; WINDOW]) -> Masks {
        masks::<true>(window)
    }

    fn sounds(m: &Masks) -> u64 {
        m.letter
    }

    /// The rules of [`Self::finish`] for every word of the region at once: each test on "the
    /// last letter" or "the one before it" is a mask shifted by one or two places.
    #[inline(always)]
    fn window(m: &Masks, region: u64, _tokens: u64, words: u64) -> usize {
        let letters = m.letter & region;
        let e = &m.endings;
        // Each word's letters are one unbroken run here: its first and last letters.
        let firsts = letters & !(letters << 1);
        let lasts = letters & !(letters >> 1);
        // Words of three letters or fewer are one syllable; the rules are for the rest. A
        // letter with three more before it marks a long word, and from it the four are marked.
        let fourth = letters & (letters << 1) & (letters << 2) & (letters << 3);
        let long = fourth | fourth >> 1 | fourth >> 2 | fourth >> 3;
        let vowels = m.vowel_en & letters;
        let groups = vowels & !(vowels << 1) & long;
        // What the rules take back, each at the vowel that starts the group taken back.
        let consonant_y = firsts & e.y & !(vowels >> 1);
        let consonant_le = (e.l << 1) & !(vowels << 2);
        let silent_e = lasts & e.e & !(vowels << 1) & !consonant_le;
        let ed = lasts & e.d & (e.e << 1) & !(e.t_or_d << 2);
        let es = lasts & e.s & (e.e << 1) & !(e.sibilant << 2);
        let silent_ending = (ed | es) & !(vowels << 2);
        let kept = groups & !(consonant_y | silent_e | silent_ending >> 1);
        // A long word with no group left still has one syllable.
        let voiced = past_runs_with(letters & long, kept);
        let silent = (lasts & long).count_ones() - voiced.count_ones();
        let short = (lasts & !long).count_ones();
        // Words with no letter at all are numbers: one syllable each.
        let numbers = words.count_ones() - firsts.count_ones();
        (kept.count_ones() + silent + short + numbers) as usize
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
    fn push_accented(&mut self, letter: char) {
        self.push_char(letter);
    }

    fn push(&mut self, _byte: u8, class: u8) {
        if class & (STRONG_ES | WEAK_ES) != 0 {
            self.vowel(class & STRONG_ES != 0);
        } else if class & (LETTER | super::class::DIGIT) != 0 {
            self.consonant();
        }
    }

    fn finish(&self) -> usize {
        self.nuclei.max(1)
    }

    fn masks(window: &[u8; WINDOW]) -> Masks {
        masks::<false>(window)
    }

    /// Digits part vowel groups here as consonants do, so they are sounds too.
    fn sounds(m: &Masks) -> u64 {
        m.letter | m.digit
    }

    #[inline(always)]
    fn window(m: &Masks, region: u64, tokens: u64, words: u64) -> usize {
        let strong = m.strong_es & region;
        let vowels = strong | (m.weak_es & region);
        // A nucleus starts at a vowel after a consonant (or none), and at a strong vowel after
        // a strong one (hiatus).
        let nuclei = (vowels & !(vowels << 1)).count_ones() + (strong & (strong << 1)).count_ones();
        // A word with no vowel (a number, "y") is still one syllable.
        let voiced = past_runs_with(tokens, vowels);
        (nuclei + words.count_ones() - voiced.count_ones()) as usize
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
