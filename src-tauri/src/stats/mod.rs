//! Anonymous usage counts for the staff panel: sessions started (by language), explainer views,
//! checklists printed and how many questions patients typed themselves, per day. Never anything that identifies a person, never the text of a
//! pick, never a time finer than the day.
//!
//! Counting must never slow or break the patient's screen, so the methods the commands call only
//! drop a message in a bounded queue and return; a background thread adds what arrived to the
//! SQLite file ([`store`]) at most [`FLUSH_EVERY`] later, in one transaction. A kill -9 therefore
//! loses at most that much, and SQLite's WAL keeps the file whole. When the file can't be opened
//! the counts live in memory until a restart, and the panel says so.

mod csv;
pub mod store;
mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;
use time::Date;

/// The longest a count waits in memory before it is written: what a kill -9 can lose.
pub const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// Counts waiting for the writer beyond this are dropped (and logged once) rather than held up.
const QUEUE: usize = 10_000;
/// How long the staff panel waits for an answer from the writer thread.
const QUERY_TIMEOUT: Duration = Duration::from_secs(5);
/// The file's name in the kiosk's data folder.
pub const FILE_NAME: &str = "usage.sqlite3";

/// What is counted. The key is the session's language, the explainer's id, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Session,
    ExplainerView,
    ChecklistPrinted,
    /// A patient added a question of their own: only that one was added, never its words.
    OwnQuestionAdded,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Session => "session",
            Metric::ExplainerView => "explainer-view",
            Metric::ChecklistPrinted => "checklist-printed",
            Metric::OwnQuestionAdded => "own-question-added",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Metric::Session,
            Metric::ExplainerView,
            Metric::ChecklistPrinted,
            Metric::OwnQuestionAdded,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// Totals over some span of days.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub sessions: u64,
    pub sessions_by_language: BTreeMap<String, u64>,
    pub explainer_views: BTreeMap<String, u64>,
    pub checklists_printed: u64,
    pub own_questions_added: u64,
}

impl Counts {
    fn add(&mut self, row: &store::Row) {
        match row.metric {
            Metric::Session => {
                self.sessions += row.n;
                *self.sessions_by_language.entry(row.key.clone()).or_default() += row.n;
            }
            Metric::ExplainerView => *self.explainer_views.entry(row.key.clone()).or_default() += row.n,
            Metric::ChecklistPrinted => self.checklists_printed += row.n,
            Metric::OwnQuestionAdded => self.own_questions_added += row.n,
        }
    }
}

/// One day's counts, for the panel's chart.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DayCounts {
    /// `YYYY-MM-DD`, the kiosk's local date.
    pub day: String,
    pub sessions: u64,
    pub languages: BTreeMap<String, u64>,
    pub explainer_views: u64,
    pub checklists_printed: u64,
}

impl DayCounts {
    /// A day's row of the chart, from that day's totals.
    fn new(day: Date, counts: Counts) -> Self {
        Self {
            day: day.to_string(),
            sessions: counts.sessions,
            languages: counts.sessions_by_language,
            explainer_views: counts.explainer_views.values().sum(),
            checklists_printed: counts.checklists_printed,
        }
    }
}

/// What the staff panel shows: the last days, their totals, and where the counts are kept.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Usage {
    /// Oldest first, one per day, today last.
    pub days: Vec<DayCounts>,
    /// The same days added up.
    pub totals: Counts,
    /// Where the counts are kept, in words for staff.
    pub kept_in: String,
    /// Set when counts are only in memory, saying why.
    pub warning: Option<String>,
}

/// Why counts could not be read or exported. Messages are for front-desk staff.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Usage counts are not available yet: the kiosk is still starting. Try again in a moment.")]
    NotReady,
    #[error("The usage counts did not answer in time. Try again in a moment.")]
    Busy,
    #[error(
        "The usage counts could not be read ({0}). Counting goes on; tell whoever looks after the kiosk."
    )]
    Database(#[from] rusqlite::Error),
    #[error(
        "The usage counts file looks damaged ({0}). Counting goes on; tell whoever looks after the kiosk."
    )]
    Corrupt(String),
    #[error("No export folder is set. Add `export_folder = \"/full/path\"` under [staff] in clinic.toml.")]
    NoExportFolder,
    #[error(
        "The export folder {} does not exist. Plug in the USB stick or create the folder, or fix \
         `export_folder` under [staff] in clinic.toml.", path.display()
    )]
    ExportFolderMissing { path: PathBuf },
    #[error("Could not write {}: {source}. Check that the kiosk may write to that folder.", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl crate::ui_error::Kind for Error {
    /// A short, stable name the panel can branch on.
    fn kind(&self) -> &'static str {
        match self {
            Error::NotReady => "not-ready",
            Error::Busy => "busy",
            Error::Database(_) | Error::Corrupt(_) => "database",
            Error::NoExportFolder => "not-configured",
            Error::ExportFolderMissing { .. } => "folder-missing",
            Error::Io { .. } => "io",
        }
    }
}

/// Where the counts ended up.
#[derive(Debug, Clone)]
pub(crate) enum Backing {
    File(PathBuf),
    /// In memory only, with the reason the file couldn't be used.
    Memory(String),
}

pub(crate) type Query = Box<dyn FnOnce(&mut Connection) + Send>;

pub(crate) enum Msg {
    Count(Metric, String),
    /// Runs on the writer thread after everything before it is written.
    Query(Query),
}

/// The kiosk's counter. Counting methods never block and never fail; a problem is logged once.
/// Counts made before [`Stats::attach`] wait in the queue and are written once it runs.
pub struct Stats {
    tx: SyncSender<Msg>,
    rx: Mutex<Option<Receiver<Msg>>>,
    backing: OnceLock<Backing>,
    warned: AtomicBool,
}

impl Default for Stats {
    fn default() -> Self {
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        Self {
            tx,
            rx: Mutex::new(Some(rx)),
            backing: OnceLock::new(),
            warned: AtomicBool::new(false),
        }
    }
}

impl std::fmt::Debug for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stats")
            .field("backing", &self.backing.get())
            .finish()
    }
}

impl Stats {
    /// A counter writing to `path` (or to memory, if that fails), ready at once.
    pub fn open(path: &Path) -> Self {
        let stats = Self::default();
        stats.attach(Some(path));
        stats
    }

    /// Starts writing to the file at `path`, or to memory when `path` is `None` or can't be opened.
    /// Only the first call does anything.
    pub fn attach(&self, path: Option<&Path>) {
        let Some(rx) = self.rx.lock().unwrap_or_else(|p| p.into_inner()).take() else {
            return;
        };
        let (conn, backing) = match writer::connect(path) {
            Ok(opened) => opened,
            Err(why) => {
                // The queue's receiver is dropped with `rx`: counts are refused, and logged once.
                log::error!("usage counts: {why}");
                return;
            }
        };
        match &backing {
            Backing::File(p) => log::info!("usage counts: kept in {}", p.display()),
            Backing::Memory(why) => log::warn!("usage counts: {why}"),
        }
        let _ = self.backing.set(backing);
        let spawned = std::thread::Builder::new()
            .name("usage-counts".into())
            .spawn(move || writer::run(conn, rx));
        if let Err(e) = spawned {
            log::error!("usage counts: could not start the writer thread ({e}); nothing will be counted");
        }
    }

    /// A patient chose a language and began.
    pub fn session_started(&self, lang: &str) {
        self.count(Metric::Session, lang);
    }

    pub fn explainer_viewed(&self, id: &str) {
        self.count(Metric::ExplainerView, id);
    }

    pub fn checklist_printed(&self) {
        self.count(Metric::ChecklistPrinted, "");
    }

    /// A patient typed a question of their own. Its words are not passed here at all.
    pub fn own_question_added(&self) {
        self.count(Metric::OwnQuestionAdded, "");
    }

    fn count(&self, metric: Metric, key: &str) {
        let Some(key) = clean_key(metric, key) else {
            // An id no content file could have: a bug or a hostile page, not worth a row.
            log::debug!("usage counts: ignored a {} with an odd key", metric.as_str());
            return;
        };
        match self.tx.try_send(Msg::Count(metric, key)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.warn_once("the queue is full; some counts are being dropped"),
            Err(TrySendError::Disconnected(_)) => {
                self.warn_once("the writer stopped; counts are being dropped")
            }
        }
    }

    fn warn_once(&self, what: &str) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            log::warn!("usage counts: {what}");
        }
    }

    /// Runs `f` on the writer thread once everything counted so far is written.
    fn ask<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        if self.backing.get().is_none() {
            return Err(Error::NotReady);
        }
        let (reply_tx, reply_rx) = mpsc::sync_channel(1);
        let query: Query = Box::new(move |conn| {
            let _ = reply_tx.send(f(conn));
        });
        self.tx.try_send(Msg::Query(query)).map_err(|_| Error::Busy)?;
        reply_rx.recv_timeout(QUERY_TIMEOUT).map_err(|_| Error::Busy)?
    }

    /// Waits until every count made so far is in the file (before the kiosk exits).
    pub fn flush(&self) -> Result<(), Error> {
        self.ask(|_| Ok(()))
    }

    /// All-time totals.
    pub fn snapshot(&self) -> Result<Counts, Error> {
        self.ask(|conn| store::totals(conn, None))
    }

    /// The last `days` days, today included, oldest first.
    pub fn usage(&self, days: u16) -> Result<Usage, Error> {
        let (kept_in, warning) = match self.backing.get() {
            Some(Backing::File(p)) => (p.display().to_string(), None),
            Some(Backing::Memory(why)) => ("memory (lost at restart)".to_string(), Some(why.clone())),
            None => return Err(Error::NotReady),
        };
        self.ask(move |conn| {
            let today = store::today(conn)?;
            let days = store::per_day(conn, today, days)?;
            let first = days
                .first()
                .and_then(|d| store::parse_day(&d.day))
                .unwrap_or(today);
            let totals = store::totals(conn, Some((first, today)))?;
            Ok(Usage {
                days,
                totals,
                kept_in,
                warning,
            })
        })
    }

    /// Writes every stored count to `kiosk-usage-YYYY-MM-DD.csv` in `folder` and returns the
    /// file's path and its number of data rows.
    pub fn export_csv(&self, folder: &Path) -> Result<(PathBuf, usize), Error> {
        if !folder.is_dir() {
            return Err(Error::ExportFolderMissing {
                path: folder.to_path_buf(),
            });
        }
        let folder = folder.to_path_buf();
        self.ask(move |conn| {
            let rows = store::all_rows(conn)?;
            let path = csv::write(&rows, &folder, store::today(conn)?)?;
            Ok((path, rows.len()))
        })
    }
}

/// Keys are content ids and language codes: short, lowercase, starting with a letter or digit
/// (so a spreadsheet never reads one as a formula). Anything else is not counted.
fn clean_key(metric: Metric, key: &str) -> Option<String> {
    if matches!(metric, Metric::ChecklistPrinted | Metric::OwnQuestionAdded) {
        return Some(String::new());
    }
    let ok = (1..=100).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '/'));
    ok.then(|| key.to_string())
}

#[cfg(test)]
mod tests;
