//! The end-to-end harness: drives the built `clinic-kiosk` in a real window under Xvfb through
//! WebDriver (tauri-driver in front of WebKitWebDriver).
//!
//! One test run starts Xvfb, a window manager and tauri-driver once ([`Harness::start`]) and stops
//! them in [`Harness::shutdown`], which the e2e runner calls also when tests fail. Each test
//! launches the app with its own content folder ([`Harness::launch`]) and talks to it through
//! [`App`], a small synchronous API over `data-testid`s, so a new test is a few lines.

pub mod audio;

use std::cell::RefCell;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::runtime::Runtime;

/// How long to wait for the UI to reach a state before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// Between two looks at the page while waiting for it: a look is one WebDriver round trip of a
/// few milliseconds, and every wait (each screen a test taps to) loses half of this on average.
const POLL: Duration = Duration::from_millis(25);

/// How long a failed WebDriver command's session is given to end, when the web process under it
/// is going (a session end), before the failure counts as the command's own.
const SESSION_GOING: Duration = Duration::from_secs(2);

/// The workspace root: where `content/`, `tests/` and `target/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target folder, honouring `CARGO_TARGET_DIR`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// A folder of test fixtures under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// The screen size of the virtual display, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
}

/// The kiosk's common displays.
pub const LANDSCAPE: Screen = Screen {
    width: 1920,
    height: 1080,
};

/// A touchscreen mounted on its side.
pub const PORTRAIT: Screen = Screen {
    width: 1080,
    height: 1920,
};

/// A small all-in-one touchscreen.
pub const SMALL: Screen = Screen {
    width: 1280,
    height: 800,
};

/// The processes one test run shares.
pub struct Harness {
    rt: Runtime,
    bin: PathBuf,
    display: String,
    driver_url: String,
    children: Mutex<Vec<(&'static str, Child)>>,
    screenshots: PathBuf,
    logs: PathBuf,
    /// Extra environment for tauri-driver, and so for every kiosk it launches.
    app_env: Vec<(String, String)>,
}

impl Harness {
    /// Builds the app, then starts Xvfb, the window manager and tauri-driver.
    pub fn start() -> Result<Self, String> {
        Self::start_on(LANDSCAPE)
    }

    /// Like [`Harness::start`], on a display of another size: a test that needs one starts its
    /// own harness beside the shared one (the kiosk sizes its window to the display).
    pub fn start_on(screen: Screen) -> Result<Self, String> {
        Self::start_with_env(screen, &[])
    }

    /// Like [`Harness::start_on`], with extra environment variables for every kiosk it launches
    /// (tauri-driver passes its own environment on to the app).
    pub fn start_with_env(screen: Screen, env: &[(&str, &str)]) -> Result<Self, String> {
        let bin = build_app()?;
        let e2e_dir = target_dir().join("e2e");
        let screenshots = e2e_dir.join("screenshots");
        fs::create_dir_all(&screenshots)
            .map_err(|e| format!("cannot create {}: {e}", screenshots.display()))?;
        let logs = e2e_dir.join("logs");
        fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let mut harness = Self {
            rt,
            bin,
            display: String::new(),
            driver_url: String::new(),
            children: Mutex::new(Vec::new()),
            screenshots,
            logs,
            app_env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        };
        if let Err(err) = harness.start_processes(screen) {
            harness.shutdown();
            return Err(err);
        }
        Ok(harness)
    }

    fn start_processes(&mut self, screen: Screen) -> Result<(), String> {
        let display_no = free_display()?;
        self.display = format!(":{display_no}");
        let xvfb = Command::new("Xvfb")
            .args([
                &self.display,
                "-screen",
                "0",
                &format!("{}x{}x24", screen.width, screen.height),
            ])
            .args(["-nolisten", "tcp", "-noreset"])
            .stdout(Stdio::null())
            .stderr(self.log_file("xvfb")?)
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (apt-get install xvfb): {e}"))?;
        self.remember("Xvfb", xvfb);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display_no}"));
        if !wait_until(Duration::from_secs(10), || socket.exists()) {
            return Err("Xvfb did not start within 10 s".into());
        }

        // No window manager: WebKitWebDriver's screenshots hang under matchbox, and the kiosk sizes
        // its window to the monitor itself, so a bare X server shows what a kiosk screen shows.
        let [port, native_port] = free_ports()?;
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &self.display)
            .env("GDK_BACKEND", "x11")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            // The window's debug lines name the origin of every load the page makes, which
            // reliability.rs's tour reads; they cost nothing else.
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "info,clinic_kiosk::window=debug".into()),
            )
            // Last, so that a test's own settings win.
            .envs(self.app_env.iter().map(|(k, v)| (k, v)))
            .stdout(self.log_file("app")?)
            .stderr(self.log_file("tauri-driver")?)
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (cargo install --locked tauri-driver): {e}"))?;
        self.remember("tauri-driver", driver);
        // tauri-driver listens before the WebKitWebDriver behind it does: wait for both.
        let listening = |p: u16| TcpStream::connect(("127.0.0.1", p)).is_ok();
        if !wait_until(Duration::from_secs(20), || {
            listening(port) && listening(native_port)
        }) {
            return Err("tauri-driver and WebKitWebDriver did not listen within 20 s".into());
        }
        self.driver_url = format!("http://127.0.0.1:{port}");
        Ok(())
    }

    fn remember(&self, name: &'static str, child: Child) {
        self.children
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((name, child));
    }

    fn log_file(&self, name: &str) -> Result<fs::File, String> {
        let path = self.logs.join(format!("{name}.log"));
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))
    }

    /// Where the app's own log is written. The kiosk logs to stderr, and WebKitWebDriver starts
    /// it with the stderr it got from tauri-driver, so its lines land in tauri-driver's log.
    pub fn app_log(&self) -> PathBuf {
        self.logs.join("tauri-driver.log")
    }

    /// Where the app log ends now: pass it to [`Harness::log_since`] to read only what a step
    /// made the kiosk log (tests run one at a time, so the lines after it are the test's own).
    pub fn log_mark(&self) -> u64 {
        fs::metadata(self.app_log()).map(|m| m.len()).unwrap_or(0)
    }

    /// The app log written since `mark` ([`Harness::log_mark`]).
    pub fn log_since(&self, mark: u64) -> String {
        let text = fs::read(self.app_log()).unwrap_or_default();
        let from = usize::try_from(mark).unwrap_or(usize::MAX).min(text.len());
        String::from_utf8_lossy(&text[from..]).into_owned()
    }

    /// Waits until the kiosk logs a line containing `needle` after `mark`, and returns that
    /// line. Panics after [`WAIT`] with the log it saw: the event is what a test waits for, so
    /// an event that never comes fails the test.
    pub fn wait_for_log(&self, mark: u64, needle: &str) -> String {
        let mut found = None;
        let seen = wait_until(WAIT, || {
            found = self
                .log_since(mark)
                .lines()
                .find(|l| l.contains(needle))
                .map(str::to_string);
            found.is_some()
        });
        match found {
            Some(line) if seen => line,
            _ => panic!(
                "the kiosk did not log “{needle}” within {WAIT:?}; it logged:\n{}",
                self.log_since(mark)
            ),
        }
    }

    /// The built `clinic-kiosk`, for a test that runs one of its subcommands (`check`, `review`).
    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// The X display the kiosks run on, such as `:90`.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Saves the display as `target/e2e/screenshots/NAME.png` without asking the page anything,
    /// for when the page may be gone (a crashed web process), and returns its path.
    pub fn screenshot_display(&self, name: &str) -> PathBuf {
        let path = self.screenshots.join(format!("{name}.png"));
        if let Err(e) = x11_screenshot(&self.display, &path) {
            eprintln!("cannot take screenshot {name}: {e}");
        }
        path
    }

    /// The process id of tauri-driver: every kiosk the harness launches runs under it.
    pub fn driver_pid(&self) -> Option<u32> {
        let children = self.children.lock().unwrap_or_else(|p| p.into_inner());
        children
            .iter()
            .find(|(name, _)| *name == "tauri-driver")
            .map(|(_, child)| child.id())
    }

    /// Starts the kiosk on `content` with extra command-line arguments.
    pub fn launch(&self, content: &Path, extra_args: &[&str]) -> App<'_> {
        let mut args: Vec<String> = vec!["--content".into(), content.display().to_string()];
        args.extend(extra_args.iter().map(|s| s.to_string()));
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": self.bin.display().to_string(), "args": args },
        });
        let Value::Object(caps) = caps else {
            unreachable!("a json! object is an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = self
            .rt
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&self.driver_url),
            )
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the kiosk through tauri-driver: {e}\n(see {})",
                    self.logs.display()
                )
            });
        // The kiosk is the newest clinic-kiosk under tauri-driver: tests launch one at a time.
        let kiosk = self.driver_pid().and_then(|driver| {
            descendants(driver)
                .into_iter()
                .filter(|&p| process_name(p) == "clinic-kiosk")
                .max()
        });
        App {
            h: self,
            client: RefCell::new(Some(client)),
            kiosk,
            reattached: RefCell::new(Vec::new()),
        }
    }

    /// Stops every process the harness started. Safe to call more than once.
    pub fn shutdown(&self) {
        let mut children = self.children.lock().unwrap_or_else(|p| p.into_inner());
        while let Some((_, mut child)) = children.pop() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// One running kiosk, driven over WebDriver. Closing it (also on panic) ends the app.
///
/// Every session end gives the page a fresh web process, and WebKitWebDriver ends its session
/// when the process under it goes ("session deleted because of page crash or hang"), though the
/// kiosk runs on. So when a command finds the session gone, the App opens a new one on the same
/// kiosk (a WebKitWebDriver of its own, pointed at the kiosk's automation server) and carries on
/// with the next command: a session end in the middle of a test is just a step.
pub struct App<'h> {
    h: &'h Harness,
    client: RefCell<Option<Client>>,
    /// The kiosk's process, once found: where its automation server's address is read.
    kiosk: Option<u32>,
    /// WebKitWebDrivers started to reattach, newest last.
    reattached: RefCell<Vec<Child>>,
}

/// The CSS selector for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App<'_> {
    fn client(&self) -> Client {
        self.client
            .borrow()
            .clone()
            .expect("the session is open until drop")
    }

    fn block<T>(&self, fut: impl std::future::Future<Output = T>) -> T {
        self.h.rt.block_on(fut)
    }

    /// The kiosk's process id, as launched for this App.
    pub fn kiosk_pid(&self) -> Option<u32> {
        self.kiosk
    }

    /// True when the WebDriver session no longer answers even the simplest command.
    fn session_lost(&self) -> bool {
        self.block(self.client().execute("return 1", vec![])).is_err()
    }

    /// After a failed command: if the session is gone, opens a new one on the same kiosk and
    /// says so (true); false if the session is fine and the failure was the command's own. A
    /// command can fail while the old web process is still on its way out and the session still
    /// answers, so the session is given [`SESSION_GOING`] to go.
    fn recover(&self) -> bool {
        if !wait_until(SESSION_GOING, || self.session_lost()) {
            return false;
        }
        match self.reattach() {
            Ok(()) => true,
            Err(e) => panic!("the WebDriver session ended and could not be opened again: {e}"),
        }
    }

    /// Opens a new WebDriver session on this App's kiosk through a WebKitWebDriver started with
    /// `--target`, the kiosk's automation server (WebKitWebDriver gave it one when it launched it,
    /// in `WEBKIT_INSPECTOR_SERVER`).
    fn reattach(&self) -> Result<(), String> {
        let pid = self.kiosk.ok_or("the kiosk's process was not found at launch")?;
        let environ = fs::read(format!("/proc/{pid}/environ"))
            .map_err(|e| format!("the kiosk ({pid}) is gone: {e}"))?;
        let target = environ
            .split(|b| *b == 0)
            .find_map(|kv| kv.strip_prefix(b"WEBKIT_INSPECTOR_SERVER="))
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .ok_or("the kiosk has no WEBKIT_INSPECTOR_SERVER")?;
        let [port, _] = free_ports()?;
        let driver = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .arg(format!("--target={target}"))
            .env("DISPLAY", &self.h.display)
            .stdout(Stdio::null())
            .stderr(self.h.log_file("webkitwebdriver-reattach")?)
            .spawn()
            .map_err(|e| format!("cannot start WebKitWebDriver: {e}"))?;
        self.reattached.borrow_mut().push(driver);
        if !wait_until(Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        }) {
            return Err("WebKitWebDriver did not listen within 10 s".into());
        }
        let caps = json!({ "webkitgtk:browserOptions": { "targetAddress": target } });
        let Value::Object(caps) = caps else {
            unreachable!("a json! object is an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = self
            .block(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .map_err(|e| format!("a new session on {target}: {e}"))?;
        let old = self.client.replace(Some(client));
        if let Some(old) = old {
            // Its WebKitWebDriver already forgot it; this only lets the client's task end.
            let _ = self.block(old.close());
        }
        Ok(())
    }

    /// Runs a WebDriver command; if it fails because the session is gone (a session end renewed
    /// the web process), runs it once more in a new session on the same kiosk.
    fn command<T, F: std::future::Future<Output = Result<T, fantoccini::error::CmdError>>>(
        &self,
        op: impl Fn(Client) -> F,
    ) -> Result<T, fantoccini::error::CmdError> {
        match self.block(op(self.client())) {
            Err(e) if !e.is_no_such_element() && !e.is_javascript_error() && self.recover() => {
                self.block(op(self.client()))
            }
            result => result,
        }
    }

    /// Waits for the element with this `data-testid` to be present, and returns it.
    pub fn wait_for(&self, id: &str) -> Element {
        let css = testid(id);
        let css = css.as_str();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.command(|c| async move { c.find(Locator::Css(css)).await }) {
                return el;
            }
            if Instant::now() > deadline {
                let shot = self.screenshot(&format!("failed-wait-{id}"));
                panic!(
                    "no element [data-testid={id}] appeared within {WAIT:?}; screenshot {}",
                    shot.display()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until a JavaScript expression is truthy in the page.
    pub fn wait_until(&self, what: &str, js_expression: &str) {
        self.wait_until_within(WAIT, what, js_expression);
    }

    /// Like [`App::wait_until`], with a time limit of its own (for timers longer than [`WAIT`]).
    pub fn wait_until_within(&self, limit: Duration, what: &str, js_expression: &str) {
        let script = format!("return !!({js_expression});");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Value::Bool(true)) = self.try_run(&script, vec![]) {
                return;
            }
            std::thread::sleep(POLL);
        }
        let shot = self.screenshot("failed-wait-until");
        panic!(
            "waited {limit:?} for {what} ({js_expression}); screenshot {}",
            shot.display()
        );
    }

    /// True if an element with this `data-testid` is in the page now.
    pub fn exists(&self, id: &str) -> bool {
        let css = testid(id);
        let css = css.as_str();
        self.command(|c| async move { c.find_all(Locator::Css(css)).await })
            .map(|v| !v.is_empty())
            .unwrap_or_else(|e| panic!("cannot look for [data-testid={id}]: {e}"))
    }

    /// Taps (clicks) the element with this `data-testid`, waiting for it first. A tap that ends
    /// the session (Start over) loses its answer with the web process it went to: that is no
    /// failure when the element's page is gone afterwards (its element is stale, or the session
    /// went with it and a new one is opened).
    pub fn tap(&self, id: &str) {
        let el = self.wait_for(id);
        let Err(e) = self.block(el.click()) else {
            return;
        };
        let page_gone = wait_until(SESSION_GOING, || match self.block(el.attr("data-testid")) {
            Ok(_) => false,
            Err(e) => e.is_stale_element_reference() || e.is_no_such_element() || self.recover(),
        });
        if !page_gone {
            panic!("cannot tap [data-testid={id}]: {e}");
        }
    }

    /// Taps after scrolling the element to the middle of the screen, as a patient would: the bar
    /// fixed at the bottom would otherwise be where WebDriver clicks.
    pub fn tap_centered(&self, id: &str) {
        self.wait_for(id);
        self.run(
            "document.querySelector(`[data-testid=\"${arguments[0]}\"]`).scrollIntoView({block: 'center'})",
            vec![json!(id)],
        );
        self.tap(id);
    }

    /// The visible text of the element with this `data-testid`.
    pub fn text(&self, id: &str) -> String {
        let el = self.wait_for(id);
        self.block(el.text())
            .unwrap_or_else(|e| panic!("cannot read [data-testid={id}]: {e}"))
    }

    /// Every `data-testid` in the page that starts with `prefix`, in document order.
    pub fn testids(&self, prefix: &str) -> Vec<String> {
        let script = "return Array.from(document.querySelectorAll('[data-testid]')).map(e => e.dataset.testid).filter(t => t.startsWith(arguments[0]));";
        let value = self.run(script, vec![json!(prefix)]);
        serde_json::from_value(value).unwrap_or_default()
    }

    /// Runs JavaScript in the page and returns its result. A script that ends the session (a
    /// click on Start over) returns `null`: its answer went with the web process, and WebKitWebDriver
    /// with it; the App opens a new session for the next command.
    pub fn run(&self, script: &str, args: Vec<Value>) -> Value {
        match self.block(self.client().execute(script, args)) {
            Ok(value) => value,
            Err(e) if !e.is_javascript_error() && self.recover() => Value::Null,
            Err(e) => panic!("script failed: {e}\n{script}"),
        }
    }

    /// Like [`App::run`], but a failure (a rejected promise, a lost session) is returned, not a
    /// panic. A script is not run twice: after a lost session the next command runs in a new one.
    pub fn try_run(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.block(self.client().execute(script, args)).map_err(|e| {
            if !e.is_javascript_error() {
                self.recover();
            }
            e.to_string()
        })
    }

    /// Saves a screenshot of the whole display as `target/e2e/screenshots/NAME.png` and returns
    /// its path. The kiosk fills the display, so this is what a patient sees.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let path = self.h.screenshots.join(format!("{name}.png"));
        // Let the page paint what the last step changed.
        self.run(
            "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
            vec![],
        );
        if let Err(e) = x11_screenshot(&self.h.display, &path) {
            eprintln!("cannot take screenshot {name}: {e}");
        }
        path
    }
}

impl Drop for App<'_> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Ending the session makes tauri-driver end the app; a failure here must not hide
            // the test's own panic.
            let _ = self.h.rt.block_on(client.close());
        }
        let drivers = std::mem::take(self.reattached.get_mut());
        if drivers.is_empty() {
            return;
        }
        // A session opened on a running kiosk leaves it running when it ends: end it here, as
        // tauri-driver would have.
        if let Some(pid) = self.kiosk {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            if !wait_until(Duration::from_secs(5), || !is_running(pid)) {
                let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            }
        }
        for mut driver in drivers {
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

/// The name a process was started as (the file name of its first argument).
pub fn process_name(pid: u32) -> String {
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let first = cmdline.split(|b| *b == 0).next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.rsplit('/').next().unwrap_or_default().to_string()
}

/// True while `pid` runs (not gone, not a zombie waiting for its parent).
pub fn is_running(pid: u32) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    !matches!(state, Some("Z") | Some("X") | None)
}

/// Every process under `pid`, from its parent links in `/proc`.
pub fn descendants(pid: u32) -> Vec<u32> {
    let parent_of = |p: u32| -> Option<u32> {
        let stat = fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        stat[stat.rfind(')')? + 1..]
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let all: Vec<(u32, u32)> = fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| Some((p, parent_of(p)?)))
        .collect();
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        for &(child, _) in all.iter().filter(|(_, parent)| *parent == p) {
            found.push(child);
            queue.push(child);
        }
    }
    found
}

/// Builds `clinic-kiosk` (debug) with the same cargo that runs the tests, and returns its path.
/// Cargo only gives `CARGO_BIN_EXE_*` to the package that owns a binary, so the harness builds it,
/// selecting the whole workspace as `cargo test --workspace` does so that features unify the same
/// way and nothing is built twice.
fn build_app() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("KIOSK_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--workspace", "--bins"])
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build -p clinic-kiosk failed: {status}"));
    }
    let bin = target_dir().join("debug").join("clinic-kiosk");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("built, but {} is missing", bin.display()))
    }
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_display() -> Result<u32, String> {
    (90..190)
        .find(|&n| !display_in_use(n))
        .ok_or_else(|| "no free X display number between :90 and :189".into())
}

/// A display is in use while the server named in its lock file runs. A killed Xvfb leaves its
/// lock and socket behind (a hundred runs used up every number here); Xvfb itself replaces a
/// lock whose process is gone, so such a number is free.
fn display_in_use(n: u32) -> bool {
    match fs::read_to_string(format!("/tmp/.X{n}-lock")) {
        Ok(text) => text
            .trim()
            .parse::<u32>()
            .map_or(true, |pid| Path::new(&format!("/proc/{pid}")).exists()),
        Err(_) => Path::new(&format!("/tmp/.X11-unix/X{n}")).exists(),
    }
}

/// Two distinct free ports: both listeners stay open until both are known.
fn free_ports() -> Result<[u16; 2], String> {
    let bind = || TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot find a free port: {e}"));
    let (a, b) = (bind()?, bind()?);
    let port = |l: &TcpListener| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string());
    Ok([port(&a)?, port(&b)?])
}

/// The whole root window of `display` as the X server holds it: width, height, and 32 bits a
/// pixel (blue, green, red, unused on a 24-bit Xvfb screen). Cheap enough to poll: no conversion,
/// and two frames compare with `==`.
pub fn grab_screen_raw(display: &str) -> Result<(u16, u16, Vec<u8>), String> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

    let (conn, screen_no) = x11rb::connect(Some(display)).map_err(|e| e.to_string())?;
    let screen = &conn.setup().roots[screen_no];
    let (w, h) = (screen.width_in_pixels, screen.height_in_pixels);
    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, screen.root, 0, 0, w, h, !0)
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?;
    Ok((w, h, image.data))
}

/// The whole root window of `display`: its width, height and RGB pixels, row by row.
pub fn grab_screen(display: &str) -> Result<(u16, u16, Vec<u8>), String> {
    let (w, h, raw) = grab_screen_raw(display)?;
    Ok((w, h, raw_to_rgb(&raw)))
}

/// The X server's 32-bit pixels (blue, green, red, unused) as RGB. A plain loop into a buffer of
/// the right size: the tests run unoptimised, where an iterator chain took a third of a second
/// for each screenshot of a 1920x1080 display.
pub fn raw_to_rgb(raw: &[u8]) -> Vec<u8> {
    let mut rgb = vec![0; raw.len() / 4 * 3];
    for (out, px) in rgb.chunks_exact_mut(3).zip(raw.chunks_exact(4)) {
        out[0] = px[2];
        out[1] = px[1];
        out[2] = px[0];
    }
    rgb
}

/// Grabs the root window of `display` and writes it as an RGB PNG.
fn x11_screenshot(display: &str, path: &Path) -> Result<(), String> {
    let (w, h, rgb) = grab_screen(display)?;
    save_png(path, (w, h), &rgb)
}

/// Writes RGB pixels, row by row, as a PNG.
pub fn save_png(path: &Path, (w, h): (u16, u16), rgb: &[u8]) -> Result<(), String> {
    let file = fs::File::create(path).map_err(|e| e.to_string())?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), u32::from(w), u32::from(h));
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // fdeflate's fast mode, and the encoder's crates optimised even in test builds (Cargo.toml):
    // a run saves about a hundred screenshots, and each took 1.2 s to encode before, 0.2 s now.
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())
}

/// Polls `ready` every 50 ms until it is true (returns true) or `limit` passes (returns false).
pub fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Copies the folder `from` to `to`, with everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// A private copy of a fixture folder, for tests that edit content while the kiosk runs.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}
