//! systemd's watchdog, fed only while the page answers. Under the package's unit the kiosk runs
//! as cage's only client with the notify socket and `WATCHDOG_USEC` passed down (the unit sets
//! `NotifyAccess=all`, since cage is the main process). The unit names the socket
//! `KIOSK_NOTIFY_SOCKET` and hides `NOTIFY_SOCKET` from the rest of the session, since the
//! dbus-daemon of `dbus-run-session` would otherwise report READY=1 on its own. The kiosk asks the page for
//! `document.readyState` a few times per watchdog period and sends `WATCHDOG=1` only when an answer
//! came back recently: a dead web process, a page stuck in a loop or a stuck GTK main loop all stop
//! the feed, and systemd restarts the session. `READY=1` is sent at the first answer, so the unit
//! is "started" once the welcome screen is there.
//!
//! The protocol is one datagram on a Unix socket (sd_notify(3)); `std` speaks it, so no C library
//! and no `unsafe` are needed.

use std::os::unix::net::UnixDatagram;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};

/// The notify socket: `KIOSK_NOTIFY_SOCKET` (the package's unit), else `NOTIFY_SOCKET`.
fn socket_path() -> Option<std::ffi::OsString> {
    std::env::var_os("KIOSK_NOTIFY_SOCKET")
        .filter(|p| !p.is_empty())
        .or_else(|| std::env::var_os("NOTIFY_SOCKET"))
}

/// Sends `state` (such as `READY=1` or `WATCHDOG=1`) to systemd. `Ok(false)` when the kiosk was not
/// started by systemd (no notify socket).
pub fn notify(state: &str) -> std::io::Result<bool> {
    let Some(path) = socket_path() else {
        return Ok(false);
    };
    let socket = UnixDatagram::unbound()?;
    let bytes = path.as_encoded_bytes();
    if let Some(name) = bytes.strip_prefix(b"@") {
        // An abstract socket: its name follows a NUL byte, written `@` in the variable.
        use std::os::linux::net::SocketAddrExt;
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
        socket.send_to_addr(state.as_bytes(), &addr)?;
    } else {
        socket.send_to(state.as_bytes(), &path)?;
    }
    Ok(true)
}

/// The watchdog period systemd asks for (`WATCHDOG_USEC`), if any.
pub fn watchdog_period() -> Option<Duration> {
    parse_usec(&std::env::var("WATCHDOG_USEC").ok()?)
}

fn parse_usec(text: &str) -> Option<Duration> {
    let usec: u64 = text.trim().parse().ok()?;
    (usec > 0).then(|| Duration::from_micros(usec))
}

/// How often the page is asked, and how old its last answer may be for a feed, for a period.
fn timings(period: Duration) -> (Duration, Duration) {
    let ask = (period / 4).max(Duration::from_millis(250));
    (ask, period / 2)
}

/// Starts asking the page and feeding systemd, when systemd asked for it; otherwise does nothing.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    if socket_path().is_none() {
        return;
    }
    let period = watchdog_period();
    let (ask_every, fresh) = timings(period.unwrap_or(Duration::from_secs(4)));
    let started = Instant::now();
    // Milliseconds after `started` of the page's last answer; 0: none yet.
    let answered = Arc::new(AtomicU64::new(0));
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("systemd-watchdog".into())
        .spawn(move || {
            let mut ready = false;
            loop {
                ask_page(&app, &answered, started);
                std::thread::sleep(ask_every);
                let last = answered.load(Ordering::SeqCst);
                if last == 0 {
                    continue;
                }
                let age = started.elapsed().saturating_sub(Duration::from_millis(last));
                if age > fresh {
                    log::warn!(
                        "watchdog: the page has not answered for {} ms; not telling systemd it is alive",
                        age.as_millis()
                    );
                    continue;
                }
                if !ready {
                    ready = true;
                    log::info!("watchdog: the page answers, {} ms after start", last);
                    send("READY=1");
                }
                if period.is_some() {
                    send("WATCHDOG=1");
                }
            }
        });
    if let Err(e) = spawned {
        log::error!("watchdog: could not start its thread ({e}); systemd will restart the kiosk when its watchdog runs out");
    }
}

fn send(state: &str) {
    if let Err(e) = notify(state) {
        log::warn!("watchdog: could not tell systemd {state}: {e}");
    }
}

/// Asks the page, on GTK's main thread, whether it has loaded; a yes is recorded.
fn ask_page<R: Runtime>(app: &AppHandle<R>, answered: &Arc<AtomicU64>, started: Instant) {
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        return;
    };
    let answered = answered.clone();
    #[cfg(target_os = "linux")]
    let result = window.with_webview(move |webview| {
        use webkit2gtk::WebViewExt;
        // The script throws unless the page has finished loading, so only a loaded page that
        // runs scripts counts as an answer. run_javascript is the call WebKitGTK 2.34 has
        // (the version this crate asks for); 2.40 renamed it evaluate_javascript.
        #[allow(deprecated)]
        webview.inner().run_javascript(
            "if (document.readyState !== 'complete') throw new Error('loading'); 1",
            None::<&gtk::gio::Cancellable>,
            move |result| {
                if result.is_ok() {
                    let ms = u64::try_from(started.elapsed().as_millis())
                        .unwrap_or(u64::MAX)
                        .max(1);
                    answered.store(ms, Ordering::SeqCst);
                }
            },
        );
    });
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = {
        let _ = (window, answered, started);
        Ok(())
    };
    if let Err(e) = result {
        log::warn!("watchdog: could not ask the page: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_period_and_asks_often_enough() {
        assert_eq!(parse_usec("10000000"), Some(Duration::from_secs(10)));
        assert_eq!(parse_usec("0"), None);
        assert_eq!(parse_usec("soon"), None);
        let (ask, fresh) = timings(Duration::from_secs(10));
        assert!(
            ask * 2 <= fresh && fresh < Duration::from_secs(10),
            "{ask:?} {fresh:?}"
        );
    }

    #[test]
    fn a_notification_reaches_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let listener = UnixDatagram::bind(&path).unwrap();
        // The variable is read by `notify`; this test is the only one in the crate to set it.
        std::env::set_var("KIOSK_NOTIFY_SOCKET", &path);
        let sent = notify("WATCHDOG=1");
        std::env::remove_var("KIOSK_NOTIFY_SOCKET");
        assert!(sent.unwrap());
        let mut buf = [0u8; 64];
        let n = listener.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"WATCHDOG=1");
        if std::env::var_os("NOTIFY_SOCKET").is_none() {
            assert!(!notify("WATCHDOG=1").unwrap(), "no socket: nothing sent");
        }
    }
}
