//! The kiosk's start-up, memory and responsiveness benchmarks, against Chromium in kiosk mode
//! where Chromium can stand in. `scripts/kiosk bench` runs this (`scripts/bench` documents the
//! options); figures are printed and kept in `target/bench/results.txt`.
//!
//! 1. launch: from exec to the screen settling on the welcome screen, timed from the X server's
//!    DAMAGE events. Chromium has no Tauri backend: bench/tauri-replay.js answers the welcome
//!    screen's calls with the kiosk's own replies, recorded just before, so both draw it;
//! 2. idle: PSS summed over every process of each at 10 s, and CPU over the next 60 s;
//! 3. soak: 10,000 explainer visits (tile, then Home) driven over WebDriver, PSS every 1,000;
//! 4. tap: a WebDriver tap on a tile to the explainer painted, in the page's own clock.

mod procs;
mod screen;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kiosk_tests::{root, target_dir, Harness};
use procs::{Mem, Tree};
use serde_json::{json, Value};

struct Options {
    what: Vec<String>,
    runs: usize,
    navigations: usize,
    /// End the session (Start over, as the idle timer does) every this many visits.
    session: Option<usize>,
    taps: usize,
    idle: Duration,
}

fn options() -> Options {
    let mut o = Options {
        what: Vec::new(),
        runs: 5,
        navigations: 10_000,
        session: None,
        taps: 200,
        idle: Duration::from_secs(60),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut number = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match a.as_str() {
            "--runs" => o.runs = number("--runs").max(1),
            "--navigations" => o.navigations = number("--navigations").max(2_000),
            "--session" => o.session = Some(number("--session").clamp(25, 1_000) / 25 * 25),
            "--taps" => o.taps = number("--taps").max(20),
            "--idle-seconds" => o.idle = Duration::from_secs(number("--idle-seconds") as u64),
            "launch" | "soak" | "tap" | "breakdown" | "all" => o.what.push(a),
            // cargo bench adds --bench.
            "--bench" => {}
            other => panic!("unknown argument {other:?}: use launch, soak, tap or all and --runs N, --navigations N, --session N, --taps N, --idle-seconds N"),
        }
    }
    if o.what.is_empty() || o.what.iter().any(|w| w == "all") {
        o.what = vec!["launch".into(), "soak".into(), "tap".into()];
    }
    o
}

/// Everything printed is also kept for the report.
struct Report {
    text: String,
    path: PathBuf,
}

impl Report {
    fn line(&mut self, s: impl AsRef<str>) {
        println!("{}", s.as_ref());
        let _ = writeln!(self.text, "{}", s.as_ref());
        let _ = std::fs::write(&self.path, &self.text);
    }
}

fn main() {
    let o = options();
    let out = target_dir().join("bench");
    std::fs::create_dir_all(&out).expect("create target/bench");
    let mut r = Report {
        text: String::new(),
        path: out.join("results.txt"),
    };
    if std::env::var_os("KIOSK_BIN").is_none() {
        let bin = target_dir().join("release").join("clinic-kiosk");
        assert!(
            bin.exists(),
            "build it first: cargo build --release -p clinic-kiosk"
        );
        std::env::set_var("KIOSK_BIN", &bin);
    }
    machine(&mut r);
    let h = Harness::start().unwrap_or_else(|e| panic!("harness: {e}"));
    if o.what.iter().any(|w| w == "breakdown") {
        breakdown_launch(&mut r, &h, o.runs);
    }
    if o.what.iter().any(|w| w == "launch") {
        launch_and_idle(&mut r, &h, &o, &out);
    }
    if o.what.iter().any(|w| w == "soak") {
        soak(&mut r, &h, o.navigations, o.session);
    }
    if o.what.iter().any(|w| w == "tap") {
        taps(&mut r, &h, o.taps);
    }
    h.shutdown();
    r.line(format!("(kept in {})", r.path.display()));
}

/// The machine's load average: other work on it skews every figure.
fn load() -> String {
    sh("cut -d' ' -f1-3 /proc/loadavg")
}

fn sh(cmd: &str) -> String {
    Command::new("sh")
        .args(["-c", cmd])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine(r: &mut Report) {
    r.line("# Machine");
    r.line(format!(
        "cores {}; {}; memory {}; kernel {}",
        sh("nproc"),
        sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
        sh("free -h | awk '/Mem:/{print $2\" total, \"$7\" available\"}'"),
        sh("uname -r")
    ));
    r.line(format!(
        "WebKitGTK {}; {}; load average now {}",
        sh("dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0"),
        sh("chromium --version 2>/dev/null"),
        load()
    ));
    r.line(format!(
        "kiosk binary {}",
        std::env::var("KIOSK_BIN").unwrap_or_default()
    ));
}

fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    // Nearest rank.
    let rank = ((p / 100.0) * s.len() as f64).ceil().max(1.0) as usize;
    s[rank.min(s.len()) - 1]
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// What one launch measured.
struct Launch {
    first_paint: Option<Duration>,
    settled: Option<Duration>,
    mem: Mem,
    by_kind: BTreeMap<String, Mem>,
    cpu_percent: f64,
    /// WebKit or Chromium processes of other programs running at the time.
    strangers: usize,
    /// When the screen changed, in ms after exec.
    frames: Vec<u128>,
}

/// `kind pss/heap` for each kind of process.
fn breakdown(by_kind: &BTreeMap<String, Mem>) -> String {
    by_kind
        .iter()
        .map(|(k, m)| format!("{k} {:.1}/{:.1}", mib(m.pss), mib(m.heap)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone, Copy, PartialEq)]
enum Peer {
    Kiosk,
    Chromium,
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::Kiosk => "kiosk",
            Peer::Chromium => "chromium",
        }
    }
}

/// The UI served over HTTP on loopback for Chromium (ES modules do not load from file://).
struct Server(Child, u16);

impl Server {
    fn start(replies: &Path) -> Self {
        let mut child = Command::new("python3")
            .arg(root().join("bench").join("serve.py"))
            .arg(root().join("ui"))
            .arg(replies)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 bench/serve.py");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("the port");
        let port = line.trim().parse().expect("a port number");
        Server(child, port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(peer: Peer, h: &Harness, port: u16, profile: &Path) -> (Tree, Child) {
    let mut cmd = match peer {
        Peer::Kiosk => {
            let mut c = Command::new(std::env::var("KIOSK_BIN").expect("KIOSK_BIN"));
            c.arg("--content").arg(root().join("content"));
            c.env("RUST_LOG", "warn");
            c
        }
        Peer::Chromium => {
            let mut c = Command::new("chromium");
            c.args([
                "--kiosk",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--password-store=basic",
                // No window manager: place the window as the kiosk places its own.
                "--window-position=0,0",
                "--window-size=1920,1080",
            ]);
            c.arg(format!("--user-data-dir={}", profile.display()));
            c.arg(format!("http://127.0.0.1:{port}/index.html"));
            c
        }
    };
    let child = cmd
        .env("DISPLAY", h.display())
        .env("GDK_BACKEND", "x11")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", peer.name()));
    let tree = Tree {
        root: child.id(),
        marker: (peer == Peer::Chromium).then(|| profile.display().to_string()),
    };
    (tree, child)
}

fn launch_once(peer: Peer, h: &Harness, port: u16, idle: Duration, shot: Option<&Path>) -> Launch {
    let watcher = screen::Watcher::new(h.display()).expect("X DAMAGE");
    let profile = tempfile::tempdir().expect("a fresh profile folder");
    watcher.reset().expect("reset damage");
    let start = Instant::now();
    let (tree, mut child) = spawn(peer, h, port, profile.path());
    let timeline = watcher
        .watch(start, Duration::from_secs(10))
        .expect("watch the screen");
    if let Some(path) = shot {
        let _ = kiosk_tests::save_png(path, timeline.size, &timeline.last);
    }
    if !timeline.drew_something() {
        eprintln!("  {}: the screen is blank after 10 s", peer.name());
    }
    let (mem, by_kind) = tree.memory();
    let strangers = procs::strangers(&[&tree]);
    let before = tree.ticks();
    let t0 = Instant::now();
    std::thread::sleep(idle);
    let cpu = procs::cpu_seconds(&before, &tree.ticks());
    let cpu_percent = 100.0 * cpu / t0.elapsed().as_secs_f64();
    if !procs::stop(&tree, "TERM", 10) {
        procs::stop(&tree, "KILL", 5);
    }
    let _ = child.wait();
    // Let the X server and the page cache quieten before the next run.
    std::thread::sleep(Duration::from_secs(2));
    Launch {
        first_paint: timeline.first_paint(),
        settled: timeline.settled(),
        mem,
        by_kind,
        cpu_percent,
        strangers,
        frames: timeline.frames.iter().map(|f| f.at.as_millis()).collect(),
    }
}

fn ms(d: Option<Duration>) -> f64 {
    d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

/// The kiosk's replies to the calls its welcome screen makes, keyed as bench/tauri-replay.js
/// looks them up, for Chromium to draw the same screen.
const RECORD: &str = r#"
return (async () => {
  const invoke = window.__TAURI__.core.invoke;
  const replies = {};
  const info = await invoke('kiosk_info');
  replies['kiosk_info:'] = info;
  for (const { code } of info.languages) {
    replies[`ui_strings:${code}`] = await invoke('ui_strings', { lang: code });
    replies[`library:${code}`] = await invoke('library', { lang: code });
  }
  return replies;
})();
"#;

fn record_replies(h: &Harness, out: &Path) -> PathBuf {
    let app = h.launch(&root().join("content"), &[]);
    app.wait_for("screen-welcome");
    let replies = app.run(RECORD, vec![]);
    let path = out.join("replies.json");
    std::fs::write(&path, replies.to_string()).expect("write replies.json");
    path
}

/// A line of the summary: its name, the figure of one launch, a note.
type Row<'a> = (&'a str, &'a dyn Fn(&Launch) -> f64, &'a str);

fn launch_and_idle(r: &mut Report, h: &Harness, o: &Options, out: &Path) {
    let server = Server::start(&record_replies(h, out));
    r.line(format!(
        "\n# 1-2. Launch, idle memory, idle CPU ({} runs each, alternating; idle CPU over {} s); load {}",
        o.runs,
        o.idle.as_secs(),
        load()
    ));
    // One untimed launch of each first, so both start with their libraries in the page cache.
    for peer in [Peer::Kiosk, Peer::Chromium] {
        launch_once(peer, h, server.1, Duration::from_secs(1), None);
    }
    let mut results: BTreeMap<&str, Vec<Launch>> = BTreeMap::new();
    for run in 1..=o.runs {
        for peer in [Peer::Kiosk, Peer::Chromium] {
            let shot = out.join(format!("launch-{}-{run}.png", peer.name()));
            let l = launch_once(peer, h, server.1, o.idle, Some(&shot));
            r.line(format!(
                "run {run} {:<8} first paint {:>5.0} ms, settled {:>5.0} ms, PSS {:>5.1} MiB (heap {:.1}, USS {:.1}), idle CPU {:.3} %  [PSS/heap: {}]{}",
                peer.name(),
                ms(l.first_paint),
                ms(l.settled),
                mib(l.mem.pss),
                mib(l.mem.heap),
                mib(l.mem.uss),
                l.cpu_percent,
                breakdown(&l.by_kind),
                if l.strangers > 0 {
                    format!(" ({} other WebKit/Chromium processes running)", l.strangers)
                } else {
                    String::new()
                }
            ));
            r.line(format!("      screen changes at (ms): {:?}", l.frames));
            results.entry(peer.name()).or_default().push(l);
        }
    }
    let med = |peer: &str, f: &dyn Fn(&Launch) -> f64| -> f64 {
        median(&results[peer].iter().map(f).collect::<Vec<_>>())
    };
    let rows: [Row; 6] = [
        ("first paint (ms)", &|l| ms(l.first_paint), ""),
        (
            "launch to welcome settled (ms)",
            &|l| ms(l.settled),
            "target: at most half of Chromium's",
        ),
        (
            "PSS after 10 s (MiB)",
            &|l| mib(l.mem.pss),
            "target: at most half of Chromium's",
        ),
        ("  of which heap (MiB)", &|l| mib(l.mem.heap), ""),
        ("USS after 10 s (MiB)", &|l| mib(l.mem.uss), ""),
        (
            "idle CPU (% of a core)",
            &|l| l.cpu_percent,
            "target: under 0.5 %",
        ),
    ];
    r.line("\nmedians            kiosk   chromium   kiosk/chromium");
    for (name, f, note) in rows {
        let (k, c) = (med("kiosk", f), med("chromium", f));
        r.line(format!("{name:<32} {k:>9.2} {c:>9.2} {:>8.2}   {note}", k / c));
    }
    r.line(format!("final frames saved as {}/launch-*.png", out.display()));
}

/// The kiosk the harness launched: the `clinic-kiosk` under tauri-driver.
fn kiosk_tree(h: &Harness) -> Tree {
    let driver = h.driver_pid().expect("tauri-driver");
    let pid = procs::named_under(driver, "clinic-kiosk")
        .into_iter()
        .max()
        .expect("a clinic-kiosk under tauri-driver");
    Tree {
        root: pid,
        marker: None,
    }
}

/// Opens each explainer in `ids` from home and goes back, in the page; returns the ms from each
/// tile's click to the explainer painted (a frame after it is in the document).
const VISIT: &str = r#"
return (async (ids) => {
  const appear = (sel) => new Promise((resolve, reject) => {
    if (document.querySelector(sel)) return resolve();
    // The time limit is cleared once the element is there: the soak measures the page's memory,
    // and thousands of pending timers would be the bench's own.
    const limit = setTimeout(() => { mo.disconnect(); reject(new Error('no ' + sel)); }, 10000);
    const mo = new MutationObserver(() => {
      if (document.querySelector(sel)) { mo.disconnect(); clearTimeout(limit); resolve(); }
    });
    mo.observe(document.body, { childList: true, subtree: true });
  });
  const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const times = [];
  for (const id of ids) {
    // A touch, as far as the idle timer knows: the session must not time out mid-soak.
    document.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    const t0 = performance.now();
    document.querySelector(`[data-testid="tile-${id}"]`).click();
    await appear('[data-testid=screen-explainer]');
    await painted();
    times.push(performance.now() - t0);
    document.querySelector('[data-testid=home-button]').click();
    await appear('[data-testid=screen-home]');
    await painted();
  }
  return times;
})(arguments[0]);
"#;

fn soak(r: &mut Report, h: &Harness, navigations: usize, session: Option<usize>) {
    r.line(format!(
        "\n# 3. Soak: {navigations} explainer visits (tap a tile, then Home), memory every 1,000{}; load {}",
        session.map_or(String::new(), |n| format!(", Start over every {n} visits")),
        load()
    ));
    let app = h.launch(&root().join("content"), &[]);
    let begin = || {
        app.tap("lang-en");
        app.wait_for("screen-home");
    };
    begin();
    let tiles: Vec<String> = app
        .testids("tile-")
        .into_iter()
        .map(|t| t.trim_start_matches("tile-").to_string())
        .collect();
    let tree = kiosk_tree(h);
    let sample = |done: usize, r: &mut Report| -> Mem {
        // A pause, as between patients, then the lowest of five readings 2 s apart: what the
        // page still holds once garbage it has not collected yet is gone. A leak raises the floor;
        // garbage only the peaks, which moved a single reading by ±5 MiB.
        let mut least: Option<(Mem, BTreeMap<String, Mem>)> = None;
        for _ in 0..5 {
            std::thread::sleep(Duration::from_secs(2));
            let now = tree.memory();
            if least.as_ref().is_none_or(|(m, _)| now.0.heap < m.heap) {
                least = Some(now);
            }
        }
        let (total, by_kind) = least.expect("five readings");
        r.line(format!(
            "after {done:>6}: PSS {:>6.1} MiB, heap {:>6.1} MiB, USS {:>6.1} MiB  [PSS/heap: {}] ({} other WebKit/Chromium processes)",
            mib(total.pss),
            mib(total.heap),
            mib(total.uss),
            breakdown(&by_kind),
            procs::strangers(&[&tree])
        ));
        total
    };
    let mut samples = vec![(0usize, sample(0, r))];
    let mut open_ms = Vec::new();
    let started = Instant::now();
    let batch = 25;
    let mut done = 0;
    while done < navigations {
        let ids: Vec<&String> = (done..done + batch).map(|i| &tiles[i % tiles.len()]).collect();
        let times = app.run(VISIT, vec![json!(ids)]);
        let times: Vec<f64> = serde_json::from_value(times).expect("a list of times");
        if done >= 1_000 {
            open_ms.extend(times);
        }
        done += batch;
        if session.is_some_and(|n| done % n == 0) {
            // As a patient leaving: the page reloads to the welcome screen, and a new one begins.
            app.run(
                "document.querySelector('[data-testid=start-over]').click()",
                vec![],
            );
            app.wait_for("screen-welcome");
            begin();
        }
        if done % 1_000 == 0 {
            samples.push((done, sample(done, r)));
        }
    }
    let took = started.elapsed();
    app.tap("start-over");
    r.line(format!(
        "{navigations} visits in {:.0} s; load {}",
        took.as_secs_f64(),
        load()
    ));
    // Growth after the warm-up: the least-squares slope through the samples from 1,000 on, and
    // the last sample less the first, both scaled to 10,000 visits.
    // The heap is what a leak grows; PSS and USS also move when other programs map the same
    // libraries and when the kernel reclaims cold file pages, so the target is judged on the heap.
    let measures: [Measure; 3] = [("heap", |m| m.heap), ("PSS", |m| m.pss), ("USS", |m| m.uss)];
    for (name, f) in measures {
        let points: Vec<(f64, f64)> = samples
            .iter()
            .filter(|(n, _)| *n >= 1_000)
            .map(|(n, m)| (*n as f64, mib(f(m))))
            .collect();
        let (first, last) = (points.first().copied(), points.last().copied());
        let end_less_start = match (first, last) {
            (Some(a), Some(b)) if b.0 > a.0 => (b.1 - a.1) / (b.0 - a.0) * 10_000.0,
            _ => f64::NAN,
        };
        r.line(format!(
            "growth per 10,000 visits after 1,000 warm-up, {name}: {:+.2} MiB (least-squares fit), {:+.2} MiB (last less first); target under 5 MiB",
            slope(&points) * 10_000.0,
            end_less_start
        ));
    }
    r.line(format!(
        "in-page click to explainer painted during the soak (after warm-up, {} visits): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        open_ms.len(),
        percentile(&open_ms, 50.0),
        percentile(&open_ms, 95.0),
        percentile(&open_ms, 100.0)
    ));
}

/// A memory figure to fit: its name and how to read it from a sample.
type Measure = (&'static str, fn(&Mem) -> u64);

fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let num: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let den: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    num / den
}

/// Arms the page to time the next tap: the pointerdown's time, and a frame after the explainer
/// is in the document.
const ARM: &str = r#"
const [id] = arguments;
window.__tap = null; window.__painted = null;
window.addEventListener('pointerdown', (e) => {
  window.__tap = { now: performance.now(), stamp: e.timeStamp };
}, { capture: true, once: true });
const mo = new MutationObserver(() => {
  if (document.querySelector('[data-testid=screen-explainer]')) {
    mo.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }, 0));
  }
});
mo.observe(document.body, { childList: true, subtree: true });
document.querySelector(`[data-testid="tile-${id}"]`).scrollIntoView({ block: 'center' });
"#;

const READ: &str = r#"
return (async () => {
  for (let i = 0; i < 1000 && window.__painted == null; i++) await new Promise((r) => setTimeout(r, 5));
  return { tap: window.__tap, painted: window.__painted };
})();
"#;

const HOME: &str = r#"
return (async () => {
  document.querySelector('[data-testid=home-button]').click();
  for (let i = 0; i < 1000 && !document.querySelector('[data-testid=screen-home]'); i++)
    await new Promise((r) => setTimeout(r, 5));
})();
"#;

fn taps(r: &mut Report, h: &Harness, n: usize) {
    r.line(format!(
        "\n# 4. Tap to explainer painted: {n} WebDriver taps on tiles (after 20 untimed); load {}",
        load()
    ));
    let app = h.launch(&root().join("content"), &[]);
    app.tap("lang-en");
    app.wait_for("screen-home");
    let tiles = app.testids("tile-");
    let (mut from_handler, mut from_stamp) = (Vec::new(), Vec::new());
    for i in 0..n + 20 {
        let tile = &tiles[i % tiles.len()];
        app.run(ARM, vec![json!(tile.trim_start_matches("tile-"))]);
        app.tap(tile);
        let v: Value = app.run(READ, vec![]);
        let painted = v["painted"].as_f64().expect("the explainer painted");
        let handler = v["tap"]["now"].as_f64().expect("the tap arrived");
        let stamp = v["tap"]["stamp"].as_f64().unwrap_or(f64::NAN);
        if i >= 20 {
            from_handler.push(painted - handler);
            from_stamp.push(painted - stamp);
        }
        app.run(HOME, vec![]);
    }
    r.line(format!(
        "pointerdown handler to painted: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; target p95 under 100 ms",
        percentile(&from_handler, 50.0),
        percentile(&from_handler, 95.0),
        percentile(&from_handler, 100.0)
    ));
    r.line(format!(
        "pointerdown event timestamp to painted: p50 {:.1} ms, p95 {:.1} ms",
        percentile(&from_stamp, 50.0),
        percentile(&from_stamp, 95.0)
    ));
}

/// Where a launch's time goes, from the page's own clock: what the page loaded and when, the
/// IPC calls, and the welcome screen shown (the `welcome-shown` mark main.js sets), each in ms
/// after the process started.
const TIMELINE: &str = r#"
const nav = performance.getEntriesByType('navigation')[0] || {};
const mark = performance.getEntriesByName('welcome-shown')[0];
return {
  origin: performance.timeOrigin,
  nav: { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
         dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
  resources: performance.getEntriesByType('resource').map((e) => ({
    name: e.name.replace(/^[a-z]+:\/\/localhost\//, ''), start: e.startTime, end: e.responseEnd })),
  paints: performance.getEntriesByType('paint').map((e) => ({ name: e.name, at: e.startTime })),
  welcome: mark ? mark.startTime : null,
};
"#;

fn breakdown_launch(r: &mut Report, h: &Harness, runs: usize) {
    r.line(format!(
        "\n# Launch breakdown (under WebDriver; ms after the process started, ±10 ms); load {}",
        load()
    ));
    for run in 1..=runs {
        let app = h.launch(&root().join("content"), &[]);
        app.wait_for("screen-welcome");
        let started = procs::started_at_ms(kiosk_tree(h).root);
        let v = app.run(TIMELINE, vec![]);
        let base = v["origin"].as_f64().unwrap_or(f64::NAN) - started;
        let at = |x: &Value| x.as_f64().map_or(f64::NAN, |x| x + base);
        let mut line = format!(
            "run {run}: navigation starts {base:.0}, HTML in {:.0}, DOM interactive {:.0}, DOMContentLoaded {:.0}, load {:.0}, welcome shown {:.0}",
            at(&v["nav"]["responseEnd"]),
            at(&v["nav"]["domInteractive"]),
            at(&v["nav"]["dcl"]),
            at(&v["nav"]["load"]),
            at(&v["welcome"])
        );
        for p in v["paints"].as_array().into_iter().flatten() {
            let _ = write!(
                line,
                ", {} {:.0}",
                p["name"].as_str().unwrap_or("?"),
                at(&p["at"])
            );
        }
        r.line(line);
        let resources: Vec<String> = v["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "{} {:.0}-{:.0}",
                    e["name"].as_str().unwrap_or("?"),
                    at(&e["start"]),
                    at(&e["end"])
                )
            })
            .collect();
        r.line(format!("      {}", resources.join(", ")));
    }
}
