//! Printing to a folder, for clinics without CUPS: each checklist becomes a PDF there, which the
//! front desk prints from (or a print server picks up).
//!
//! The file is written under a hidden temporary name and renamed when complete, so whatever
//! watches the folder never sees half a PDF. Names carry only the time and a counter.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use time::OffsetDateTime;

use super::{Error, JobId, PrinterState, PrinterStatus};

/// Writes `pdf` into `folder`; the job id is the new file's name.
pub(crate) fn send(pdf: &[u8], folder: &Path) -> Result<JobId, Error> {
    check(folder)?;
    let name = file_name(OffsetDateTime::now_utc());
    let temp = folder.join(format!(".{name}.part"));
    let io_err = |source| Error::Io {
        path: folder.to_path_buf(),
        source,
    };
    write_new(&temp, pdf).map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_err(e)
    })?;
    fs::rename(&temp, folder.join(&name)).map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_err(e)
    })?;
    Ok(JobId(name))
}

/// Whether the folder is there to write into, as the staff panel shows it.
pub(crate) fn status(folder: &Path) -> PrinterStatus {
    match check(folder) {
        Ok(()) => PrinterStatus {
            state: PrinterState::Ready,
            message: format!("Checklists are saved as PDF files in {}.", folder.display()),
        },
        Err(e) => PrinterStatus {
            state: PrinterState::Missing,
            message: e.to_string(),
        },
    }
}

/// The folder must already exist: creating it would hide a mistyped path in clinic.toml.
fn check(folder: &Path) -> Result<(), Error> {
    match fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Error::FolderMissing {
            path: folder.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Error::FolderMissing {
            path: folder.to_path_buf(),
        }),
        Err(source) => Err(Error::Io {
            path: folder.to_path_buf(),
            source,
        }),
    }
}

/// Creates `path` (never overwriting) and writes all of `bytes` to the disk itself, so the rename
/// that follows can't publish a file whose contents are still only in memory.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `checklist-20261126-054830-3.pdf`: sortable by time, unique within this run of the kiosk,
/// and saying nothing about who printed it or what it asks.
fn file_name(now: OffsetDateTime) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "checklist-{:04}{:02}{:02}-{:02}{:02}{:02}-{}-{n}.pdf",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        std::process::id()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui_error::Kind;

    #[test]
    fn a_pdf_lands_whole_under_a_plain_name_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let id = send(b"%PDF-1.7 test", dir.path()).expect("saved");
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![id.0.clone()]);
        assert!(id.0.starts_with("checklist-") && id.0.ends_with(".pdf"), "{id}");
        let saved = fs::read(dir.path().join(&id.0)).expect("read back");
        assert_eq!(saved, b"%PDF-1.7 test");
    }

    #[test]
    fn two_checklists_in_the_same_second_get_different_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = send(b"a", dir.path()).expect("saved");
        let b = send(b"b", dir.path()).expect("saved");
        assert_ne!(a, b);
    }

    #[test]
    fn a_missing_folder_is_not_created() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nope");
        let err = send(b"x", &missing).expect_err("must fail");
        assert_eq!(err.kind(), "queue-missing");
        assert!(!missing.exists());
        assert_eq!(status(&missing).state, PrinterState::Missing);
        assert_eq!(status(dir.path()).state, PrinterState::Ready);
    }
}
