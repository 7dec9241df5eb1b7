//! Keeps the kiosk on screen when WebKit's web process dies: reload to the welcome screen, but
//! never loop. After [`MAX_RELOADS`] crashes within [`WINDOW`], show a still page asking patients to
//! tell the front desk, since reloading again would only flash the screen.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Reloads allowed within [`WINDOW`].
pub const MAX_RELOADS: usize = 3;
/// The span over which reloads are counted.
pub const WINDOW: Duration = Duration::from_secs(60);

/// What to do about a crash.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    Reload,
    GiveUp,
}

/// Remembers recent crashes.
#[derive(Debug, Default)]
pub struct CrashGuard {
    recent: VecDeque<Instant>,
}

impl CrashGuard {
    /// Records a crash at `now` and says whether to reload.
    pub fn on_crash(&mut self, now: Instant) -> Action {
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= MAX_RELOADS {
            return Action::GiveUp;
        }
        self.recent.push_back(now);
        Action::Reload
    }
}

/// Shown when reloading keeps failing: plain HTML, no script, nothing to load.
pub const GIVE_UP_PAGE: &str =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Kiosk</title></head>\
<body style=\"font-family:sans-serif;background:#f7f5f0;color:#1c1c1c;display:flex;align-items:center;\
justify-content:center;height:100vh;margin:0;text-align:center\"><div><h1 style=\"font-size:48px\">\
This kiosk needs help</h1><p style=\"font-size:32px\">Please tell the front desk.</p>\
<p style=\"font-size:32px\" lang=\"es\">Este quiosco necesita ayuda. Por favor avise en la recepción.</p>\
</div></body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reloads_three_times_a_minute_then_gives_up() {
        let mut guard = CrashGuard::default();
        let t0 = Instant::now();
        assert_eq!(guard.on_crash(t0), Action::Reload);
        assert_eq!(guard.on_crash(t0 + Duration::from_secs(1)), Action::Reload);
        assert_eq!(guard.on_crash(t0 + Duration::from_secs(2)), Action::Reload);
        assert_eq!(guard.on_crash(t0 + Duration::from_secs(3)), Action::GiveUp);
        // A minute after the first, one reload is allowed again.
        assert_eq!(guard.on_crash(t0 + Duration::from_secs(61)), Action::Reload);
    }
}
