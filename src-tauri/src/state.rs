//! What the running kiosk holds: where its content lives, the [`Site`] loaded from there, and the
//! anonymous counts. Staff mode keeps its own state in its plugin ([`crate::staff`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::site::{self, Site};
use crate::stats::{self, Stats};

/// The event the UI listens for to redraw after the content folder changed.
pub const CONTENT_CHANGED: &str = "content-changed";

/// Shared by every command. The site sits behind an `Arc` so a reload swaps it in one step
/// while a command that already holds the old one finishes undisturbed.
pub struct AppState {
    pub content_dir: PathBuf,
    site: RwLock<Arc<Site>>,
    /// Shared with the blocking threads that read the counts for the staff panel.
    pub stats: Arc<Stats>,
    data_dir: OnceLock<PathBuf>,
    /// The author's preview window (`clinic-kiosk preview`) rather than the kiosk: every page is
    /// shown, signed or not, and the preview commands (problems, sign-off) answer.
    pub preview: bool,
    /// The preview window's reviewer, typed once and kept for the window's life (not on disk).
    pub reviewer: std::sync::Mutex<Option<String>>,
}

impl AppState {
    /// Loads the content folder and logs what was found, never what a patient does.
    pub fn load(content_dir: &Path) -> Self {
        Self::new(content_dir, false)
    }

    /// The state of the author's preview window: the same site, but nothing withheld.
    pub fn preview(content_dir: &Path) -> Self {
        Self::new(content_dir, true)
    }

    fn new(content_dir: &Path, preview: bool) -> Self {
        let site = shown(site::load(content_dir), preview);
        log_site(&site);
        Self {
            content_dir: content_dir.to_path_buf(),
            site: RwLock::new(Arc::new(site)),
            stats: Arc::new(Stats::default()),
            data_dir: OnceLock::new(),
            preview,
            reviewer: std::sync::Mutex::new(None),
        }
    }

    /// Opens the counts file in the data folder, known only once the app runs (`None`: counts
    /// kept in memory). Counts made before this are kept and written then.
    pub fn attach_data(&self, data_dir: Option<&Path>) {
        self.stats
            .attach(data_dir.map(|d| d.join(stats::FILE_NAME)).as_deref());
        if let Some(dir) = data_dir {
            let _ = self.data_dir.set(dir.to_path_buf());
        }
    }

    /// The data folder, once known.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.get().map(PathBuf::as_path)
    }

    pub fn site(&self) -> Arc<Site> {
        match self.site.read() {
            Ok(guard) => Arc::clone(&guard),
            // A panic while swapping can't leave a half-written Arc behind: the old one is fine.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Loads the folder again, keeping the last good version of any page that broke.
    pub fn reload(&self) {
        let previous = self.site();
        let site = shown(site::reload(&self.content_dir, &previous), self.preview);
        log_site(&site);
        let mut guard = self.site.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(site);
    }
}

/// Reloads the content and tells the page to redraw: what a saved edit and the staff panel's
/// "Reload content" both do.
pub fn reload_and_notify<R: Runtime>(app: &AppHandle<R>) {
    app.state::<AppState>().reload();
    if let Err(e) = app.emit(CONTENT_CHANGED, ()) {
        log::warn!("content: could not tell the page to redraw: {e}");
    }
}

/// The kiosk shows patients only what `[review] require_signoff` allows; the preview shows all.
fn shown(site: Site, preview: bool) -> Site {
    if preview {
        site
    } else {
        site.for_patients()
    }
}

fn log_site(site: &Site) {
    let lib = &site.library;
    log::info!(
        "content: {} explainers loaded from {} ({} errors, {} warnings)",
        lib.explainer_count(),
        lib.root.display(),
        site.error_count(),
        site.warning_count()
    );
    for problem in site.problems() {
        log::warn!("content: {problem}");
    }
    if !site.withheld.is_empty() {
        let n = site.withheld.len();
        log::info!(
            "content: {n} {} kept off the patient screens until a clinician signs {} ([review] require_signoff)",
            if n == 1 { "page" } else { "pages" },
            if n == 1 { "it" } else { "them" },
        );
    }
    if lib.is_empty() {
        log::warn!("content: no explainers to show; the kiosk shows its \"no content yet\" screen");
    }
}
