//! Staff mode as an inlined Tauri plugin: its own state ([`Staff`]), its own commands
//! (`plugin:staff|…`) and its own permissions (`staff:allow-…`, declared in `build.rs`), apart
//! from the patient screens'. Every command but the pad's own checks that staff are in
//! ([`Staff::require`]), so a page that never showed the pad gets nothing from here. Anything
//! slow (argon2, the printer, the counts file) runs off the UI thread.

use std::sync::Arc;

use serde::Serialize;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Manager, Runtime, State};

use super::panel::{self, ContentStatus, PadView, StaffStatus};
use super::{Limits, Staff};
use crate::checklist::{self, DocRef};
use crate::ipc::{self, blocking, Printed};
use crate::pack;
use crate::print::{self, PrinterStatus};
use crate::stats::{self, Usage};
use crate::ui_error::UiError;
use crate::AppState;

/// How many days of counts the panel shows.
pub const USAGE_DAYS: u16 = 30;

/// The plugin, with staff mode's state: the lockout kept in memory until [`attach`] opens the
/// data folder.
pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("staff")
        .invoke_handler(tauri::generate_handler![
            #![plugin(staff)]
            limits, pad, unlock, lock, status, printer, print, test_page, reload, usage, export, exit,
            updates, update_preview, update_install, update_undo
        ])
        .setup(|app, _api| {
            app.manage(Arc::new(Staff::default()));
            crate::pack::kiosk::attach(app);
            Ok(())
        })
        .build()
}

/// Loads the saved lockout from the data folder, once the app knows where that is.
pub fn attach<R: Runtime>(app: &AppHandle<R>, data_dir: Option<&std::path::Path>) {
    app.state::<Arc<Staff>>().attach(data_dir);
    super::log_setup(&app.state::<AppState>().site().settings.staff);
}

type StaffState<'a> = State<'a, Arc<Staff>>;

/// The limits and timings the staff screens follow.
#[tauri::command]
fn limits(state: State<'_, AppState>) -> Limits {
    Limits::get(&state.site().settings.timings)
}

/// The pad before a try: set up or not, locked or not, tries left.
#[tauri::command]
fn pad(state: State<'_, AppState>, staff: StaffState<'_>) -> PadView {
    staff.pad(&state.site().settings.staff)
}

/// Checks the PIN; on success the panel's commands work until [`lock`] or a quiet spell.
#[tauri::command]
async fn unlock(state: State<'_, AppState>, staff: StaffState<'_>, pin: String) -> Result<(), UiError> {
    let site = state.site();
    let staff = Arc::clone(&staff);
    blocking(move || Ok(staff.unlock(&site.settings.staff, &pin)?)).await
}

/// Back to patient mode.
#[tauri::command]
fn lock(staff: StaffState<'_>) {
    staff.lock();
}

/// Content, checklists and settings for the panel; also keeps the staff session alive.
#[tauri::command]
fn status(state: State<'_, AppState>, staff: StaffState<'_>) -> Result<StaffStatus, UiError> {
    staff.require()?;
    Ok(panel::status(&state.site(), state.data_dir()))
}

/// Asks the printer (CUPS can take a few seconds).
#[tauri::command]
async fn printer(state: State<'_, AppState>, staff: StaffState<'_>) -> Result<PrinterStatus, UiError> {
    staff.require()?;
    let site = state.site();
    blocking(move || Ok(print::printer_status(&site.settings.printer))).await
}

/// Prints every question of an explainer (`id`) or general list (`lists/id`).
#[tauri::command]
async fn print(
    state: State<'_, AppState>,
    staff: StaffState<'_>,
    checklist: String,
    lang: String,
    copies: u32,
) -> Result<Printed, UiError> {
    staff.require()?;
    let site = state.site();
    let lang = ipc::lang(&site, &lang)?.to_string();
    let handout = DocRef::parse(ipc::arg(&checklist)?)
        .and_then(|doc| checklist::whole(&site, &lang, &doc))
        .ok_or(ipc::Error::NoChecklist(checklist))?;
    let job = blocking(move || Ok(print::print(&handout, &site.settings.printer, copies)?)).await?;
    Ok(Printed { job: job.to_string() })
}

/// Prints the test page.
#[tauri::command]
async fn test_page(state: State<'_, AppState>, staff: StaffState<'_>) -> Result<Printed, UiError> {
    staff.require()?;
    let site = state.site();
    let job =
        blocking(move || Ok(print::print(&panel::test_page(&site), &site.settings.printer, 1)?)).await?;
    Ok(Printed { job: job.to_string() })
}

/// Loads the content folder again now, and tells the patient screens to redraw.
#[tauri::command]
async fn reload<R: Runtime>(app: AppHandle<R>, staff: StaffState<'_>) -> Result<ContentStatus, UiError> {
    staff.require()?;
    blocking(move || {
        crate::state::reload_and_notify(&app);
        Ok(panel::content_status(&app.state::<AppState>().site()))
    })
    .await
}

/// The last [`USAGE_DAYS`] days of counts.
#[tauri::command]
async fn usage(state: State<'_, AppState>, staff: StaffState<'_>) -> Result<Usage, UiError> {
    staff.require()?;
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
async fn export(state: State<'_, AppState>, staff: StaffState<'_>) -> Result<Exported, UiError> {
    staff.require()?;
    let folder = state
        .site()
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

/// "Update content": the installed pack, packs found on drives and in the inbox, and undo.
#[tauri::command]
async fn updates<R: Runtime>(
    app: AppHandle<R>,
    staff: StaffState<'_>,
) -> Result<pack::kiosk::UpdatesView, UiError> {
    staff.require()?;
    blocking(move || Ok(pack::kiosk::view(&app.state::<AppState>()))).await
}

/// Verifies and unpacks the pack at `path` (one the scan found) and says what it would change.
#[tauri::command]
async fn update_preview<R: Runtime>(
    app: AppHandle<R>,
    staff: StaffState<'_>,
    path: String,
) -> Result<pack::kiosk::PreviewView, UiError> {
    staff.require()?;
    blocking(move || Ok(pack::kiosk::preview(&app.state::<AppState>(), &path)?)).await
}

/// Installs the pack at `path`; the patient screens redraw with the new content.
#[tauri::command]
async fn update_install<R: Runtime>(
    app: AppHandle<R>,
    staff: StaffState<'_>,
    path: String,
) -> Result<pack::kiosk::Done, UiError> {
    staff.require()?;
    blocking(move || Ok(pack::kiosk::install(&app, &path)?)).await
}

/// Undo last update.
#[tauri::command]
async fn update_undo<R: Runtime>(
    app: AppHandle<R>,
    staff: StaffState<'_>,
) -> Result<pack::kiosk::Done, UiError> {
    staff.require()?;
    blocking(move || Ok(pack::kiosk::undo(&app)?)).await
}

/// Leaves kiosk mode: the window may close, and the app ends.
#[tauri::command]
async fn exit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    staff: StaffState<'_>,
) -> Result<(), UiError> {
    staff.require()?;
    let stats = Arc::clone(&state.stats);
    if let Err(e) = blocking(move || Ok(stats.flush()?)).await {
        log::warn!("staff: the last counts may not be saved: {e}");
    }
    log::info!("staff: leaving kiosk mode from the staff panel");
    crate::window::allow_closing();
    app.exit(0);
    Ok(())
}
