//! The pack file itself: writing one ([`write`]) and reading one ([`read`]), bounded.
//!
//! Reading trusts nothing before the signature: the manifest and its signature must be the
//! first two entries and small; the signature is checked before any file is looked at; then
//! every entry must be a plain file (no links, devices, FIFOs or folders), at a path
//! [`check_path`] allows, listed in the manifest once, of the size listed, with the SHA-256
//! listed. A file that ends early, or a manifest entry never reached, is a truncated copy.

use std::fs;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use tar::{EntryType, Header};

use super::manifest::{check_path, sha256, FileEntry, Manifest, MANIFEST, SIGNATURE};
use super::sign::{Signer, Trust};
use super::{io_at, Error, MAX_FILE_BYTES, MAX_KEY_BYTES, MAX_MANIFEST_BYTES, MAX_PACK_BYTES};

/// Writes a pack: the manifest, its signature, then each file of `root` the manifest lists, in
/// its order. Every entry is a plain file owned by 0:0, mode 0644, dated at the build time.
pub fn write(
    out: impl Write,
    root: &Path,
    manifest: &Manifest,
    signature: &str,
    mtime: u64,
) -> io::Result<()> {
    let mut tar = tar::Builder::new(out);
    let text = manifest.to_toml();
    append(&mut tar, MANIFEST, text.len() as u64, text.as_bytes(), mtime)?;
    append(
        &mut tar,
        SIGNATURE,
        signature.len() as u64,
        signature.as_bytes(),
        mtime,
    )?;
    for f in &manifest.files {
        let file = fs::File::open(root.join(&f.path))?;
        append(&mut tar, &f.path, f.size, file.take(f.size), mtime)?;
    }
    tar.into_inner()?.flush()
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    size: u64,
    data: impl Read,
    mtime: u64,
) -> io::Result<()> {
    let mut header = Header::new_gnu();
    header.set_entry_type(EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_uid(0);
    header.set_gid(0);
    tar.append_data(&mut header, path, data)
}

/// A pack whose signature and manifest were checked (and, once [`read`] returns, every file).
#[derive(Debug, Clone)]
pub struct Opened {
    pub manifest: Manifest,
    pub signer: Signer,
}

/// Reads the pack at `path`: checks its signature against `trust`, hands the manifest to
/// `check` (which may refuse it, for a downgrade), then checks every file, writing each under
/// `unpack_to` when given (which must exist and be empty) and fsyncing it.
pub fn read(
    path: &Path,
    trust: &Trust,
    check: impl FnOnce(&Manifest) -> Result<(), Error>,
    unpack_to: Option<&Path>,
) -> Result<Opened, Error> {
    let not_a_pack = |why: &str| Error::NotAPack {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let file = fs::File::open(path).map_err(io_at(path))?;
    let len = file.metadata().map_err(io_at(path))?.len();
    if len > MAX_PACK_BYTES {
        return Err(Error::Unsafe {
            path: path.to_path_buf(),
            why: format!(
                "it is bigger than the {} MB a pack may be",
                MAX_PACK_BYTES / 1_000_000
            ),
        });
    }
    let mut archive = tar::Archive::new(BufReader::new(file).take(MAX_PACK_BYTES));
    let mut entries = archive
        .entries()
        .map_err(|_| not_a_pack("it is not a tar file"))?;

    let mut next = |what: &str| -> Result<Option<(String, Vec<u8>)>, Error> {
        let Some(entry) = entries.next() else {
            return Ok(None);
        };
        let entry = entry.map_err(|_| not_a_pack(&format!("its {what} can't be read")))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let limit = if name == MANIFEST {
            MAX_MANIFEST_BYTES
        } else {
            MAX_KEY_BYTES
        };
        if entry.header().entry_type() != EntryType::Regular || entry.size() > limit {
            return Ok(Some((name, Vec::new())));
        }
        let mut bytes = Vec::new();
        entry.take(limit).read_to_end(&mut bytes).map_err(io_at(path))?;
        Ok(Some((name, bytes)))
    };
    let manifest_bytes = match next("manifest")? {
        Some((name, bytes)) if name == MANIFEST && !bytes.is_empty() => bytes,
        Some(_) => return Err(not_a_pack("it does not start with a pack.toml manifest")),
        None => return Err(not_a_pack("it is empty")),
    };
    let signature = match next("signature")? {
        Some((name, bytes)) if name == SIGNATURE => {
            String::from_utf8(bytes).map_err(|_| Error::BadSignature {
                path: path.to_path_buf(),
            })?
        }
        _ => {
            return Err(Error::Unsigned {
                path: path.to_path_buf(),
            })
        }
    };
    let signer = trust.verify(path, &manifest_bytes, &signature)?;
    // Signed: what it says is what the signer wrote.
    let text = String::from_utf8(manifest_bytes).map_err(|_| not_a_pack("its manifest is not text"))?;
    let manifest = Manifest::parse(&text).map_err(|why| not_a_pack(&why))?;
    check(&manifest)?;

    let mut seen = std::collections::BTreeSet::new();
    for entry in entries {
        let mut entry = entry.map_err(|_| Error::Truncated {
            path: path.to_path_buf(),
            found: seen.len(),
            expected: manifest.files.len(),
        })?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind != EntryType::Regular {
            return Err(Error::Unsafe {
                path: path.to_path_buf(),
                why: format!(
                    "it holds `{name}`, which is {}: a pack holds only plain files",
                    describe(kind)
                ),
            });
        }
        check_path(&name).map_err(|why| Error::Unsafe {
            path: path.to_path_buf(),
            why: format!("it holds a file `{name}`, which {why}"),
        })?;
        let tampered = |why: &str| Error::Tampered {
            path: path.to_path_buf(),
            file: name.clone(),
            why: why.to_string(),
        };
        let Some(listed) = manifest.file(&name) else {
            return Err(tampered("it is not in the signed list of files"));
        };
        if !seen.insert(name.clone()) {
            return Err(tampered("it is in the pack twice"));
        }
        if entry.size() != listed.size {
            return Err(tampered("its size is not the signed one"));
        }
        let (hash, got) = match unpack_to {
            Some(root) => unpack_one(root, listed, &mut entry)?,
            None => sha256((&mut entry).take(MAX_FILE_BYTES)).map_err(io_at(path))?,
        };
        if got < listed.size {
            return Err(Error::Truncated {
                path: path.to_path_buf(),
                found: seen.len() - 1,
                expected: manifest.files.len(),
            });
        }
        if hash != listed.sha256 {
            return Err(tampered("its contents are not the signed ones"));
        }
        super::pause(&format!("file-{}", seen.len()));
    }
    if seen.len() < manifest.files.len() {
        return Err(Error::Truncated {
            path: path.to_path_buf(),
            found: seen.len(),
            expected: manifest.files.len(),
        });
    }
    Ok(Opened { manifest, signer })
}

/// Writes one entry under `root`, hashing as it goes; the file is fsynced before the next.
fn unpack_one(root: &Path, listed: &FileEntry, entry: &mut impl Read) -> Result<(String, u64), Error> {
    // check_path allowed only plain relative parts, so this stays under `root`.
    let target: PathBuf = root.join(&listed.path);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(io_at(parent))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(io_at(&target))?;
    let mut tee = Tee {
        inner: entry.take(listed.size),
        out: &mut file,
    };
    let (hash, got) = sha256(&mut tee).map_err(io_at(&target))?;
    file.sync_all().map_err(io_at(&target))?;
    Ok((hash, got))
}

/// Hands on what it reads, and writes it to `out` too.
struct Tee<'a, R> {
    inner: R,
    out: &'a mut fs::File,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out.write_all(&buf[..n])?;
        Ok(n)
    }
}

fn describe(kind: EntryType) -> &'static str {
    match kind {
        EntryType::Symlink => "a symbolic link",
        EntryType::Link => "a hard link",
        EntryType::Fifo => "a FIFO",
        EntryType::Char | EntryType::Block => "a device",
        EntryType::Directory => "a folder entry",
        _ => "not a plain file",
    }
}

/// The manifest's name and version, read without checking anything: only to choose which of
/// several packs in an inbox to verify first. Never trusted for more than that.
pub fn peek(path: &Path) -> Option<(String, u64)> {
    let file = fs::File::open(path).ok()?;
    let mut archive = tar::Archive::new(BufReader::new(file).take(MAX_PACK_BYTES));
    let entry = archive.entries().ok()?.next()?.ok()?;
    if entry.path_bytes().as_ref() != MANIFEST.as_bytes() || entry.size() > MAX_MANIFEST_BYTES {
        return None;
    }
    let mut text = String::new();
    entry.take(MAX_MANIFEST_BYTES).read_to_string(&mut text).ok()?;
    let m: Manifest = toml::from_str(&text).ok()?;
    Some((m.name, m.version))
}
