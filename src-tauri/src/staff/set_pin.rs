//! `clinic-kiosk set-pin`: asks for the staff PIN (without echo on a terminal; one line from
//! standard input otherwise, so scripts and tests can pipe it), hashes it, and writes the hash to
//! `[staff] pin_hash` in clinic.toml. The file is edited in place with `toml_edit`, so the
//! clinic's comments, order and spacing stay as they were, and it is replaced whole (written
//! beside it, then renamed), so a running kiosk never reads half a file.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use toml_edit::{DocumentMut, Item};

use super::pin;
use crate::problem::line_col;
use crate::settings::FILE_NAME;

const KEY: &str = "pin_hash";
const KEY_COMMENT: &str =
    "# Written by `clinic-kiosk set-pin`: a salted hash of the staff PIN, never the PIN itself.\n";
const TABLE_COMMENT: &str = "\n# Staff mode: the PIN-protected panel behind the hidden gesture.\n";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not read the PIN: {0}")]
    Read(#[source] io::Error),
    #[error("no PIN was given: type one, or pipe it in on a line of its own")]
    NoPin,
    #[error("the two PINs were not the same")]
    Mismatch,
    #[error("{0}")]
    Pin(#[from] pin::Error),
    #[error("cannot read {}: {why}", path.display())]
    ReadFile { path: PathBuf, why: String },
    #[error("{}:{line}:{col}: {message}; fix clinic.toml first (`clinic-kiosk check` lists its problems)",
        path.display())]
    Toml {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: `staff` must be a [staff] table to hold the PIN", path.display())]
    NotATable { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Runs `set-pin` (or `set-pin --remove`) on the content folder's clinic.toml.
pub fn run(content_dir: &Path, remove: bool) -> ExitCode {
    let path = content_dir.join(FILE_NAME);
    let result = if remove {
        write_hash(&path, None).map(|()| {
            format!(
                "Staff PIN removed from {}: staff mode is off until a PIN is set again.",
                path.display()
            )
        })
    } else {
        read_pin()
            .and_then(|p| Ok(pin::hash(&p)?))
            .and_then(|hash| write_hash(&path, Some(&hash)))
            .map(|()| {
                format!(
                    "Staff PIN set in {}. A running kiosk uses it within a few seconds.",
                    path.display()
                )
            })
    };
    match result {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("set-pin: {e}; nothing was changed");
            ExitCode::from(1)
        }
    }
}

/// Reads the new PIN: twice without echo on a terminal, else the first line of standard input.
pub fn read_pin() -> Result<String, Error> {
    if !io::stdin().is_terminal() {
        return read_pin_from(io::stdin().lock());
    }
    let first = rpassword::prompt_password(format!(
        "New staff PIN ({} to {} digits): ",
        pin::MIN_DIGITS,
        pin::MAX_DIGITS
    ))
    .map_err(Error::Read)?;
    let first = first.trim().to_string();
    // Say a PIN is the wrong shape before asking for it again.
    pin::check_format(&first)?;
    let again = rpassword::prompt_password("The same PIN again: ").map_err(Error::Read)?;
    if again.trim() != first {
        return Err(Error::Mismatch);
    }
    Ok(first)
}

/// The first line of `input`, without its line ending or surrounding spaces.
pub fn read_pin_from(mut input: impl BufRead) -> Result<String, Error> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(Error::Read)?;
    let pin = line.trim();
    if pin.is_empty() {
        return Err(Error::NoPin);
    }
    Ok(pin.to_string())
}

/// Sets (or with `None`, removes) `[staff] pin_hash` in the file at `path`, creating the file
/// if there is none.
pub fn write_hash(path: &Path, hash: Option<&str>) -> Result<(), Error> {
    // Through the kiosk's one reader, so a FIFO or a link to a device named clinic.toml is
    // refused, never opened (opening a FIFO would hang set-pin).
    let unreadable = |why: String| Error::ReadFile {
        path: path.to_path_buf(),
        why,
    };
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let read = crate::read::Folder::open(folder).and_then(|f| f.bytes(path, crate::settings::MAX_FILE_BYTES));
    let text = match read {
        Ok(bytes) => crate::read::text(bytes).map_err(|e| unreadable(e.to_string()))?,
        Err(crate::read::Error::Missing) => String::new(),
        Err(e) => return Err(unreadable(e.to_string())),
    };
    let new = with_pin_hash(path, &text, hash)?;
    if new == text {
        return Ok(());
    }
    replace(path, &new)
}

/// `text` with `[staff] pin_hash` set to `hash` (or removed), everything else untouched.
pub fn with_pin_hash(path: &Path, text: &str, hash: Option<&str>) -> Result<String, Error> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let (line, col) = line_col(text, e.span().map_or(0, |s| s.start));
        Error::Toml {
            path: path.to_path_buf(),
            line,
            col,
            message: e.message().trim_end().to_string(),
        }
    })?;
    let not_a_table = || Error::NotATable {
        path: path.to_path_buf(),
    };
    let Some(hash) = hash else {
        if let Some(staff) = doc.get_mut("staff") {
            staff.as_table_like_mut().ok_or_else(not_a_table)?.remove(KEY);
        }
        return Ok(doc.to_string());
    };
    let staff = doc.entry("staff").or_insert_with(|| {
        let mut table = toml_edit::Table::new();
        table.decor_mut().set_prefix(TABLE_COMMENT);
        Item::Table(table)
    });
    let staff = staff.as_table_like_mut().ok_or_else(not_a_table)?;
    match staff.get_mut(KEY) {
        Some(item) => *item = toml_edit::value(hash),
        None => {
            staff.insert(KEY, toml_edit::value(hash));
            if let Some(mut key) = staff.key_mut(KEY) {
                key.leaf_decor_mut().set_prefix(KEY_COMMENT);
            }
        }
    }
    Ok(doc.to_string())
}

/// Writes `text` beside `path`, then renames it over `path`, keeping the file's permissions.
fn replace(path: &Path, text: &str) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let partial = path.with_file_name(format!(".{FILE_NAME}.partial"));
    let mut file = fs::File::create(&partial).map_err(err)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| match fs::metadata(path) {
            Ok(meta) => fs::set_permissions(&partial, meta.permissions()),
            Err(_) => Ok(()),
        })
        .and_then(|()| fs::rename(&partial, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(err(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings;

    const HASH: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGg";

    fn set(text: &str, hash: Option<&str>) -> String {
        with_pin_hash(Path::new("clinic.toml"), text, hash).unwrap()
    }

    #[test]
    fn the_bundled_settings_keep_every_comment_and_gain_a_staff_table() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content/clinic.toml"));
        let text = fs::read_to_string(path).unwrap();
        let new = set(&text, Some(HASH));
        assert!(new.starts_with(&text), "the old file is untouched:\n{new}");
        assert!(
            new.ends_with(&format!(
                "{TABLE_COMMENT}[staff]\n{KEY_COMMENT}pin_hash = \"{HASH}\"\n"
            )),
            "{new}"
        );
        let (parsed, problems) = settings::parse(path, &new);
        assert_eq!(problems, []);
        assert_eq!(parsed.staff.pin_hash.as_deref(), Some(HASH));
    }

    #[test]
    fn an_existing_hash_is_replaced_in_place_with_its_comments() {
        let text =
            "name = \"A\"\n\n[staff]\n# keep me\npin_hash = \"old\" # and me?\nexport_folder = \"/x\"\n";
        let new = set(text, Some(HASH));
        assert_eq!(
            new,
            format!("name = \"A\"\n\n[staff]\n# keep me\npin_hash = \"{HASH}\"\nexport_folder = \"/x\"\n")
        );
    }

    #[test]
    fn remove_takes_only_the_hash_out() {
        let text = format!("[staff]\npin_hash = \"{HASH}\"\nexport_folder = \"/x\"\n");
        assert_eq!(set(&text, None), "[staff]\nexport_folder = \"/x\"\n");
        assert_eq!(set("name = \"A\"\n", None), "name = \"A\"\n");
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_alone_and_located() {
        let err = with_pin_hash(
            Path::new("clinic.toml"),
            "name = \"A\"\nlanguages = [\n",
            Some(HASH),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("clinic.toml:2:"), "{err}");
        let err = with_pin_hash(Path::new("clinic.toml"), "staff = 3\n", Some(HASH)).unwrap_err();
        assert!(matches!(err, Error::NotATable { .. }), "{err}");
    }

    #[test]
    fn a_missing_file_is_created_with_only_the_staff_table() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        write_hash(&path, Some(HASH)).unwrap();
        let (parsed, problems) = settings::load(dir.path());
        assert_eq!(problems, []);
        assert_eq!(parsed.staff.pin_hash.as_deref(), Some(HASH));
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).collect();
        assert_eq!(leftovers.len(), 1, "no partial file is left behind");
    }

    #[test]
    fn a_fifo_named_clinic_toml_is_refused_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success());
        // Opening a FIFO with no writer would block here for ever.
        let err = write_hash(&path, Some(HASH)).unwrap_err();
        assert!(err.to_string().contains("named pipe"), "{err}");
    }

    #[test]
    fn a_piped_pin_is_its_first_line_trimmed() {
        assert_eq!(read_pin_from("  4821 \r\nmore\n".as_bytes()).unwrap(), "4821");
        assert!(matches!(read_pin_from("".as_bytes()), Err(Error::NoPin)));
        assert!(matches!(read_pin_from("\n".as_bytes()), Err(Error::NoPin)));
    }
}
