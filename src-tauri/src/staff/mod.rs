//! Staff mode: the PIN-protected panel front-desk staff use to print checklists, see content
//! problems, reload content, read usage counts and leave the kiosk.
//!
//! The way in is a hidden gesture in the UI, then the PIN pad. Rust decides everything that
//! matters: whether a PIN is set ([`pin`]), whether the pad is locked ([`lockout`]), and whether
//! staff are in: every panel command checks [`Staff::require`], so a page that skips the pad gets
//! nothing. [`commands`] is the panel's IPC surface, [`panel`] shapes what it shows, and
//! [`set_pin`] is the `clinic-kiosk set-pin` command that writes the PIN's hash.

pub mod commands;
pub mod lockout;
pub mod panel;
pub mod pin;
pub mod set_pin;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;
use lockout::{Lockout, Pad};

/// The panel falls back to patient mode after this long untouched (the UI's timer).
pub const PANEL_IDLE: Duration = Duration::from_secs(60);
/// Rust's own limit on a staff session without a staff command: a backstop for a page that
/// failed to close the panel. Longer than [`PANEL_IDLE`] since the UI pings only now and then.
pub const SESSION_IDLE: Duration = Duration::from_secs(90);
/// What the pad says when clinic.toml has no PIN.
pub const NOT_SET_UP: &str = "Staff mode is not set up: run clinic-kiosk set-pin";
/// A PIN longer than this isn't hashed at all (it is still counted as a wrong try).
const MAX_PIN_LEN: usize = 64;

/// Why staff can't get in, or aren't in. Messages are shown on the pad as they are.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("{NOT_SET_UP}")]
    NotSetUp,
    #[error("The staff PIN in clinic.toml is damaged ({0}). Run clinic-kiosk set-pin to choose it again.")]
    BadHash(String),
    #[error("That PIN is not right. {tries_left} more {} before the pad locks for a minute.",
        if *tries_left == 1 { "try" } else { "tries" })]
    WrongPin { tries_left: u32 },
    #[error("Too many wrong PINs. The pad is locked: try again in {seconds} seconds.")]
    Locked { seconds: u64 },
    #[error("The staff panel has closed. Enter the PIN again.")]
    NotUnlocked,
}

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotSetUp => "not-set-up",
            Error::BadHash(_) => "bad-hash",
            Error::WrongPin { .. } => "wrong-pin",
            Error::Locked { .. } => "locked",
            Error::NotUnlocked => "not-unlocked",
        }
    }
}

/// Seconds left, rounded up, so the pad never says "0 seconds" while still locked.
fn whole_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Staff mode's state in the running kiosk.
#[derive(Debug, Default)]
pub struct Staff {
    lockout: Mutex<Lockout>,
    /// When the staff session ends unless a staff command extends it; `None` when locked.
    session_until: Mutex<Option<Instant>>,
    data_dir: OnceLock<PathBuf>,
}

impl Staff {
    /// Loads the saved lockout from the data folder (`None`: kept in memory only).
    pub fn attach(&self, data_dir: Option<&Path>) {
        if let Some(dir) = data_dir {
            let _ = self.data_dir.set(dir.to_path_buf());
            let loaded = Lockout::load(&dir.join(lockout::FILE_NAME), SystemTime::now());
            *self.lockout.lock().unwrap_or_else(|p| p.into_inner()) = loaded;
        }
    }

    /// The data folder, once known.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.get().map(PathBuf::as_path)
    }

    /// What the pad shows before a try.
    pub fn pad(&self, pin_hash: Option<&str>) -> panel::PadView {
        let setup = set_up(pin_hash);
        let state = self
            .lockout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .state(SystemTime::now());
        let (locked_seconds, tries_left) = match state {
            Pad::Open { tries_left } => (0, tries_left),
            Pad::Locked { remaining } => (whole_secs(remaining), 0),
        };
        let message = match (&setup, state) {
            (Err(e), _) => Some(e.to_string()),
            (Ok(()), Pad::Locked { .. }) => Some(
                Error::Locked {
                    seconds: locked_seconds,
                }
                .to_string(),
            ),
            (Ok(()), Pad::Open { .. }) => None,
        };
        panel::PadView {
            configured: setup.is_ok(),
            locked_seconds,
            tries_left,
            message,
        }
    }

    /// Checks a PIN and, if right, lets staff in. Takes argon2's time: call it off the UI thread.
    /// Tries are checked one at a time, so two at once can't both slip under the limit.
    pub fn unlock(&self, pin_hash: Option<&str>, pin: &str) -> Result<(), Error> {
        let stored = pin_hash.ok_or(Error::NotSetUp)?;
        set_up(Some(stored))?;
        let mut lockout = self.lockout.lock().unwrap_or_else(|p| p.into_inner());
        if let Pad::Locked { remaining } = lockout.state(SystemTime::now()) {
            return Err(Error::Locked {
                seconds: whole_secs(remaining),
            });
        }
        let right = pin.len() <= MAX_PIN_LEN
            && pin::verify(pin, stored).map_err(|e| Error::BadHash(e.to_string()))?;
        if right {
            lockout.succeeded();
            drop(lockout);
            self.extend();
            log::info!("staff: the staff panel was opened");
            return Ok(());
        }
        // Only that a try failed is logged: never what was typed.
        match lockout.failed(SystemTime::now()) {
            Pad::Open { tries_left } => {
                log::warn!("staff: a wrong PIN was entered ({tries_left} tries left)");
                Err(Error::WrongPin { tries_left })
            }
            Pad::Locked { remaining } => {
                log::warn!(
                    "staff: too many wrong PINs; the pad is locked for {} s",
                    remaining.as_secs()
                );
                Err(Error::Locked {
                    seconds: whole_secs(remaining),
                })
            }
        }
    }

    /// Back to patient mode.
    pub fn lock(&self) {
        *self.session_until.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Every panel command starts here: staff are in, and stay in for a while longer.
    pub fn require(&self) -> Result<(), Error> {
        let mut until = self.session_until.lock().unwrap_or_else(|p| p.into_inner());
        match *until {
            Some(t) if Instant::now() < t => {
                *until = Some(Instant::now() + SESSION_IDLE);
                Ok(())
            }
            _ => {
                *until = None;
                Err(Error::NotUnlocked)
            }
        }
    }

    fn extend(&self) {
        *self.session_until.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now() + SESSION_IDLE);
    }
}

/// Whether clinic.toml holds a usable PIN hash.
fn set_up(pin_hash: Option<&str>) -> Result<(), Error> {
    let stored = pin_hash.ok_or(Error::NotSetUp)?;
    pin::check_hash(stored).map_err(|e| match e {
        pin::Error::BadHash(why) => Error::BadHash(why),
        other => Error::BadHash(other.to_string()),
    })
}

/// Picks the data folder (`--data`/`KIOSK_DATA`, else the platform's app data folder), opens the
/// usage counts and the lockout there, and says in the log whether staff mode is set up. Called
/// once from the app's setup, where the platform folder is first known.
pub fn attach<R: Runtime>(app: &AppHandle<R>, data_dir: Option<PathBuf>) {
    let state = app.state::<AppState>();
    let dir = data_dir.or_else(|| match app.path().app_data_dir() {
        Ok(dir) => Some(dir),
        Err(e) => {
            log::warn!("staff: the system has no app data folder ({e})");
            None
        }
    });
    let dir = dir.and_then(|dir| usable_data_dir(&dir, &state.content_dir));
    state.attach_data(dir.as_deref());
    let lib = state.library();
    match set_up(lib.settings.staff.pin_hash.as_deref()) {
        Ok(()) => log::info!("staff: staff mode is set up"),
        Err(Error::NotSetUp) => log::warn!(
            "staff: {NOT_SET_UP} to choose a PIN; until then leaving kiosk mode needs the \
             machine's own means (a keyboard and the system's controls)"
        ),
        Err(e) => log::warn!("staff: {e}"),
    }
}

/// The data folder, created if need be; `None` (counts in memory) if it can't be used.
fn usable_data_dir(dir: &Path, content_dir: &Path) -> Option<PathBuf> {
    // Counts are written every half second: inside the watched content folder that would
    // reload the content over and over.
    let real = |p: &Path| p.canonicalize().or_else(|_| std::path::absolute(p));
    if let (Ok(d), Ok(c)) = (real(dir), real(content_dir)) {
        if d.starts_with(&c) {
            log::error!(
                "staff: the data folder {} is inside the content folder; choose another with --data \
                 (counts are kept in memory until then)",
                dir.display()
            );
            return None;
        }
    }
    match std::fs::create_dir_all(dir) {
        Ok(()) => Some(dir.to_path_buf()),
        Err(e) => {
            log::error!(
                "staff: cannot create the data folder {} ({e}); counts and the PIN lockout are kept \
                 in memory until a restart",
                dir.display()
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff_with_pin(pin: &str) -> (Staff, String) {
        (Staff::default(), pin::hash(pin).unwrap())
    }

    #[test]
    fn the_right_pin_opens_the_panel_and_locking_closes_it() {
        let (staff, hash) = staff_with_pin("2468");
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
        staff.unlock(Some(&hash), "2468").unwrap();
        staff.require().unwrap();
        staff.lock();
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
    }

    #[test]
    fn wrong_pins_count_down_then_lock_even_the_right_one_out() {
        let (staff, hash) = staff_with_pin("2468");
        for left in [4, 3, 2, 1] {
            assert_eq!(
                staff.unlock(Some(&hash), "1111"),
                Err(Error::WrongPin { tries_left: left })
            );
        }
        assert_eq!(
            staff.unlock(Some(&hash), "1111"),
            Err(Error::Locked { seconds: 60 })
        );
        assert!(matches!(
            staff.unlock(Some(&hash), "2468"),
            Err(Error::Locked { .. })
        ));
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
        let pad = staff.pad(Some(&hash));
        assert!(
            pad.configured && pad.locked_seconds > 55 && pad.tries_left == 0,
            "{pad:?}"
        );
        assert!(pad.message.unwrap().starts_with("Too many wrong PINs."));
    }

    #[test]
    fn a_huge_pin_is_a_wrong_try_without_hashing() {
        let (staff, hash) = staff_with_pin("2468");
        let huge = "9".repeat(1_000_000);
        assert_eq!(
            staff.unlock(Some(&hash), &huge),
            Err(Error::WrongPin { tries_left: 4 })
        );
    }

    #[test]
    fn without_a_pin_the_pad_says_how_to_set_one() {
        let staff = Staff::default();
        let pad = staff.pad(None);
        assert!(!pad.configured);
        assert_eq!(
            pad.message.as_deref(),
            Some("Staff mode is not set up: run clinic-kiosk set-pin")
        );
        assert_eq!(staff.unlock(None, "0000"), Err(Error::NotSetUp));
        let bad = staff.pad(Some("plaintext-1234"));
        assert!(!bad.configured);
        assert!(bad.message.unwrap().contains("set-pin"));
    }

    #[test]
    fn messages_say_how_many_tries_are_left() {
        assert_eq!(
            Error::WrongPin { tries_left: 1 }.to_string(),
            "That PIN is not right. 1 more try before the pad locks for a minute."
        );
        assert_eq!(
            Error::Locked { seconds: 42 }.to_string(),
            "Too many wrong PINs. The pad is locked: try again in 42 seconds."
        );
    }

    #[test]
    fn a_data_folder_inside_the_content_folder_is_refused() {
        let content = tempfile::tempdir().unwrap();
        assert_eq!(
            usable_data_dir(&content.path().join("data"), content.path()),
            None
        );
        let elsewhere = tempfile::tempdir().unwrap();
        let dir = elsewhere.path().join("kiosk");
        assert_eq!(usable_data_dir(&dir, content.path()), Some(dir.clone()));
        assert!(dir.is_dir());
    }
}
