//! The IPC surface: thin functions the web UI calls. Each maps its errors to `{kind, message}`.

use serde::{Serialize, Serializer};
use tauri::State;

use crate::content::render::Section;
use crate::AppState;

/// What the UI is told when a command fails: a `kind` it can branch on and a message for people.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("There is no explainer called “{0}” in this kiosk.")]
    NotFound(String),
}

impl Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not-found",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// One tile on the home screen.
#[derive(Debug, Serialize, PartialEq)]
pub struct Tile {
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// The home screen's data.
#[derive(Debug, Serialize)]
pub struct LibraryView {
    pub tiles: Vec<Tile>,
}

/// One explainer, ready to show.
#[derive(Debug, Serialize)]
pub struct ExplainerView {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    /// Sanitized HTML, produced by `content::render`; the only HTML the UI ever inserts.
    pub html: String,
    pub sections: Vec<Section>,
}

#[tauri::command]
pub fn library(state: State<'_, AppState>, lang: String) -> LibraryView {
    let lib = state.library();
    let tiles = lib
        .in_lang(&lang)
        .map(|e| Tile {
            id: e.id.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
        })
        .collect();
    LibraryView { tiles }
}

#[tauri::command]
pub fn explainer(state: State<'_, AppState>, id: String, lang: String) -> Result<ExplainerView, Error> {
    let lib = state.library();
    let e = lib.explainer(&lang, &id).ok_or(Error::NotFound(id))?;
    Ok(ExplainerView {
        id: e.id.clone(),
        lang: e.lang.clone(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        html: e.body.html.clone(),
        sections: e.body.sections.clone(),
    })
}
