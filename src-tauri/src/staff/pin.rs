//! The staff PIN: hashed with argon2id when `clinic-kiosk set-pin` writes it, checked against the
//! hash when staff type it. Only the hash (a PHC string with its own random salt) is ever stored,
//! so a copy of clinic.toml doesn't give the PIN away, and guessing offline costs argon2's memory
//! and time for every try.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, Params, PasswordHasher, PasswordVerifier};

/// A PIN is typed on the panel's digit pad: 4 to 12 digits.
pub const MIN_DIGITS: usize = 4;
pub const MAX_DIGITS: usize = 12;

/// Hashes costlier than this would stall the kiosk at every try (a hand-edited `pin_hash` could
/// ask for gigabytes); set-pin writes argon2's defaults, 19 MiB and 2 passes.
const MAX_MEMORY_KIB: u32 = 256 * 1024;
const MAX_PASSES: u32 = 16;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("a PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits (0–9), nothing else")]
    BadFormat,
    #[error("is not a PIN hash written by `clinic-kiosk set-pin` ({0})")]
    BadHash(String),
    #[error("could not hash the PIN ({0})")]
    Hash(String),
}

/// Checks a new PIN's shape before it is hashed.
pub fn check_format(pin: &str) -> Result<(), Error> {
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    if digits && (MIN_DIGITS..=MAX_DIGITS).contains(&pin.len()) {
        Ok(())
    } else {
        Err(Error::BadFormat)
    }
}

/// The argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) for a new PIN.
pub fn hash(pin: &str) -> Result<String, Error> {
    check_format(pin)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Hash(e.to_string()))
}

/// Parses a stored hash and checks it is one this kiosk can use at an acceptable cost.
fn parse(stored: &str) -> Result<PasswordHash, Error> {
    let hash = PasswordHash::new(stored).map_err(|e| Error::BadHash(e.to_string()))?;
    if !hash.algorithm.as_str().starts_with("argon2") {
        return Err(Error::BadHash(format!("it uses {}, not argon2", hash.algorithm)));
    }
    let params = Params::try_from(&hash).map_err(|e| Error::BadHash(e.to_string()))?;
    if params.m_cost() > MAX_MEMORY_KIB || params.t_cost() > MAX_PASSES {
        return Err(Error::BadHash(
            "its cost settings are too high for a kiosk".into(),
        ));
    }
    if hash.hash.is_none() || hash.salt.is_none() {
        return Err(Error::BadHash("it has no salt or no hash".into()));
    }
    Ok(hash)
}

/// Checks a stored hash without a PIN (for `clinic-kiosk check` and the pad's set-up message).
pub fn check_hash(stored: &str) -> Result<(), Error> {
    parse(stored).map(|_| ())
}

/// True if `pin` matches the stored hash. Takes argon2's time (tens of milliseconds in a release
/// build) whatever the answer, and compares in constant time.
pub fn verify(pin: &str, stored: &str) -> Result<bool, Error> {
    let hash = parse(stored)?;
    match Argon2::default().verify_password(pin.as_bytes(), &hash) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(Error::BadHash(e.to_string())),
    }
}

/// What is wrong with clinic.toml's `pin_hash`, as `check` and the staff panel say it, or `None`
/// when there is no PIN (staff mode off, which is allowed) or a usable one.
pub fn hash_problem(pin_hash: Option<&str>) -> Option<String> {
    let e = check_hash(pin_hash?).err()?;
    Some(format!(
        "`pin_hash` {e}; run `clinic-kiosk set-pin` to set the PIN again"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_pin_verifies_and_a_wrong_one_does_not() {
        let stored = hash("4821").unwrap();
        assert!(verify("4821", &stored).unwrap());
        assert!(!verify("4822", &stored).unwrap());
        assert!(!verify("", &stored).unwrap());
        assert!(!verify("48210", &stored).unwrap());
    }

    #[test]
    fn the_hash_is_argon2id_salted_and_holds_no_plaintext() {
        let a = hash("135792").unwrap();
        let b = hash("135792").unwrap();
        assert!(a.starts_with("$argon2id$v=19$"), "{a}");
        assert!(!a.contains("135792"), "{a}");
        assert_ne!(a, b, "each hash has its own random salt");
        check_hash(&a).unwrap();
    }

    #[test]
    fn only_4_to_12_digits_make_a_pin() {
        for bad in ["123", "1234567890123", "12a4", "12 34", "", "١٢٣٤"] {
            assert_eq!(hash(bad), Err(Error::BadFormat), "{bad:?}");
        }
        for good in ["0000", "123456789012"] {
            check_format(good).unwrap();
        }
    }

    #[test]
    fn a_damaged_or_foreign_hash_is_reported_not_accepted() {
        let stored = hash("4821").unwrap();
        let no_hash = &stored[..stored.rfind('$').unwrap()];
        for bad in [
            "4821",
            "",
            no_hash,
            "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        ] {
            assert!(matches!(verify("4821", bad), Err(Error::BadHash(_))), "{bad}");
        }
        // A hash cut short may still parse (as a shorter output); it must never match.
        for cut in 1..30 {
            let short = &stored[..stored.len() - cut];
            assert!(!matches!(verify("4821", short), Ok(true)), "{short}");
        }
    }
}
