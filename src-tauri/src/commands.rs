//! The IPC surface: thin functions the web UI calls. Each builds a view with [`crate::views`] or
//! calls a plain module, and maps errors to `{kind, message}`.

use serde::{Serialize, Serializer};
use tauri::State;

use crate::views::{self, Pick};
use crate::{print, AppState};

/// What the UI is told when a command fails: a `kind` it can branch on and a message for people.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("There is no page called “{0}” in this kiosk.")]
    NotFound(String),
    #[error("Nothing was chosen to print.")]
    NothingToPrint,
    #[error(transparent)]
    Print(#[from] print::Error),
}

impl Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not-found",
            Error::NothingToPrint => "nothing-to-print",
            Error::Print(e) => e.kind(),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ui_error::serialize(self.kind(), self, serializer)
    }
}

/// Arguments are checked here, at the edge: a hostile page can send anything.
const MAX_ARG: usize = 200;
const MAX_PICKS: usize = 100;

fn arg(s: &str) -> Result<&str, Error> {
    if s.len() > MAX_ARG {
        Err(Error::NotFound(s.chars().take(40).collect()))
    } else {
        Ok(s)
    }
}

#[tauri::command]
pub fn kiosk_info(state: State<'_, AppState>) -> views::KioskInfo {
    views::kiosk_info(&state.library())
}

#[tauri::command]
pub fn ui_strings(lang: String) -> Result<views::UiStrings, Error> {
    Ok(views::ui_strings(arg(&lang)?))
}

#[tauri::command]
pub fn library(state: State<'_, AppState>, lang: String) -> Result<views::LibraryView, Error> {
    Ok(views::library(&state.library(), arg(&lang)?))
}

#[tauri::command]
pub fn explainer(
    state: State<'_, AppState>,
    id: String,
    lang: String,
) -> Result<views::ExplainerView, Error> {
    let view = views::explainer(&state.library(), arg(&lang)?, arg(&id)?).ok_or(Error::NotFound(id))?;
    state.stats.explainer_viewed(&view.id);
    Ok(view)
}

#[tauri::command]
pub fn question_lists(state: State<'_, AppState>, lang: String) -> Result<views::QuestionListsView, Error> {
    Ok(views::question_lists(&state.library(), arg(&lang)?))
}

#[derive(Debug, Serialize)]
pub struct Resolved {
    pub questions: Vec<views::ResolvedQuestion>,
}

#[tauri::command]
pub fn resolve_questions(
    state: State<'_, AppState>,
    lang: String,
    picks: Vec<Pick>,
) -> Result<Resolved, Error> {
    let picks = &picks[..picks.len().min(MAX_PICKS)];
    Ok(Resolved {
        questions: views::resolve(&state.library(), arg(&lang)?, picks),
    })
}

#[derive(Debug, Serialize)]
pub struct Printed {
    pub job: String,
}

/// Prints the patient's picks. Runs off the main thread (`async`) so a slow printer never
/// freezes the screen; `print::send` has its own timeout.
#[tauri::command]
pub async fn print_checklist(
    state: State<'_, AppState>,
    lang: String,
    topic: Option<String>,
    picks: Vec<Pick>,
) -> Result<Printed, Error> {
    let lib = state.library();
    let lang = arg(&lang)?.to_string();
    let picks = &picks[..picks.len().min(MAX_PICKS)];
    let questions = views::resolve(&lib, &lang, picks);
    if questions.is_empty() {
        return Err(Error::NothingToPrint);
    }
    let topic = topic.map(|t| t.chars().take(MAX_ARG).collect());
    let handout = crate::handout::from_questions(&lib, &lang, topic, &questions);
    let printer = lib.settings.printer.clone();
    let job = tauri::async_runtime::spawn_blocking(move || {
        let pdf = print::render_pdf(&handout)?;
        print::send(&pdf, &printer, 1)
    })
    .await
    .map_err(|_| print::Error::Failed("the print job stopped unexpectedly".into()))??;
    state.stats.checklist_printed();
    Ok(Printed { job: job.to_string() })
}

#[tauri::command]
pub fn session_start(state: State<'_, AppState>, lang: String) -> Result<(), Error> {
    state.stats.session_started(arg(&lang)?);
    Ok(())
}

/// The UI calls this on its way back to the welcome screen: the moment no patient is reading,
/// so the memory watchdog's pending restart of the web view happens here.
#[tauri::command]
pub fn session_end<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) {
    state.stats.session_ended();
    crate::watchdog::at_session_end(&app);
}
