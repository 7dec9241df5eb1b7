//! Staff mode: the PIN-protected panel front-desk staff use to print checklists, see content
//! problems, reload content, read usage counts and leave the kiosk.
//!
//! The way in is a hidden gesture in the UI, then the PIN pad. Rust decides everything that
//! matters: whether a PIN is set ([`pin`]), whether the pad is locked ([`lockout`]), and whether
//! staff are in: every panel command checks [`Staff::require`], so a page that skips the pad gets
//! nothing. Staff mode is a Tauri plugin of its own ([`plugin`]): its state, its commands
//! (`plugin:staff|…`) and its permissions are apart from the patient screens'. [`panel`] shapes
//! what the panel shows, and [`set_pin`] is the `clinic-kiosk set-pin` command that writes the
//! PIN's hash. Every limit and timing the page needs is defined here and sent as [`Limits`].

pub mod lockout;
pub mod panel;
pub mod pin;
pub mod plugin;
pub mod set_pin;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use crate::settings::StaffSettings;
use lockout::{Lockout, Pad};

/// While staff touch the panel, the page tells Rust at most this often, which keeps
/// [`SESSION_IDLE`] from ending the staff session under them.
pub const PANEL_PING: Duration = Duration::from_secs(20);
/// Rust's own limit on a staff session without a staff command: a backstop for a page that
/// failed to close the panel. Longer than the panel's own idle close (`[timings]`, at most 60 s)
/// since the UI pings only now and then.
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

impl crate::ui_error::Kind for Error {
    fn kind(&self) -> &'static str {
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

/// The limits and timings the page's staff screens follow, sent to it so none is copied in JS.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Limits {
    pub hold_ms: u64,
    pub idle_ms: u64,
    pub ping_ms: u64,
    pub min_digits: usize,
    pub max_digits: usize,
    pub max_copies: u32,
}

impl Limits {
    /// The limits, with the hold and the panel's idle close from clinic.toml's `[timings]`.
    pub fn get(timings: &crate::timings::Timings) -> Self {
        let ms = |d: Duration| d.as_millis() as u64;
        Limits {
            hold_ms: ms(timings.staff_hold()),
            idle_ms: ms(timings.staff_idle()),
            ping_ms: ms(PANEL_PING),
            min_digits: pin::MIN_DIGITS,
            max_digits: pin::MAX_DIGITS,
            max_copies: crate::print::MAX_COPIES,
        }
    }
}

/// Staff mode's state in the running kiosk.
#[derive(Debug, Default)]
pub struct Staff {
    lockout: Mutex<Lockout>,
    /// When the staff session ends unless a staff command extends it; `None` when locked.
    session_until: Mutex<Option<Instant>>,
}

impl Staff {
    /// Loads the lockout saved in the data folder (`None`: kept in memory only), so five wrong
    /// PINs stay locked across a restart.
    pub fn attach(&self, data_dir: Option<&Path>) {
        if let Some(dir) = data_dir {
            let loaded = Lockout::load(&dir.join(lockout::FILE_NAME), SystemTime::now());
            *self.lockout.lock().unwrap_or_else(|p| p.into_inner()) = loaded;
        }
    }

    /// What the pad shows before a try.
    pub fn pad(&self, settings: &StaffSettings) -> panel::PadView {
        let pin_hash = settings.pin_hash.as_deref();
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
    pub fn unlock(&self, settings: &StaffSettings, pin: &str) -> Result<(), Error> {
        let stored = settings.pin_hash.as_deref().ok_or(Error::NotSetUp)?;
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

/// Says in the log whether staff mode is set up, once at start-up.
pub fn log_setup(settings: &StaffSettings) {
    match set_up(settings.pin_hash.as_deref()) {
        Ok(()) => log::info!("staff: staff mode is set up"),
        Err(Error::NotSetUp) => log::warn!(
            "staff: {NOT_SET_UP} to choose a PIN; until then leaving kiosk mode needs the \
             machine's own means (a keyboard and the system's controls)"
        ),
        Err(e) => log::warn!("staff: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(hash: Option<&str>) -> StaffSettings {
        StaffSettings {
            pin_hash: hash.map(str::to_string),
            export_folder: None,
        }
    }

    fn staff_with_pin(pin: &str) -> (Staff, StaffSettings) {
        (Staff::default(), with_hash(Some(&pin::hash(pin).unwrap())))
    }

    #[test]
    fn the_right_pin_opens_the_panel_and_locking_closes_it() {
        let (staff, hash) = staff_with_pin("2468");
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
        staff.unlock(&hash, "2468").unwrap();
        staff.require().unwrap();
        staff.lock();
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
    }

    #[test]
    fn wrong_pins_count_down_then_lock_even_the_right_one_out() {
        let (staff, hash) = staff_with_pin("2468");
        for left in [4, 3, 2, 1] {
            assert_eq!(
                staff.unlock(&hash, "1111"),
                Err(Error::WrongPin { tries_left: left })
            );
        }
        assert_eq!(staff.unlock(&hash, "1111"), Err(Error::Locked { seconds: 60 }));
        assert!(matches!(staff.unlock(&hash, "2468"), Err(Error::Locked { .. })));
        assert_eq!(staff.require(), Err(Error::NotUnlocked));
        let pad = staff.pad(&hash);
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
        assert_eq!(staff.unlock(&hash, &huge), Err(Error::WrongPin { tries_left: 4 }));
    }

    #[test]
    fn without_a_pin_the_pad_says_how_to_set_one() {
        let staff = Staff::default();
        let pad = staff.pad(&with_hash(None));
        assert!(!pad.configured);
        assert_eq!(
            pad.message.as_deref(),
            Some("Staff mode is not set up: run clinic-kiosk set-pin")
        );
        assert_eq!(staff.unlock(&with_hash(None), "0000"), Err(Error::NotSetUp));
        let bad = staff.pad(&with_hash(Some("plaintext-1234")));
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
}
