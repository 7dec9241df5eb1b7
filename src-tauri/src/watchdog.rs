//! The memory watchdog: a kiosk runs for weeks, and a web view's memory can creep up over
//! thousands of page changes. Every [`INTERVAL`] it sums the proportional set size (PSS) of the
//! app and every process under it (WebKit's web and network processes); past a ceiling it asks
//! for a fresh web process, which is started only when a session ends (the UI calls
//! `session_end` on its way back to the welcome screen), never in front of a patient.
//!
//! The ceiling is `KIOSK_MEMORY_CEILING_MB` (MiB, or `off`), or else [`FACTOR`] times the level
//! measured once start-up has settled ([`SETTLE`] after launch).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};

/// The environment variable that sets the ceiling, in MiB; `off` turns the watchdog off.
pub const ENV_CEILING: &str = "KIOSK_MEMORY_CEILING_MB";
/// How long after launch the first sample (the baseline) is taken: by then the welcome screen,
/// its fonts and the content are loaded.
pub const SETTLE: Duration = Duration::from_secs(15);
/// Between samples. A sample costs about 15 ms of CPU, nearly all of it the kernel walking the
/// web process's large address space for smaps_rollup: at 30 s that alone was 0.1 % of a core on
/// an idle kiosk (scripts/bench), at 60 s half that, and memory that creeps over thousands of
/// page changes is caught as well by a sample a minute.
pub const INTERVAL: Duration = Duration::from_secs(60);
/// Without a configured ceiling: this many times the settled level.
pub const FACTOR: u64 = 2;
/// At most one fresh web process this often: if memory stays high after one, the growth is
/// not in the page, and replacing it after every patient would only cost a blank second.
pub const MIN_GAP: Duration = Duration::from_secs(10 * 60);

/// Where the ceiling comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceiling {
    /// A fixed number of KiB.
    Fixed(u64),
    /// [`FACTOR`] times the first sample.
    TimesBaseline(u64),
    Off,
}

impl Ceiling {
    /// Reads the value of [`ENV_CEILING`]; unset means [`FACTOR`] times the baseline.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let Some(raw) = value.map(str::trim) else {
            return Ok(Ceiling::TimesBaseline(FACTOR));
        };
        if raw.eq_ignore_ascii_case("off") {
            return Ok(Ceiling::Off);
        }
        match raw.parse::<u64>() {
            Ok(mib) if mib > 0 && mib <= 1 << 20 => Ok(Ceiling::Fixed(mib * 1024)),
            _ => Err(format!(
                "{ENV_CEILING}={raw:?} is not a number of MiB between 1 and 1048576 (or `off`)"
            )),
        }
    }
}

/// Something worth a line in the log.
#[derive(Debug, PartialEq, Eq)]
pub enum Note {
    /// The first sample: the level the ceiling is measured against.
    Settled { pss_kib: u64, limit_kib: u64 },
    /// Over the ceiling: a fresh web process is due at the next session end.
    Over { pss_kib: u64, limit_kib: u64 },
    /// Still over right after a fresh web process: the growth is elsewhere.
    StillOver { pss_kib: u64, limit_kib: u64 },
}

/// The decisions, kept apart from the clock and `/proc` so they can be tested.
#[derive(Debug)]
pub struct Watchdog {
    ceiling: Ceiling,
    limit_kib: Option<u64>,
    pending: bool,
    last_recycle: Option<Instant>,
    recycled_since_sample: bool,
}

impl Watchdog {
    pub fn new(ceiling: Ceiling) -> Self {
        Self {
            ceiling,
            limit_kib: None,
            pending: false,
            last_recycle: None,
            recycled_since_sample: false,
        }
    }

    /// The ceiling in KiB, once known.
    pub fn limit_kib(&self) -> Option<u64> {
        self.limit_kib
    }

    /// True when a fresh web process is due at the next session end.
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// Takes in one sample of the whole process tree.
    pub fn on_sample(&mut self, pss_kib: u64) -> Option<Note> {
        let recycled = std::mem::take(&mut self.recycled_since_sample);
        let (limit_kib, settled) = match (self.limit_kib, self.ceiling) {
            (_, Ceiling::Off) => return None,
            (Some(limit), _) => (limit, false),
            (None, Ceiling::Fixed(limit)) => (limit, true),
            (None, Ceiling::TimesBaseline(factor)) => (pss_kib.saturating_mul(factor), true),
        };
        self.limit_kib = Some(limit_kib);
        let over = pss_kib > limit_kib;
        let was_pending = std::mem::replace(&mut self.pending, over);
        if settled {
            return Some(Note::Settled { pss_kib, limit_kib });
        }
        match (over, recycled, was_pending) {
            (true, true, _) => Some(Note::StillOver { pss_kib, limit_kib }),
            (true, false, false) => Some(Note::Over { pss_kib, limit_kib }),
            _ => None,
        }
    }

    /// A session just ended: true if the web process should be replaced now.
    pub fn on_session_end(&mut self, now: Instant) -> bool {
        let rested = self
            .last_recycle
            .is_none_or(|last| now.saturating_duration_since(last) >= MIN_GAP);
        if !(self.pending && rested) {
            return false;
        }
        self.pending = false;
        self.last_recycle = Some(now);
        self.recycled_since_sample = true;
        true
    }
}

/// The watchdog the running app shares between its sampling thread and `session_end`.
#[derive(Clone)]
pub struct Shared(Arc<Mutex<Watchdog>>);

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Watchdog> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Starts sampling on a thread of its own, with the ceiling from [`ENV_CEILING`].
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let ceiling = match Ceiling::parse(std::env::var(ENV_CEILING).ok().as_deref()) {
        Ok(c) => c,
        Err(e) => {
            log::warn!("memory watchdog: {e}; using {FACTOR}× the level after start-up");
            Ceiling::TimesBaseline(FACTOR)
        }
    };
    if ceiling == Ceiling::Off {
        log::info!("memory watchdog: off ({ENV_CEILING}=off)");
        return;
    }
    let shared = Shared(Arc::new(Mutex::new(Watchdog::new(ceiling))));
    app.manage(shared.clone());
    let spawned = std::thread::Builder::new()
        .name("memory-watchdog".into())
        .spawn(move || {
            std::thread::sleep(SETTLE);
            let me = std::process::id();
            loop {
                let pss = tree_pss_kib(me);
                let note = shared.lock().on_sample(pss);
                log_note(note);
                std::thread::sleep(INTERVAL);
            }
        });
    if let Err(e) = spawned {
        log::warn!("memory watchdog: could not start ({e})");
    }
}

fn log_note(note: Option<Note>) {
    let mib = |kib: u64| kib / 1024;
    match note {
        Some(Note::Settled { pss_kib, limit_kib }) => log::info!(
            "memory watchdog: {} MiB after start-up; ceiling {} MiB{}",
            mib(pss_kib),
            mib(limit_kib),
            if pss_kib > limit_kib {
                " (over it already: the web view restarts when a session ends)"
            } else {
                ""
            }
        ),
        Some(Note::Over { pss_kib, limit_kib }) => log::warn!(
            "memory watchdog: {} MiB is over the ceiling of {} MiB; the web view restarts when \
             this session ends",
            mib(pss_kib),
            mib(limit_kib)
        ),
        Some(Note::StillOver { pss_kib, limit_kib }) => log::error!(
            "memory watchdog: still {} MiB (ceiling {} MiB) after a fresh web view; the growth is \
             in the app itself: restart the kiosk",
            mib(pss_kib),
            mib(limit_kib)
        ),
        None => {}
    }
}

/// Called when a session ends: starts a fresh web process if the watchdog asked for one.
pub fn at_session_end<R: Runtime>(app: &AppHandle<R>) {
    let Some(shared) = app.try_state::<Shared>() else {
        return;
    };
    if !shared.lock().on_session_end(Instant::now()) {
        return;
    }
    log::warn!("memory watchdog: the session ended; starting a fresh web view");
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        return;
    };
    // A new page in the same process would keep the process's heap: ending the process is what
    // returns its memory. window.rs reloads the welcome screen when it ends this way.
    #[cfg(target_os = "linux")]
    let result = window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        webview.inner().terminate_web_process();
    });
    #[cfg(not(target_os = "linux"))]
    let result = window.eval("location.reload()");
    if let Err(e) = result {
        log::warn!("memory watchdog: could not restart the web view: {e}");
    }
}

/// The PSS of `pid` in KiB, from `/proc/<pid>/smaps_rollup`.
pub fn pss_kib(pid: u32) -> std::io::Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    parse_pss(&text).ok_or_else(|| std::io::Error::other("no Pss line in smaps_rollup"))
}

/// The `Pss:` figure of an smaps_rollup file, in KiB.
pub fn parse_pss(smaps_rollup: &str) -> Option<u64> {
    smaps_rollup.lines().find_map(|line| {
        let rest = line.strip_prefix("Pss:")?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// The parent pid in a `/proc/<pid>/stat` line. The command name in parentheses may itself
/// hold spaces and parentheses, so fields are counted after the last `)`.
pub fn parse_ppid(stat: &str) -> Option<u32> {
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

/// Every process under `pid` (children, grandchildren, …), from one pass over `/proc`.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let stat = std::fs::read_to_string(Path::new("/proc").join(child.to_string()).join("stat"));
            if let Some(parent) = stat.ok().as_deref().and_then(parse_ppid) {
                children.entry(parent).or_default().push(child);
            }
        }
    }
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        for &c in children.get(&p).map(Vec::as_slice).unwrap_or_default() {
            found.push(c);
            queue.push(c);
        }
    }
    found
}

/// The PSS of `pid` and every process under it, in KiB. A process that ends between listing and
/// reading counts as nothing.
pub fn tree_pss_kib(pid: u32) -> u64 {
    std::iter::once(pid)
        .chain(descendants(pid))
        .filter_map(|p| pss_kib(p).ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024;

    #[test]
    fn the_ceiling_is_twice_the_settled_level_unless_set() {
        assert_eq!(Ceiling::parse(None), Ok(Ceiling::TimesBaseline(2)));
        assert_eq!(Ceiling::parse(Some(" 600 ")), Ok(Ceiling::Fixed(600 * MIB)));
        assert_eq!(Ceiling::parse(Some("OFF")), Ok(Ceiling::Off));
        for bad in ["", "0", "-5", "1.5", "lots", "99999999999"] {
            let err = Ceiling::parse(Some(bad)).unwrap_err();
            assert!(err.starts_with("KIOSK_MEMORY_CEILING_MB="), "{err}");
        }
    }

    #[test]
    fn the_first_sample_sets_the_ceiling_and_crossing_it_asks_once() {
        let mut w = Watchdog::new(Ceiling::TimesBaseline(2));
        assert_eq!(
            w.on_sample(200 * MIB),
            Some(Note::Settled {
                pss_kib: 200 * MIB,
                limit_kib: 400 * MIB
            })
        );
        assert_eq!(w.on_sample(400 * MIB), None, "at the ceiling is not over it");
        assert!(!w.pending());
        assert_eq!(
            w.on_sample(401 * MIB),
            Some(Note::Over {
                pss_kib: 401 * MIB,
                limit_kib: 400 * MIB
            })
        );
        assert_eq!(w.on_sample(450 * MIB), None, "said once, not every sample");
        assert!(w.pending());
    }

    #[test]
    fn the_web_view_restarts_only_when_a_session_ends_and_not_too_often() {
        let t0 = Instant::now();
        let mut w = Watchdog::new(Ceiling::Fixed(300 * MIB));
        assert!(!w.on_session_end(t0), "nothing pending before any sample");
        w.on_sample(100 * MIB);
        assert!(!w.on_session_end(t0), "under the ceiling");
        w.on_sample(301 * MIB);
        assert!(w.on_session_end(t0));
        assert!(!w.on_session_end(t0), "one restart per crossing");
        w.on_sample(120 * MIB);
        w.on_sample(310 * MIB);
        assert!(w.pending());
        assert!(!w.on_session_end(t0 + MIN_GAP / 2), "too soon after the last one");
        assert!(w.pending(), "still due at a later session end");
        assert!(w.on_session_end(t0 + MIN_GAP));
    }

    #[test]
    fn memory_that_falls_back_under_the_ceiling_cancels_the_restart() {
        let mut w = Watchdog::new(Ceiling::Fixed(300 * MIB));
        w.on_sample(301 * MIB);
        assert!(w.pending());
        assert_eq!(w.on_sample(290 * MIB), None);
        assert!(!w.on_session_end(Instant::now()));
    }

    #[test]
    fn staying_over_after_a_restart_says_the_growth_is_elsewhere() {
        let mut w = Watchdog::new(Ceiling::Fixed(300 * MIB));
        w.on_sample(100 * MIB);
        w.on_sample(350 * MIB);
        assert!(w.on_session_end(Instant::now()));
        assert_eq!(
            w.on_sample(340 * MIB),
            Some(Note::StillOver {
                pss_kib: 340 * MIB,
                limit_kib: 300 * MIB
            })
        );
    }

    #[test]
    fn off_never_asks() {
        let mut w = Watchdog::new(Ceiling::Off);
        assert_eq!(w.on_sample(u64::MAX), None);
        assert!(!w.on_session_end(Instant::now()));
    }

    #[test]
    fn reads_pss_and_parents_from_proc_text() {
        let rollup = "55d0c0a00000-7ffd1a1f2000 ---p 00000000 00:00 0   [rollup]\n\
                      Rss:               12345 kB\nPss:                6789 kB\nPss_Anon:  100 kB\n";
        assert_eq!(parse_pss(rollup), Some(6789));
        assert_eq!(parse_pss("Rss: 1 kB\n"), None);
        assert_eq!(parse_ppid("1234 (Web Content (x)) S 42 1234 1234 0 -1"), Some(42));
        assert_eq!(parse_ppid("garbage"), None);
    }

    #[test]
    fn measures_this_test_process_and_its_children() {
        let me = std::process::id();
        let own = pss_kib(me).expect("smaps_rollup of the test process");
        assert!(own > 100, "a running test binary uses more than 100 KiB: {own}");
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("start sleep");
        let under = descendants(me);
        assert!(under.contains(&child.id()), "{under:?} lacks {}", child.id());
        // Read again right after the sum: other tests run on threads of this same process, and
        // its PSS moved by tens of MiB between a reading before the child and the sum (CI).
        let total = tree_pss_kib(me);
        let own_now = pss_kib(me).expect("smaps_rollup of the test process");
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            total >= own_now / 2,
            "the tree includes this process: {total} vs {own_now}"
        );
    }
}
