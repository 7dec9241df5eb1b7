//! What each byte is to the word counter, looked up in one table instead of tested with a chain
//! of comparisons: the counter reads every byte of every page's prose.

/// An ASCII letter.
pub(super) const LETTER: u8 = 1;
/// An ASCII digit.
pub(super) const DIGIT: u8 = 1 << 1;
/// A vowel by the English rules: a, e, i, o, u and y (a y that starts a word is fixed later).
pub(super) const VOWEL_EN: u8 = 1 << 2;
/// A strong vowel in Spanish: a, e, o.
pub(super) const STRONG_ES: u8 = 1 << 3;
/// A weak vowel in Spanish: i, u.
pub(super) const WEAK_ES: u8 = 1 << 4;
/// Ends a token: what `char::is_whitespace` is true of in ASCII, and the slash.
pub(super) const SEPARATOR: u8 = 1 << 5;
/// Part of a character beyond ASCII: the token needs the general, char-by-char rules.
pub(super) const NON_ASCII: u8 = 1 << 6;
/// Ends a sentence when it ends a token: `.`, `!`, `?` and `:`.
pub(super) const STOP: u8 = 1 << 7;

/// The class of every byte.
pub(super) static CLASS: [u8; 256] = table();

/// Closes a quotation or aside after a full stop (`"`, `'`, `)`) or ends emphasis (`*`): a
/// token ending `stop."` still ends its sentence. Not in the table, which has no bit left;
/// tested only once per token.
pub(super) fn is_closer(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b')' | b'*')
}

const fn table() -> [u8; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let lower = b.to_ascii_lowercase();
        t[i] = if !b.is_ascii() {
            NON_ASCII
        } else if b.is_ascii_alphabetic() {
            LETTER
                | match lower {
                    b'a' | b'e' | b'o' => VOWEL_EN | STRONG_ES,
                    b'i' | b'u' => VOWEL_EN | WEAK_ES,
                    b'y' => VOWEL_EN,
                    _ => 0,
                }
        } else if b.is_ascii_digit() {
            DIGIT
        } else if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'/') {
            SEPARATOR
        } else if matches!(b, b'.' | b'!' | b'?' | b':') {
            STOP
        } else {
            0
        };
        i += 1;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_what_char_is_whitespace_says_and_the_slash() {
        for b in 0..128u8 {
            let expected = char::from(b).is_whitespace() || b == b'/';
            assert_eq!(CLASS[usize::from(b)] & SEPARATOR != 0, expected, "{b:#x}");
        }
    }
}
