//! The clinic kiosk: an offline, touch-first information kiosk for a clinic's waiting room.
//!
//! Rust owns the data: [`site`] loads the clinic's settings and its pages ([`content`]), [`views`]
//! shapes them for each screen, [`checklist`] turns a patient's picks into questions and a
//! handout, [`print`] sends it, [`commands`] is the thin IPC surface the web UI in `ui/` calls,
//! [`staff`] is staff mode as a plugin of its own, and [`window`] makes the locked-down kiosk
//! window. Everything but [`run`] and [`window`] works without a display, so tests reach it
//! directly. ARCHITECTURE.md at the repository's root is the map.

pub mod check;
pub mod checklist;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod content;
pub mod cursor;
pub mod data_dir;
pub mod doctor;
pub mod fonts;
pub mod i18n;
pub mod ipc;
pub mod lang;
pub mod logging;
pub mod media;
pub mod pack;
pub mod preview;
pub mod print;
pub mod problem;
pub mod qr;
pub mod read;
pub mod recovery;
pub mod review;
pub mod review_cli;
pub mod settings;
pub mod site;
pub mod speech;
pub mod staff;
pub mod state;
pub mod stats;
pub mod still;
pub mod systemd;
pub mod timings;
pub mod ui_error;
pub mod views;
pub mod watch;
pub mod watchdog;
pub mod window;

use std::path::PathBuf;

use tauri::{Builder, Manager, Runtime};

pub use checklist::DocRef;
pub use state::{AppState, CONTENT_CHANGED};

/// How the kiosk was asked to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub content_dir: PathBuf,
    pub windowed: bool,
    /// Where usage counts and the PIN lockout live; `None`: the platform's app data folder.
    pub data_dir: Option<PathBuf>,
    /// The author's preview (`clinic-kiosk preview`): every page shown, the preview panel on.
    pub preview: bool,
}

/// Wires state, commands, the staff plugin and the media protocol onto a builder. Shared by [`run`] and any test
/// that builds the app, so what they call is what the kiosk calls.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .register_uri_scheme_protocol("media", |ctx, request| {
            let state = ctx.app_handle().state::<AppState>();
            media::respond(&state.content_dir, request.uri().path())
        })
        .invoke_handler(tauri::generate_handler![
            commands::kiosk_info,
            commands::ui_strings,
            commands::library,
            commands::explainer,
            commands::question_lists,
            commands::resolve_questions,
            commands::print_checklist,
            commands::session_start,
            commands::session_end,
            commands::own_question_added,
            commands::speak,
            commands::speech_stop,
            preview::preview_report,
            preview::preview_sign,
        ])
        .plugin(staff::plugin::init())
}

/// Opens the kiosk and runs until it is closed.
pub fn run(opts: RunOptions) {
    let state = if opts.preview {
        AppState::preview(&opts.content_dir)
    } else {
        AppState::load(&opts.content_dir)
    };
    let windowed = opts.windowed;
    let preview = opts.preview;
    let data_dir = opts.data_dir.clone();
    let result = builder(tauri::Builder::default(), state)
        .setup(move |app| {
            let state = app.state::<AppState>();
            let data_dir = data_dir::choose(app.handle(), data_dir.clone(), &state.content_dir);
            // An author's clicks are not a clinic's usage: the preview keeps its counts in memory.
            if !preview {
                state.attach_data(data_dir.as_deref());
            }
            staff::plugin::attach(app.handle(), data_dir.as_deref());
            window::create_main(app.handle(), windowed)?;
            if !windowed {
                cursor::hide(app.handle());
            }
            watch_content(app.handle());
            systemd::start(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        log::error!("the kiosk stopped with an error: {err}");
        std::process::exit(1);
    }
}

/// Reloads the content when its folder changes and tells the page to redraw.
fn watch_content<R: Runtime>(app: &tauri::AppHandle<R>) {
    let dir = app.state::<AppState>().content_dir.clone();
    let handle = app.clone();
    match watch::spawn(&dir, move || state::reload_and_notify(&handle)) {
        Ok(watcher) => {
            // The watcher stops when dropped: the app keeps it for as long as it runs.
            app.manage(watcher);
        }
        Err(e) => log::warn!(
            "content: not watching {} for changes ({e}); restart to see edits",
            dir.display()
        ),
    }
}
