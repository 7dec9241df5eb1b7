//! Watches the content folder so a saved change shows on screen without a restart.
//!
//! Editors save in bursts (a temp file, a rename, a metadata touch), so events are gathered for a
//! short quiet period and the folder is reloaded once per burst: well inside the 2 seconds staff
//! are promised.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// How long the folder must be quiet before a reload.
pub const QUIET: Duration = Duration::from_millis(300);

/// Starts watching `dir`; `on_change` runs on a background thread after each burst of changes.
/// Keep the returned watcher alive for as long as watching should go on.
pub fn spawn(dir: &Path, on_change: impl Fn() + Send + 'static) -> notify::Result<RecommendedWatcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("content-watch".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                // Gather the rest of the burst.
                while rx.recv_timeout(QUIET).is_ok() {}
                on_change();
            }
        })?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_burst_of_writes_gives_one_reload_soon_after() {
        let dir = tempfile::tempdir().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let _watcher = spawn(dir.path(), move || {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join("a.md"), format!("v{i}")).unwrap();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while count.load(Ordering::SeqCst) == 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(QUIET * 2);
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}
