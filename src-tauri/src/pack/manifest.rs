//! The manifest, `pack.toml`: what the signature covers. It names every file the pack holds with
//! its size and SHA-256, so a file changed, added or cut short after signing is caught, and the
//! pack's name, version and build time, so the kiosk can show them and refuse a downgrade.
//!
//! The format is TOML read with `deny_unknown_fields`, like clinic.toml, so IT can read it with
//! any text viewer once `tar -xf FILE.kpack pack.toml` has taken it out.

use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{MAX_FILES, MAX_FILE_BYTES, MAX_PACK_BYTES};

/// The manifest's name inside the tar file: always its first entry.
pub const MANIFEST: &str = "pack.toml";
/// The minisign signature of the manifest's bytes: always the second entry.
pub const SIGNATURE: &str = "pack.toml.minisig";
/// The only format this kiosk reads.
pub const FORMAT: u32 = 1;
/// The longest pack name.
pub const MAX_NAME: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// Free text, such as "Harbor content, December".
    pub name: String,
    /// Only a higher version installs over a lower one.
    pub version: u64,
    /// When the pack was built, RFC 3339 in UTC ("2026-12-01T09:30:00Z").
    pub created: String,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative to the content folder, `/`-separated, like `en/ozone-blood-therapy.md`.
    pub path: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

impl Manifest {
    /// The manifest's text, as signed.
    pub fn to_toml(&self) -> String {
        // A struct of strings and numbers always serializes.
        toml::to_string(self).unwrap_or_default()
    }

    /// Reads and checks a manifest: the format, the name, the time, and every path (see
    /// [`check_path`]), each listed once, within the size limits.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let m: Manifest = toml::from_str(text)
            .map_err(|e| format!("its manifest is unreadable ({})", e.message().trim_end()))?;
        if m.format != FORMAT {
            return Err(format!(
                "it is in pack format {}, and this kiosk reads format {FORMAT}: update the kiosk's program",
                m.format
            ));
        }
        check_name(&m.name)?;
        time::OffsetDateTime::parse(&m.created, &time::format_description::well_known::Rfc3339)
            .map_err(|_| format!("its build time `{}` is not a date and time", m.created))?;
        if m.files.len() > MAX_FILES {
            return Err(format!(
                "it lists {} files, more than the {MAX_FILES} a pack may hold",
                m.files.len()
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut total = 0u64;
        for f in &m.files {
            check_path(&f.path).map_err(|why| format!("`{}` {why}", f.path))?;
            if !seen.insert(f.path.as_str()) {
                return Err(format!("it lists `{}` twice", f.path));
            }
            if f.size > MAX_FILE_BYTES {
                return Err(format!(
                    "`{}` is bigger than {} MB",
                    f.path,
                    MAX_FILE_BYTES / 1_000_000
                ));
            }
            total = total.saturating_add(f.size);
            if f.sha256.len() != 64
                || !f
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                return Err(format!("the checksum of `{}` is not a SHA-256", f.path));
            }
        }
        if total > MAX_PACK_BYTES {
            return Err(format!(
                "its files add up to more than {} MB",
                MAX_PACK_BYTES / 1_000_000
            ));
        }
        Ok(m)
    }

    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// A pack's name is one line of plain text.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(format!("its name must be one line of 1 to {MAX_NAME} characters"));
    }
    Ok(())
}

/// Whether `path` may be a file in a pack: relative, `/`-separated plain names (no `..`, `.`,
/// empty or hidden parts, no backslash or control character), at most 8 deep and 255 bytes, and
/// not the kiosk's own `clinic.toml` or the pack's manifest. Unpacking joins only such paths to
/// the new folder, so nothing can land outside it.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() || path.len() > 255 {
        return Err("is not a file name of 1 to 255 bytes".into());
    }
    if path.starts_with('/') {
        return Err("is an absolute path".into());
    }
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Err("holds a control character or a backslash".into());
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 8 {
        return Err("is more than 8 folders deep".into());
    }
    for part in &parts {
        match *part {
            "" => return Err("has an empty part".into()),
            ".." => return Err("climbs out of the content folder (`..`)".into()),
            p if p.starts_with('.') => return Err("is a hidden file or folder".into()),
            _ => {}
        }
    }
    if path == crate::settings::FILE_NAME {
        return Err("is the kiosk's own settings, which a pack never replaces (each kiosk keeps its clinic.toml, trusted keys included)".into());
    }
    if path == MANIFEST || path == SIGNATURE {
        return Err("is the pack's own manifest".into());
    }
    Ok(())
}

/// The SHA-256 of everything `reader` gives, in lower-case hex, and how many bytes that was.
pub fn sha256(mut reader: impl Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let got = reader.read(&mut buf)?;
        if got == 0 {
            break;
        }
        hasher.update(&buf[..got]);
        n += got as u64;
    }
    Ok((hex(&hasher.finalize()), n))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: FORMAT,
            name: "Harbor content, December".into(),
            version: 7,
            created: "2026-12-01T09:30:00Z".into(),
            files: vec![FileEntry {
                path: "en/a.md".into(),
                size: 3,
                sha256: sha256(&b"abc"[..]).unwrap().0,
            }],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = sample();
        let text = m.to_toml();
        assert!(text.contains("[[files]]"), "{text}");
        assert_eq!(Manifest::parse(&text).unwrap(), m);
        assert_eq!(
            m.files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_manifest_with_an_unknown_key_a_bad_time_or_a_repeated_file_is_refused() {
        let text = sample().to_toml();
        let unknown = text.replace("version = 7", "version = 7\nsigner = \"me\"");
        assert!(Manifest::parse(&unknown)
            .unwrap_err()
            .contains("unknown field `signer`"));
        let time = text.replace("2026-12-01T09:30:00Z", "last tuesday");
        assert!(Manifest::parse(&time)
            .unwrap_err()
            .contains("not a date and time"));
        let mut twice = sample();
        twice.files.push(twice.files[0].clone());
        assert_eq!(
            Manifest::parse(&twice.to_toml()).unwrap_err(),
            "it lists `en/a.md` twice"
        );
        let mut future = sample();
        future.format = 2;
        assert!(Manifest::parse(&future.to_toml())
            .unwrap_err()
            .contains("pack format 2"));
        let mut bad_hash = sample();
        bad_hash.files[0].sha256 = "XYZ".into();
        assert!(Manifest::parse(&bad_hash.to_toml())
            .unwrap_err()
            .contains("not a SHA-256"));
    }

    #[test]
    fn paths_that_could_leave_the_folder_or_replace_the_settings_are_refused() {
        for ok in [
            "en/a.md",
            "es/lists/b.md",
            "media/parts/arm.svg",
            "reviews/2026.toml",
        ] {
            assert_eq!(check_path(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("../etc/passwd", "`..`"),
            ("en/../../x", "`..`"),
            ("/etc/passwd", "absolute"),
            ("en//a.md", "empty part"),
            ("en/.hidden.md", "hidden"),
            ("./en/a.md", "hidden"),
            ("en\\a.md", "backslash"),
            ("en/a\n.md", "control"),
            ("clinic.toml", "trusted keys"),
            ("pack.toml", "manifest"),
            ("a/b/c/d/e/f/g/h/i.md", "8 folders"),
            ("", "1 to 255"),
        ] {
            let err = check_path(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn a_name_is_one_line() {
        assert!(check_name("Harbor, December").is_ok());
        assert!(check_name("two\nlines").is_err());
        assert!(check_name("  ").is_err());
    }
}
