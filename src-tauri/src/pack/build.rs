//! Building a pack from a content folder: `clinic-kiosk pack build`. The folder must pass
//! `check` with no errors; every plain file in it goes in but `clinic.toml` (each kiosk keeps its
//! own) and hidden files (editors' swap files, the installed-pack record); a symlink is refused,
//! since a kiosk would refuse it too.

use std::fs;
use std::path::{Path, PathBuf};

use super::manifest::{self, check_path, FileEntry, Manifest, FORMAT};
use super::{archive, io_at, sign, Error, MAX_FILES, MAX_FILE_BYTES};
use crate::site::Site;

/// What to build.
pub struct Request<'a> {
    pub dir: &'a Path,
    pub out: &'a Path,
    pub name: String,
    pub version: u64,
    pub secret: &'a minisign::SecretKey,
}

/// Writes the pack (beside `out` first, then renamed, so a synced folder never sees half a
/// pack under its real name). `site` is the folder as `check` loaded it.
pub fn build(req: &Request, site: &Site) -> Result<Manifest, Error> {
    let errors = site.error_count();
    if errors > 0 {
        return Err(Error::Refused {
            path: req.dir.to_path_buf(),
            why: format!(
                "`check` finds {} in this folder (listed above), so no pack was built; fix them first",
                super::plural(errors, "error")
            ),
        });
    }
    manifest::check_name(&req.name).map_err(|why| Error::Refused {
        path: req.dir.to_path_buf(),
        why: format!("the pack's name: {why}"),
    })?;
    let mut files = Vec::new();
    collect(req.dir, "", &mut files)?;
    files.sort();
    if files.len() > MAX_FILES {
        return Err(Error::Refused {
            path: req.dir.to_path_buf(),
            why: format!(
                "it holds {} files, more than the {MAX_FILES} a pack may",
                files.len()
            ),
        });
    }
    let mut entries = Vec::new();
    for rel in files {
        let path = req.dir.join(&rel);
        let file = fs::File::open(&path).map_err(io_at(&path))?;
        let (sha256, size) = manifest::sha256(file).map_err(io_at(&path))?;
        if size > MAX_FILE_BYTES {
            return Err(Error::Refused {
                path,
                why: format!(
                    "bigger than the {} MB a file in a pack may be",
                    MAX_FILE_BYTES / 1_000_000
                ),
            });
        }
        entries.push(FileEntry {
            path: rel,
            size,
            sha256,
        });
    }
    let now = time::OffsetDateTime::now_utc();
    let manifest = Manifest {
        format: FORMAT,
        name: req.name.clone(),
        version: req.version,
        created: super::install::now_rfc3339(),
        files: entries,
    };
    let text = manifest.to_toml();
    let comment = format!(
        "clinic-kiosk pack \"{}\" version {}",
        manifest.name, manifest.version
    );
    let signature = sign::sign(req.secret, text.as_bytes(), &comment).map_err(|e| Error::BadKey {
        path: req.out.to_path_buf(),
        why: format!("could not sign: {e}"),
    })?;
    let partial = partial_path(req.out);
    let out = fs::File::create(&partial).map_err(io_at(&partial))?;
    let written = archive::write(
        &out,
        req.dir,
        &manifest,
        &signature,
        now.unix_timestamp().max(0) as u64,
    )
    .and_then(|()| out.sync_all())
    .and_then(|()| fs::rename(&partial, req.out));
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(Error::Io {
            path: req.out.to_path_buf(),
            source: e,
        });
    }
    Ok(manifest)
}

/// `.NAME.kpack.partial` beside `out`: hidden, and not a `.kpack`, so nothing picks it up.
fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "pack".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.partial"))
}

/// Every file under `dir` a pack carries, relative, `/`-separated.
fn collect(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), Error> {
    for entry in fs::read_dir(dir).map_err(io_at(dir))? {
        let entry = entry.map_err(io_at(dir))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(Error::Refused {
                path: entry.path(),
                why: "its name is not UTF-8 text; rename it".into(),
            });
        };
        let rel = format!("{prefix}{name}");
        if name.starts_with('.') || rel == crate::settings::FILE_NAME || name.ends_with(".kpack") {
            continue;
        }
        let kind = entry.file_type().map_err(io_at(&entry.path()))?;
        if kind.is_symlink() {
            return Err(Error::Refused {
                path: entry.path(),
                why: "a symbolic link: a pack holds only plain files, so copy the file in instead".into(),
            });
        }
        if kind.is_dir() {
            collect(&entry.path(), &format!("{rel}/"), out)?;
        } else if kind.is_file() {
            check_path(&rel).map_err(|why| Error::Refused {
                path: entry.path(),
                why: format!("can't go in a pack: it {why}"),
            })?;
            out.push(rel);
        } else {
            return Err(Error::Refused {
                path: entry.path(),
                why: "not a plain file (a FIFO, socket or device); remove it".into(),
            });
        }
    }
    Ok(())
}

/// The files of a live content folder a pack would replace, with their SHA-256, for the
/// preview's list of changes. Unreadable or odd entries are left out.
pub fn live_files(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut files = Vec::new();
    let _ = collect_lenient(dir, "", &mut files);
    files
        .into_iter()
        .filter_map(|rel| {
            let file = fs::File::open(dir.join(&rel)).ok()?;
            Some((rel, manifest::sha256(file).ok()?.0))
        })
        .collect()
}

fn collect_lenient(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)?.filter_map(Result::ok) {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let rel = format!("{prefix}{name}");
        if name.starts_with('.') || rel == crate::settings::FILE_NAME || out.len() >= MAX_FILES {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect_lenient(&entry.path(), &format!("{rel}/"), out)?,
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
    Ok(())
}

/// The default version: the build time as YYYYMMDDHHMM (UTC), so packs built later are newer
/// without anyone keeping count.
pub fn default_version() -> u64 {
    let now = time::OffsetDateTime::now_utc();
    let date = u64::from(now.year().unsigned_abs()) * 10_000
        + u64::from(u8::from(now.month())) * 100
        + u64::from(now.day());
    date * 10_000 + u64::from(now.hour()) * 100 + u64::from(now.minute())
}
