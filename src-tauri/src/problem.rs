//! A problem found in a file the clinic wrote (an explainer, a question list, `clinic.toml`), located
//! in that file so staff can go straight to it. It sits on the ground floor: settings and content
//! both report problems, and neither depends on the other for it.

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
            message: message.into(),
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
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
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
}
