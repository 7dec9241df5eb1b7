//! The clinic kiosk: an offline, touch-first information kiosk for a clinic's waiting room.
//!
//! Rust owns the data: [`content`] loads and renders the clinic's Markdown, [`commands`] is the thin
//! IPC surface the web UI in `ui/` calls, and [`window`] makes the locked-down kiosk window.
//! Everything but [`run`] and [`window`] works without a display, so tests reach it directly.

pub mod check;
pub mod cli;
pub mod commands;
pub mod content;
pub mod logging;
pub mod settings;
pub mod state;
pub mod window;

use std::path::PathBuf;

use tauri::{Builder, Runtime};

pub use state::AppState;

/// How the kiosk was asked to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub content_dir: PathBuf,
    pub windowed: bool,
}

/// Wires state and commands onto a builder. Shared by [`run`] and the unit tests, which pass
/// `tauri::test::mock_builder()`, so what the tests call is what the kiosk calls.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![commands::library, commands::explainer])
}

/// Opens the kiosk and runs until it is closed.
pub fn run(opts: RunOptions) {
    let state = AppState::load(&opts.content_dir);
    let windowed = opts.windowed;
    let result = builder(tauri::Builder::default(), state)
        .setup(move |app| {
            window::create_main(app.handle(), windowed)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        log::error!("the kiosk stopped with an error: {err}");
        std::process::exit(1);
    }
}
