//! The data folder: where the anonymous usage counts and the staff PIN lockout are kept. It is
//! `--data`/`KIOSK_DATA`, else the platform's app data folder, and never inside the content
//! folder. A folder that can't be used is logged, and both are kept in memory until a restart.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};

/// Picks the data folder, known only once the app runs (the platform folder needs the app).
pub fn choose<R: Runtime>(
    app: &AppHandle<R>,
    requested: Option<PathBuf>,
    content_dir: &Path,
) -> Option<PathBuf> {
    let dir = requested.or_else(|| match app.path().app_data_dir() {
        Ok(dir) => Some(dir),
        Err(e) => {
            log::warn!("data: the system has no app data folder ({e})");
            None
        }
    });
    dir.and_then(|dir| usable(&dir, content_dir))
}

/// The data folder, created if need be; `None` (counts in memory) if it can't be used.
fn usable(dir: &Path, content_dir: &Path) -> Option<PathBuf> {
    // Counts are written every half second: inside the watched content folder that would
    // reload the content over and over.
    let real = |p: &Path| p.canonicalize().or_else(|_| std::path::absolute(p));
    if let (Ok(d), Ok(c)) = (real(dir), real(content_dir)) {
        if d.starts_with(&c) {
            log::error!(
                "data: the data folder {} is inside the content folder; choose another with --data \
                 (counts and the PIN lockout are kept in memory until then)",
                dir.display()
            );
            return None;
        }
    }
    match std::fs::create_dir_all(dir) {
        Ok(()) => Some(dir.to_path_buf()),
        Err(e) => {
            log::error!(
                "data: cannot create the data folder {} ({e}); counts and the PIN lockout are kept \
                 in memory until a restart",
                dir.display()
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_folder_inside_the_content_folder_is_refused() {
        let content = tempfile::tempdir().unwrap();
        assert_eq!(usable(&content.path().join("data"), content.path()), None);
        let elsewhere = tempfile::tempdir().unwrap();
        let dir = elsewhere.path().join("kiosk");
        assert_eq!(usable(&dir, content.path()), Some(dir.clone()));
        assert!(dir.is_dir());
    }
}
