//! The staff panel's IPC surface. Every command but the pad's own checks that staff are in
//! ([`Staff::require`](super::Staff::require)), so a page that never showed the pad gets nothing
//! from here. Anything slow (argon2, the printer, the counts file) runs off the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use super::panel::{self, ContentStatus, PadView, StaffStatus};
use crate::commands::Printed;
use crate::print::{self, Handout, PrinterStatus};
use crate::stats::{self, Usage};
use crate::AppState;

/// How many days of counts the panel shows.
pub const USAGE_DAYS: u16 = 30;
/// Longer arguments than this are refused before they reach anything.
const MAX_ARG: usize = 200;

/// A panel command's failure as the UI gets it: `{kind, message}`, the message for staff.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Staff(#[from] super::Error),
    #[error(transparent)]
    Stats(#[from] stats::Error),
    #[error(transparent)]
    Print(#[from] print::Error),
    #[error("There is no checklist “{0}” in this kiosk. Choose one from the list.")]
    NoChecklist(String),
    #[error("“{0}” is not one of this kiosk's languages.")]
    NoLanguage(String),
    #[error("The kiosk stopped this task unexpectedly ({0}). Try again.")]
    Stopped(String),
}

impl Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::Staff(e) => e.kind(),
            Error::Stats(e) => e.kind(),
            Error::Print(e) => e.kind(),
            Error::NoChecklist(_) | Error::NoLanguage(_) => "not-found",
            Error::Stopped(_) => "failed",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ui_error::serialize(self.kind(), self, serializer)
    }
}

/// Runs `f` on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::Stopped(e.to_string()))?
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// The pad before a try: set up or not, locked or not, tries left.
#[tauri::command]
pub async fn staff_pad(state: State<'_, AppState>) -> Result<PadView, Error> {
    let hash = state.library().settings.staff.pin_hash.clone();
    let staff = Arc::clone(&state.staff);
    blocking(move || Ok(staff.pad(hash.as_deref()))).await
}

/// Checks the PIN; on success the panel's commands work until [`staff_lock`] or a quiet spell.
#[tauri::command]
pub async fn staff_unlock(state: State<'_, AppState>, pin: String) -> Result<(), Error> {
    let hash = state.library().settings.staff.pin_hash.clone();
    let staff = Arc::clone(&state.staff);
    blocking(move || staff.unlock(hash.as_deref(), &pin).map_err(Error::from)).await
}

/// Back to patient mode.
#[tauri::command]
pub fn staff_lock(state: State<'_, AppState>) {
    state.staff.lock();
}

/// Content, checklists and settings for the panel; also keeps the staff session alive.
#[tauri::command]
pub fn staff_status(state: State<'_, AppState>) -> Result<StaffStatus, Error> {
    state.staff.require()?;
    Ok(panel::status(&state.library(), state.staff.data_dir()))
}

/// Asks the printer (CUPS can take a few seconds).
#[tauri::command]
pub async fn staff_printer(state: State<'_, AppState>) -> Result<PrinterStatus, Error> {
    state.staff.require()?;
    let printer = state.library().settings.printer.clone();
    blocking(move || Ok(print::printer_status(&printer))).await
}

/// Prints every question of an explainer (`id`) or general list (`lists/id`).
#[tauri::command]
pub async fn staff_print(
    state: State<'_, AppState>,
    checklist: String,
    lang: String,
    copies: u32,
) -> Result<Printed, Error> {
    state.staff.require()?;
    let lib = state.library();
    if lang.len() > MAX_ARG || !(lib.settings.languages.contains(&lang) || lib.explainers.contains_key(&lang))
    {
        return Err(Error::NoLanguage(short(&lang)));
    }
    let handout = match checklist.len() <= MAX_ARG {
        true => crate::handout::for_checklist(&lib, &lang, &checklist),
        false => None,
    };
    let handout = handout.ok_or_else(|| Error::NoChecklist(short(&checklist)))?;
    send(handout, lib.settings.printer.clone(), copies).await
}

/// Prints the test page.
#[tauri::command]
pub async fn staff_test_page(state: State<'_, AppState>) -> Result<Printed, Error> {
    state.staff.require()?;
    let lib = state.library();
    send(panel::test_page(&lib), lib.settings.printer.clone(), 1).await
}

async fn send(
    handout: Handout,
    printer: crate::settings::PrinterSettings,
    copies: u32,
) -> Result<Printed, Error> {
    let job = blocking(move || {
        let pdf = print::render_pdf(&handout)?;
        Ok(print::send(&pdf, &printer, copies)?)
    })
    .await?;
    Ok(Printed { job: job.to_string() })
}

/// Loads the content folder again now, and tells the patient screens to redraw.
#[tauri::command]
pub async fn staff_reload<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ContentStatus, Error> {
    state.staff.require()?;
    let handle = app.clone();
    let status = blocking(move || {
        let state = handle.state::<AppState>();
        state.reload();
        Ok(panel::content_status(&state.library()))
    })
    .await?;
    if let Err(e) = app.emit(crate::CONTENT_CHANGED, ()) {
        log::warn!("staff: could not tell the page to redraw: {e}");
    }
    Ok(status)
}

/// The last [`USAGE_DAYS`] days of counts.
#[tauri::command]
pub async fn staff_usage(state: State<'_, AppState>) -> Result<Usage, Error> {
    state.staff.require()?;
    let stats = Arc::clone(&state.stats);
    blocking(move || Ok(stats.usage(USAGE_DAYS)?)).await
}

#[derive(Debug, Serialize)]
pub struct Exported {
    pub path: String,
    pub rows: usize,
}

/// Writes every count to a CSV file in `[staff] export_folder`.
#[tauri::command]
pub async fn staff_export(state: State<'_, AppState>) -> Result<Exported, Error> {
    state.staff.require()?;
    let folder: PathBuf = state
        .library()
        .settings
        .staff
        .export_folder
        .clone()
        .ok_or(stats::Error::NoExportFolder)?;
    let stats = Arc::clone(&state.stats);
    let (path, rows) = blocking(move || Ok(stats.export_csv(&folder)?)).await?;
    log::info!("staff: exported {rows} usage rows to {}", path.display());
    Ok(Exported {
        path: path.display().to_string(),
        rows,
    })
}

/// Leaves kiosk mode: the window may close, and the app ends.
#[tauri::command]
pub async fn staff_exit<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<(), Error> {
    state.staff.require()?;
    let stats = Arc::clone(&state.stats);
    if let Err(e) = blocking(move || Ok(stats.flush()?)).await {
        log::warn!("staff: the last counts may not be saved: {e}");
    }
    log::info!("staff: leaving kiosk mode from the staff panel");
    crate::window::allow_closing();
    app.exit(0);
    Ok(())
}
