//! `clinic-kiosk doctor`: checks an installed kiosk the way a clinic's IT person would, without
//! opening a window. One line per check, `PASS`, `WARN` or `FAIL` and a sentence saying what to
//! do; exit 1 when anything FAILs. A WARN is something the kiosk runs with (no PIN: no staff mode;
//! the unit not started yet), a FAIL something a patient would notice (no screen, a broken page,
//! no printer, counts that cannot be kept).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use crate::print::PrinterState;

/// The systemd unit the package installs; `doctor` asks systemd about it.
pub const UNIT: &str = "clinic-kiosk.service";
/// The system user the package creates and the unit runs the kiosk as.
pub const KIOSK_USER: &str = "clinic-kiosk";
/// The installed kiosk's data folder, the unit's `--data`.
pub const DATA_DIR: &str = "/var/lib/clinic-kiosk/data";
/// Below this much free space in the data folder's file system, counts may soon stop being kept.
const MIN_FREE_MIB: u64 = 100;

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub verdict: Verdict,
    /// What was checked: `display`, `printer`, `content`, `data`, `fonts`, `pin`, `unit`.
    pub check: &'static str,
    pub message: String,
}

impl Finding {
    fn new(verdict: Verdict, check: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            verdict,
            check,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Pass => "PASS",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
        };
        write!(f, "{verdict} {:<8} {}", self.check, self.message)
    }
}

/// What the checks look at.
#[derive(Debug, Clone)]
pub struct Target {
    pub content_dir: PathBuf,
    pub data_dir: PathBuf,
    /// The user the kiosk runs as, who must own the data folder.
    pub kiosk_user: String,
}

/// Runs every check and prints the report; exit 1 on any FAIL.
pub fn run(target: &Target) -> ExitCode {
    let findings = check_all(target);
    for f in &findings {
        println!("{f}");
    }
    if findings.iter().any(|f| f.verdict == Verdict::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every check, in the order IT would go through them.
pub fn check_all(target: &Target) -> Vec<Finding> {
    let site = crate::site::load(&target.content_dir);
    vec![
        display(&target.kiosk_user),
        printer(&site.settings.printer),
        content(&target.content_dir, &site),
        data(&target.data_dir, &target.kiosk_user),
        fonts(),
        pin(site.settings.staff.pin_hash.as_deref()),
        unit(),
    ]
}

/// A display the kiosk can open: the Wayland or X11 display of this shell, else the kiosk
/// session's own cage (its socket in the kiosk user's runtime folder, as when IT runs doctor over
/// ssh), else at least a graphics device for the unit's cage on tty1.
fn display(kiosk_user: &str) -> Finding {
    if let Some(name) = std::env::var_os("WAYLAND_DISPLAY") {
        let path = match std::env::var_os("XDG_RUNTIME_DIR") {
            Some(run) if !Path::new(&name).is_absolute() => Path::new(&run).join(&name),
            _ => PathBuf::from(&name),
        };
        return match std::os::unix::net::UnixStream::connect(&path) {
            Ok(_) => Finding::new(
                Verdict::Pass,
                "display",
                format!("Wayland display {}", path.display()),
            ),
            Err(e) => Finding::new(
                Verdict::Fail,
                "display",
                format!(
                    "WAYLAND_DISPLAY is {} but it does not answer ({e}); is cage running?",
                    path.display()
                ),
            ),
        };
    }
    if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
        return Finding::new(Verdict::Pass, "display", format!("X11 display {name}"));
    }
    if let Some(uid) = uid_of(kiosk_user) {
        let socket = PathBuf::from(format!("/run/user/{uid}/wayland-0"));
        if std::os::unix::net::UnixStream::connect(&socket).is_ok() {
            return Finding::new(
                Verdict::Pass,
                "display",
                format!("the kiosk's cage answers on {}", socket.display()),
            );
        }
    }
    let cards: Vec<String> = std::fs::read_dir("/dev/dri")
        .map(|dir| {
            dir.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("card"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(card) = cards.first() {
        Finding::new(
            Verdict::Pass,
            "display",
            format!("graphics device /dev/dri/{card} for cage on tty1"),
        )
    } else {
        Finding::new(
            Verdict::Fail,
            "display",
            "no display in this shell and no graphics device in /dev/dri: cage has no screen to \
             show the kiosk on; check the monitor's cable and the graphics driver",
        )
    }
}

fn printer(settings: &crate::settings::PrinterSettings) -> Finding {
    let status = crate::print::printer_status(settings);
    let what = match (&settings.queue, &settings.folder) {
        (Some(queue), _) => format!("queue {queue}"),
        (None, Some(folder)) => format!("folder {}", folder.display()),
        (None, None) => "none".to_owned(),
    };
    match status.state {
        PrinterState::Ready => Finding::new(Verdict::Pass, "printer", format!("{what} is ready")),
        PrinterState::Stopped => {
            Finding::new(Verdict::Warn, "printer", format!("{what}: {}", status.message))
        }
        PrinterState::Missing => {
            Finding::new(Verdict::Fail, "printer", format!("{what}: {}", status.message))
        }
        PrinterState::NotConfigured => Finding::new(
            Verdict::Warn,
            "printer",
            format!("patients cannot print checklists. {}", status.message),
        ),
    }
}

/// The content as `check` sees it; the first error is named so IT knows where to look.
fn content(dir: &Path, site: &crate::site::Site) -> Finding {
    if !dir.join("clinic.toml").is_file() {
        return Finding::new(
            Verdict::Fail,
            "content",
            format!(
                "{} has no clinic.toml: is this the content folder?",
                dir.display()
            ),
        );
    }
    let (errors, warnings) = (site.error_count(), site.warning_count());
    let pages = site.library.explainer_count();
    if let Some(first) = site.problems().into_iter().find(|p| p.is_error()) {
        return Finding::new(
            Verdict::Fail,
            "content",
            format!(
                "{errors} error(s) in {}, first {first}; run `clinic-kiosk check {}` for all",
                dir.display(),
                dir.display()
            ),
        );
    }
    let verdict = if warnings > 0 {
        Verdict::Warn
    } else {
        Verdict::Pass
    };
    Finding::new(
        verdict,
        "content",
        format!(
            "{} explainer(s) in {}, {errors} errors, {warnings} warnings",
            pages,
            dir.display()
        ),
    )
}

/// The data folder: there, owned by the kiosk's user (or the counts and the PIN lockout are
/// kept only in memory), and with room left.
fn data(dir: &Path, kiosk_user: &str) -> Finding {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => m,
        Ok(_) => {
            return Finding::new(
                Verdict::Fail,
                "data",
                format!("{} is not a folder", dir.display()),
            )
        }
        Err(e) => {
            return Finding::new(
                Verdict::Fail,
                "data",
                format!(
                    "{}: {e}; create it owned by {kiosk_user} (reinstalling the package does)",
                    dir.display()
                ),
            )
        }
    };
    let expected = uid_of(kiosk_user);
    let owner = meta.uid();
    if let Some(uid) = expected.filter(|&uid| uid != owner) {
        let owner_name = name_of(owner).unwrap_or_else(|| owner.to_string());
        return Finding::new(
            Verdict::Fail,
            "data",
            format!(
                "{} is owned by {owner_name}, not {kiosk_user} (uid {uid}): counts and the PIN \
                 lockout cannot be kept; run `chown -R {kiosk_user}: {}`",
                dir.display(),
                dir.display()
            ),
        );
    }
    match free_mib(dir) {
        Some(free) if free < MIN_FREE_MIB => Finding::new(
            Verdict::Warn,
            "data",
            format!("{}: only {free} MiB free; make room on that disk", dir.display()),
        ),
        Some(free) => Finding::new(
            Verdict::Pass,
            "data",
            format!(
                "{} owned by {}, {free} MiB free",
                dir.display(),
                name_of(owner).unwrap_or_else(|| owner.to_string())
            ),
        ),
        None => Finding::new(
            Verdict::Warn,
            "data",
            format!("{}: could not read the free space (df failed)", dir.display()),
        ),
    }
}

/// The kiosk's own fonts are built in; GTK also needs a system font for its few own words.
fn fonts() -> Finding {
    if !crate::fonts::shows('ñ') || !crate::fonts::shows('é') {
        return Finding::new(
            Verdict::Fail,
            "fonts",
            "the built-in Atkinson Hyperlegible fonts do not load: reinstall the package",
        );
    }
    let system = Command::new("fc-match")
        .args(["-f", "%{file}", "sans-serif"])
        .stderr(Stdio::null())
        .output();
    match system {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => Finding::new(
            Verdict::Pass,
            "fonts",
            format!(
                "Atkinson Hyperlegible built in; system sans-serif {}",
                String::from_utf8_lossy(&out.stdout)
            ),
        ),
        _ => Finding::new(
            Verdict::Warn,
            "fonts",
            "Atkinson Hyperlegible built in; no system font found (fc-match): install fonts-dejavu-core",
        ),
    }
}

fn pin(pin_hash: Option<&str>) -> Finding {
    match (pin_hash, crate::staff::pin::hash_problem(pin_hash)) {
        (_, Some(problem)) => Finding::new(Verdict::Fail, "pin", problem),
        (Some(_), None) => Finding::new(Verdict::Pass, "pin", "staff PIN set"),
        (None, None) => Finding::new(
            Verdict::Warn,
            "pin",
            "no staff PIN: staff mode is off; run `sudo -u clinic-kiosk clinic-kiosk set-pin`",
        ),
    }
}

/// What systemd says of the kiosk's unit.
fn unit() -> Finding {
    let out = Command::new("systemctl")
        .args([
            "show",
            UNIT,
            "--property=ActiveState,SubState,NRestarts,LoadState",
        ])
        .stderr(Stdio::null())
        .output();
    let text = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => {
            return Finding::new(
                Verdict::Warn,
                "unit",
                format!("systemd is not running here: {UNIT} cannot be asked about"),
            )
        }
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or("")
            .to_owned()
    };
    unit_verdict(
        &field("LoadState"),
        &field("ActiveState"),
        &field("SubState"),
        &field("NRestarts"),
    )
}

/// The unit's verdict from `systemctl show`'s fields.
fn unit_verdict(load: &str, active: &str, sub: &str, restarts: &str) -> Finding {
    let restarts = restarts.parse::<u32>().unwrap_or(0);
    match (load, active) {
        ("not-found", _) => Finding::new(Verdict::Fail, "unit", format!("{UNIT} is not installed")),
        (_, "active") if restarts > 0 => Finding::new(
            Verdict::Warn,
            "unit",
            format!("{UNIT} is {active} ({sub}) after {restarts} restart(s): see `journalctl -u {UNIT}`"),
        ),
        (_, "active") => Finding::new(Verdict::Pass, "unit", format!("{UNIT} is {active} ({sub})")),
        (_, "failed") => Finding::new(
            Verdict::Fail,
            "unit",
            format!("{UNIT} failed: see `journalctl -u {UNIT}`, then `systemctl restart {UNIT}`"),
        ),
        _ => Finding::new(
            Verdict::Warn,
            "unit",
            format!("{UNIT} is {active} ({sub}): it starts at boot; `systemctl start {UNIT}` starts it now"),
        ),
    }
}

/// The uid of `user`, from /etc/passwd.
fn uid_of(user: &str) -> Option<u32> {
    passwd()
        .into_iter()
        .find(|(name, _)| name == user)
        .map(|(_, uid)| uid)
}

fn name_of(uid: u32) -> Option<String> {
    passwd()
        .into_iter()
        .find(|(_, u)| *u == uid)
        .map(|(name, _)| name)
}

fn passwd() -> Vec<(String, u32)> {
    let text = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    parse_passwd(&text)
}

/// Name and uid of each line of a passwd file.
fn parse_passwd(text: &str) -> Vec<(String, u32)> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let uid = fields.nth(1)?.parse().ok()?;
            Some((name.to_owned(), uid))
        })
        .collect()
}

/// Free space in MiB where `dir` lives, from `df` (POSIX output, 1 KiB blocks).
fn free_mib(dir: &Path) -> Option<u64> {
    let out = Command::new("df")
        .arg("-Pk")
        .arg(dir)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    parse_df(&String::from_utf8_lossy(&out.stdout))
}

fn parse_df(text: &str) -> Option<u64> {
    let line = text.lines().nth(1)?;
    let avail_kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(avail_kib / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_passwd_and_df() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nclinic-kiosk:x:998:998::/var/lib/clinic-kiosk:/usr/sbin/nologin\nbroken\n";
        assert_eq!(
            parse_passwd(passwd),
            vec![("root".to_owned(), 0), ("clinic-kiosk".to_owned(), 998)]
        );
        let df = "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 1000000 400000 524288 44% /\n";
        assert_eq!(parse_df(df), Some(512));
        assert_eq!(parse_df("garbage"), None);
    }

    #[test]
    fn the_unit_fails_only_when_failed_or_missing() {
        assert_eq!(
            unit_verdict("loaded", "active", "running", "0").verdict,
            Verdict::Pass
        );
        assert_eq!(
            unit_verdict("loaded", "active", "running", "2").verdict,
            Verdict::Warn
        );
        assert_eq!(
            unit_verdict("loaded", "inactive", "dead", "0").verdict,
            Verdict::Warn
        );
        assert_eq!(
            unit_verdict("loaded", "failed", "failed", "5").verdict,
            Verdict::Fail
        );
        assert_eq!(
            unit_verdict("not-found", "inactive", "dead", "0").verdict,
            Verdict::Fail
        );
    }

    #[test]
    fn a_data_folder_owned_by_someone_else_fails_and_names_the_fix() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let mine = std::fs::metadata(dir.path()).unwrap().uid();
        let me = name_of(mine).unwrap_or_else(|| "root".to_owned());
        assert_eq!(
            data(dir.path(), &me).verdict,
            Verdict::Pass,
            "{}",
            data(dir.path(), &me)
        );
        // A user that exists and is not the owner: when tests run as root, pick `nobody`.
        let other = passwd().into_iter().find(|(_, uid)| *uid != mine);
        if let Some((other, _)) = other {
            let f = data(dir.path(), &other);
            assert_eq!(f.verdict, Verdict::Fail, "{f}");
            assert!(f.message.contains("chown"), "{f}");
        }
        let gone = dir.path().join("missing");
        assert_eq!(data(&gone, &me).verdict, Verdict::Fail);
    }

    #[test]
    fn the_report_line_starts_with_the_verdict() {
        let f = Finding::new(Verdict::Fail, "printer", "queue x: not there");
        assert_eq!(f.to_string(), "FAIL printer  queue x: not there");
    }
}
