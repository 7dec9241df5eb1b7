//! What the running kiosk holds: where its content lives and the library loaded from there.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::content::{self, Library};

/// Shared by every command. The library sits behind an `Arc` so a reload swaps it in one step
/// while a command that already holds the old one finishes undisturbed.
pub struct AppState {
    pub content_dir: PathBuf,
    library: RwLock<Arc<Library>>,
}

impl AppState {
    /// Loads the content folder and logs what was found, never what a patient does.
    pub fn load(content_dir: &Path) -> Self {
        let library = content::load(content_dir);
        log_library(&library);
        Self {
            content_dir: content_dir.to_path_buf(),
            library: RwLock::new(Arc::new(library)),
        }
    }

    pub fn library(&self) -> Arc<Library> {
        match self.library.read() {
            Ok(guard) => Arc::clone(&guard),
            // A panic while swapping can't leave a half-written Arc behind: the old one is fine.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }
}

fn log_library(library: &Library) {
    let count: usize = library.explainers.values().map(|m| m.len()).sum();
    log::info!(
        "content: {count} explainers loaded from {}",
        library.root.display()
    );
    for problem in &library.problems {
        log::warn!("content: {problem}");
    }
    if library.is_empty() {
        log::warn!("content: no explainers to show; the kiosk shows its \"no content yet\" screen");
    }
}
