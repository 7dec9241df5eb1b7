//! Clinical sign-off, bound to the exact text: a record per page and language in the content
//! folder's `reviews.toml` (who signed, their credentials, when, when the next review is due, and
//! the page's [`Fingerprint`] at that moment).
//!
//! A typed-in "reviewed by" in the front matter stayed true after any edit; a record here only
//! counts while its hash matches the page, so changing one word takes the reviewer's name off the
//! kiosk until someone signs again. That is how MedlinePlus and the NHS show review, with a date
//! and a next review, and nothing in this repository signs in a clinician's name: the bundled
//! content ships unsigned.
//!
//! This room sits between `content` (the pages and their fingerprints) and `site` (which loads the
//! records beside the library); it reads `reviews.toml` through the one reader and writes only
//! that file, whole, by a rename. Its commands are `crate::review_cli`'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;
use toml::value::Datetime;
use toml::Spanned;

use crate::content::fingerprint::{self, Fingerprint};
use crate::content::library::LISTS_DIR;
use crate::content::meta::calendar_date;
use crate::content::Library;
use crate::problem::{line_col, Problem};
use crate::read::{self, Folder};

/// The record file, at the top of the content folder.
pub const FILE_NAME: &str = "reviews.toml";

/// A records file this large is not something `review sign` wrote.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The longest reviewer line ("Name, credentials") the kiosk shows whole.
pub const MAX_BY_CHARS: usize = 120;

const HEADER: &str = "\
# Clinical sign-off of this folder's pages, one record per page and language, written by
# `clinic-kiosk review sign` (or the preview window). A record counts only while its `hash`
# matches the page: editing the page (beyond spacing) needs a new sign-off. Don't edit by hand.
";

/// One sign-off: a page in a language, as it was when it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `en/ketamine-depression` or `es/lists/first-visit`: see [`key`].
    pub page: String,
    /// The page's title when it was signed, for people reading the file.
    pub title: String,
    /// "Name, credentials", as the clinician typed it.
    pub by: String,
    pub date: Date,
    pub next: Date,
    pub hash: String,
    /// The part hashes, to say what changed since ([`fingerprint::changes`]).
    pub parts: Vec<(String, String)>,
    /// Its line in reviews.toml (0 for a record not yet written).
    pub line: usize,
}

/// Where a page stands with its sign-off, as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<'a> {
    /// Signed as it is now, and not yet due again.
    Signed(&'a Record),
    /// Signed as it is now, but the next review date has come.
    Overdue(&'a Record),
    /// Signed once, but the page changed since.
    Changed(&'a Record),
    /// No record.
    Never,
}

impl Status<'_> {
    /// Whether the kiosk may show the page's reviewer: the record matches the text.
    pub fn matches(&self) -> bool {
        matches!(self, Status::Signed(_) | Status::Overdue(_))
    }
}

/// A page as sign-off sees it: its key, title, file and fingerprint.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub key: String,
    pub lang: &'a str,
    /// The file's id: `ketamine-depression`, `first-visit`.
    pub name: &'a str,
    /// A general question list (`lists/<name>.md`).
    pub list: bool,
    pub title: &'a str,
    pub path: &'a Path,
    pub fingerprint: &'a Fingerprint,
}

impl Page<'_> {
    /// The id a checklist, `print` or `review sign` takes: `ketamine-depression`, `lists/first-visit`.
    pub fn doc_id(&self) -> String {
        if self.list {
            format!("{LISTS_DIR}/{}", self.name)
        } else {
            self.name.to_string()
        }
    }
}

/// A page's record key: `<lang>/<id>` for an explainer, `<lang>/lists/<id>` for a question list.
pub fn key(lang: &str, id: &str, list: bool) -> String {
    if list {
        format!("{lang}/{LISTS_DIR}/{id}")
    } else {
        format!("{lang}/{id}")
    }
}

/// Every page of the library, by language then explainers before lists, in id order.
pub fn pages(lib: &Library) -> Vec<Page<'_>> {
    let mut out = Vec::new();
    let langs: std::collections::BTreeSet<&String> = lib.explainers.keys().chain(lib.lists.keys()).collect();
    for lang in langs {
        for e in lib.explainers.get(lang).into_iter().flat_map(|m| m.values()) {
            out.push(Page {
                key: key(lang, &e.id, false),
                lang,
                name: &e.id,
                list: false,
                title: &e.title,
                path: &e.path,
                fingerprint: &e.fingerprint,
            });
        }
        for l in lib.lists.get(lang).into_iter().flat_map(|m| m.values()) {
            out.push(Page {
                key: key(lang, &l.id, true),
                lang,
                name: &l.id,
                list: true,
                title: &l.title,
                path: &l.path,
                fingerprint: &l.fingerprint,
            });
        }
    }
    out
}

/// The records of one content folder, and what was wrong with its `reviews.toml`.
#[derive(Debug, Clone, Default)]
pub struct Reviews {
    pub path: PathBuf,
    records: BTreeMap<String, Record>,
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[serde(default)]
    signoff: Vec<Spanned<RecordIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordIn {
    page: Spanned<String>,
    #[serde(default)]
    title: String,
    by: Spanned<String>,
    date: Spanned<Datetime>,
    next: Spanned<Datetime>,
    hash: Spanned<String>,
    #[serde(default)]
    parts: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    signoff: Vec<RecordOut<'a>>,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    page: &'a str,
    title: &'a str,
    by: &'a str,
    date: Datetime,
    next: Datetime,
    hash: &'a str,
    parts: BTreeMap<&'a str, &'a str>,
}

/// Why nothing was signed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadName(String),
    #[error("the next review date must come after today ({today}); {next} does not")]
    NextNotAfter { next: Date, today: Date },
    #[error(
        "reviews.toml has a problem, and signing would write over it: fix it first ({0}); nothing was signed"
    )]
    Damaged(String),
    #[error("could not write {}: {source}; nothing was signed", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("could not write the records: {0}")]
    Serialize(#[from] toml::ser::Error),
}

impl crate::ui_error::Kind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::BadName(_) => "review-name",
            Error::NextNotAfter { .. } => "review-next",
            Error::Damaged(_) => "review-damaged",
            Error::Write { .. } | Error::Serialize(_) => "review-write",
        }
    }
}

/// The reviewer as they typed it ("Dana Ruiz, MD"), tidied, or why it can't be a signature.
pub fn reviewer(by: &str) -> Result<String, Error> {
    let by = by.trim();
    if by.is_empty() {
        return Err(Error::BadName(
            "say who signs: their name and credentials, like --by \"Dana Ruiz, MD\"".into(),
        ));
    }
    if by
        .chars()
        .any(|c| c.is_control() || crate::problem::is_unsafe_char(c))
    {
        return Err(Error::BadName(
            "the reviewer's name has a line break or an invisible character: type it on one line".into(),
        ));
    }
    if by.chars().count() > MAX_BY_CHARS {
        return Err(Error::BadName(format!(
            "the reviewer's name and credentials are longer than {MAX_BY_CHARS} characters"
        )));
    }
    Ok(by.to_string())
}

/// The default next review: a year after `today` (the NHS reviews every three years at most;
/// a clinic's own medical content, yearly, is the careful choice).
pub fn default_next(today: Date) -> Date {
    today
        .replace_year(today.year() + 1)
        .unwrap_or_else(|_| today + time::Duration::days(365))
}

/// Records a sign-off by `by` of each of `pages` as it is now, dated `today`, next due `next`,
/// in `root/reviews.toml` (read again first, so a record written since the site loaded is kept).
/// What `review sign` and the preview window's "Sign off" both call.
pub fn sign(root: &Path, pages: &[Page], by: &str, today: Date, next: Date) -> Result<(), Error> {
    let by = reviewer(by)?;
    if next <= today {
        return Err(Error::NextNotAfter { next, today });
    }
    let mut reviews = Reviews::load(root);
    if let Some(problem) = reviews.problems.first() {
        return Err(Error::Damaged(problem.to_string()));
    }
    for page in pages {
        reviews.sign(page, &by, today, next);
    }
    reviews.save()
}

impl Reviews {
    /// Reads `root/reviews.toml`. A missing file is no records and no problem; anything wrong is a
    /// problem at its line, and that record (or, for a file that isn't TOML, every record) counts
    /// for nothing, so a damaged file can only take reviewer lines away, never add one.
    pub fn load(root: &Path) -> Reviews {
        let path = root.join(FILE_NAME);
        let mut reviews = Reviews {
            path: path.clone(),
            ..Reviews::default()
        };
        let text = match Folder::open(root).and_then(|f| f.bytes(&path, MAX_FILE_BYTES)) {
            Ok(bytes) => match read::text(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let (line, col) = e.position();
                    reviews
                        .problems
                        .push(Problem::error(&path, line, col, e.to_string()));
                    return reviews;
                }
            },
            Err(read::Error::Missing) => return reviews,
            Err(e) => {
                reviews.problems.push(Problem::error(&path, 1, 1, e.to_string()));
                return reviews;
            }
        };
        let file: FileIn = match toml::from_str(&text) {
            Ok(file) => file,
            Err(e) => {
                let (line, col) = line_col(&text, e.span().map_or(0, |s| s.start));
                let msg = format!(
                    "{}: no sign-off in this file counts until it is fixed",
                    e.message().trim_end()
                );
                reviews.problems.push(Problem::error(&path, line, col, msg));
                return reviews;
            }
        };
        for record in file.signoff {
            let at = |offset: usize| line_col(&text, offset);
            let (line, _) = at(record.span().start);
            let r = record.into_inner();
            let mut bad = |offset: usize, msg: String| {
                let (line, col) = at(offset);
                reviews.problems.push(Problem::error(&path, line, col, msg));
            };
            let date = calendar_date(r.date.get_ref());
            let next = calendar_date(r.next.get_ref());
            let page = r.page.get_ref().trim().to_string();
            if date.is_none() {
                bad(
                    r.date.span().start,
                    "`date` must be a real date like 2026-12-01: this sign-off does not count".into(),
                );
                continue;
            }
            if next.is_none() {
                bad(
                    r.next.span().start,
                    "`next` must be a real date like 2027-12-01: this sign-off does not count".into(),
                );
                continue;
            }
            let (date, next) = (date.unwrap_or(Date::MIN), next.unwrap_or(Date::MIN));
            if next <= date {
                bad(r.next.span().start, format!("the next review ({next}) must come after the sign-off ({date}): this sign-off does not count"));
                continue;
            }
            if r.by.get_ref().trim().is_empty() {
                bad(
                    r.by.span().start,
                    "`by` is empty: a sign-off names who signed it; this one does not count".into(),
                );
                continue;
            }
            if !is_hash(r.hash.get_ref()) {
                bad(
                    r.hash.span().start,
                    "`hash` is not one `review sign` wrote: this sign-off does not count".into(),
                );
                continue;
            }
            if reviews.records.contains_key(&page) {
                bad(
                    r.page.span().start,
                    format!("a second sign-off for `{page}`: only the first counts; delete one"),
                );
                continue;
            }
            reviews.records.insert(
                page.clone(),
                Record {
                    page,
                    title: r.title,
                    by: crate::problem::escape(r.by.get_ref().trim()).into_owned(),
                    date,
                    next,
                    hash: r.hash.into_inner(),
                    parts: r.parts.into_iter().collect(),
                    line,
                },
            );
        }
        reviews
    }

    pub fn get(&self, key: &str) -> Option<&Record> {
        self.records.get(key)
    }

    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    /// Where the page `key` with `fingerprint` stands on `today`.
    pub fn status(&self, key: &str, fingerprint: &Fingerprint, today: Date) -> Status<'_> {
        match self.records.get(key) {
            None => Status::Never,
            Some(r) if r.hash != fingerprint.whole => Status::Changed(r),
            Some(r) if r.next <= today => Status::Overdue(r),
            Some(r) => Status::Signed(r),
        }
    }

    /// The record whose hash matches the page as it is, the only one the kiosk may show.
    pub fn matching(&self, key: &str, fingerprint: &Fingerprint) -> Option<&Record> {
        self.records.get(key).filter(|r| r.hash == fingerprint.whole)
    }

    /// Records a sign-off of `page` as it is now (replacing any earlier one for it).
    pub fn sign(&mut self, page: &Page, by: &str, date: Date, next: Date) {
        let record = Record {
            page: page.key.clone(),
            title: page.title.to_string(),
            by: by.to_string(),
            date,
            next,
            hash: page.fingerprint.whole.clone(),
            parts: page.fingerprint.parts.clone(),
            line: 0,
        };
        self.records.insert(page.key.clone(), record);
    }

    /// Writes every record to `reviews.toml`: a whole new file renamed over the old one, so a
    /// power cut leaves the old records or the new, never half of either.
    pub fn save(&self) -> Result<(), Error> {
        let out = FileOut {
            signoff: self
                .records
                .values()
                .map(|r| RecordOut {
                    page: &r.page,
                    title: &r.title,
                    by: &r.by,
                    date: to_datetime(r.date),
                    next: to_datetime(r.next),
                    hash: &r.hash,
                    parts: r.parts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                })
                .collect(),
        };
        let text = format!("{HEADER}\n{}", toml::to_string(&out)?);
        let write_err = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let tmp = self.path.with_extension("toml.new");
        std::fs::write(&tmp, text).map_err(write_err)?;
        std::fs::rename(&tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            write_err(e)
        })
    }
}

/// The problems sign-off adds to `check` for the pages of `lib` on `today`: a warning on each page
/// changed since it was signed or past its next review, and, when `require_signoff` is on, on each
/// page never signed; a record for a page that isn't there is a warning in reviews.toml. Returns
/// the problems and how many pages were never signed (`check` gives those one summary note).
pub fn check(reviews: &Reviews, lib: &Library, today: Date, require_signoff: bool) -> (Vec<Problem>, usize) {
    let mut problems = Vec::new();
    let mut never = 0;
    let pages = pages(lib);
    let hidden = if require_signoff {
        " The kiosk keeps it off the patient screens (`[review] require_signoff`) until then."
    } else {
        ""
    };
    for page in &pages {
        // DIR, not the folder's path: the message is the same wherever the folder is, and `check`
        // names the folder on its last line.
        let sign = format!("clinic-kiosk review sign DIR {}", page.key);
        let message = match reviews.status(&page.key, page.fingerprint, today) {
            Status::Signed(_) => continue,
            Status::Overdue(r) => format!(
                "{} signed this page off on {}, and its next review was due on {}: ask a clinician to review it again ({sign})",
                r.by, r.date, r.next
            ),
            Status::Changed(r) => {
                let what = fingerprint::summary(&r.parts, &page.fingerprint.parts);
                format!(
                    "changed since {} signed it off on {} ({what}): the kiosk shows no reviewer on it until a clinician signs it again ({sign}).{hidden}",
                    r.by, r.date
                )
            }
            Status::Never => {
                never += 1;
                if !require_signoff {
                    continue;
                }
                format!("no clinician has signed this page off ({sign}).{hidden}")
            }
        };
        problems.push(Problem::warning(page.path, 1, 1, message));
    }
    for r in reviews.records() {
        if !pages.iter().any(|p| p.key == r.page) {
            let msg = format!(
                "a sign-off for `{}`, but there is no such page (or it has errors): delete this record if the page is gone",
                r.page
            );
            problems.push(Problem::warning(&reviews.path, r.line, 1, msg));
        }
    }
    (problems, never)
}

fn is_hash(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn to_datetime(date: Date) -> Datetime {
    Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: u8::from(date.month()),
            day: date.day(),
        }),
        time: None,
        offset: None,
    }
}

#[cfg(test)]
mod tests;
