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
use crate::review::{self, Reviews, Status};
use crate::settings::{self, Settings};

/// Everything the kiosk shows and prints comes from here.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub settings: Settings,
    pub library: Library,
    /// Clinical sign-off records (`reviews.toml`), matched against the pages by hash.
    pub reviews: Reviews,
    /// What was wrong with clinic.toml (the pages' problems are the library's own), and what
    /// sign-off found (records that don't parse, pages changed since signed or overdue).
    settings_problems: Vec<Problem>,
    review_problems: Vec<Problem>,
    /// How many pages no clinician has signed (`check` gives them one note, not a warning each).
    pub never_signed: usize,
    /// Pages kept off the patient screens by `[review] require_signoff`, with the reason.
    pub withheld: Vec<Withheld>,
}

/// A page `[review] require_signoff` keeps off the patient screens, as the staff panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Withheld {
    /// `en/ketamine-depression`, `es/lists/first-visit`.
    pub page: String,
    pub title: String,
    /// "never signed off" or "changed since Dana Ruiz, MD signed it off on 2026-12-01".
    pub reason: String,
}

impl Site {
    /// Every problem, in no order: what the counts read.
    fn all(&self) -> impl Iterator<Item = &Problem> {
        self.settings_problems
            .iter()
            .chain(&self.library.problems)
            .chain(&self.reviews.problems)
            .chain(&self.review_problems)
    }

    /// Every problem in clinic.toml, the pages and reviews.toml, sorted by file, line and column.
    pub fn problems(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self.all().collect();
        all.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        all
    }

    pub fn error_count(&self) -> usize {
        self.all().filter(|p| p.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.all().filter(|p| !p.is_error()).count()
    }

    /// The clinician's sign-off to show on a page: only a record whose hash matches the page as
    /// loaded, so an edit takes the reviewer's name off until someone signs again.
    pub fn signoff(
        &self,
        key: &str,
        fingerprint: &crate::content::fingerprint::Fingerprint,
    ) -> Option<&review::Record> {
        self.reviews.matching(key, fingerprint)
    }

    /// The site as patients may see it: with `[review] require_signoff`, every page not signed as
    /// it is now (never signed, or changed since) is taken out of the library, so no screen,
    /// link, fallback or printout can reach it, and listed in [`Site::withheld`] for the staff
    /// panel. A translation taken out falls back to its signed original like any missing one.
    pub fn for_patients(mut self) -> Site {
        if !self.settings.review.require_signoff {
            return self;
        }
        let today = crate::clock::today();
        let mut out: Vec<(String, String, bool)> = Vec::new();
        for page in review::pages(&self.library) {
            let reason = match self.reviews.status(&page.key, page.fingerprint, today) {
                Status::Signed(_) | Status::Overdue(_) => continue,
                Status::Never => "never signed off".to_string(),
                Status::Changed(r) => format!("changed since {} signed it off on {}", r.by, r.date),
            };
            self.withheld.push(Withheld {
                page: page.key.clone(),
                title: page.title.to_string(),
                reason,
            });
            out.push((page.lang.to_string(), page.name.to_string(), page.list));
        }
        for (lang, name, list) in out {
            if list {
                if let Some(lists) = self.library.lists.get_mut(&lang) {
                    lists.remove(&name);
                }
            } else if let Some(explainers) = self.library.explainers.get_mut(&lang) {
                explainers.remove(&name);
            }
        }
        self
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
    let reviews = Reviews::load(root);
    let (review_problems, never_signed) =
        review::check(&reviews, &library, today, settings.review.require_signoff);
    Site {
        settings,
        library,
        reviews,
        settings_problems,
        review_problems,
        never_signed,
        withheld: Vec::new(),
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
