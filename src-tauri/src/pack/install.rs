//! Installing a pack: [`stage`] verifies it and unpacks it beside the live content, with the
//! kiosk's own clinic.toml copied in, and loads it with every check `check` runs; [`Staged::commit`]
//! refuses content with errors and otherwise switches to it ([`super::layout`]). The staff
//! panel's preview is a stage that is never committed. [`rollback`] is undo.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::archive;
use super::layout::{self, Layout, Lock};
use super::manifest::Manifest;
use super::sign::{Signer, Trust};
use super::{io_at, Error};
use crate::settings;
use crate::site::{self, Site};

/// The record an installed version keeps of the pack it came from, in its own folder, so it is
/// switched with the content and undo brings back the right one.
pub const RECORD: &str = ".installed-pack.toml";
/// What a new version takes from the live one: the kiosk's own settings, never the pack's.
pub const CARRIED: &[&str] = &[settings::FILE_NAME];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installed {
    pub name: String,
    pub version: u64,
    /// The pack's build time (RFC 3339, UTC).
    pub created: String,
    /// The trusted key's name and minisign id.
    pub signer: String,
    /// When it was installed here (RFC 3339, UTC).
    pub installed: String,
    /// The pack file's name.
    pub file: String,
}

/// The pack installed in the content folder `dir`, if its content came from one.
pub fn installed(dir: &Path) -> Option<Installed> {
    let mut text = String::new();
    fs::File::open(dir.join(RECORD))
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    toml::from_str(&text).ok()
}

/// A pack unpacked and checked beside the live content, not yet switched to. Dropped without
/// [`Staged::commit`], it is deleted: the live content was never touched.
pub struct Staged {
    pub layout: Layout,
    pub dir: PathBuf,
    pub pack: PathBuf,
    pub manifest: Manifest,
    pub signer: Signer,
    /// The new content as the kiosk would load it, with this kiosk's settings.
    pub site: Site,
    _lock: Lock,
    committed: bool,
}

/// Whether [`stage`] refuses a pack no newer than the installed one (installs do; a preview
/// shows it and says why it can't be installed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    NewerOnly,
    Any,
}

/// Verifies `pack` against `trust` and unpacks it beside the content folder `content`.
pub fn stage(pack: &Path, trust: &Trust, content: &Path, versions: Versions) -> Result<Staged, Error> {
    let layout = Layout::of(content)?;
    layout.current()?;
    let lock = layout.lock()?;
    let live = installed(&layout.dir);
    let dir = layout.staging()?;
    let check = |m: &Manifest| newer(pack, m, live.as_ref(), versions);
    let opened = match archive::read(pack, trust, check, Some(&dir)) {
        Ok(opened) => opened,
        Err(e) => {
            let _ = fs::remove_dir_all(&dir);
            return Err(e);
        }
    };
    let staged = Staged {
        site: Site::default(),
        layout,
        dir,
        pack: pack.to_path_buf(),
        manifest: opened.manifest,
        signer: opened.signer,
        _lock: lock,
        committed: false,
    };
    staged.finish()
}

impl Staged {
    /// The kiosk's settings and the record copied in, everything fsynced, then loaded.
    fn finish(mut self) -> Result<Staged, Error> {
        for name in CARRIED {
            let from = self.layout.dir.join(name);
            if from.is_file() {
                layout::copy_synced(&from, &self.dir.join(name))?;
            }
        }
        let record = Installed {
            name: self.manifest.name.clone(),
            version: self.manifest.version,
            created: self.manifest.created.clone(),
            signer: self.signer.to_string(),
            installed: now_rfc3339(),
            file: self
                .pack
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        };
        let path = self.dir.join(RECORD);
        let text = toml::to_string(&record).unwrap_or_default();
        fs::write(&path, text)
            .and_then(|()| fs::File::open(&path)?.sync_all())
            .map_err(io_at(&path))?;
        layout::sync_tree(&self.dir);
        super::pause("staged");
        self.site = site::load(&self.dir);
        Ok(self)
    }

    /// Every error `check` finds in the new content, as `file:line: message`.
    pub fn errors(&self) -> Vec<String> {
        self.site
            .problems()
            .into_iter()
            .filter(|p| p.is_error())
            .map(|p| self.problem_text(p))
            .collect()
    }

    /// A problem as the panel shows it: the file relative to the content folder.
    pub fn problem_text(&self, p: &crate::problem::Problem) -> String {
        let file = p.path.strip_prefix(&self.dir).unwrap_or(&p.path);
        format!("{}:{}: {}", file.display(), p.line, p.message)
    }

    /// Switches the kiosk to the new content, unless `check` finds errors in it.
    pub fn commit(mut self) -> Result<(u64, Installed), Error> {
        let problems = self.errors();
        if !problems.is_empty() {
            return Err(Error::ContentErrors {
                path: self.pack.clone(),
                problems,
            });
        }
        let n = self.layout.commit(&self.dir)?;
        self.committed = true;
        let record = installed(&self.layout.dir).ok_or_else(|| Error::Refused {
            path: self.layout.dir.clone(),
            why: "the new content was switched in, but its record can't be read".into(),
        })?;
        Ok((n, record))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses a pack no newer than `live` (unless `versions` says any will do).
fn newer(pack: &Path, m: &Manifest, live: Option<&Installed>, versions: Versions) -> Result<(), Error> {
    match live {
        Some(live) if versions == Versions::NewerOnly && m.version == live.version => {
            Err(Error::AlreadyInstalled {
                path: pack.to_path_buf(),
                version: m.version,
            })
        }
        Some(live) if versions == Versions::NewerOnly && m.version < live.version => Err(Error::Older {
            path: pack.to_path_buf(),
            version: m.version,
            installed: live.version,
        }),
        _ => Ok(()),
    }
}

/// Why a pack that staged can't be installed: older or the same as the live one, or errors.
pub fn refusal(staged: &Staged) -> Option<Error> {
    let live = installed(&staged.layout.dir);
    if let Err(e) = newer(&staged.pack, &staged.manifest, live.as_ref(), Versions::NewerOnly) {
        return Some(e);
    }
    let problems = staged.errors();
    (!problems.is_empty()).then(|| Error::ContentErrors {
        path: staged.pack.clone(),
        problems,
    })
}

/// Verifies, unpacks, checks and switches in one go: `clinic-kiosk pack install`.
pub fn install(pack: &Path, trust: &Trust, content: &Path) -> Result<Installed, Error> {
    let staged = stage(pack, trust, content, Versions::NewerOnly)?;
    staged.commit().map(|(_, record)| record)
}

/// Undo: back to the content before the last update, with the kiosk's settings carried.
/// Returns the pack now live, if the content it went back to came from one.
pub fn rollback(content: &Path) -> Result<Option<Installed>, Error> {
    let layout = Layout::of(content)?;
    layout.current()?;
    let _lock = layout.lock()?;
    layout.rollback(CARRIED)?;
    Ok(installed(&layout.dir))
}

/// What an undo would go back to: `None` when there's nothing to undo; `Some(None)` when it is
/// the content from before the first pack.
pub fn undo_target(content: &Path) -> Option<Option<Installed>> {
    let layout = Layout::of(content).ok()?;
    let back = layout.previous()?;
    Some(installed(&layout.version_dir(back)))
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
