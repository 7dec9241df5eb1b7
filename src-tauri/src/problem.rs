//! A problem found in a file the clinic wrote (an explainer, a question list, `clinic.toml`), located
//! in that file so staff can go straight to it. It sits on the ground floor: settings and content
//! both report problems, and neither depends on the other for it.
//!
//! A problem is shown one to a line (`check`, the staff panel, the log), and much of what it says
//! comes from the files: a question key, a link, a file's own name. So the text is escaped where a
//! problem is made and where it is shown ([`escape`]): a newline, a terminal's escape sequence or
//! a right-to-left override in a file can't forge a second problem line or recolour the staff's
//! terminal, whoever built the message.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a 1-based line and column of the file itself (not of its front-matter block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Severity::Error, message)
    }

    pub fn warning(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Severity::Warning, message)
    }

    fn new(path: &Path, line: usize, col: usize, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: line.max(1),
            col: col.max(1),
            severity,
            message: bounded(escape(&message.into())),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The message was escaped when it was made, but the fields are public: escape again
        // (a no-op on clean text) so no caller can build a problem that prints two lines.
        let path = self.path.to_string_lossy();
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            escape(&path),
            self.line,
            self.col,
            escape(&self.message)
        )
    }
}

/// The longest message a problem keeps: one that quotes a pasted essay is cut, not printed whole.
pub const MAX_MESSAGE_CHARS: usize = 1000;

fn bounded(message: Cow<'_, str>) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.into_owned(),
    }
}

/// Whether `c` must not reach a terminal or a one-line list as it is: control characters (a
/// newline, the escape that starts a terminal sequence), and the invisible characters that
/// reorder or hide text (bidirectional overrides and isolates, zero-width characters, line and
/// paragraph separators).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every [`is_unsafe_char`] written out as an escape (`\n`, `\u{1b}`), so it is one
/// line and shows what is really in the file. Borrowed when there is nothing to escape.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Turns a byte offset into a 1-based (line, column), counting columns in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 999), (3, 2));
    }

    #[test]
    fn display_is_path_line_col_severity_message() {
        let p = Problem::warning(Path::new("en/a.md"), 3, 7, "next review is overdue");
        assert_eq!(p.to_string(), "en/a.md:3:7: warning: next review is overdue");
    }

    /// A question key `"x\nen/ozone.md:1:1: error: forged line"` must not print a second problem.
    #[test]
    fn untrusted_text_cannot_forge_a_line_or_reach_the_terminal() {
        let forged = "question key `x\nen/ozone-blood-therapy.md:1:1: error: forged line` is bad";
        let p = Problem::error(Path::new("en/a\r\u{1b}[31m.md"), 1, 1, forged);
        let shown = p.to_string();
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert_eq!(
            shown,
            "en/a\\r\\u{1b}[31m.md:1:1: error: question key `x\\nen/ozone-blood-therapy.md:1:1: error: forged line` is bad"
        );
        let hidden = Problem::warning(Path::new("a.md"), 1, 1, "`\u{202e}txt.exe\u{200b}`");
        assert_eq!(hidden.message, "`\\u{202e}txt.exe\\u{200b}`");
        // Set by hand, past `new`: still one line when shown.
        let by_hand = Problem {
            message: "a\nb".into(),
            ..hidden
        };
        assert_eq!(by_hand.to_string(), "a.md:1:1: warning: a\\nb");
        assert!(matches!(escape("clean"), Cow::Borrowed("clean")));
    }

    #[test]
    fn a_huge_message_is_cut() {
        let p = Problem::error(Path::new("a.md"), 1, 1, "x".repeat(50_000));
        assert_eq!(p.message.chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
