//! Splits a content file into its TOML front matter and its Markdown body, keeping track of where
//! each starts so every later error can point at a line of the file itself (as Zola's `split.rs`).

use thiserror::Error;

const FENCE: &str = "+++";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Error {
    #[error("no front matter found: the file must start with a line `+++`, then the TOML fields, then another `+++`")]
    Missing,
    #[error("the front matter opened on line 1 is never closed: add a line `+++` after the last field")]
    NeverClosed,
}

/// A file's two parts, each with the byte offset in the file where it starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Finds the `+++` block at the top of `text`. A UTF-8 byte-order mark before it is allowed.
pub fn split(text: &str) -> Result<Split<'_>, Error> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != FENCE {
        return Err(Error::Missing);
    }
    let toml_offset = start + first_line_end;
    // Only a line that starts with `+++` can close it, so jump from one such line to the next
    // rather than looking at every line of the TOML.
    let mut pos = toml_offset;
    loop {
        if text[pos..].starts_with(FENCE) {
            let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            if text[pos..line_end].trim_end() == FENCE {
                return Ok(Split {
                    toml: &text[toml_offset..pos],
                    toml_offset,
                    body: &text[line_end..],
                    body_offset: line_end,
                });
            }
        }
        match memchr::memmem::find(&text.as_bytes()[pos..], b"\n+++") {
            Some(i) => pos += i + 1,
            None => return Err(Error::NeverClosed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_from_body_with_offsets() {
        let text = "+++\ntitle = \"A\"\n+++\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.toml, "title = \"A\"\n");
        assert_eq!(s.toml_offset, 4);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let s = split("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.toml, "title = \"A\"\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn missing_and_unclosed_blocks_are_errors() {
        assert_eq!(split("# Just markdown\n"), Err(Error::Missing));
        assert_eq!(split(""), Err(Error::Missing));
        assert_eq!(split("+++\ntitle = \"A\"\n"), Err(Error::NeverClosed));
    }

    #[test]
    fn only_a_whole_fence_line_closes_it() {
        let text = "+++\na = \"x +++\"\n++++\n+++ y\n+++  \nbody\n+++\n";
        let s = split(text).unwrap();
        assert_eq!(s.toml, "a = \"x +++\"\n++++\n+++ y\n");
        assert_eq!(s.body, "body\n+++\n");
    }

    #[test]
    fn an_empty_body_is_still_a_split() {
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.toml, "");
        assert_eq!(s.body, "");
    }
}
