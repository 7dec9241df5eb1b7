//! What the running kiosk holds: where its content lives, the library loaded from there, and the
//! anonymous counts.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::content::{self, Library};
use crate::stats::Stats;

/// Shared by every command. The library sits behind an `Arc` so a reload swaps it in one step
/// while a command that already holds the old one finishes undisturbed.
pub struct AppState {
    pub content_dir: PathBuf,
    library: RwLock<Arc<Library>>,
    pub stats: Stats,
}

impl AppState {
    /// Loads the content folder and logs what was found, never what a patient does.
    pub fn load(content_dir: &Path) -> Self {
        let library = content::load(content_dir);
        log_library(&library);
        Self {
            content_dir: content_dir.to_path_buf(),
            library: RwLock::new(Arc::new(library)),
            stats: Stats::default(),
        }
    }

    pub fn library(&self) -> Arc<Library> {
        match self.library.read() {
            Ok(guard) => Arc::clone(&guard),
            // A panic while swapping can't leave a half-written Arc behind: the old one is fine.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Loads the folder again, keeping the last good version of any file that broke.
    pub fn reload(&self) {
        let previous = self.library();
        let library = content::reload(&self.content_dir, &previous);
        log_library(&library);
        let mut guard = self.library.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(library);
    }
}

fn log_library(library: &Library) {
    log::info!(
        "content: {} explainers loaded from {} ({} errors, {} warnings)",
        library.explainer_count(),
        library.root.display(),
        library.error_count(),
        library.warning_count()
    );
    for problem in &library.problems {
        log::warn!("content: {problem}");
    }
    if library.is_empty() {
        log::warn!("content: no explainers to show; the kiosk shows its \"no content yet\" screen");
    }
}
