//! What each of 64 bytes is, as one bit per byte in a mask per class: the word counter then
//! finds a window's words and counts their vowel groups and silent endings with bit operations
//! on the whole window, instead of a loop over words and their bytes whose ends the processor
//! can't predict.
//!
//! On x86-64 the masks come from SSE2 compares, 16 bytes at a time (SSE2 is in every x86-64
//! processor; this is the crate's one `unsafe` block, because Rust asks for one to call a function
//! that needs a processor feature even when the build guarantees it); elsewhere from the same
//! byte table as the rest of the counter. A test holds the two together.

use super::class::{CLASS, DIGIT, LETTER, NON_ASCII, SEPARATOR, STOP, STRONG_ES, VOWEL_EN, WEAK_ES};

/// Bytes in one window.
pub(super) const WINDOW: usize = 64;

/// Bit `i` of each mask is set when byte `i` of the window is of that class.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Masks {
    pub letter: u64,
    pub digit: u64,
    pub vowel_en: u64,
    pub strong_es: u64,
    pub weak_es: u64,
    pub separator: u64,
    pub non_ascii: u64,
    /// `.`, `!`, `?` and `:`: only a token with one of these can end a sentence.
    pub stop: u64,
    /// The letters the English rules look at in a word's last three (and its first), either
    /// case; English only.
    pub endings: Endings,
}

/// A bit just past the end of each run of set bits in `runs` that holds a bit of `marks`: adding
/// the marks to the runs carries one bit out of each such run (a word's letters, a token's
/// bytes) onto the byte after it, however many marks the run holds. The run must end below
/// bit 63, which it does when a separator follows it in the window.
#[inline(always)]
pub(super) fn past_runs_with(runs: u64, marks: u64) -> u64 {
    runs.wrapping_add(marks & runs) & !runs
}

/// Single letters, either case, one bit per byte: what English's silent-ending rules test.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Endings {
    pub e: u64,
    pub l: u64,
    pub d: u64,
    pub s: u64,
    pub y: u64,
    /// `t` or `d`: "-ed" after them is a syllable ("wanted").
    pub t_or_d: u64,
    /// s, x, z, c, g, h: "-es" after them is a syllable ("boxes").
    pub sibilant: u64,
}

/// The masks of a window of exactly [`WINDOW`] bytes that the rules of one language read
/// (`ENGLISH`: `vowel_en` and the [`Endings`]; Spanish: `strong_es` and `weak_es`); the others
/// are left at 0.
pub(super) fn masks<const ENGLISH: bool>(window: &[u8; WINDOW]) -> Masks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: `sse2::masks` only needs SSE2, which this build already requires of the
        // processor (the `target_feature` above; it is part of x86-64 itself).
        unsafe { sse2::masks::<ENGLISH>(window) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        by_table::<ENGLISH>(window)
    }
}

/// The masks from [`CLASS`], a byte at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(super) fn by_table<const ENGLISH: bool>(window: &[u8; WINDOW]) -> Masks {
    let mut m = Masks::default();
    for (i, &b) in window.iter().enumerate() {
        let class = CLASS[usize::from(b)];
        if ENGLISH && class & LETTER != 0 {
            let is = |letters: &[u8]| u64::from(letters.contains(&(b | 0x20))) << i;
            let e = &mut m.endings;
            e.e |= is(b"e");
            e.l |= is(b"l");
            e.d |= is(b"d");
            e.s |= is(b"s");
            e.y |= is(b"y");
            e.t_or_d |= is(b"td");
            e.sibilant |= is(b"sxzcgh");
        }
        let bit = |flag: u8| u64::from(class & flag != 0) << i;
        m.letter |= bit(LETTER);
        m.digit |= bit(DIGIT);
        if ENGLISH {
            m.vowel_en |= bit(VOWEL_EN);
        } else {
            m.strong_es |= bit(STRONG_ES);
            m.weak_es |= bit(WEAK_ES);
        }
        m.separator |= bit(SEPARATOR);
        m.non_ascii |= bit(NON_ASCII);
        m.stop |= bit(STOP);
    }
    m
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };

    use super::{Endings, Masks, WINDOW};

    #[target_feature(enable = "sse2")]
    fn splat(b: u8) -> __m128i {
        _mm_set1_epi8(b as i8)
    }

    /// Bytes equal to any of `set`.
    #[target_feature(enable = "sse2")]
    fn any_of(v: __m128i, set: &[u8]) -> __m128i {
        set.iter().fold(_mm_set1_epi8(0), |acc, &b| {
            _mm_or_si128(acc, _mm_cmpeq_epi8(v, splat(b)))
        })
    }

    /// Bytes from `lo` to `hi`, both ASCII. Beyond ASCII a byte is negative as a signed byte, so
    /// it is below `lo` and never in range.
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, lo: u8, hi: u8) -> __m128i {
        _mm_and_si128(_mm_cmpgt_epi8(v, splat(lo - 1)), _mm_cmplt_epi8(v, splat(hi + 1)))
    }

    /// The 64-bit mask of the bytes of the four 16-byte quarters in `quarters` that `test`
    /// marks. Built one class at a time, so the class's bits stay in a register until they are
    /// done (a quarter at a time for every class kept all fifteen masks in memory).
    #[target_feature(enable = "sse2")]
    fn mask(quarters: &[__m128i; 4], test: impl Fn(__m128i) -> __m128i) -> u64 {
        let mut bits = 0;
        for (k, &v) in quarters.iter().enumerate() {
            bits |= u64::from(_mm_movemask_epi8(test(v)) as u16) << (16 * k);
        }
        bits
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn masks<const ENGLISH: bool>(window: &[u8; WINDOW]) -> Masks {
        let quarters = window.as_chunks::<16>().0;
        let bytes: [__m128i; 4] = std::array::from_fn(|k| {
            let x = u128::from_le_bytes(quarters[k]);
            _mm_set_epi64x((x >> 64) as i64, x as i64)
        });
        // Only a letter's byte is a letter once 0x20 is set in it.
        let lower = bytes.map(|v| _mm_or_si128(v, splat(0x20)));
        let mut m = Masks {
            letter: mask(&lower, |v| in_range(v, b'a', b'z')),
            digit: mask(&bytes, |v| in_range(v, b'0', b'9')),
            separator: mask(&bytes, |v| {
                _mm_or_si128(any_of(v, b" /"), in_range(v, b'\t', b'\r'))
            }),
            non_ascii: mask(&bytes, |v| v),
            stop: mask(&bytes, |v| any_of(v, b".!?:")),
            ..Masks::default()
        };
        if ENGLISH {
            m.vowel_en = mask(&lower, |v| any_of(v, b"aeiouy"));
            m.endings = Endings {
                e: mask(&lower, |v| any_of(v, b"e")),
                l: mask(&lower, |v| any_of(v, b"l")),
                d: mask(&lower, |v| any_of(v, b"d")),
                s: mask(&lower, |v| any_of(v, b"s")),
                y: mask(&lower, |v| any_of(v, b"y")),
                t_or_d: mask(&lower, |v| any_of(v, b"td")),
                sibilant: mask(&lower, |v| any_of(v, b"sxzcgh")),
            };
        } else {
            m.strong_es = mask(&lower, |v| any_of(v, b"aeo"));
            m.weak_es = mask(&lower, |v| any_of(v, b"iu"));
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_and_the_table_agree_on_every_byte_at_every_place() {
        // Every byte value at every position, in windows shifted by one each time.
        for shift in 0..WINDOW {
            let mut window = [0u8; WINDOW];
            for b in 0..=255u8 {
                window[(usize::from(b) + shift) % WINDOW] = b;
                if usize::from(b) % WINDOW == WINDOW - 1 || b == 255 {
                    assert_eq!(masks::<true>(&window), by_table::<true>(&window), "{window:?}");
                    assert_eq!(masks::<false>(&window), by_table::<false>(&window), "{window:?}");
                }
            }
        }
    }
}
