//! Content packs: one signed file (`.kpack`) that carries a whole content folder to a kiosk that
//! has no network, by USB stick or by a folder IT keeps in sync, and is installed atomically and
//! undone in one step.
//!
//! A pack is a plain tar file (`tar tf` lists it) whose first entry is the manifest, `pack.toml`
//! ([`manifest`]: each file's size and SHA-256, the pack's name, version and build time), whose
//! second is a minisign signature of those exact bytes, `pack.toml.minisig` ([`sign`]), and whose
//! other entries are the files, all plain ([`archive`] refuses links, devices and any path that
//! could leave the folder). So IT can check a pack with Debian's own `minisign` tool.
//!
//! The kiosk trusts the keys in its own `clinic.toml` (`[[updates.trusted_keys]]`), and a pack
//! never carries `clinic.toml`: each kiosk keeps its settings (name, printer, PIN, trusted keys)
//! across every update, so no pack can add a key that trusts itself.
//!
//! Installing ([`install`]) unpacks and checks the new content beside the live one, then
//! switches to it in one rename ([`layout`]: `DIR` becomes a symlink to `DIR.versions/<n>`), so a
//! power cut leaves the old content or the new, never a mix; the one before is kept for undo.
//! [`cli`] is `clinic-kiosk pack …`; [`kiosk`] is the running kiosk's side (the staff panel's
//! "Update content", and packs synced into an inbox installed between patient sessions).

pub mod archive;
pub mod build;
pub mod cli;
pub mod diff;
pub mod install;
pub mod kiosk;
pub mod layout;
pub mod manifest;
pub mod sign;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use install::{installed, Installed};

/// A pack file bigger than this is refused before it is read.
pub const MAX_PACK_BYTES: u64 = 512 * 1024 * 1024;
/// One file in a pack may not be bigger than this.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// More files than this is not a clinic's content folder.
pub const MAX_FILES: usize = 20_000;
/// The manifest's own size limit (20,000 files at about 150 bytes each fit).
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// A minisign signature is about 300 bytes; a key file about 100 (secret: 350).
pub const MAX_KEY_BYTES: u64 = 4096;

/// Why a pack was refused, or an update could not be made. Every message says why and what to
/// do; "Nothing was changed" is true of each refusal: they all come before the switch.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: not a content pack (a .kpack file made by `clinic-kiosk pack build`): {why}. Nothing was changed.", path.display())]
    NotAPack { path: PathBuf, why: String },
    #[error("{}: the pack is not signed. This kiosk installs only packs signed with a key listed under [[updates.trusted_keys]] in its clinic.toml: ask whoever made it to build it with `clinic-kiosk pack build DIR --key NAME.key`. Nothing was changed.", path.display())]
    Unsigned { path: PathBuf },
    #[error("{}: signed by key {key_id}, which this kiosk does not trust. If that is your content team's key, add its public key under [[updates.trusted_keys]] in clinic.toml; if not, do not install this pack. Nothing was changed.", path.display())]
    Untrusted { path: PathBuf, key_id: String },
    #[error("{}: the signature does not match the pack's list of files: the pack was changed after it was signed. Do not install it; get a fresh copy from whoever made it. Nothing was changed.", path.display())]
    BadSignature { path: PathBuf },
    #[error("{}: `{file}` was changed after the pack was signed ({why}). Do not install it; get a fresh copy from whoever made it. Nothing was changed.", path.display())]
    Tampered {
        path: PathBuf,
        file: String,
        why: String,
    },
    #[error("{}: the pack is incomplete ({found} of {expected} files): the copy or download was cut short. Copy it again. Nothing was changed.", path.display())]
    Truncated {
        path: PathBuf,
        found: usize,
        expected: usize,
    },
    #[error("{}: version {version} is older than the installed version {installed}, and a pack never takes a kiosk back silently. To return to the previous content use Undo last update (`clinic-kiosk pack rollback`). Nothing was changed.", path.display())]
    Older {
        path: PathBuf,
        version: u64,
        installed: u64,
    },
    #[error("{}: version {version} is already installed. Nothing was changed.", path.display())]
    AlreadyInstalled { path: PathBuf, version: u64 },
    #[error("{}: the content has {} with this kiosk's settings, so it was not installed (first: {}). Fix them in the folder it was built from (`clinic-kiosk check`), then build the pack again. Nothing was changed.",
        path.display(), plural(problems.len(), "error"), problems.first().map_or("", String::as_str))]
    ContentErrors { path: PathBuf, problems: Vec<String> },
    #[error("{}: {why}. Do not install it. Nothing was changed.", path.display())]
    Unsafe { path: PathBuf, why: String },
    #[error("this kiosk trusts no signing key yet: add the content team's public key under [[updates.trusted_keys]] in clinic.toml (the README shows how), or pass --trust NAME.pub. Nothing was changed.")]
    NoTrustedKeys,
    #[error("{}: {why}", path.display())]
    BadKey { path: PathBuf, why: String },
    #[error("nothing to undo in {}: {why}", dir.display())]
    NothingToUndo { dir: PathBuf, why: String },
    #[error("another content update is running on {}; try again in a minute. Nothing was changed.", dir.display())]
    Busy { dir: PathBuf },
    #[error("{}: {why}", path.display())]
    Refused { path: PathBuf, why: String },
    #[error("{}: {source}. Nothing was changed.", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl crate::ui_error::Kind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::NotAPack { .. } => "not-a-pack",
            Error::Unsigned { .. } => "unsigned",
            Error::Untrusted { .. } => "untrusted",
            Error::BadSignature { .. } => "bad-signature",
            Error::Tampered { .. } => "tampered",
            Error::Truncated { .. } => "truncated",
            Error::Older { .. } => "older",
            Error::AlreadyInstalled { .. } => "already-installed",
            Error::ContentErrors { .. } => "content-errors",
            Error::Unsafe { .. } => "unsafe",
            Error::NoTrustedKeys => "no-trusted-keys",
            Error::BadKey { .. } => "bad-key",
            Error::NothingToUndo { .. } => "nothing-to-undo",
            Error::Busy { .. } => "busy",
            Error::Refused { .. } => "refused",
            Error::Io { .. } => "io",
        }
    }
}

/// An I/O error at `path`, for `map_err`.
pub(crate) fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A size as people read it: 118 KB, 3.2 MB.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{} KB", b.div_ceil(1000)),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// Test builds and the kill tests stop here: with `KIOSK_PACK_PAUSE_AT=STEP` in the environment,
/// an install or undo that reaches `STEP` says so on standard error and waits to be killed, so
/// `src-tauri/tests/pack_cli.rs` can kill -9 it at an exact moment rather than after a guessed
/// delay. Documented in the README; it changes nothing unless that variable is set.
pub(crate) fn pause(step: &str) {
    if std::env::var("KIOSK_PACK_PAUSE_AT").is_ok_and(|at| at == step) {
        eprintln!("pack: paused at {step}");
        loop {
            std::thread::park();
        }
    }
}
