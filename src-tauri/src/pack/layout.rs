//! Where versions of the content live, and the one rename that switches between them.
//!
//! The kiosk reads `DIR` (`--content DIR`). Before the first pack it is a plain folder, and
//! stays one for a clinic that never installs a pack. The first install makes it a symlink:
//!
//! ```text
//! DIR -> DIR.versions/1          the live content (a symlink, relative, switched by rename(2))
//! DIR.versions/0/                the plain folder as it was before the first pack (for undo)
//! DIR.versions/1/                each version whole: written, fsynced, then renamed into place
//! DIR.versions/.staging-…/       a pack being unpacked and checked; never read by the kiosk
//! DIR.versions/.lock             held while an install or undo runs (kiosk or command line)
//! DIR.versions/undone            the highest version undone, so an inbox doesn't put it back
//! ```
//!
//! A version folder appears only by a rename of a whole, fsynced staging folder, and `DIR` only
//! ever points at one; it changes by renaming a new symlink over it (or, the first time, by
//! swapping the plain folder and the symlink in one `renameat2(RENAME_EXCHANGE)`, so `DIR` is
//! never missing). A power cut at any moment leaves `DIR` on the old version or the new. Old
//! versions are renamed to `.trash-…` before they are deleted, so a half-deleted folder is never
//! one a later undo could switch to. Only the live version and the one before it are kept.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::{io_at, pause, Error};

/// The versions folder's suffix: `DIR` → `DIR.versions`.
pub const VERSIONS_SUFFIX: &str = ".versions";
const UNDONE: &str = "undone";

/// What `DIR` is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// A plain folder: no pack was ever installed here.
    Plain,
    /// A symlink to `DIR.versions/<n>`.
    Version(u64),
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// `DIR`, as the kiosk was given it.
    pub dir: PathBuf,
    /// `DIR.versions`, beside it (so on the same file system, as rename needs).
    pub versions: PathBuf,
    /// `DIR`'s own name, for the symlink's relative target.
    name: OsString,
}

/// Held while an install or undo runs; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct Lock(#[allow(dead_code)] fs::File);

impl Layout {
    pub fn of(dir: &Path) -> Result<Layout, Error> {
        let name = dir
            .file_name()
            .ok_or_else(|| Error::Refused {
                path: dir.to_path_buf(),
                why: "the content folder must be named, like /srv/clinic-content".into(),
            })?
            .to_os_string();
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut versions_name = name.clone();
        versions_name.push(VERSIONS_SUFFIX);
        Ok(Layout {
            dir: parent.join(&name),
            versions: parent.join(versions_name),
            name,
        })
    }

    fn parent(&self) -> &Path {
        self.dir.parent().unwrap_or(Path::new("."))
    }

    /// The symlink target for version `n`, relative to `DIR`'s parent.
    fn target(&self, n: u64) -> PathBuf {
        let mut versions = self.name.clone();
        versions.push(VERSIONS_SUFFIX);
        Path::new(&versions).join(n.to_string())
    }

    pub fn version_dir(&self, n: u64) -> PathBuf {
        self.versions.join(n.to_string())
    }

    pub fn current(&self) -> Result<Current, Error> {
        let meta = fs::symlink_metadata(&self.dir).map_err(io_at(&self.dir))?;
        if meta.is_dir() {
            return Ok(Current::Plain);
        }
        let foreign = || Error::Refused {
            path: self.dir.clone(),
            why: "this is a symbolic link the kiosk did not make; point --content at the folder itself"
                .into(),
        };
        if !meta.file_type().is_symlink() {
            return Err(foreign());
        }
        let target = fs::read_link(&self.dir).map_err(io_at(&self.dir))?;
        let n = target
            .strip_prefix(self.target(0).parent().unwrap_or(Path::new("")))
            .ok()
            .and_then(|rest| rest.to_str())
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(foreign)?;
        Ok(Current::Version(n))
    }

    /// The live version's number; the plain folder counts as 0, the number it is kept under.
    fn live_number(&self) -> Result<u64, Error> {
        Ok(match self.current()? {
            Current::Plain => 0,
            Current::Version(v) => v,
        })
    }

    /// Every whole version folder, in order.
    pub fn versions(&self) -> Vec<u64> {
        let mut out: Vec<u64> = fs::read_dir(&self.versions)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .collect();
        out.sort_unstable();
        out
    }

    /// The version an undo goes back to: the newest one older than the live one.
    pub fn previous(&self) -> Option<u64> {
        let Ok(Current::Version(now)) = self.current() else {
            return None;
        };
        self.versions().into_iter().filter(|&n| n < now).max()
    }

    /// Takes the lock, or says another update is running; then clears what a killed run left.
    pub fn lock(&self) -> Result<Lock, Error> {
        fs::create_dir_all(&self.versions).map_err(io_at(&self.versions))?;
        let path = self.versions.join(".lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_at(&path))?;
        file.try_lock().map_err(|_| Error::Busy {
            dir: self.dir.clone(),
        })?;
        self.recover();
        Ok(Lock(file))
    }

    /// What a run killed part-way leaves: a staging folder, a symlink never renamed, trash, and
    /// (killed between the swap and its rename) the old plain folder under `.plain`.
    fn recover(&self) {
        let plain = self.versions.join(".plain");
        if fs::symlink_metadata(&plain).is_ok_and(|m| m.is_dir())
            && !self.version_dir(0).exists()
            && fs::rename(&plain, self.version_dir(0)).is_ok()
        {
            log::info!("updates: kept the content from before the first pack as version 0");
        }
        // A version newer than the live one was renamed in by a run killed before its switch,
        // or is one an undo switched away from: never one to switch back to.
        if let Ok(now) = self.live_number() {
            for n in self.versions().into_iter().filter(|&n| n > now) {
                self.trash(n);
            }
        }
        for entry in fs::read_dir(&self.versions)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with(".staging-") || name.starts_with(".trash-") {
                let _ = fs::remove_dir_all(&path);
            } else if name.starts_with(".link-") || name == ".plain" {
                // Only symlinks are left by now (a `.plain` folder was kept above).
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// A new, empty staging folder beside the versions.
    pub fn staging(&self) -> Result<PathBuf, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = self
            .versions
            .join(format!(".staging-{}-{nanos}", std::process::id()));
        fs::create_dir(&path).map_err(io_at(&path))?;
        Ok(path)
    }

    /// Makes the whole, fsynced `staging` folder the next version and switches `DIR` to it;
    /// keeps the version it replaced, and no older one. Returns the new version's number.
    pub fn commit(&self, staging: &Path) -> Result<u64, Error> {
        let from = self.live_number()?;
        let n = self.versions().last().copied().unwrap_or(0) + 1;
        let dest = self.version_dir(n);
        fs::rename(staging, &dest).map_err(io_at(&dest))?;
        sync_dir(&self.versions);
        pause("committed");
        self.switch(n)?;
        pause("switched");
        for old in self.versions() {
            if old != n && old != from {
                self.trash(old);
            }
        }
        Ok(n)
    }

    /// Points `DIR` at version `n` in one rename.
    fn switch(&self, n: u64) -> Result<(), Error> {
        let current = self.current()?;
        if current == Current::Plain && self.version_dir(0).exists() {
            // Left from a layout someone undid by hand: the plain folder is the one to keep.
            self.trash(0);
        }
        // For the first switch the new symlink is made as `.plain`: after the swap that name
        // holds the old plain folder, which a run killed right then recovers as version 0.
        let link = match current {
            Current::Version(_) => self.versions.join(format!(".link-{}", std::process::id())),
            Current::Plain => self.versions.join(".plain"),
        };
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(self.target(n), &link).map_err(io_at(&link))?;
        match current {
            Current::Version(_) => fs::rename(&link, &self.dir).map_err(io_at(&self.dir))?,
            Current::Plain => {
                exchange(&link, &self.dir)?;
                sync_dir(self.parent());
                pause("exchanged");
                fs::rename(&link, self.version_dir(0)).map_err(io_at(&self.versions))?;
                sync_dir(&self.versions);
            }
        }
        sync_dir(self.parent());
        Ok(())
    }

    /// Back to the version before the live one; the one undone is deleted and remembered, so
    /// an inbox holding it doesn't install it again. `carry` is copied into that version first
    /// (the kiosk's clinic.toml, which may have changed since). Returns (from, to).
    pub fn rollback(&self, carry: &[&str]) -> Result<(u64, u64), Error> {
        let Current::Version(now) = self.current()? else {
            return Err(Error::NothingToUndo {
                dir: self.dir.clone(),
                why: "no pack has been installed here".into(),
            });
        };
        let Some(back) = self.previous() else {
            return Err(Error::NothingToUndo {
                dir: self.dir.clone(),
                why: "the content before the last update is no longer kept (only one update can be undone)"
                    .into(),
            });
        };
        let to = self.version_dir(back);
        for name in carry {
            let from = self.dir.join(name);
            if from.is_file() {
                copy_synced(&from, &to.join(name))?;
            }
        }
        // Remembered before the switch, so no inbox puts it straight back whenever this stops.
        if let Some(undone) = super::installed(&self.version_dir(now)) {
            let path = self.versions.join(UNDONE);
            let _ = fs::write(&path, undone.version.max(self.undone_through()).to_string());
        }
        pause("rollback-carried");
        self.switch(back)?;
        pause("rollback-switched");
        self.trash(now);
        Ok((now, back))
    }

    /// The highest pack version ever undone here (0: none).
    pub fn undone_through(&self) -> u64 {
        fs::read_to_string(self.versions.join(UNDONE))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Renames a version out of the way, then deletes it.
    fn trash(&self, n: u64) {
        let trash = self.versions.join(format!(".trash-{n}-{}", std::process::id()));
        if fs::rename(self.version_dir(n), &trash).is_ok() {
            sync_dir(&self.versions);
            if let Err(e) = fs::remove_dir_all(&trash) {
                log::warn!("updates: could not delete {}: {e}", trash.display());
            }
        }
    }
}

/// Copies a file into a folder the kiosk isn't reading, whole: beside, fsynced, renamed.
pub fn copy_synced(from: &Path, to: &Path) -> Result<(), Error> {
    let partial = to.with_extension("partial-copy");
    fs::copy(from, &partial).map_err(io_at(&partial))?;
    fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io_at(&partial))?;
    fs::rename(&partial, to).map_err(io_at(to))
}

/// fsyncs a folder, so the renames in it survive a power cut. Best effort: a file system that
/// can't has nothing better to offer.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// fsyncs every folder under `root` and `root` itself (the files were fsynced as written).
pub fn sync_tree(root: &Path) {
    for entry in fs::read_dir(root).into_iter().flatten().filter_map(Result::ok) {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            sync_tree(&entry.path());
        }
    }
    sync_dir(root);
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| Error::Io {
        path: b.to_path_buf(),
        source: e.into(),
    })
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, b: &Path) -> Result<(), Error> {
    Err(Error::Refused {
        path: b.to_path_buf(),
        why: "the first pack needs Linux to switch a plain folder atomically; move the folder to DIR.versions/0 and make DIR a symlink to it by hand".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(name), text).unwrap();
    }

    fn stage(layout: &Layout, text: &str) -> PathBuf {
        let s = layout.staging().unwrap();
        write(&s, "page.md", text);
        s
    }

    #[test]
    fn the_first_install_swaps_the_plain_folder_for_a_symlink_and_keeps_it_as_version_0() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content");
        write(&dir, "page.md", "old");
        let layout = Layout::of(&dir).unwrap();
        assert_eq!(layout.current().unwrap(), Current::Plain);
        let _lock = layout.lock().unwrap();
        let n = layout.commit(&stage(&layout, "new")).unwrap();
        assert_eq!(n, 1);
        assert_eq!(layout.current().unwrap(), Current::Version(1));
        assert_eq!(fs::read_link(&dir).unwrap(), Path::new("content.versions/1"));
        assert_eq!(fs::read_to_string(dir.join("page.md")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(layout.version_dir(0).join("page.md")).unwrap(),
            "old"
        );
        assert_eq!(layout.previous(), Some(0));
    }

    #[test]
    fn only_the_live_version_and_the_one_before_are_kept_and_undo_goes_back_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content");
        write(&dir, "page.md", "v0");
        write(&dir, "clinic.toml", "name = \"Kiosk\"\n");
        let layout = Layout::of(&dir).unwrap();
        let _lock = layout.lock().unwrap();
        for text in ["v1", "v2", "v3"] {
            layout.commit(&stage(&layout, text)).unwrap();
        }
        assert_eq!(layout.versions(), [2, 3]);
        fs::write(dir.join("clinic.toml"), "name = \"Changed since\"\n").unwrap();
        assert_eq!(layout.rollback(&["clinic.toml"]).unwrap(), (3, 2));
        assert_eq!(fs::read_to_string(dir.join("page.md")).unwrap(), "v2");
        assert_eq!(
            fs::read_to_string(dir.join("clinic.toml")).unwrap(),
            "name = \"Changed since\"\n",
            "the kiosk's settings come along"
        );
        assert_eq!(layout.versions(), [2]);
        let again = layout.rollback(&[]).unwrap_err().to_string();
        assert!(again.contains("only one update can be undone"), "{again}");
    }

    #[test]
    fn a_plain_folder_has_nothing_to_undo() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content");
        write(&dir, "page.md", "v0");
        let err = Layout::of(&dir).unwrap().rollback(&[]).unwrap_err();
        assert!(matches!(err, Error::NothingToUndo { .. }), "{err}");
    }

    #[test]
    fn a_second_update_at_once_is_refused_while_the_first_holds_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content");
        write(&dir, "page.md", "v0");
        let layout = Layout::of(&dir).unwrap();
        let held = layout.lock().unwrap();
        assert!(matches!(layout.lock(), Err(Error::Busy { .. })));
        drop(held);
        assert!(layout.lock().is_ok());
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleared_and_a_swapped_plain_folder_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content");
        let layout = Layout::of(&dir).unwrap();
        // Killed right after the swap: DIR is the symlink, the old folder is still at .plain.
        write(&layout.version_dir(1), "page.md", "new");
        write(&layout.versions.join(".plain"), "page.md", "old");
        std::os::unix::fs::symlink("content.versions/1", &dir).unwrap();
        write(&layout.versions.join(".staging-1-2"), "half.md", "x");
        let _lock = layout.lock().unwrap();
        assert_eq!(layout.versions(), [0, 1]);
        assert_eq!(
            fs::read_to_string(layout.version_dir(0).join("page.md")).unwrap(),
            "old"
        );
        assert!(!layout.versions.join(".staging-1-2").exists());
    }

    #[test]
    fn a_symlink_the_kiosk_did_not_make_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("real"), "page.md", "x");
        let dir = tmp.path().join("content");
        std::os::unix::fs::symlink(tmp.path().join("real"), &dir).unwrap();
        let err = Layout::of(&dir).unwrap().current().unwrap_err().to_string();
        assert!(err.contains("did not make"), "{err}");
    }
}
