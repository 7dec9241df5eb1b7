//! What the running kiosk holds: where its content lives, the library loaded from there, the
//! anonymous counts, and staff mode's state.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::content::{self, Library};
use crate::staff::Staff;
use crate::stats::{self, Stats};

/// Shared by every command. The library sits behind an `Arc` so a reload swaps it in one step
/// while a command that already holds the old one finishes undisturbed.
pub struct AppState {
    pub content_dir: PathBuf,
    library: RwLock<Arc<Library>>,
    /// Shared with the blocking threads that read the counts for the staff panel.
    pub stats: Arc<Stats>,
    pub staff: Arc<Staff>,
}

impl AppState {
    /// Loads the content folder and logs what was found, never what a patient does.
    pub fn load(content_dir: &Path) -> Self {
        let library = content::load(content_dir);
        log_library(&library);
        Self {
            content_dir: content_dir.to_path_buf(),
            library: RwLock::new(Arc::new(library)),
            stats: Arc::new(Stats::default()),
            staff: Arc::new(Staff::default()),
        }
    }

    /// Opens the counts file and the PIN lockout in the data folder, known only once the app
    /// runs (`None`: both kept in memory). Counts made before this are kept and written then.
    pub fn attach_data(&self, data_dir: Option<&Path>) {
        self.stats
            .attach(data_dir.map(|d| d.join(stats::FILE_NAME)).as_deref());
        self.staff.attach(data_dir);
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
