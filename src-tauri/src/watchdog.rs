//! One web process per session. WebKit runs the page in a process of its own, and that process
//! keeps what a session left in its heap, plus about 0.5 MiB of every page load (WebKitGTK 2.50,
//! `scripts/kiosk bench soak --session 25`). So when a session ends (Start over or the idle
//! reset: the UI calls `session_end` on its way back to the welcome screen), [`at_session_end`]
//! ends the web process and `window.rs` loads the welcome screen in a fresh one. The patient's
//! heap goes with it, nothing adds up over a day of patients, and no restart ever happens in
//! front of a patient: nothing else ends the process on purpose.
//!
//! A memory ceiling used to decide when to do this (a sample of the process tree's PSS every
//! minute, a fresh process at the next session end once past twice the start-up level). With a
//! fresh process at every session end it had nothing left to decide, and growth anywhere else
//! (the app's own process) is not something a new web process could fix, so it is gone, and with
//! it `KIOSK_MEMORY_CEILING_MB`. The `/proc` readings below stay: the e2e tests and the bench
//! use them to find and measure the kiosk's processes from outside.

use std::collections::HashMap;
use std::path::Path;

use tauri::{AppHandle, Manager, Runtime};

/// Called when a session ends: replaces the web process, so the next patient's page starts in
/// one that holds nothing of the last.
pub fn at_session_end<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        log::warn!("session ended, but there is no kiosk window to renew");
        return;
    };
    log::info!("session ended: starting a fresh web process");
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
        // The page reloads itself after session_end anyway: the next session starts clean in
        // the old process.
        log::warn!("session ended, but the web process could not be renewed: {e}");
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn finds_this_test_process_s_children_and_measures_it() {
        let me = std::process::id();
        let own = pss_kib(me).expect("smaps_rollup of the test process");
        assert!(own > 100, "a running test binary uses more than 100 KiB: {own}");
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("start sleep");
        let under = descendants(me);
        let _ = child.kill();
        let _ = child.wait();
        assert!(under.contains(&child.id()), "{under:?} lacks {}", child.id());
        assert!(!under.contains(&me), "a process is not under itself: {under:?}");
    }
}
