//! Printing a patient's "questions for my provider" checklist: the one-page handout as a PDF made
//! in-process ([`render_pdf`]), and the back ends that send it ([`send`]): a CUPS queue through
//! the standard `lp` client, or a folder for clinics without CUPS. Both come from clinic.toml's
//! `[printer]` ([`PrinterSettings`]).
//!
//! Privacy: a checklist says something about a patient's health, so it exists only in memory and
//! in the print job. The kiosk writes no temporary file for CUPS (the PDF goes to `lp` on its
//! standard input), the job title is a fixed word, and only job ids and printer problems are
//! logged, never a question. (CUPS itself keeps job files for a while unless the clinic's
//! cupsd.conf says `PreserveJobFiles No`; the install guide should say so.)

mod chrome;
mod cups;
mod document;
mod folder;
mod labels;
mod layout;
mod process;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;
use time::Date;

use crate::settings::{Paper, PrinterSettings};
use crate::ui_error::Kind;

/// The longest a print may keep the screen waiting, status check included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// More copies than this is surely a typo on the command line.
pub const MAX_COPIES: u32 = 20;

/// Everything printed on a checklist. The caller picks the questions' and topic's text in the
/// patient's language; the fixed words (title, footer) come from `lang`.
#[derive(Clone)]
pub struct Handout {
    /// Printed at the top, so a handout that travels home says where it came from.
    pub clinic_name: String,
    /// "en" or "es"; any other language prints the English fixed words.
    pub lang: String,
    /// The titles of the pages and lists the questions came from, for the "About" line.
    pub topic: Option<String>,
    /// Written out in `lang` ("November 26, 2026", "26 de noviembre de 2026").
    pub date: Date,
    /// The chosen questions, in the order to print them.
    pub questions: Vec<String>,
    /// Web addresses of the sources, printed small at the foot of the last page as people type
    /// them (no `https://`).
    pub sources: Vec<String>,
    /// Some sources did not fit: the footer says the rest are on the kiosk.
    pub more_sources: bool,
    pub paper: Paper,
}

/// Leaves the questions out, so a handout that ends up in a log or a panic message doesn't
/// carry what a patient asked.
impl fmt::Debug for Handout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handout")
            .field("lang", &self.lang)
            .field("date", &self.date)
            .field("questions", &self.questions.len())
            .field("sources", &self.sources.len())
            .field("paper", &self.paper)
            .finish_non_exhaustive()
    }
}

/// What CUPS calls the job (`front-desk-12`), or the file's name in a print folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct JobId(pub String);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The printer as the staff panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrinterStatus {
    pub state: PrinterState,
    /// A sentence for staff: what is wrong and what to do.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrinterState {
    Ready,
    /// The queue exists but is paused or refusing jobs.
    Stopped,
    /// The queue or folder isn't there, or CUPS isn't answering.
    Missing,
    /// clinic.toml names neither a queue nor a folder.
    NotConfigured,
}

/// Why a checklist didn't print. Messages are for front-desk staff; the UI shows patients a
/// kind message chosen by [`Error::kind`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "Printing is not set up. Add `queue = \"…\"` (a CUPS printer) or `folder = \"…\"` under \
         [printer] in clinic.toml."
    )]
    NotConfigured,
    #[error(
        "There is no printer called “{queue}” on this computer. Check `queue` under [printer] in \
         clinic.toml; `lpstat -p` lists the printers."
    )]
    QueueMissing { queue: String },
    #[error(
        "The print folder {} does not exist. Create it, or fix `folder` under [printer] in \
         clinic.toml.", path.display()
    )]
    FolderMissing { path: PathBuf },
    #[error(
        "The printer “{queue}” is stopped ({reason}). Check it has paper and is switched on, then \
         restart the queue with `{fix}`."
    )]
    QueueStopped {
        queue: String,
        reason: String,
        /// The command that starts it again.
        fix: String,
    },
    #[error(
        "The printer did not answer within {secs} seconds, so the checklist may not have printed. \
         Check that the printer is on and CUPS is running, then try again."
    )]
    Timeout { secs: u64 },
    #[error("The number of copies must be between 1 and {MAX_COPIES}, not {0}.")]
    BadCopies(u32),
    #[error("Printing failed: {0}.")]
    Failed(String),
    #[error(
        "Could not save the checklist in {}: {source}. Check that the kiosk may write to that \
         folder.", path.display()
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Could not make the checklist's PDF ({0}). This is a bug in the kiosk: please report it.")]
    Pdf(String),
}

impl crate::ui_error::Kind for Error {
    /// A short, stable name the UI branches on to choose what to tell the patient.
    fn kind(&self) -> &'static str {
        match self {
            Error::NotConfigured => "not-configured",
            Error::QueueMissing { .. } | Error::FolderMissing { .. } => "queue-missing",
            Error::QueueStopped { .. } => "queue-stopped",
            Error::Timeout { .. } => "timeout",
            Error::BadCopies(_) | Error::Failed(_) => "failed",
            Error::Io { .. } => "io",
            Error::Pdf(_) => "pdf",
        }
    }
}

/// Makes the checklist's PDF: one page for up to about twelve questions, more pages beyond that
/// without parting a question from its answer lines. Takes a few milliseconds.
pub fn render_pdf(h: &Handout) -> Result<Vec<u8>, Error> {
    document::pdf(&layout::layout(h), &h.lang)
}

/// Prints a handout: the one way every checklist reaches paper (the patient's screen, the staff
/// panel, `clinic-kiosk print`). Makes the PDF, then [`send`]s it.
pub fn print(h: &Handout, printer: &PrinterSettings, copies: u32) -> Result<JobId, Error> {
    send(&render_pdf(h)?, printer, copies)
}

/// Sends a PDF to the printer clinic.toml names and returns the job id. Checks the queue first,
/// so a missing or stopped printer is reported instead of a job left waiting, and gives up after
/// [`TIMEOUT`]. A print folder gets one file whatever `copies` says.
pub fn send(pdf: &[u8], printer: &PrinterSettings, copies: u32) -> Result<JobId, Error> {
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(Error::BadCopies(copies));
    }
    let result = match (&printer.queue, &printer.folder) {
        (Some(queue), _) => cups::send(pdf, queue, printer.paper, copies, Instant::now() + TIMEOUT),
        (None, Some(folder)) => folder::send(pdf, folder),
        (None, None) => Err(Error::NotConfigured),
    };
    match &result {
        Ok(id) => log::info!("print: sent job {id}"),
        // Printer problems only: no error here carries a patient's questions.
        Err(e) => log::warn!("print: {}: {e}", e.kind()),
    }
    result
}

/// Whether printing would work now, for the staff panel. Asks CUPS, so it can take up to
/// [`TIMEOUT`] when CUPS is stuck.
pub fn printer_status(printer: &PrinterSettings) -> PrinterStatus {
    match (&printer.queue, &printer.folder) {
        (Some(queue), _) => cups::status(queue, Instant::now() + TIMEOUT),
        (None, Some(folder)) => folder::status(folder),
        (None, None) => PrinterStatus {
            state: PrinterState::NotConfigured,
            message: Error::NotConfigured.to_string(),
        },
    }
}
