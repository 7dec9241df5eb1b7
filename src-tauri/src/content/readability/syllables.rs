//! Syllables of one word by spelling rules, not a dictionary: a figure within about a syllable
//! of the spoken one, which is all the reading-level formulas need.

/// English syllables of one word: its vowel groups (y counts as a vowel except as the first
/// letter), less a silent final `e`, `-ed` or `-es`. Only the ASCII letters are read; digits and
/// other letters are skipped, not treated as consonants. Words of three letters or fewer are one
/// syllable, and so is every word the rules would leave with none ("crwth").
pub(super) fn syllables_en(word: &str) -> usize {
    let w: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let n = w.len();
    if n <= 3 {
        return 1;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut count = 0;
    let mut prev = false;
    for (i, &ch) in w.iter().enumerate() {
        // A y that starts a word is a consonant ("yes", "yellow").
        let v = vowel(ch) && !(ch == b'y' && i == 0);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let (last, second_last, third_last) = (w[n - 1], w[n - 2], w[n - 3]);
    // A final silent e ("take"), but not "-le" after a consonant ("table") or "-ee" ("free").
    let consonant_le = second_last == b'l' && !vowel(third_last);
    let silent_e = last == b'e' && !consonant_le && !vowel(second_last);
    // "-ed" and "-es" after a consonant are silent ("talked", "takes"), but not after t/d
    // ("wanted") or s/x/z/ch/sh/ge ("boxes", "changes").
    let silent_ending = match (second_last, last) {
        (b'e', b'd') => !matches!(third_last, b't' | b'd'),
        (b'e', b's') => !matches!(third_last, b's' | b'x' | b'z' | b'c' | b'g' | b'h'),
        _ => false,
    } && !vowel(third_last);
    // The e taken back is a vowel the loop counted, so this never goes below zero; at most one
    // of the two applies, as they need different last letters.
    if silent_e || silent_ending {
        count -= 1;
    }
    count.max(1)
}

/// Spanish syllables of one word: one per vowel nucleus. A weak vowel (i, u, ü) next to another
/// vowel forms a diphthong with it ("ciudad", "tratamiento"); two strong vowels (a, e, o) split
/// ("poeta"), and so does a stressed í or ú, which counts as strong ("día", "baúl"). A y is a
/// consonant here: after a vowel at the end of a word ("hoy", "muy") it only closes that
/// vowel's syllable, so it never adds one. A word with no vowel ("y", a number) is one syllable.
pub(super) fn syllables_es(word: &str) -> usize {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let mut count = 0;
    // The vowel just before, while inside a group of vowels.
    let mut prev: Option<char> = None;
    for c in word.chars().flat_map(char::to_lowercase) {
        if !strong(c) && !weak(c) {
            prev = None;
            continue;
        }
        match prev {
            None => count += 1,
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
            ("takes", 1),
            ("table", 2),
            ("little", 2),
            ("free", 1),
            ("agreed", 2),
            ("ketamine", 3),
            ("depression", 3),
            ("wanted", 2),
            ("talked", 1),
            ("boxes", 2),
            ("changes", 2),
            ("infusion", 3),
            ("anesthesia", 4),
            ("yellow", 2),
            ("eye", 1),
            ("rhythm", 1),
            ("crwth", 1),
            ("Table", 2),
            ("covid19", 2),
            ("don't", 1),
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
            ("leer", 2),
            ("hoy", 1),
            ("muy", 1),
            ("rey", 1),
            ("y", 1),
            ("médico", 3),
            ("ciudad", 2),
            ("cuidado", 3),
            ("ozono", 3),
            ("pregúntele", 4),
            ("oído", 3),
            ("reír", 2),
            ("país", 2),
            ("baúl", 2),
            ("guerra", 2),
            ("pingüino", 3),
            ("ÉL", 1),
            ("ñandú", 2),
        ] {
            assert_eq!(syllables_es(word), n, "{word}");
        }
    }
}
