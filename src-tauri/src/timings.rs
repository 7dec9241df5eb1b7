//! `[timings]` in clinic.toml: the staff timers, which a clinic has no reason to change and
//! leaves out, and which the e2e tests shorten so they don't sit through a 60-second panel close
//! and a 3-second press for every PIN pad. (The patient's idle time is `[session]`'s.)
//!
//! They live in clinic.toml, not in an environment variable, because that is where everything
//! that changes how the kiosk behaves already is: `clinic-kiosk check` and the staff panel report
//! a bad value at its line, a test folder carries its own, and nothing set once on a machine
//! changes a clinic's kiosk without showing in its file. The bounds keep a typo from locking staff
//! out: the press stays long enough not to be an accident, and the panel never outlives the
//! staff session Rust keeps (`staff::SESSION_IDLE`).

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timings {
    /// How long the top-left corner must be held before the PIN pad opens, in milliseconds.
    pub staff_hold_ms: u32,
    /// The staff panel goes back to patient mode after this many seconds untouched.
    pub staff_idle_seconds: u32,
}

/// The bounds of each value, as `check` states them.
const HOLD_MS: std::ops::RangeInclusive<u32> = 500..=10_000;
const IDLE_SECONDS: std::ops::RangeInclusive<u32> = 5..=60;

impl Default for Timings {
    fn default() -> Self {
        Self {
            staff_hold_ms: 3_000,
            staff_idle_seconds: 60,
        }
    }
}

impl Timings {
    pub fn staff_hold(&self) -> Duration {
        Duration::from_millis(u64::from(self.staff_hold_ms))
    }

    pub fn staff_idle(&self) -> Duration {
        Duration::from_secs(u64::from(self.staff_idle_seconds))
    }

    /// Values out of bounds, each at the line `at` finds for its key. Like any error in
    /// clinic.toml, one makes the kiosk run on the default settings.
    pub fn validate(&self, path: &Path, at: impl Fn(&str) -> (usize, usize)) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut check = |key: &str, value: u32, range: std::ops::RangeInclusive<u32>, unit: &str| {
            if !range.contains(&value) {
                let (line, col) = at(key);
                problems.push(Problem::error(
                    path,
                    line,
                    col,
                    format!(
                        "`{key}` must be between {} and {} {unit}; leave [timings] out for the usual timings",
                        range.start(),
                        range.end()
                    ),
                ));
            }
        };
        check("staff_hold_ms", self.staff_hold_ms, HOLD_MS, "milliseconds");
        check(
            "staff_idle_seconds",
            self.staff_idle_seconds,
            IDLE_SECONDS,
            "seconds",
        );
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Timings, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn a_clinic_that_says_nothing_gets_the_usual_timings() {
        let t = parse("").expect("empty is fine");
        assert_eq!(t, Timings::default());
        assert_eq!(t.staff_hold(), Duration::from_secs(3));
        assert_eq!(t.staff_idle(), Duration::from_secs(60));
        assert!(t.validate(Path::new("clinic.toml"), |_| (1, 1)).is_empty());
    }

    #[test]
    fn values_out_of_bounds_are_errors_at_their_key() {
        let t = parse("staff_hold_ms = 100\nstaff_idle_seconds = 61\n").expect("numbers");
        let at = |key: &str| if key == "staff_hold_ms" { (7, 1) } else { (8, 1) };
        let problems: Vec<String> = t
            .validate(Path::new("clinic.toml"), at)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "clinic.toml:7:1: error: `staff_hold_ms` must be between 500 and 10000 milliseconds; leave [timings] out for the usual timings",
                "clinic.toml:8:1: error: `staff_idle_seconds` must be between 5 and 60 seconds; leave [timings] out for the usual timings",
            ]
        );
        for (hold, idle) in [(500, 5), (10_000, 60)] {
            let edge = Timings {
                staff_hold_ms: hold,
                staff_idle_seconds: idle,
            };
            assert!(
                edge.validate(Path::new("clinic.toml"), |_| (1, 1)).is_empty(),
                "the bounds themselves are allowed: {edge:?}"
            );
        }
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let err = parse("staff_hold = 3000\n").unwrap_err().to_string();
        assert!(err.contains("unknown field `staff_hold`"), "{err}");
    }
}
