//! `clinic-kiosk pack …`: the five commands, with the names and flags scripts rely on. Each
//! prints what it did, or exactly why not with exit status 1 (2 for a usage error, from clap).

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::sign::{self, Trust};
use super::{archive, build, human_size, install, Error};

#[derive(Debug, Clone, Subcommand)]
pub enum PackCommand {
    /// Make a signing key pair: NAME.key (secret: keep it safe) and NAME.pub (for the kiosks).
    /// Asks for a password to protect the secret key.
    Key {
        /// Where to write the key files, without extension (NAME.key and NAME.pub).
        name: PathBuf,
        /// Write an unprotected secret key, for scripts that sign without a person present.
        #[arg(long)]
        no_password: bool,
    },
    /// Build a signed pack from a content folder that `check` finds no errors in.
    Build {
        /// The content folder.
        dir: PathBuf,
        /// The secret key (from `pack key`).
        #[arg(long, value_name = "NAME.key")]
        key: PathBuf,
        #[arg(long, value_name = "FILE.kpack")]
        out: PathBuf,
        /// A name for the pack, shown on the kiosk (default: the clinic's name and "content").
        #[arg(long)]
        name: Option<String>,
        /// A whole number, higher than the last pack's (default: the time, as YYYYMMDDHHMM).
        #[arg(long = "pack-version", value_name = "N")]
        pack_version: Option<u64>,
    },
    /// Check a pack's signature and every file in it; says valid, or exactly why not.
    Verify {
        file: PathBuf,
        /// A public key to trust (repeatable; default: the [[updates.trusted_keys]] in the
        /// content folder's clinic.toml).
        #[arg(long, value_name = "NAME.pub")]
        trust: Vec<PathBuf>,
    },
    /// Install a pack into the content folder (--content): checked, then switched in at once;
    /// the content it replaces is kept for `pack rollback`.
    Install {
        file: PathBuf,
        #[arg(long, value_name = "NAME.pub")]
        trust: Vec<PathBuf>,
    },
    /// Undo the last install: the content before it comes back.
    Rollback,
}

/// Runs one pack command on the content folder `content` (`--content`, `KIOSK_CONTENT`).
pub fn run(command: &PackCommand, content: &Path) -> ExitCode {
    let result = match command.clone() {
        PackCommand::Key { name, no_password } => key(&name, no_password),
        PackCommand::Build {
            dir,
            key,
            out,
            name,
            pack_version,
        } => build_pack(&dir, &key, &out, name, pack_version),
        PackCommand::Verify { file, trust } => verify(&file, &trust, content),
        PackCommand::Install { file, trust } => install_pack(&file, &trust, content),
        PackCommand::Rollback => rollback(content),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

fn key(name: &Path, no_password: bool) -> Result<(), String> {
    let secret_path = with_ext(name, "key");
    let public_path = with_ext(name, "pub");
    for path in [&secret_path, &public_path] {
        if path.exists() {
            return Err(format!(
                "pack key: {} already exists; nothing was written (choose another NAME, or move the old key away)",
                path.display()
            ));
        }
    }
    let password = if no_password {
        None
    } else {
        Some(read_new_password().map_err(|e| format!("pack key: {e}; nothing was written"))?)
    };
    let (secret, public, one_line) =
        sign::generate(password).map_err(|e| format!("pack key: could not make a key: {e}"))?;
    write_new(&secret_path, &secret, 0o600)?;
    write_new(&public_path, &public, 0o644)?;
    let label = name
        .file_name()
        .map_or_else(|| "key".into(), |n| n.to_string_lossy().into_owned());
    println!(
        "Wrote {} (secret: keep it off the kiosks) and {} (public).\n\
         To let a kiosk install packs signed with it, add this to its clinic.toml:\n\n\
         [[updates.trusted_keys]]\nname = \"{label}\"\nkey = \"{one_line}\"",
        secret_path.display(),
        public_path.display()
    );
    Ok(())
}

fn build_pack(
    dir: &Path,
    key: &Path,
    out: &Path,
    name: Option<String>,
    version: Option<u64>,
) -> Result<(), String> {
    let site = crate::site::load(dir);
    if site.error_count() > 0 {
        let cwd = std::env::current_dir().unwrap_or_default();
        let _ = crate::check::report(&site, &cwd, &mut io::stderr().lock());
    }
    let secret = sign::load_secret(key, || {
        read_password(&format!("Password for {}: ", key.display()))
    })
    .map_err(|e| format!("pack build: {e}; no pack was built"))?;
    let request = build::Request {
        dir,
        out,
        name: name.unwrap_or_else(|| format!("{} content", site.settings.name)),
        version: version.unwrap_or_else(build::default_version),
        secret: &secret,
    };
    let manifest = build::build(&request, &site).map_err(|e| format!("pack build: {e}"))?;
    for f in &manifest.files {
        println!("  {:>9}  {}", human_size(f.size), f.path);
    }
    let size = fs::metadata(out).map_or(0, |m| m.len());
    println!(
        "packed {} files ({}) from {} into {} ({}): \"{}\" version {}, signed by key {}",
        manifest.files.len(),
        human_size(manifest.total_bytes()),
        dir.display(),
        out.display(),
        human_size(size),
        manifest.name,
        manifest.version,
        sign::secret_key_id(&secret)
    );
    Ok(())
}

/// The keys given with --trust, or else those in the content folder's clinic.toml.
fn trust(files: &[PathBuf], content: &Path) -> Result<Trust, Error> {
    if !files.is_empty() {
        return Trust::from_files(files);
    }
    let (settings, _) = crate::settings::load(content);
    let trust = Trust::from_settings(&settings.updates, &content.join(crate::settings::FILE_NAME))?;
    if trust.is_empty() {
        return Err(Error::NoTrustedKeys);
    }
    Ok(trust)
}

fn verify(file: &Path, trust_files: &[PathBuf], content: &Path) -> Result<(), String> {
    let not_valid = |e: Error| format!("not valid: {e}");
    let trust = trust(trust_files, content).map_err(not_valid)?;
    let opened = archive::read(file, &trust, |_| Ok(()), None).map_err(not_valid)?;
    let m = &opened.manifest;
    println!(
        "valid: \"{}\" version {}, built {}, signed by {}; {} files ({}), each as signed",
        m.name,
        m.version,
        m.created,
        opened.signer,
        m.files.len(),
        human_size(m.total_bytes())
    );
    Ok(())
}

fn install_pack(file: &Path, trust_files: &[PathBuf], content: &Path) -> Result<(), String> {
    let refused = |e: Error| {
        let mut msg = format!("pack install: {e}");
        if let Error::ContentErrors { problems, .. } = &e {
            for p in problems {
                msg.push_str(&format!("\n  {p}"));
            }
        }
        msg
    };
    let trust = trust(trust_files, content).map_err(refused)?;
    let record = install::install(file, &trust, content).map_err(refused)?;
    println!(
        "installed \"{}\" version {} (signed by {}) in {}; the content it replaced is kept for `clinic-kiosk pack rollback`. A running kiosk shows it within a few seconds.",
        record.name,
        record.version,
        record.signer,
        content.display()
    );
    log::info!(
        "updates: installed \"{}\" version {} from the command line",
        record.name,
        record.version
    );
    Ok(())
}

fn rollback(content: &Path) -> Result<(), String> {
    match install::rollback(content) {
        Ok(Some(now)) => println!(
            "undone: {} is back to \"{}\" version {}",
            content.display(),
            now.name,
            now.version
        ),
        Ok(None) => println!(
            "undone: {} is back to the content it had before the first pack",
            content.display()
        ),
        Err(e) => return Err(format!("pack rollback: {e}")),
    }
    Ok(())
}

fn with_ext(name: &Path, ext: &str) -> PathBuf {
    let mut s = name.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Writes a new file (never over an old one) with `mode`.
fn write_new(path: &Path, text: &str, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(|e| format!("pack key: cannot write {}: {e}", path.display()))
}

/// A new password: twice without echo on a terminal, else one line of standard input.
fn read_new_password() -> Result<String, String> {
    if !io::stdin().is_terminal() {
        return read_line().map_err(|e| e.to_string());
    }
    let first = read_password("Password for the new secret key: ").map_err(|e| e.to_string())?;
    let again = read_password("The same password again: ").map_err(|e| e.to_string())?;
    if first != again {
        return Err("the two passwords were not the same".into());
    }
    Ok(first)
}

/// A password: without echo on a terminal, else one line of standard input.
fn read_password(prompt: &str) -> io::Result<String> {
    let password = if io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)?
    } else {
        read_line()?
    };
    if password.is_empty() {
        return Err(io::Error::other(
            "no password was given (use --no-password for a key without one)",
        ));
    }
    Ok(password)
}

fn read_line() -> io::Result<String> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    if line.is_empty() {
        return Err(io::Error::other(
            "no password was given (use --no-password for a key without one)",
        ));
    }
    Ok(line)
}
