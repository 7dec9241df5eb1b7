//! The running kiosk's side of content packs: what the staff panel's "Update content" shows
//! (packs found on USB drives and in the inbox, a preview of the one picked, the installed pack,
//! undo), installing and undoing from there, and installing a newer pack synced into the inbox
//! by itself when a patient's session ends.
//!
//! After a switch the kiosk reloads and redraws, and watches the new version folder (the live
//! reload watcher was on the old one). A switch made from the command line while the kiosk runs
//! is seen too: `DIR`'s parent folder is watched for `DIR` itself being replaced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::SystemTime;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

use super::diff::{self, Changes};
use super::install::{self, Installed, Versions};
use super::layout::Layout;
use super::sign::Trust;
use super::{archive, build, human_size, Error};
use crate::problem::Severity;
use crate::settings::{InstallMode, UpdateSettings};
use crate::AppState;

/// How many folders deep packs are looked for on a drive: `/media/USER/LABEL/folder/x.kpack`.
const DRIVE_DEPTH: usize = 4;
/// At most this many folder entries are looked at per scan, however full the drives are.
const SCAN_BUDGET: usize = 5000;

/// The kiosk's update state, managed by the staff plugin.
#[derive(Default)]
pub struct Updates {
    /// One install or undo at a time from inside the kiosk (the lock file guards against the
    /// command line too).
    running: Mutex<()>,
    content_watcher: Mutex<Option<RecommendedWatcher>>,
    switch_watcher: Mutex<Option<RecommendedWatcher>>,
    /// Inbox packs refused before, by path, size and time, so each is logged once, not at
    /// every session end.
    refused: Mutex<BTreeSet<(PathBuf, u64, Option<SystemTime>)>>,
}

/// Starts the watch for switches made from outside (the staff plugin's setup calls this).
pub fn attach<R: Runtime>(app: &AppHandle<R>) {
    app.manage(Arc::new(Updates::default()));
    let dir = app.state::<AppState>().content_dir.clone();
    let Ok(layout) = Layout::of(&dir) else { return };
    let Some(parent) = layout.dir.parent().map(Path::to_path_buf) else {
        return;
    };
    let Some(name) = layout.dir.file_name().map(|n| n.to_os_string()) else {
        return;
    };
    let (tx, rx) = mpsc::channel();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !event.kind.is_access()
                && event
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str()))
            {
                let _ = tx.send(());
            }
        }
    });
    let watching = watcher.and_then(|mut w| w.watch(&parent, RecursiveMode::NonRecursive).map(|()| w));
    match watching {
        Ok(w) => *lock(&app.state::<Arc<Updates>>().switch_watcher) = Some(w),
        Err(e) => {
            log::warn!(
                "updates: not watching {} for installs from the command line ({e})",
                parent.display()
            );
            return;
        }
    }
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("content-switch".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                while rx.recv_timeout(crate::watch::QUIET).is_ok() {}
                after_switch(&handle);
            }
        });
    if let Err(e) = spawned {
        log::warn!("updates: cannot watch for installs from the command line ({e})");
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Reloads and redraws, and watches the version now live.
fn after_switch<R: Runtime>(app: &AppHandle<R>) {
    crate::state::reload_and_notify(app);
    let dir = app.state::<AppState>().content_dir.clone();
    let handle = app.clone();
    match crate::watch::spawn(&dir, move || crate::state::reload_and_notify(&handle)) {
        Ok(w) => {
            if let Some(updates) = app.try_state::<Arc<Updates>>() {
                *lock(&updates.content_watcher) = Some(w);
            }
        }
        Err(e) => log::warn!(
            "content: not watching {} for changes ({e}); restart to see edits",
            dir.display()
        ),
    }
}

/// A pack file found on a drive or in the inbox (not yet opened).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FoundPack {
    pub path: String,
    pub file: String,
    /// "USB drive" or "inbox".
    pub place: &'static str,
    pub size: String,
    pub modified: String,
}

#[derive(Debug, Serialize)]
pub struct UndoView {
    /// What undo goes back to; `None`: the content from before the first pack.
    pub to: Option<Installed>,
}

/// The "Update content" section.
#[derive(Debug, Serialize)]
pub struct UpdatesView {
    pub installed: Option<Installed>,
    pub undo: Option<UndoView>,
    pub packs: Vec<FoundPack>,
    pub looked_in: Vec<String>,
    /// What happens by itself, when `install = "between-sessions"`.
    pub automatic: Option<String>,
    /// A setting that keeps packs from installing, said so staff can fix it.
    pub warning: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProblemLine {
    pub severity: Severity,
    pub text: String,
}

/// What the pack staff picked would do.
#[derive(Debug, Serialize)]
pub struct PreviewView {
    pub path: String,
    pub file: String,
    pub name: String,
    pub version: u64,
    pub created: String,
    pub signer: String,
    pub installed_version: Option<u64>,
    pub changes: Changes,
    pub problems: Vec<ProblemLine>,
    /// Why it can't be installed (older, already installed, content errors); `None`: it can.
    pub refusal: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Done {
    pub message: String,
    pub view: UpdatesView,
}

pub fn view(state: &AppState) -> UpdatesView {
    let site = state.site();
    let updates = &site.settings.updates;
    let dir = &state.content_dir;
    let mut looked_in: Vec<String> = updates.drives.iter().map(|d| d.display().to_string()).collect();
    looked_in.extend(updates.inbox.iter().map(|d| d.display().to_string()));
    UpdatesView {
        installed: install::installed(dir),
        undo: install::undo_target(dir).map(|to| UndoView { to }),
        packs: scan(updates),
        looked_in,
        automatic: match (&updates.install, &updates.inbox) {
            (InstallMode::BetweenSessions, Some(inbox)) => Some(format!(
                "A newer pack synced into {} installs by itself when a patient's session ends.",
                inbox.display()
            )),
            _ => None,
        },
        warning: settings_warning(state).err().map(|e| e.to_string()),
    }
}

/// The trusted keys, or why packs can't be installed with these settings.
fn settings_warning(state: &AppState) -> Result<Trust, Error> {
    let site = state.site();
    let updates = &site.settings.updates;
    let settings_file = state.content_dir.join(crate::settings::FILE_NAME);
    if let Some(inbox) = updates.inbox.as_ref().filter(|p| !p.is_absolute()) {
        return Err(Error::BadKey {
            path: settings_file,
            why: format!(
                "`inbox` under [updates] must be a full path, like \"/srv/kiosk-inbox\", not \"{}\"",
                inbox.display()
            ),
        });
    }
    let trust = Trust::from_settings(updates, &settings_file)?;
    if trust.is_empty() {
        return Err(Error::NoTrustedKeys);
    }
    Ok(trust)
}

/// Packs on the drives and in the inbox, newest first.
pub fn scan(updates: &UpdateSettings) -> Vec<FoundPack> {
    let mut found = Vec::new();
    let mut budget = SCAN_BUDGET;
    for drive in &updates.drives {
        walk(drive, DRIVE_DEPTH, "USB drive", &mut found, &mut budget);
    }
    if let Some(inbox) = &updates.inbox {
        walk(inbox, 1, "inbox", &mut found, &mut budget);
    }
    found.sort_by(|a, b| (&b.1, &a.0.path).cmp(&(&a.1, &b.0.path)));
    found.dedup_by(|a, b| a.0.path == b.0.path);
    found.into_iter().map(|(p, _)| p).collect()
}

fn walk(
    dir: &Path,
    depth: usize,
    place: &'static str,
    out: &mut Vec<(FoundPack, Option<SystemTime>)>,
    budget: &mut usize,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if kind.is_dir() && depth > 1 {
            walk(&entry.path(), depth - 1, place, out, budget);
        } else if kind.is_file() && name.ends_with(".kpack") {
            let meta = entry.metadata().ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            out.push((
                FoundPack {
                    path: entry.path().display().to_string(),
                    file: name,
                    place,
                    size: human_size(meta.map_or(0, |m| m.len())),
                    modified: modified.map(show_time).unwrap_or_default(),
                },
                modified,
            ));
        }
    }
}

fn show_time(t: SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(&f).unwrap_or_default()
}

/// The pack at `path`, if it is one the scan finds (the page names it; Rust decides).
fn found(state: &AppState, path: &str) -> Result<PathBuf, Error> {
    let site = state.site();
    scan(&site.settings.updates)
        .into_iter()
        .find(|p| path.len() <= 4096 && p.path == path)
        .map(|p| PathBuf::from(p.path))
        .ok_or_else(|| Error::Refused {
            path: PathBuf::from(path.chars().take(300).collect::<String>()),
            why: "that pack is no longer there (was the drive taken out?); press Look again".into(),
        })
}

/// Opens, verifies and unpacks the pack beside the live content, and says what it would do.
pub fn preview(state: &AppState, path: &str) -> Result<PreviewView, Error> {
    let pack = found(state, path)?;
    let trust = settings_warning(state)?;
    let staged = install::stage(&pack, &trust, &state.content_dir, Versions::Any)?;
    let live = state.site();
    let changes = diff::changes(
        &build::live_files(&state.content_dir),
        &live,
        &staged.manifest,
        &staged.site,
    );
    let problems = staged
        .site
        .problems()
        .into_iter()
        .map(|p| ProblemLine {
            severity: p.severity,
            text: staged.problem_text(p),
        })
        .collect();
    Ok(PreviewView {
        path: path.to_string(),
        file: pack
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        name: staged.manifest.name.clone(),
        version: staged.manifest.version,
        created: staged.manifest.created.clone(),
        signer: staged.signer.to_string(),
        installed_version: install::installed(&state.content_dir).map(|i| i.version),
        changes,
        problems,
        refusal: install::refusal(&staged).map(|e| e.to_string()),
    })
}

/// Installs the pack staff picked, then reloads: the panel is open, so no patient is reading.
pub fn install<R: Runtime>(app: &AppHandle<R>, path: &str) -> Result<Done, Error> {
    let state = app.state::<AppState>();
    let pack = found(&state, path)?;
    let trust = settings_warning(&state)?;
    let updates = app.state::<Arc<Updates>>();
    let _running = updates.running.try_lock().map_err(|_| Error::Busy {
        dir: state.content_dir.clone(),
    })?;
    let record = install::install(&pack, &trust, &state.content_dir)?;
    log::info!(
        "updates: staff installed \"{}\" version {} from {}",
        record.name,
        record.version,
        pack.display()
    );
    after_switch(app);
    Ok(Done {
        message: format!(
            "Installed “{}” version {}. Patients see it now; Undo last update brings the old content back.",
            record.name, record.version
        ),
        view: view(&state),
    })
}

/// Undo: the content before the last update comes back.
pub fn undo<R: Runtime>(app: &AppHandle<R>) -> Result<Done, Error> {
    let state = app.state::<AppState>();
    let updates = app.state::<Arc<Updates>>();
    let _running = updates.running.try_lock().map_err(|_| Error::Busy {
        dir: state.content_dir.clone(),
    })?;
    let now = install::rollback(&state.content_dir)?;
    let back_to = now.as_ref().map_or_else(
        || "the content from before the first pack".to_string(),
        |i| format!("“{}” version {}", i.name, i.version),
    );
    log::info!("updates: staff undid the last update; back to {back_to}");
    after_switch(app);
    Ok(Done {
        message: format!("Undone: back to {back_to}."),
        view: view(&state),
    })
}

/// At a session's end (no patient is reading): with `install = "between-sessions"`, the newest
/// pack in the inbox that is newer than both the installed one and any undone one installs, off
/// the UI thread, and the log says so. A refused pack is logged once.
pub fn at_session_end<R: Runtime>(app: &AppHandle<R>) {
    let Some(updates) = app.try_state::<Arc<Updates>>() else {
        return;
    };
    let state = app.state::<AppState>();
    let site = state.site();
    let settings = site.settings.updates.clone();
    if settings.install != InstallMode::BetweenSessions || settings.inbox.is_none() {
        return;
    }
    let updates = Arc::clone(&updates);
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("updates".into())
        .spawn(move || updates.install_from_inbox(&handle, &settings));
    if let Err(e) = spawned {
        log::warn!("updates: could not look in the inbox ({e})");
    }
}

impl Updates {
    fn install_from_inbox<R: Runtime>(&self, app: &AppHandle<R>, settings: &UpdateSettings) {
        let Ok(_running) = self.running.try_lock() else {
            return;
        };
        let Some(inbox) = &settings.inbox else { return };
        let state = app.state::<AppState>();
        let dir = state.content_dir.clone();
        let Ok(layout) = Layout::of(&dir) else { return };
        let floor = install::installed(&dir)
            .map_or(0, |i| i.version)
            .max(layout.undone_through());
        let mut budget = SCAN_BUDGET;
        let mut found = Vec::new();
        walk(inbox, 1, "inbox", &mut found, &mut budget);
        let refused = lock(&self.refused).clone();
        let best = found
            .into_iter()
            .filter_map(|(p, modified)| {
                let path = PathBuf::from(&p.path);
                let len = std::fs::metadata(&path).map_or(0, |m| m.len());
                let key = (path.clone(), len, modified);
                let (_, version) = archive::peek(&path)?;
                (version > floor && !refused.contains(&key)).then_some((version, key))
            })
            .max_by_key(|(version, _)| *version);
        let Some((_, key)) = best else { return };
        let result = settings_warning(&state).and_then(|trust| install::install(&key.0, &trust, &dir));
        match result {
            Ok(record) => {
                log::info!(
                    "updates: installed \"{}\" version {} from {} between patient sessions",
                    record.name,
                    record.version,
                    key.0.display()
                );
                after_switch(app);
            }
            Err(e) => {
                log::warn!("updates: did not install {} from the inbox: {e}", key.0.display());
                lock(&self.refused).insert(key);
            }
        }
    }
}
