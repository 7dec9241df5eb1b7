//! Sentences, words and syllables of plain text: the figures the reading-level formulas need.
//!
//! This runs on every file at every reload, and it used to cost more than rendering the page, so
//! it works on 64-byte windows of bytes: all the ASCII words of a window (nearly every English
//! word, most Spanish ones) are counted together, from one bit mask per kind of byte, with no
//! loop over words at all. A token with other characters in it, or with its letters broken up
//! ("don't"), is judged on its own, a byte or a character at a time. All of it gives exactly
//! what the char-by-char rules say, and a test holds them together.

use super::class::{is_closer, CLASS, DIGIT, LETTER, NON_ASCII, SEPARATOR, STOP};
use super::masks::{past_runs_with, Masks, WINDOW};
use super::syllables::{English, Spanish, Syllables};
use super::Counts;

/// Counts sentences, words and syllables. Text is split into tokens at whitespace, em dashes and
/// slashes; a token with a letter or digit is a word, and one ending in `.`, `!`, `?` or `:`
/// (before closing quotes, brackets or `*`) ends a sentence.
pub fn count(text: &str, spanish: bool) -> Counts {
    if spanish {
        count_with::<Spanish>(text)
    } else {
        count_with::<English>(text)
    }
}

fn count_with<S: Syllables>(text: &str) -> Counts {
    let bytes = text.as_bytes();
    let mut tally = Tally::default();
    let mut start = 0;
    // Whole windows first: every token that ends inside one is counted from its masks, all
    // at once. The window after starts at the first token not yet counted.
    while let Some(window) = bytes[start..].first_chunk::<WINDOW>() {
        let m = S::masks(window);
        if m.separator == 0 {
            // One token longer than a window (a long address): byte by byte.
            start = judge_at::<S>(text, start, &mut tally);
            continue;
        }
        // Up to and with the window's last separator: the tokens that end in it.
        let mut end = WINDOW - m.separator.leading_zeros() as usize;
        let tokens = !m.separator & below(end);
        // A token the masks can't count: one with a character beyond ASCII, or one whose
        // sounds are broken up ("don't"), which shows as a run of sounds that starts after
        // another sound of its token. Adding a token's sounds to its bits clears the bit of
        // the first sound and keeps those of the later ones.
        let sounds = S::sounds(&m) & tokens;
        let later_runs = sounds & !(sounds << 1) & tokens.wrapping_add(sounds);
        let odd = (m.non_ascii & tokens) | later_runs;
        if odd != 0 {
            // Count the tokens before it here; it is judged on its own.
            let before = m.separator & below(odd.trailing_zeros() as usize);
            end = WINDOW - before.leading_zeros() as usize;
            if end == 0 {
                // It is the first token. Characters beyond ASCII may split it further (an em
                // dash, a no-break space): judge each piece up to and past its separator.
                let last = start + m.separator.trailing_zeros() as usize;
                while start <= last {
                    start = judge_at::<S>(text, start, &mut tally);
                }
                continue;
            }
        }
        tally.add_window::<S>(&m, below(end), window);
        start += end;
    }
    // The last, shorter stretch: token by token.
    while start < bytes.len() {
        start = judge_at::<S>(text, start, &mut tally);
    }
    tally.finish()
}

/// The bits below bit `n` (all 64 when `n` is 64).
#[inline(always)]
fn below(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1 << n) - 1
    }
}

/// Running totals, and whether a sentence is open.
#[derive(Default)]
struct Tally {
    counts: Counts,
    in_sentence: bool,
}

impl Tally {
    fn add(&mut self, token: &Token) {
        if let Some(syllables) = token.syllables {
            self.counts.words += 1;
            self.counts.syllables += syllables;
            self.in_sentence = true;
        }
        if self.in_sentence && token.ends_sentence {
            self.counts.sentences += 1;
            self.in_sentence = false;
        }
    }

    /// Adds every token of `region` (whole tokens of one window, ending at a separator; see
    /// [`Syllables::window`]) from the window's masks: a bit on the separator after each
    /// word, and after each token with a stop in it, tells where each one ends.
    #[inline(always)]
    fn add_window<S: Syllables>(&mut self, m: &Masks, region: u64, window: &[u8; WINDOW]) {
        let tokens = !m.separator & region;
        let words = past_runs_with(tokens, m.letter | m.digit);
        self.counts.words += words.count_ones() as usize;
        self.counts.syllables += S::window(m, region, tokens, words);
        // Only a token with a stop in it can end a sentence: few of them, taken in order.
        let mut stops = past_runs_with(tokens, m.stop);
        let mut counted = 0;
        while stops != 0 {
            let after = stops.trailing_zeros() as usize;
            stops &= stops - 1;
            if ends_sentence(&window[..after]) {
                let upto = below(after + 1);
                let ends = self.in_sentence | (words & upto & !counted != 0);
                self.counts.sentences += usize::from(ends);
                self.in_sentence = false;
                counted = upto;
            }
        }
        self.in_sentence |= words & !counted != 0;
    }

    fn finish(mut self) -> Counts {
        if self.in_sentence {
            self.counts.sentences += 1;
        }
        self.counts
    }
}

/// Judges the token at `start` a byte (or a character) at a time, adds it to the tally, and
/// gives where the next token starts (the text's length after the last one).
fn judge_at<S: Syllables>(text: &str, start: usize, tally: &mut Tally) -> usize {
    let token = ascii_token::<S>(text.as_bytes(), start).unwrap_or_else(|| unicode_token::<S>(text, start));
    tally.add(&token);
    token.next.unwrap_or(text.len())
}

/// Whether an ASCII token ends a sentence: its last byte that is not a closing quote or
/// bracket is `.`, `!`, `?` or `:`. Given the bytes up to a token's end, it looks no further
/// back than the token when the token has a stop in it.
fn ends_sentence(token: &[u8]) -> bool {
    token
        .iter()
        .rposition(|&b| !is_closer(b))
        .is_some_and(|i| CLASS[usize::from(token[i])] & STOP != 0)
}

/// One token, judged.
struct Token {
    /// Its syllables, when it is a word.
    syllables: Option<usize>,
    ends_sentence: bool,
    /// Where the next token starts; `None` after the last one.
    next: Option<usize>,
}

/// Judges the token at `start` in one pass over its bytes, or gives up with `None` at the first
/// character beyond ASCII other than Spanish's á é í ó ú ü ñ ¿ ¡ (that token then goes to
/// [`unicode_token`]). Only the bytes before the separator are looked at again, and only the
/// closing quotes and brackets among them.
#[inline(always)]
fn ascii_token<S: Syllables>(bytes: &[u8], start: usize) -> Option<Token> {
    let mut word = S::default();
    let mut seen = 0;
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let class = CLASS[usize::from(b)];
        if class & (SEPARATOR | NON_ASCII) != 0 {
            if class & SEPARATOR != 0 {
                break;
            }
            // Spanish's own letters and opening marks are common enough to take here too.
            match (b, bytes.get(end + 1)) {
                (0xC3, Some(&second)) => {
                    word.push_accented(spanish_letter(second)?);
                    seen |= LETTER;
                }
                (0xC2, Some(0xBF | 0xA1)) => {} // ¿ ¡
                _ => return None,
            }
            end += 2;
            continue;
        }
        seen |= class;
        word.push(b, class);
        end += 1;
    }
    let ends_sentence = seen & STOP != 0 && ends_sentence(&bytes[start..end]);
    Some(Token {
        syllables: if seen & LETTER != 0 {
            Some(word.finish())
        } else {
            (seen & DIGIT != 0).then_some(1)
        },
        ends_sentence,
        next: (end < bytes.len()).then_some(end + 1),
    })
}

/// The Spanish letter (á é í ó ú ü ñ, either case) written as 0xC3 then `second`, in lower
/// case. In that row of UTF-8 a capital is its small letter less 0x20.
fn spanish_letter(second: u8) -> Option<char> {
    let lower = second | 0x20;
    matches!(lower, 0xA1 | 0xA9 | 0xAD | 0xB3 | 0xBA | 0xBC | 0xB1).then(|| char::from(0xC0 | (lower & 0x3F)))
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace() || ch == '—' || ch == '/'
}

/// Judges the token at `start` char by char: letters and digits of any script make it a word,
/// and the language's rules take its syllables from the whole token.
fn unicode_token<S: Syllables>(text: &str, start: usize) -> Token {
    // `start` is 0 or just after a separator, so always at the start of a character.
    let rest = &text[start..];
    let (token, next) = match rest.char_indices().find(|&(_, ch)| is_separator(ch)) {
        Some((i, ch)) => (&rest[..i], Some(start + i + ch.len_utf8())),
        None => (rest, None),
    };
    let (mut alnum, mut alpha) = (false, false);
    for ch in token.chars().filter(|ch| ch.is_alphanumeric()) {
        alnum = true;
        alpha |= ch.is_alphabetic();
    }
    let syllables = if alpha {
        Some(S::count_word(token))
    } else {
        alnum.then_some(1)
    };
    let ends_sentence = token
        .trim_end_matches(['"', '\'', ')', '”', '’', '*', '»'])
        .ends_with(['.', '!', '?', ':']);
    Token {
        syllables,
        ends_sentence,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char counter [`count`] replaced, with its own syllable rules: the
    /// definition the fast counter must keep to.
    fn count_by_chars(text: &str, spanish: bool) -> Counts {
        let mut c = Counts::default();
        let mut in_sentence = false;
        for token in text.split(is_separator) {
            let word: String = token.chars().filter(|ch| ch.is_alphanumeric()).collect();
            if !word.is_empty() {
                c.words += 1;
                c.syllables += if !word.chars().any(char::is_alphabetic) {
                    1
                } else if spanish {
                    reference_es(&word)
                } else {
                    reference_en(&word)
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
    fn reference_en(word: &str) -> usize {
        let w: Vec<u8> = word
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_lowercase())
            .collect();
        syllables_ascii(&w)
    }

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
        if w.ends_with(b"es")
            && !matches!(w[n - 3], b's' | b'x' | b'z' | b'c' | b'g' | b'h')
            && !vowel(w[n - 3])
        {
            count -= 1;
        }
        count.max(1)
    }

    /// Spanish syllables: one per vowel nucleus, where a weak vowel (i, u, ü) next to another vowel
    /// forms a diphthong with it, and two strong vowels (a, e, o) or a stressed í/ú split.
    fn reference_es(word: &str) -> usize {
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

    #[test]
    fn the_byte_counter_agrees_with_the_char_by_char_rules() {
        // Pieces that exercise both paths: separators of every kind, digits, accents, closing
        // quotes, letters whose lower case is ASCII or two characters, numbers that are not digits.
        let pieces = [
            "the",
            "Table",
            "ketamine",
            "boxes",
            "wanted",
            "día",
            "poeta",
            "HOY",
            "muy",
            "pregúntele",
            "ciudad",
            "2026",
            "1½",
            "x2y",
            "a1e",
            "İstanbul",
            "\u{212a}ey",
            "naïve",
            "café",
            "—",
            "/",
            " ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{85}",
            "\u{a0}",
            "\u{2003}",
            ".",
            "!",
            "?",
            ":",
            "\"",
            "'",
            ")",
            "”",
            "’",
            "*",
            "»",
            "¿",
            "¡",
            "(",
            "-",
            "ñandú",
            "ÉL",
            "Ωmega",
            "e",
            "y",
            "es",
            "ed",
            "le",
            "Yes",
            "ee",
            "pingüino",
            "ÜÑ",
            "co-op",
            "re-enter",
            "(yet)",
            "don't",
            "Yyy",
            // English endings and first letters the window rules take one at a time.
            "takes",
            "agreed",
            "little",
            "Ymca",
            "crwth",
            "rhythm",
            "covid19",
            "it's",
            "e.g.",
            // Longer than a window, so it is judged a byte at a time.
            "Pneumonoultramicroscopicsilicovolcanoconiosisandmuchmoreofthesamekindoflongword.",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Up to 160 pieces: many windows, with tokens across their edges.
            for _ in 0..(seed % 160) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                // Half the time a space, so whole short words stand alone too.
                if seed & 0x100 == 0 {
                    text.push(' ');
                }
            }
            for spanish in [false, true] {
                assert_eq!(
                    count(&text, spanish),
                    count_by_chars(&text, spanish),
                    "{text:?} spanish={spanish}"
                );
            }
        }
    }

    #[test]
    fn word_rules_match_the_reference_on_real_words() {
        let words = "the take table ketamine depression wanted talked boxes infusion anesthesia yes \
                     yellow yale yoke yodel yy yttle eye bee free agreed used changes fixes pages stable little idle";
        for w in words.split(' ') {
            assert_eq!(super::super::syllables_en(w), reference_en(w), "{w}");
        }
        let palabras = "casa tratamiento día poeta hoy muy rey y médico ciudad ozono pregúntele \
                        oído reír país baúl cuidado guerra pingüino leer";
        for w in palabras.split(' ') {
            assert_eq!(super::super::syllables_es(w), reference_es(w), "{w}");
        }
    }
}
