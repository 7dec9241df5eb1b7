//! The one way the kiosk reads a file a clinic placed: `clinic.toml`, the pages, the pictures
//! `media:` serves (and content packs, later). A content folder can hold anything a careless copy,
//! a broken USB stick or a hostile pack puts there, so every read goes through a [`Folder`] that
//!
//! - looks at what the path is *before* opening it: a named pipe (FIFO) blocks whoever opens it
//!   until something writes to it, and a device such as `/dev/zero` never ends, so only a regular
//!   file is ever opened;
//! - resolves the real path (every link followed) and refuses one that is not under the folder,
//!   so `media/x.png -> /etc/passwd` or a linked folder `media/root -> /` reads nothing outside;
//! - reads at most a size limit, counted on the bytes read rather than trusted from the size the
//!   file claims (files under `/proc` claim 0).
//!
//! It sits on the ground floor: settings, content and media all read through it. Text files are
//! then decoded by [`text`], which says what a file really is when it is not UTF-8 (UTF-16, with
//! or without a byte-order mark; old Mac line endings) instead of letting a later step call it
//! "no front matter".
//!
//! A file swapped for a FIFO in the instant between the check and the open can't block either:
//! the open itself asks not to wait (`O_NONBLOCK`, which changes nothing for a regular file), and
//! what was opened is checked again before a byte is read.

use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A folder files may be read from, with its real path resolved once.
#[derive(Debug, Clone)]
pub struct Folder {
    /// The folder as the caller named it, for messages.
    shown: PathBuf,
    /// Its real path (links resolved), which every file read must lie under.
    real: PathBuf,
}

/// Why a file was not read. Each says what the path is and what staff can do about it.
#[derive(Debug)]
pub enum Error {
    /// Nothing is there.
    Missing,
    /// A link that leads to nothing, or that cannot be followed (a loop of links).
    BrokenLink(String),
    /// Not a regular file: "a folder", "a named pipe (FIFO)", "a device" …
    NotAFile(&'static str),
    /// Its real path leaves the folder it must stay in.
    Outside { real: PathBuf, folder: PathBuf },
    /// Larger than the limit for its kind (`size` when the file said how large it is).
    TooBig { size: Option<u64>, limit: u64 },
    /// The folder itself can't be opened, or the read failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Missing => write!(f, "there is no such file"),
            Error::BrokenLink(why) => write!(f, "this is a link that cannot be followed ({why}): remove it or point it at a file in the content folder"),
            Error::NotAFile(what) => write!(f, "this is {what}, not a file: the kiosk reads only ordinary files; remove it"),
            Error::Outside { real, folder } => write!(
                f,
                "this is a link to {}, outside {}: the kiosk reads nothing outside its folder; copy the file in instead",
                real.display(),
                folder.display()
            ),
            Error::TooBig { size: Some(size), limit } => {
                write!(f, "the file is {size} bytes; the limit is {limit} ({})", human(*limit))
            }
            Error::TooBig { size: None, limit } => {
                write!(f, "the file is over {limit} bytes; the limit is {limit} ({})", human(*limit))
            }
            Error::Io(e) => write!(f, "cannot read it: {e}"),
        }
    }
}

/// A size as staff would say it.
fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

impl Folder {
    /// The folder at `path`, resolved. Fails when it does not exist or is not a folder.
    pub fn open(path: &Path) -> Result<Folder, Error> {
        let real = fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Missing,
            _ => Error::Io(e),
        })?;
        if !fs::metadata(&real).map_err(Error::Io)?.is_dir() {
            return Err(Error::NotAFile("a file"));
        }
        Ok(Folder {
            shown: path.to_path_buf(),
            real,
        })
    }

    /// The folder as it was named.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Where `path` really is, if it is a regular file under this folder; nothing is opened.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Error> {
        let real = self.resolve(path)?;
        // `real` has no links left in it, so this is the type of what would be opened.
        let meta = fs::metadata(&real).map_err(Error::Io)?;
        kind_problem(&meta.file_type()).map_or(Ok(real), |what| Err(Error::NotAFile(what)))
    }

    /// Whether `path` is a folder under this folder (a linked one included).
    pub fn check_folder(&self, path: &Path) -> Result<(), Error> {
        let real = self.resolve(path)?;
        match fs::metadata(&real).map_err(Error::Io)? {
            m if m.is_dir() => Ok(()),
            m => Err(Error::NotAFile(kind_problem(&m.file_type()).unwrap_or("a file"))),
        }
    }

    /// The real path of `path`, every link followed, if it is under this folder.
    fn resolve(&self, path: &Path) -> Result<PathBuf, Error> {
        let own = fs::symlink_metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Missing,
            _ => Error::Io(e),
        })?;
        let real = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if own.file_type().is_symlink() => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "it leads to nothing".to_string()
                } else {
                    e.to_string()
                };
                return Err(Error::BrokenLink(why));
            }
            // A link in a folder above it that leads nowhere.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::BrokenLink("a folder on its way leads to nothing".into()))
            }
            Err(e) => return Err(Error::Io(e)),
        };
        if !real.starts_with(&self.real) {
            return Err(Error::Outside {
                real,
                folder: self.shown.clone(),
            });
        }
        Ok(real)
    }

    /// The bytes of `path`, a regular file under this folder, at most `limit` of them.
    pub fn bytes(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
        let real = self.check(path)?;
        let file = open_without_waiting(&real).map_err(Error::Io)?;
        // What was opened, not what was looked at: the check above and this one bracket the open.
        let meta = file.metadata().map_err(Error::Io)?;
        if let Some(what) = kind_problem(&meta.file_type()) {
            return Err(Error::NotAFile(what));
        }
        if meta.len() > limit {
            return Err(Error::TooBig {
                size: Some(meta.len()),
                limit,
            });
        }
        // One read call for a whole page (a general read-to-end reads 8 KiB at a time), and never
        // past the limit, whatever size the file claimed.
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
        file.take(limit + 1).read_to_end(&mut bytes).map_err(Error::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Error::TooBig { size: None, limit });
        }
        Ok(bytes)
    }
}

/// Opens for reading without waiting for a writer: on a FIFO a plain open blocks until one comes.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NONBLOCK.bits();
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(i32::try_from(flags).unwrap_or(0))
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file type is when it is not a regular file, in words for staff.
pub fn kind_problem(t: &fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    if t.is_symlink() {
        return Some("a link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not an ordinary file")
}

/// Why bytes are not usable text, at a 1-based line and column where that means something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// UTF-16, with or without its byte-order mark.
    Utf16,
    /// Old Mac line endings: carriage returns and no line feed.
    CrOnly,
    /// A NUL byte: not a text file at all.
    Nul { line: usize, col: usize },
    /// Not UTF-8 from this place on.
    NotUtf8 { line: usize, col: usize },
}

impl TextError {
    /// Where in the file it is.
    pub fn position(&self) -> (usize, usize) {
        match self {
            TextError::Nul { line, col } | TextError::NotUtf8 { line, col } => (*line, *col),
            TextError::Utf16 | TextError::CrOnly => (1, 1),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextError::Utf16 => "this file is UTF-16 text: save it as UTF-8 (in most editors: Save As, Encoding UTF-8)",
            TextError::CrOnly => "this file has old Mac line endings (a carriage return and no line feed): save it with Unix (LF) or Windows (CRLF) line endings",
            TextError::Nul { .. } => "this file has a NUL byte here, so it is not a text file: save the page again as plain UTF-8 text",
            TextError::NotUtf8 { .. } => "this is not UTF-8 text: save the file as UTF-8 (in most editors: Save As, Encoding UTF-8)",
        })
    }
}

/// Decodes a text file the clinic wrote. A UTF-8 byte-order mark is kept (the front-matter
/// split allows it); anything else that is not plain UTF-8 is named for what it is.
pub fn text(bytes: Vec<u8>) -> Result<String, TextError> {
    if looks_utf16(&bytes) {
        return Err(TextError::Utf16);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = crate::problem::line_col(&good, good.len());
        TextError::NotUtf8 { line, col }
    })?;
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        let (line, col) = crate::problem::line_col(&text, at);
        return Err(TextError::Nul { line, col });
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_some() && memchr::memchr(b'\n', text.as_bytes()).is_none() {
        return Err(TextError::CrOnly);
    }
    Ok(text)
}

/// A UTF-16 byte-order mark, or the pattern Latin text has in UTF-16 without one: a NUL as
/// every other byte of the first few characters.
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return false;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    // Most characters of a page are ASCII: in UTF-16 their other byte is zero.
    nul_at(0) * 4 >= pairs * 3 || nul_at(1) * 4 >= pairs * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_under_the_folder_within_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), b"hello").unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        assert_eq!(folder.bytes(&dir.path().join("a.md"), 5).unwrap(), b"hello");
        assert!(matches!(
            folder.bytes(&dir.path().join("a.md"), 4),
            Err(Error::TooBig { limit: 4, .. })
        ));
        assert!(matches!(
            folder.bytes(&dir.path().join("b.md"), 4),
            Err(Error::Missing)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_that_leave_and_things_that_are_not_files() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), b"secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        fs::write(p("inside.md"), b"ok").unwrap();
        symlink(outside.path().join("secret"), p("out.md")).unwrap();
        symlink("/dev/zero", p("zero.md")).unwrap();
        symlink("/", p("root")).unwrap();
        symlink("inside.md", p("in.md")).unwrap();
        symlink("gone", p("dangling.md")).unwrap();
        symlink("loop.md", p("loop.md")).unwrap();
        fs::create_dir(p("dir.md")).unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        assert_eq!(
            folder.bytes(&p("in.md"), 10).unwrap(),
            b"ok",
            "a link inside is fine"
        );
        for name in ["out.md", "zero.md", "root/etc/passwd"] {
            assert!(
                matches!(folder.bytes(&p(name), 1 << 20), Err(Error::Outside { .. })),
                "{name}"
            );
        }
        assert!(matches!(
            folder.bytes(&p("dangling.md"), 10),
            Err(Error::BrokenLink(_))
        ));
        assert!(matches!(
            folder.bytes(&p("loop.md"), 10),
            Err(Error::BrokenLink(_))
        ));
        assert!(matches!(
            folder.bytes(&p("dir.md"), 10),
            Err(Error::NotAFile("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("clinic.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let folder = Folder::open(dir.path()).unwrap();
        // Opening it would block this test for ever: the check must come first.
        assert!(matches!(
            folder.bytes(&fifo, 10),
            Err(Error::NotAFile("a named pipe (FIFO)"))
        ));
        // And should one slip past the check (swapped in after it), the open does not wait.
        let opened = open_without_waiting(&fifo).unwrap();
        assert!(kind_problem(&opened.metadata().unwrap().file_type()).is_some());
    }

    #[test]
    fn text_names_what_a_file_really_is() {
        assert_eq!(text(b"+++\nok\n".to_vec()).unwrap(), "+++\nok\n");
        assert_eq!(text(b"+++\rtitle = 1\r+++\r".to_vec()), Err(TextError::CrOnly));
        let utf16: Vec<u8> = "+++\ntitle = \"A\"\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(text(utf16.clone()), Err(TextError::Utf16), "without a BOM");
        let be: Vec<u8> = "+++\ntitle".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text(be), Err(TextError::Utf16), "big-endian");
        let mut bom = vec![0xff, 0xfe];
        bom.extend(utf16);
        assert_eq!(text(bom), Err(TextError::Utf16), "with a BOM");
        assert_eq!(
            text(b"ab\ncd\0".to_vec()),
            Err(TextError::Nul { line: 2, col: 3 })
        );
        assert_eq!(
            text(b"ab\n\xffcd".to_vec()),
            Err(TextError::NotUtf8 { line: 2, col: 1 })
        );
    }
}
