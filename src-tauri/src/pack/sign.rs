//! Keys and signatures, all minisign's own formats (the `minisign` crate), so a `.pub` file from
//! `clinic-kiosk pack key` works with Debian's `minisign -V` and nothing here is a format of ours.
//!
//! Which keys a kiosk trusts comes from [`Trust`]: the `[[updates.trusted_keys]]` of its own
//! clinic.toml, or `--trust NAME.pub` on the command line. A pack can't add to either.

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use minisign::{PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};

use super::{io_at, Error, MAX_KEY_BYTES};
use crate::settings::UpdateSettings;

/// Who signed a pack: the name the kiosk knows the key by, and minisign's key id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    pub name: String,
    pub key_id: String,
}

impl std::fmt::Display for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (key {})", self.name, self.key_id)
    }
}

/// The keys whose signatures this kiosk accepts.
#[derive(Clone, Default)]
pub struct Trust {
    keys: Vec<(String, PublicKey)>,
}

impl Trust {
    /// The keys in clinic.toml's `[[updates.trusted_keys]]`; `path` (the settings file) is for
    /// messages.
    pub fn from_settings(updates: &UpdateSettings, path: &Path) -> Result<Trust, Error> {
        let mut keys = Vec::new();
        for (i, k) in updates.trusted_keys.iter().enumerate() {
            let pk = PublicKey::from_base64(k.key.trim()).map_err(|_| Error::BadKey {
                path: path.to_path_buf(),
                why: format!(
                    "trusted key {} (\"{}\") under [[updates.trusted_keys]] is not a minisign public key: copy the second line of its .pub file, the one starting with RW",
                    i + 1,
                    k.name
                ),
            })?;
            keys.push((k.name.clone(), pk));
        }
        Ok(Trust { keys })
    }

    /// The keys in `.pub` files, each known by its file's name.
    pub fn from_files(paths: &[PathBuf]) -> Result<Trust, Error> {
        let mut keys = Vec::new();
        for path in paths {
            let text = read_small(path)?;
            let pk = PublicKeyBox::from_string(&text)
                .and_then(PublicKeyBox::into_public_key)
                .map_err(|_| Error::BadKey {
                    path: path.clone(),
                    why: "not a minisign public key (a .pub file written by `clinic-kiosk pack key` or `minisign -G`)".into(),
                })?;
            let name = path
                .file_stem()
                .map_or_else(|| "key".to_string(), |s| s.to_string_lossy().into_owned());
            keys.push((name, pk));
        }
        Ok(Trust { keys })
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Checks `signature` (a .minisig file's text) over `manifest` for the pack at `pack`.
    pub fn verify(&self, pack: &Path, manifest: &[u8], signature: &str) -> Result<Signer, Error> {
        if self.keys.is_empty() {
            return Err(Error::NoTrustedKeys);
        }
        let sig = SignatureBox::from_string(signature).map_err(|_| Error::BadSignature {
            path: pack.to_path_buf(),
        })?;
        let key_id = key_id(sig.keynum());
        let Some((name, pk)) = self.keys.iter().find(|(_, pk)| pk.keynum() == sig.keynum()) else {
            return Err(Error::Untrusted {
                path: pack.to_path_buf(),
                key_id,
            });
        };
        minisign::verify(pk, &sig, Cursor::new(manifest), true, false, false).map_err(|_| {
            Error::BadSignature {
                path: pack.to_path_buf(),
            }
        })?;
        Ok(Signer {
            name: name.clone(),
            key_id,
        })
    }
}

/// minisign's way of showing a key id: its 8 bytes as one little-endian number in hex.
pub fn key_id(keynum: &[u8]) -> String {
    let mut bytes = [0u8; 8];
    for (b, k) in bytes.iter_mut().zip(keynum) {
        *b = *k;
    }
    format!("{:016X}", u64::from_le_bytes(bytes))
}

/// A new key pair, protected by `password` (`None`: unprotected, for scripts): the secret and
/// the public key files' text, and the public key's one-line form for clinic.toml.
pub fn generate(password: Option<String>) -> Result<(String, String, String), minisign::PError> {
    let minisign::KeyPair { pk, sk } = match password {
        Some(p) => minisign::KeyPair::generate_encrypted_keypair(Some(p))?,
        None => minisign::KeyPair::generate_unencrypted_keypair()?,
    };
    let comment = if sk.is_encrypted() {
        "clinic-kiosk pack signing key (password-protected)"
    } else {
        "clinic-kiosk pack signing key (no password)"
    };
    Ok((
        sk.to_box(Some(comment))?.to_string(),
        pk.to_box()?.to_string(),
        pk.to_base64(),
    ))
}

/// A secret key file: unprotected, or opened with the password `ask` returns.
pub fn load_secret(path: &Path, ask: impl FnOnce() -> std::io::Result<String>) -> Result<SecretKey, Error> {
    let text = read_small(path)?;
    let not_a_key = |why: &str| Error::BadKey {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let sk_box = SecretKeyBox::from_string(&text).map_err(|_| not_a_key("not a minisign secret key"))?;
    let unprotected = SecretKey::from_unencrypted_box(sk_box.clone());
    match unprotected {
        Ok(sk) => Ok(sk),
        Err(e) if e.to_string().contains("encrypted") => {
            let password = ask().map_err(io_at(path))?;
            SecretKey::from_box(sk_box, Some(password))
                .map_err(|_| not_a_key("wrong password for this key (or the key file is damaged)"))
        }
        Err(_) => Err(not_a_key(
            "not a minisign secret key (a .key file written by `clinic-kiosk pack key`)",
        )),
    }
}

/// Signs `manifest`; the trusted comment (which `minisign -V` prints) names the pack.
pub fn sign(sk: &SecretKey, manifest: &[u8], comment: &str) -> Result<String, minisign::PError> {
    let pk = PublicKey::from_secret_key(sk)?;
    let sig = minisign::sign(Some(&pk), sk, Cursor::new(manifest), Some(comment), None)?;
    Ok(sig.into_string())
}

/// The key id of a secret key, to say which key signed.
pub fn secret_key_id(sk: &SecretKey) -> String {
    PublicKey::from_secret_key(sk).map_or_else(|_| "?".into(), |pk| key_id(pk.keynum()))
}

/// A key file is small; a big one is not a key.
fn read_small(path: &Path) -> Result<String, Error> {
    let file = fs::File::open(path).map_err(io_at(path))?;
    let mut text = String::new();
    file.take(MAX_KEY_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| Error::BadKey {
            path: path.to_path_buf(),
            why: "not a key file (it is not text)".into(),
        })?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trust_of(public_b64: &str, name: &str) -> Trust {
        Trust::from_settings(
            &UpdateSettings {
                trusted_keys: vec![crate::settings::TrustedKey {
                    name: name.into(),
                    key: public_b64.into(),
                }],
                ..UpdateSettings::default()
            },
            Path::new("clinic.toml"),
        )
        .unwrap()
    }

    #[test]
    fn a_signature_by_a_trusted_key_verifies_and_names_its_signer() {
        let dir = tempfile::tempdir().unwrap();
        let (secret, _, public) = generate(None).unwrap();
        let key = dir.path().join("team.key");
        fs::write(&key, secret).unwrap();
        let sk = load_secret(&key, || panic!("no password to ask for")).unwrap();
        let sig = sign(&sk, b"manifest", "pack").unwrap();
        let signer = trust_of(&public, "Content team")
            .verify(Path::new("x.kpack"), b"manifest", &sig)
            .unwrap();
        assert_eq!(signer.name, "Content team");
        assert_eq!(signer.key_id, secret_key_id(&sk));
        let err = trust_of(&public, "t").verify(Path::new("x.kpack"), b"manifesT", &sig);
        assert!(matches!(err, Err(Error::BadSignature { .. })), "{err:?}");
    }

    #[test]
    fn a_signature_by_another_key_is_untrusted_and_names_that_key() {
        let (secret, _, _) = generate(None).unwrap();
        let (_, _, other_public) = generate(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("k.key");
        fs::write(&key, secret).unwrap();
        let sk = load_secret(&key, || unreachable!()).unwrap();
        let sig = sign(&sk, b"m", "c").unwrap();
        match trust_of(&other_public, "t").verify(Path::new("x.kpack"), b"m", &sig) {
            Err(Error::Untrusted { key_id, .. }) => assert_eq!(key_id, secret_key_id(&sk)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Trust::default().verify(Path::new("x"), b"m", &sig),
            Err(Error::NoTrustedKeys)
        ));
    }

    #[test]
    fn a_protected_key_opens_only_with_its_password() {
        let dir = tempfile::tempdir().unwrap();
        let (secret, public_file, _) = generate(Some("correct horse".into())).unwrap();
        let key = dir.path().join("p.key");
        fs::write(&key, &secret).unwrap();
        assert!(load_secret(&key, || Ok("correct horse".into())).is_ok());
        let wrong = load_secret(&key, || Ok("wrong".into())).map(|_| ()).unwrap_err();
        assert!(wrong.to_string().contains("wrong password"), "{wrong}");
        let pub_path = dir.path().join("p.pub");
        fs::write(&pub_path, public_file).unwrap();
        assert!(!Trust::from_files(&[pub_path]).unwrap().is_empty());
    }

    #[test]
    fn a_bad_key_in_the_settings_says_which_and_how_to_fix_it() {
        let updates = UpdateSettings {
            trusted_keys: vec![crate::settings::TrustedKey {
                name: "Team".into(),
                key: "not a key".into(),
            }],
            ..UpdateSettings::default()
        };
        let err = Trust::from_settings(&updates, Path::new("clinic.toml"))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("clinic.toml: trusted key 1 (\"Team\")"), "{err}");
        assert!(err.contains("starting with RW"), "{err}");
    }
}
