//! The PIN pad's lockout: after [`MAX_TRIES`] wrong PINs the pad refuses every try for
//! [`LOCK_FOR`]. The count and the lock are saved in the kiosk's data folder on every change, so
//! turning the kiosk off and on does not give a guesser fresh tries.
//!
//! Times are wall-clock seconds because they must survive a restart. A lock that ends more than
//! [`LOCK_FOR`] from now (the clock was set back) is cut to [`LOCK_FOR`], so no clock change can
//! lock staff out for longer than a minute at a time.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Wrong PINs in a row before the pad locks.
pub const MAX_TRIES: u32 = 5;
/// How long the pad stays locked.
pub const LOCK_FOR: Duration = Duration::from_secs(60);
/// The file's name in the kiosk's data folder.
pub const FILE_NAME: &str = "staff-lockout.json";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot save the PIN lockout to {}: {source}", path.display())]
    Save {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the PIN lockout from {}: {detail}", path.display())]
    Load { path: PathBuf, detail: String },
}

/// What the pad may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pad {
    /// Open, with this many tries before it locks.
    Open { tries_left: u32 },
    /// Locked for this much longer.
    Locked { remaining: Duration },
}

/// The file's contents: plain numbers, no PIN and nothing about who tried.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    failures: u32,
    /// Seconds since 1970 (UTC) when the lock ends; 0 when not locked.
    locked_until: u64,
}

/// The lockout, and where it is saved (nowhere, before the data folder is known).
#[derive(Debug, Default)]
pub struct Lockout {
    saved: Saved,
    file: Option<PathBuf>,
}

impl Lockout {
    /// Reads the saved lockout. A file that can't be read or makes no sense locks the pad for
    /// [`LOCK_FOR`]: deleting or garbling it must not be a way to get more tries.
    pub fn load(path: &Path, now: SystemTime) -> Self {
        let mut lockout = Self {
            saved: Saved::default(),
            file: Some(path.to_path_buf()),
        };
        match read(path) {
            Ok(Some(saved)) => lockout.saved = saved,
            Ok(None) => {}
            Err(e) => {
                log::error!(
                    "staff: {e}; the PIN pad is locked for {} s to be safe",
                    LOCK_FOR.as_secs()
                );
                lockout.lock(now);
            }
        }
        lockout
    }

    /// The pad's state at `now`; an ended lock is cleared (and saved) here.
    pub fn state(&mut self, now: SystemTime) -> Pad {
        if self.saved.locked_until != 0 {
            let now_s = secs(now);
            let latest = now_s + LOCK_FOR.as_secs();
            if self.saved.locked_until > latest {
                self.saved.locked_until = latest;
                self.save();
            }
            if self.saved.locked_until > now_s {
                return Pad::Locked {
                    remaining: Duration::from_secs(self.saved.locked_until - now_s),
                };
            }
            self.saved = Saved::default();
            self.save();
        }
        Pad::Open {
            tries_left: MAX_TRIES.saturating_sub(self.saved.failures),
        }
    }

    /// Records a wrong PIN and returns the new state: fewer tries, or locked.
    pub fn failed(&mut self, now: SystemTime) -> Pad {
        if let Pad::Locked { .. } = self.state(now) {
            return self.state(now);
        }
        self.saved.failures += 1;
        if self.saved.failures >= MAX_TRIES {
            self.lock(now);
        } else {
            self.save();
        }
        self.state(now)
    }

    /// A right PIN clears the count.
    pub fn succeeded(&mut self) {
        if self.saved != Saved::default() {
            self.saved = Saved::default();
            self.save();
        }
    }

    fn lock(&mut self, now: SystemTime) {
        self.saved = Saved {
            failures: MAX_TRIES,
            locked_until: secs(now) + LOCK_FOR.as_secs(),
        };
        self.save();
    }

    /// Writes the file whole (a temporary file renamed over it). A failure is logged: the lock
    /// still holds for as long as the kiosk runs.
    fn save(&self) {
        let Some(path) = &self.file else { return };
        if let Err(e) = write(path, &self.saved) {
            log::error!("staff: {e}; the lockout holds until the kiosk restarts");
        }
    }
}

fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn read(path: &Path) -> Result<Option<Saved>, Error> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::Load {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|e| Error::Load {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

fn write(path: &Path, saved: &Saved) -> Result<(), Error> {
    let err = |source| Error::Save {
        path: path.to_path_buf(),
        source,
    };
    let json = serde_json::to_string(saved).map_err(|e| err(std::io::Error::other(e)))?;
    let tmp = path.with_extension("json.partial");
    let mut file = fs::File::create(&tmp).map_err(err)?;
    file.write_all(json.as_bytes()).map_err(err)?;
    file.sync_all().map_err(err)?;
    drop(file);
    fs::rename(&tmp, path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000 + s)
    }

    fn open(n: u32) -> Pad {
        Pad::Open { tries_left: n }
    }

    fn locked(s: u64) -> Pad {
        Pad::Locked {
            remaining: Duration::from_secs(s),
        }
    }

    #[test]
    fn five_wrong_pins_lock_the_pad_for_sixty_seconds() {
        let mut l = Lockout::default();
        assert_eq!(l.state(at(0)), open(5));
        for (i, left) in [4, 3, 2, 1].into_iter().enumerate() {
            assert_eq!(l.failed(at(i as u64)), open(left));
        }
        assert_eq!(l.failed(at(10)), locked(60));
        assert_eq!(l.state(at(40)), locked(30));
        // A try while locked changes nothing.
        assert_eq!(l.failed(at(41)), locked(29));
        assert_eq!(l.state(at(69)), locked(1));
        assert_eq!(
            l.state(at(70)),
            open(5),
            "the lock ends and the tries start afresh"
        );
    }

    #[test]
    fn a_right_pin_clears_the_count() {
        let mut l = Lockout::default();
        l.failed(at(0));
        l.failed(at(1));
        l.succeeded();
        assert_eq!(l.state(at(2)), open(5));
    }

    #[test]
    fn the_lock_survives_a_restart_and_still_expires() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut l = Lockout::load(&path, at(0));
        for i in 0..5 {
            l.failed(at(i));
        }
        drop(l);
        let mut again = Lockout::load(&path, at(30));
        assert_eq!(again.state(at(30)), locked(34));
        assert_eq!(again.state(at(64)), open(5));
        drop(again);
        assert_eq!(Lockout::load(&path, at(65)).state(at(65)), open(5));
    }

    #[test]
    fn wrong_tries_short_of_a_lock_also_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut l = Lockout::load(&path, at(0));
        l.failed(at(0));
        l.failed(at(1));
        assert_eq!(Lockout::load(&path, at(2)).state(at(2)), open(3));
    }

    #[test]
    fn a_garbled_file_locks_the_pad_for_a_minute_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "{\"failures\": \"lots\"}").unwrap();
        let mut l = Lockout::load(&path, at(0));
        assert_eq!(l.state(at(0)), locked(60));
        assert_eq!(l.state(at(60)), open(5));
    }

    #[test]
    fn setting_the_clock_back_never_locks_for_more_than_a_minute() {
        let mut l = Lockout::default();
        for i in 0..5 {
            l.failed(at(1000 + i));
        }
        assert_eq!(l.state(at(0)), locked(60));
        assert_eq!(l.state(at(60)), open(5));
    }

    #[test]
    fn the_file_holds_only_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut l = Lockout::load(&path, at(0));
        l.failed(at(0));
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text, "{\"failures\":1,\"locked_until\":0}");
    }
}
