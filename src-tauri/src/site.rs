//! A content folder once loaded: the clinic's settings and its library of pages, side by side,
//! and every problem found in either.
//!
//! Settings are loaded beside the library, not inside it, as mdBook hands a renderer
//! `RenderContext { book, config }`: the pages are checked against the settings' languages and
//! categories, but nothing in [`crate::content`] keeps them. The running kiosk holds one `Site`
//! and swaps it whole on a reload, so a screen never mixes an old page with new settings.

use std::path::Path;

use time::Date;

use crate::content::Library;
use crate::problem::Problem;
use crate::settings::{self, Settings};

/// Everything the kiosk shows and prints comes from here.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub settings: Settings,
    pub library: Library,
    /// What was wrong with clinic.toml (the pages' problems are the library's own).
    settings_problems: Vec<Problem>,
}

impl Site {
    /// Every problem in clinic.toml and in the pages, sorted by file, line and column.
    pub fn problems(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self
            .settings_problems
            .iter()
            .chain(&self.library.problems)
            .collect();
        all.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        all
    }

    pub fn error_count(&self) -> usize {
        self.settings_problems.iter().filter(|p| p.is_error()).count() + self.library.error_count()
    }

    pub fn warning_count(&self) -> usize {
        self.settings_problems.len() + self.library.problems.len() - self.error_count()
    }

    /// Whether clinic.toml names a printer queue or a print folder.
    pub fn can_print(&self) -> bool {
        self.settings.printer.queue.is_some() || self.settings.printer.folder.is_some()
    }
}

/// Loads `clinic.toml` and the pages of `root`.
pub fn load(root: &Path) -> Site {
    load_at(root, crate::clock::today(), None)
}

/// Loads again after a change; a page that broke keeps its last good version from `previous`.
pub fn reload(root: &Path, previous: &Site) -> Site {
    load_at(root, crate::clock::today(), Some(previous))
}

/// Loads as of `today` (tests pin the date so review warnings don't depend on the clock).
pub fn load_at(root: &Path, today: Date, previous: Option<&Site>) -> Site {
    let (settings, mut settings_problems) = settings::load(root);
    // Staff mode checks its own PIN hash; the settings only carry it.
    if let Some(why) = crate::staff::pin::hash_problem(settings.staff.pin_hash.as_deref()) {
        let path = root.join(settings::FILE_NAME);
        let (line, col) = settings::key_position(&path, "pin_hash");
        settings_problems.push(Problem::error(&path, line, col, why));
    }
    let library = crate::content::library::load(root, &settings, today, previous.map(|s| &s.library));
    Site {
        settings,
        library,
        settings_problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_pin_hash_is_reported_at_its_line_and_the_rest_of_the_settings_stand() {
        let dir = tempfile::tempdir().unwrap();
        let text = "name = \"Harbor\"\n[staff]\npin_hash = \"1234\"\n";
        std::fs::write(dir.path().join(settings::FILE_NAME), text).unwrap();
        let site = load(dir.path());
        let problem = site
            .problems()
            .into_iter()
            .find(|p| p.is_error())
            .expect("the hash is an error");
        assert_eq!((problem.line, problem.col), (3, 1));
        assert!(
            problem
                .message
                .starts_with("`pin_hash` is not a PIN hash written by `clinic-kiosk set-pin`"),
            "{problem}"
        );
        assert_eq!(
            site.settings.name, "Harbor",
            "a bad PIN hash does not undo the clinic's settings"
        );
    }
}
