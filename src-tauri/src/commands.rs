//! The patient screens' IPC surface: thin functions that build a view with [`crate::views`] or
//! call [`crate::checklist`], with every argument bounded by [`crate::ipc`]. Staff commands are
//! the staff plugin's ([`crate::staff::plugin`]).

use serde::Serialize;
use tauri::State;

use crate::checklist::{self, Pick};
use crate::ipc::{self, blocking, Error, Printed};
use crate::speech::{self, Speaker};
use crate::ui_error::UiError;
use crate::views;
use crate::AppState;

#[tauri::command]
pub fn kiosk_info(state: State<'_, AppState>) -> views::KioskInfo {
    let site = state.site();
    views::kiosk_info(&site, speech::offered(&site.settings.speech), state.preview)
}

#[tauri::command]
pub fn ui_strings(lang: String) -> Result<views::UiStrings, UiError> {
    Ok(views::ui_strings(ipc::arg(&lang)?))
}

#[tauri::command]
pub fn library(state: State<'_, AppState>, lang: String) -> Result<views::LibraryView, UiError> {
    Ok(views::library(&state.site(), ipc::arg(&lang)?))
}

#[tauri::command]
pub fn explainer(
    state: State<'_, AppState>,
    id: String,
    lang: String,
) -> Result<views::ExplainerView, UiError> {
    let site = state.site();
    let view = views::explainer(&site, ipc::arg(&lang)?, ipc::arg(&id)?).ok_or(Error::NotFound(id))?;
    state.stats.explainer_viewed(&view.id);
    Ok(view)
}

#[tauri::command]
pub fn question_lists(state: State<'_, AppState>, lang: String) -> Result<views::QuestionListsView, UiError> {
    Ok(views::question_lists(&state.site().library, ipc::arg(&lang)?))
}

#[derive(Debug, Serialize)]
pub struct Resolved {
    pub questions: Vec<checklist::Resolved>,
}

/// The picks' text in another language, after the patient switched.
#[tauri::command]
pub fn resolve_questions(
    state: State<'_, AppState>,
    lang: String,
    picks: Vec<Pick>,
) -> Result<Resolved, UiError> {
    Ok(Resolved {
        questions: checklist::resolve(&state.site().library, ipc::arg(&lang)?, ipc::picks(&picks)),
    })
}

/// Prints the patient's picks. Runs off the main thread so a slow printer never freezes the
/// screen; printing has its own timeout.
#[tauri::command]
pub async fn print_checklist(
    state: State<'_, AppState>,
    lang: String,
    picks: Vec<Pick>,
) -> Result<Printed, UiError> {
    let site = state.site();
    let handout =
        checklist::handout(&site, ipc::arg(&lang)?, ipc::picks(&picks)).ok_or(Error::NothingToPrint)?;
    let job = blocking(move || Ok(crate::print::print(&handout, &site.settings.printer, 1)?)).await?;
    state.stats.checklist_printed();
    Ok(Printed { job: job.to_string() })
}

/// A patient added a question of their own: counted, never its words (the page sends none).
#[tauri::command]
pub fn own_question_added(state: State<'_, AppState>) {
    state.stats.own_question_added();
}

/// Reads one sentence aloud in `lang`'s voice and answers when it is done or was stopped; the
/// page reads a screen sentence by sentence. Nothing spoken is logged.
#[tauri::command]
pub async fn speak(
    state: State<'_, AppState>,
    text: String,
    lang: String,
    slow: bool,
) -> Result<speech::Outcome, UiError> {
    let settings = state.site().settings.speech.clone();
    if !speech::offered(&settings) {
        return Err(speech::Error::Off.into());
    }
    Ok(Speaker::shared()
        .say(&settings, &text, ipc::arg(&lang)?, slow)
        .await?)
}

/// Stops reading aloud (Stop, Pause, leaving the screen, the idle question).
#[tauri::command]
pub fn speech_stop() {
    Speaker::shared().stop();
}

#[tauri::command]
pub fn session_start(state: State<'_, AppState>, lang: String) -> Result<(), UiError> {
    state.stats.session_started(ipc::arg(&lang)?);
    Ok(())
}

/// The UI calls this on its way back to the welcome screen: the moment no patient is reading,
/// so the web view's process is renewed here.
#[tauri::command]
pub fn session_end<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    // Whatever was being read belonged to the patient who just left.
    Speaker::shared().stop();
    crate::watchdog::at_session_end(&app);
    crate::pack::kiosk::at_session_end(&app);
}
