//! Runs all day: a killed web process comes back to the welcome screen, hostile IPC calls are
//! refused without harm, the web view asks nothing of the network, and every session end, and
//! nothing else, starts a fresh web process.
//!
//! A crash is seen where a patient sees it: on the X server, frame by frame, against a frame of
//! the welcome screen taken before the crash, whatever becomes of the WebDriver session (the
//! harness opens a new one on the same kiosk if WebKitWebDriver gives it up).

use std::fs;
use std::time::{Duration, Instant};

use clinic_kiosk::watchdog;
use kiosk_tests::{fixture, grab_screen_raw, root, App, Harness};
use libtest_mimic::Trial;
use serde_json::{json, Value};

use crate::trial;

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "reliability::a_killed_web_process_is_back_on_the_welcome_screen_within_2_s",
            a_killed_web_process_is_back_on_the_welcome_screen_within_2_s,
        ),
        trial(
            "reliability::a_web_process_that_keeps_dying_ends_on_the_front_desk_page",
            a_web_process_that_keeps_dying_ends_on_the_front_desk_page,
        ),
        trial(
            "reliability::hostile_ipc_calls_are_refused_and_the_app_keeps_answering",
            hostile_ipc_calls_are_refused_and_the_app_keeps_answering,
        ),
        trial(
            "reliability::touring_every_screen_requests_nothing_outside_the_app",
            touring_every_screen_requests_nothing_outside_the_app,
        ),
        trial(
            "reliability::every_session_end_starts_a_fresh_web_process_and_the_welcome_screen_works",
            every_session_end_starts_a_fresh_web_process_and_the_welcome_screen_works,
        ),
    ]
}

/// The recovery limit the issue sets: welcome screen back within 2 s of the crash.
const RECOVERY_LIMIT: Duration = Duration::from_secs(2);

/// The name a process was started as (the file name of its first argument).
fn process_name(pid: u32) -> String {
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let first = cmdline.split(|b| *b == 0).next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.rsplit('/').next().unwrap_or_default().to_string()
}

/// The live processes named `name` under `parent`.
fn named_under(parent: u32, name: &str) -> Vec<u32> {
    watchdog::descendants(parent)
        .into_iter()
        .filter(|&p| process_name(p) == name && !is_zombie(p))
        .collect()
}

fn is_zombie(pid: u32) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    matches!(state, Some("Z") | Some("X") | None)
}

/// The kiosk this harness launched: the one `clinic-kiosk` under its tauri-driver (tests run one
/// at a time; the newest pid if an earlier one is still on its way out).
fn kiosk_pid(h: &Harness) -> u32 {
    let driver = h.driver_pid().expect("the harness runs tauri-driver");
    let found = named_under(driver, "clinic-kiosk");
    *found
        .iter()
        .max()
        .unwrap_or_else(|| panic!("no clinic-kiosk under tauri-driver {driver}"))
}

/// The WebKitWebProcess showing the kiosk's page: only processes under the app this test
/// launched are touched. WebKit may also hold a spare one, started ahead for the next page; it
/// is the small one. Killing a web process in the middle of its start-up handshake makes WebKit
/// abort the whole app (`readPIDFromPeer: Unexpected short read`), a different failure from the
/// crash of a running page tested here, so a process younger than a second is left alone.
fn web_process(kiosk: u32) -> Option<u32> {
    let all = named_under(kiosk, "WebKitWebProcess");
    if all.len() > 1 {
        eprintln!("    web processes under the kiosk: {all:?}");
    }
    all.into_iter()
        .filter(|&p| age(p) >= Duration::from_secs(1))
        .max_by_key(|&p| watchdog::pss_kib(p).unwrap_or(0))
}

/// [`web_process`], waiting up to 5 s for one to be up.
fn page_process(kiosk: u32) -> u32 {
    let mut found = None;
    kiosk_tests::wait_until(Duration::from_secs(5), || {
        found = web_process(kiosk);
        found.is_some()
    });
    found.unwrap_or_else(|| panic!("no web process under the kiosk ({kiosk})"))
}

/// How long ago a process started: the machine's uptime less the process's start time (field 22
/// of its stat line, in clock ticks, 100 a second on Linux).
fn age(pid: u32) -> Duration {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let start_ticks = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().nth(19))
        .and_then(|t| t.parse::<f64>().ok());
    let uptime = fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|u| u.split_whitespace().next()?.parse::<f64>().ok());
    match (start_ticks, uptime) {
        (Some(start), Some(up)) => Duration::from_secs_f64((up - start / 100.0).max(0.0)),
        _ => Duration::ZERO,
    }
}

/// Ends the kiosk when a test is done with it, passing or failing. After a web-process crash
/// WebKitWebDriver deletes the session ("page crash or hang") but leaves the app running, so
/// closing the session no longer ends it.
struct EndKiosk(u32);

impl Drop for EndKiosk {
    fn drop(&mut self) {
        let pid = self.0;
        let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
        if !kiosk_tests::wait_until(Duration::from_secs(5), || is_zombie(pid)) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

fn kill(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid}: {status}");
}

/// A frame of the whole display, as the X server holds it (4 bytes a pixel).
fn frame(h: &Harness) -> Vec<u8> {
    grab_screen_raw(h.display()).expect("grab the X screen").2
}

/// Pixels that differ between two frames of the same display.
fn changed_pixels(a: &[u8], b: &[u8]) -> usize {
    a.chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(x, y)| x[..3] != y[..3])
        .count()
        + a.len().abs_diff(b.len()) / 4
}

/// Waits until the display shows exactly `expected` and returns how long that took, or `None`
/// after `limit` (saying how close it came). A frame is grabbed every 10 ms or so.
fn time_until_screen_is(h: &Harness, expected: &[u8], since: Instant, limit: Duration) -> Option<Duration> {
    let mut last = Vec::new();
    while since.elapsed() < limit {
        last = frame(h);
        if last == expected {
            return Some(since.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    eprintln!(
        "    the screen never matched: {} pixels still differ",
        changed_pixels(&last, expected)
    );
    None
}

/// The welcome screen as the X server shows it, once its fonts are in and it has painted.
fn welcome_frame(h: &Harness, app: &App) -> Vec<u8> {
    app.wait_for("screen-welcome");
    app.run(
        "return document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))",
        vec![],
    );
    std::thread::sleep(Duration::from_millis(500));
    frame(h)
}

/// Leaves the welcome screen for an explainer, so that being back on welcome means something.
fn open_an_explainer(app: &App) {
    app.tap("lang-en");
    app.wait_for("screen-home");
    app.tap("tile-alpha-therapy");
    app.wait_for("screen-explainer");
}

fn a_killed_web_process_is_back_on_the_welcome_screen_within_2_s(h: &Harness) {
    let app = h.launch(&fixture("basic"), &[]);
    let welcome = welcome_frame(h, &app);
    open_an_explainer(&app);
    let kiosk = kiosk_pid(h);
    let _end = EndKiosk(kiosk);
    let victim = page_process(kiosk);
    let log_start = h.log_mark();

    let crashed = Instant::now();
    kill(victim);
    let took = time_until_screen_is(h, &welcome, crashed, Duration::from_secs(10));
    h.screenshot_display("reliability-after-crash");
    let took = took.unwrap_or_else(|| panic!("the welcome screen did not come back within 10 s"));
    println!(
        "    web process killed: welcome screen back on the display in {} ms",
        took.as_millis()
    );
    assert!(
        took <= RECOVERY_LIMIT,
        "took {took:?}, more than {RECOVERY_LIMIT:?}"
    );

    let after = page_process(kiosk);
    assert_ne!(after, victim, "WebKit started a fresh web process");
    assert_eq!(kiosk_pid(h), kiosk, "the app itself kept running");
    let log = h.log_since(log_start);
    assert!(
        log.contains("the web process ended"),
        "the crash is logged:\n{log}"
    );
    // Whether WebKitWebDriver kept its session through the crash or the harness opened a new
    // one, the page the WebDriver sees must agree with the screen.
    if let Ok(v) = app.try_run(
        "return !!document.querySelector('[data-testid=screen-welcome]')",
        vec![],
    ) {
        assert_eq!(
            v, true,
            "the WebDriver session survived: it must see the welcome screen"
        );
    }
}

fn a_web_process_that_keeps_dying_ends_on_the_front_desk_page(h: &Harness) {
    let app = h.launch(&fixture("basic"), &[]);
    let welcome = welcome_frame(h, &app);
    let kiosk = kiosk_pid(h);
    let _end = EndKiosk(kiosk);
    let log_start = h.log_mark();
    for round in 1..=3 {
        let victim = page_process(kiosk);
        let crashed = Instant::now();
        kill(victim);
        let took = time_until_screen_is(h, &welcome, crashed, Duration::from_secs(10));
        assert!(
            took.is_some(),
            "crash {round}: the welcome screen did not come back"
        );
        // The new process must be up before it can be killed again.
        assert!(kiosk_tests::wait_until(Duration::from_secs(5), || web_process(
            kiosk
        )
        .is_some_and(|p| p != victim)));
    }
    let victim = page_process(kiosk);
    kill(victim);
    // The fourth crash within the minute: the still page, not another reload.
    assert!(
        kiosk_tests::wait_until(Duration::from_secs(5), || h
            .log_since(log_start)
            .contains("GiveUp")),
        "the fourth crash is logged as giving up:\n{}",
        h.log_since(log_start)
    );
    // The still page is plain HTML on the kiosk's light background, #f7f5f0, filling the screen.
    let background = |f: &[u8]| f.chunks_exact(4).filter(|p| p[..3] == [0xf0, 0xf5, 0xf7]).count();
    let shown = kiosk_tests::wait_until(Duration::from_secs(5), || {
        let now = frame(h);
        changed_pixels(&now, &welcome) > 10_000 && background(&now) * 2 > now.len() / 4
    });
    let shot = h.screenshot_display("reliability-front-desk-page");
    assert!(
        shown,
        "the front desk page fills the screen; see {}",
        shot.display()
    );
    assert_eq!(kiosk_pid(h), kiosk, "the app itself kept running");
}

/// Runs `expression` (a JavaScript expression, maybe a promise) in the page and says how it
/// ended: `{ok: value}`, `{err: message}`, or `{hung: true}` after 10 s.
fn settle(app: &App, expression: &str) -> Value {
    let script = format!(
        "const hung = new Promise(r => setTimeout(() => r({{hung: true}}), 10000));
         const call = Promise.resolve().then(() => {expression})
             .then(v => ({{ok: v === undefined ? null : v}}), e => ({{err: String(e && (e.message || e.kind) || e).slice(0, 200)}}));
         return Promise.race([call, hung]);"
    );
    app.try_run(&script, vec![])
        .unwrap_or_else(|e| json!({ "driver-error": e }))
}

fn hostile_ipc_calls_are_refused_and_the_app_keeps_answering(h: &Harness) {
    let app = h.launch(&fixture("basic"), &[]);
    app.wait_for("screen-welcome");
    let kiosk = kiosk_pid(h);
    let web = page_process(kiosk);
    let invoke = "window.__TAURI__.core.invoke";
    let rejected = [
        format!("{invoke}('explainer', {{id: 5}})"),
        format!("{invoke}('library', {{}})"),
        format!("{invoke}('explainer', {{id: 'x'.repeat(10_000_000), lang: 'en'}})"),
        format!("{invoke}('print_checklist', {{lang: 'en', picks: 'nope'}})"),
        format!("{invoke}('no_such_command')"),
        format!("{invoke}('explainer', {{id: '../../../../etc/passwd', lang: '../en'}})"),
        format!("{invoke}('explainer', null)"),
        // Nested deeper than any JSON parser should follow.
        format!("{invoke}('resolve_questions', {{lang: 'en', picks: Array.from({{length: 3000}}).reduce(a => [a], [])}})"),
        format!("{invoke}('plugin:app|name')"),
    ];
    let ignored = ["window.ipc.postMessage('')", "window.ipc.postMessage('{')"];
    for call in &rejected {
        let started = Instant::now();
        let outcome = settle(&app, call);
        println!(
            "    {} → {outcome} ({} ms)",
            shorten(call),
            started.elapsed().as_millis()
        );
        assert!(
            outcome.get("err").is_some(),
            "{call} must be rejected, got {outcome}"
        );
        still_answers(&app, call);
    }
    for call in ignored {
        let outcome = settle(&app, call);
        println!("    {call} → {outcome}");
        assert!(
            outcome.get("ok").is_some() || outcome.get("err").is_some(),
            "{call} must return or throw, got {outcome}"
        );
        still_answers(&app, call);
    }
    // A huge but well-formed list is cut to size, not refused and not a crash.
    let many = settle(
        &app,
        &format!("{invoke}('resolve_questions', {{lang: 'en', picks: Array.from({{length: 200000}}, () => ({{doc: 'a', key: 'b'}}))}})"),
    );
    assert!(many.get("ok").is_some() || many.get("err").is_some(), "{many}");
    still_answers(&app, "200,000 picks");

    assert_eq!(kiosk_pid(h), kiosk, "the app never restarted");
    assert_eq!(web_process(kiosk), Some(web), "the web process never crashed");
    // And a patient can still use it.
    app.tap("lang-en");
    app.wait_for("screen-home");
}

fn shorten(call: &str) -> String {
    if call.len() > 90 {
        format!(
            "{}…",
            &call[..call.char_indices().nth(89).map_or(call.len(), |(i, _)| i)]
        )
    } else {
        call.to_string()
    }
}

fn still_answers(app: &App, after: &str) {
    let info = settle(app, "window.__TAURI__.core.invoke('kiosk_info')");
    assert!(
        info["ok"]["languages"].is_array(),
        "kiosk_info must still answer after {}: {info}",
        shorten(after)
    );
}

/// Taps after scrolling the element to the middle, clear of the bar fixed at the bottom.
fn tap(app: &App, id: &str) {
    app.tap_centered(id);
}

/// Every load the page makes, as WebKit's `resource-load-started` reports it to the app (the
/// kiosk logs each origin at debug level): WebKitGTK keeps no resource timing for custom schemes,
/// so the page's own `performance` entries hold little more than the navigation.
fn touring_every_screen_requests_nothing_outside_the_app(h: &Harness) {
    let log_start = h.log_mark();
    let app = h.launch(&root().join("content"), &[]);
    app.wait_for("screen-welcome");
    // Violations are recorded from here on; resources since the page started are all kept.
    app.run(
        "window.__violations = [];
         document.addEventListener('securitypolicyviolation',
             e => window.__violations.push({uri: e.blockedURI, directive: e.violatedDirective}));
         performance.setResourceTimingBufferSize(100000);",
        vec![],
    );
    let mut screens = 0;
    for lang in ["en", "es"] {
        if lang == "en" {
            tap(&app, "lang-en");
        } else {
            tap(&app, "switch-lang-es");
        }
        app.wait_for("screen-home");
        for tile in app.testids("tile-") {
            tap(&app, &tile);
            app.wait_for("screen-explainer");
            // Down to the sources and their QR codes, and every picture asked to load now: a
            // lazy one the scroll jumped past would never load, and its decode() never settle.
            app.run("window.scrollTo(0, document.body.scrollHeight)", vec![]);
            app.run(
                "for (const i of document.images) i.loading = 'eager';
                 return Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))",
                vec![],
            );
            screens += 1;
            tap(&app, "home-button");
            app.wait_for("screen-home");
        }
        tap(&app, "lists-tile");
        app.wait_for("screen-lists");
        tap(&app, "my-questions");
        app.wait_for("screen-review");
        screens += 3;
        tap(&app, "home-button");
        app.wait_for("screen-home");
    }
    // Probes: the listener must see what the page may not load.
    let probe = "const img = new Image(); img.src = 'http://192.0.2.1/probe.png';
         return fetch('https://example.com/probe').then(() => 'fetched', e => 'refused: ' + e)
             .then(r => new Promise(ok => setTimeout(() => ok(r), 300)));";
    let fetched = app.run(probe, vec![]);
    assert!(
        fetched.as_str().is_some_and(|s| s.starts_with("refused")),
        "{fetched}"
    );

    let entries = app.run(
        "return performance.getEntries()
             .filter(e => e.entryType === 'resource' || e.entryType === 'navigation')
             .map(e => e.name)",
        vec![],
    );
    let urls: Vec<String> = serde_json::from_value(entries).expect("a list of URLs");
    let origins = [
        "tauri://localhost",
        "ipc://localhost",
        "http://ipc.localhost",
        "media://localhost",
        "http://media.localhost",
    ];
    let own = |u: &str| {
        u.starts_with("data:")
            || origins.iter().any(|o| {
                u.strip_prefix(o)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
            })
    };
    let outside: Vec<&String> = urls.iter().filter(|u| !own(u)).collect();
    let probes = ["http://192.0.2.1/probe.png", "https://example.com/probe"];
    let outside: Vec<&&String> = outside.iter().filter(|u| !probes.contains(&u.as_str())).collect();
    assert!(outside.is_empty(), "resource timing outside the app: {outside:?}");

    let log = h.log_since(log_start);
    assert!(
        !log.contains("page load from outside the app"),
        "the app saw loads from outside:\n{log}"
    );
    let mut origins: std::collections::BTreeMap<&str, usize> = Default::default();
    for line in log.lines() {
        if let Some((_, origin)) = line.split_once("page load from ") {
            *origins.entry(origin.trim()).or_default() += 1;
        }
    }
    let loads: usize = origins.values().sum();
    println!("    {screens} screens toured; {loads} loads, by origin: {origins:?}");
    assert!(loads > 50, "the app saw the tour's loads: {origins:?}");
    assert!(
        origins.keys().all(|o| [
            "tauri://localhost",
            "ipc://localhost",
            "media://localhost",
            "data://"
        ]
        .contains(o)),
        "loads from other origins: {origins:?}"
    );

    let violations = app.run("return window.__violations", vec![]);
    let blocked: Vec<String> = violations
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["uri"].as_str().map(str::to_string))
        .collect();
    println!("    CSP violations: {violations}");
    assert!(
        probes.iter().all(|p| blocked
            .iter()
            .any(|b| b.starts_with(p) || p.starts_with(b.as_str()))),
        "the CSP listener saw both probes: {violations}"
    );
    assert_eq!(
        blocked.len(),
        probes.len(),
        "only the probes were blocked: {violations}"
    );

    // Below the page: no socket of the app or its WebKit processes reaches past loopback.
    let kiosk = kiosk_pid(h);
    let remote = non_loopback_peers(kiosk);
    assert!(remote.is_empty(), "sockets to other hosts: {remote:?}");
}

/// Remote addresses of the TCP and UDP sockets of `pid` and every process under it that are
/// neither loopback nor unconnected.
fn non_loopback_peers(pid: u32) -> Vec<String> {
    let mut inodes = std::collections::HashSet::new();
    for p in std::iter::once(pid).chain(watchdog::descendants(pid)) {
        let Ok(fds) = fs::read_dir(format!("/proc/{p}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = fs::read_link(fd.path()) {
                let target = target.to_string_lossy().into_owned();
                if let Some(inode) = target.strip_prefix("socket:[").and_then(|s| s.strip_suffix(']')) {
                    inodes.insert(inode.to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    for table in ["tcp", "tcp6", "udp", "udp6"] {
        let text = fs::read_to_string(format!("/proc/{pid}/net/{table}")).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (Some(remote), Some(inode)) = (cols.get(2), cols.get(9)) else {
                continue;
            };
            if inodes.contains(*inode) && !is_loopback_or_unset(remote) {
                found.push(format!("{table} {remote}"));
            }
        }
    }
    found
}

/// `/proc/net` addresses are hex, in host byte order per 32-bit word: 0100007F is 127.0.0.1.
fn is_loopback_or_unset(address: &str) -> bool {
    let host = address.split(':').next().unwrap_or_default();
    let unset = host.chars().all(|c| c == '0');
    let v4_loopback = host.len() == 8 && host.ends_with("7F");
    let v6_loopback = host == "00000000000000000000000001000000";
    let v4_mapped_loopback =
        host.len() == 32 && host.starts_with("0000000000000000FFFF0000") && host.ends_with("7F");
    unset || v4_loopback || v6_loopback || v4_mapped_loopback
}

/// Waits for the kiosk's page to be in a web process other than `old`, and for `old` to be gone.
fn renewed(kiosk: u32, old: u32) -> u32 {
    let mut fresh = None;
    assert!(
        kiosk_tests::wait_until(Duration::from_secs(5), || {
            fresh = web_process(kiosk).filter(|&p| p != old);
            fresh.is_some()
        }),
        "the web process ({old}) was not replaced"
    );
    assert!(
        kiosk_tests::wait_until(Duration::from_secs(5), || is_zombie(old)),
        "the old web process ({old}) is gone"
    );
    fresh.unwrap_or(old)
}

/// Every session end renews the web process (watchdog.rs), never a page change within a session:
/// after Start over the page runs in a new process, the WebDriver session carries on, and the
/// welcome screen works.
fn every_session_end_starts_a_fresh_web_process_and_the_welcome_screen_works(h: &Harness) {
    let app = h.launch(&fixture("basic"), &[]);
    let welcome = welcome_frame(h, &app);
    open_an_explainer(&app);
    let kiosk = kiosk_pid(h);
    let web = page_process(kiosk);
    // Reading, going home and reading again is one session: the same process throughout.
    app.tap("home-button");
    app.wait_for("screen-home");
    app.tap("tile-beta-therapy");
    app.wait_for("screen-explainer");
    assert_eq!(web_process(kiosk), Some(web), "no restart in front of a patient");

    let log_start = h.log_mark();
    let ended = Instant::now();
    app.tap("start-over");
    let took = time_until_screen_is(h, &welcome, ended, Duration::from_secs(10));
    println!(
        "    session ended: fresh web process, welcome screen back in {:?} ms",
        took.map(|t| t.as_millis())
    );
    assert!(took.is_some(), "the welcome screen came back");
    let fresh = renewed(kiosk, web);
    // The same WebDriver session drives the new page: the welcome screen answers a tap.
    app.wait_for("screen-welcome");
    app.tap("lang-en");
    app.wait_for("screen-home");
    assert_eq!(app.text("my-questions"), "My questions (0)");
    assert_eq!(
        web_process(kiosk),
        Some(fresh),
        "the new page is in the new process"
    );
    assert_eq!(kiosk_pid(h), kiosk, "the app itself kept running");
    // A session end from a script in the page: WebKitWebDriver loses its session with the
    // process the script ran in, and the harness opens a new one on the same kiosk.
    app.tap("tile-alpha-therapy");
    app.wait_for("screen-explainer");
    app.run(
        "document.querySelector('[data-testid=start-over]').click()",
        vec![],
    );
    app.wait_for("screen-welcome");
    app.tap("lang-en");
    app.wait_for("screen-home");
    renewed(kiosk, fresh);
    let log = h.log_since(log_start);
    assert!(
        log.contains("session ended: starting a fresh web process"),
        "{log}"
    );
    assert!(log.contains("restarted on purpose"), "{log}");
    assert!(
        !log.contains("GiveUp") && !log.contains("the web process ended"),
        "a planned restart is not counted as a crash:\n{log}"
    );
}
