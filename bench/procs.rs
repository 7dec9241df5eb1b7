//! A process and everything under it, as `/proc` sees them: memory (PSS) and CPU time.

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use clinic_kiosk::watchdog::descendants;

/// A launched program: its first process, and a string found in the command line of every
/// process it starts, to catch helpers that leave the tree (`None`: the tree is enough).
pub struct Tree {
    pub root: u32,
    pub marker: Option<String>,
}

impl Tree {
    /// Every live process of the program.
    pub fn pids(&self) -> Vec<u32> {
        let mut pids: Vec<u32> = std::iter::once(self.root).chain(descendants(self.root)).collect();
        if let Some(marker) = &self.marker {
            for pid in all_pids() {
                if !pids.contains(&pid) && cmdline(pid).contains(marker.as_str()) {
                    pids.push(pid);
                }
            }
        }
        pids.retain(|&p| !is_gone(p));
        pids
    }

    /// Memory, summed and by process kind.
    pub fn memory(&self) -> (Mem, BTreeMap<String, Mem>) {
        let mut by_kind: BTreeMap<String, Mem> = BTreeMap::new();
        let mut total = Mem::default();
        for pid in self.pids() {
            let Some(m) = Mem::of(pid) else { continue };
            total.add(&m);
            by_kind.entry(kind(pid)).or_default().add(&m);
        }
        (total, by_kind)
    }

    /// CPU ticks (user + system) of each live process.
    pub fn ticks(&self) -> BTreeMap<u32, u64> {
        self.pids()
            .into_iter()
            .filter_map(|p| Some((p, ticks(p)?)))
            .collect()
    }
}

/// One process's memory, in KiB, from `/proc/<pid>/smaps_rollup`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Mem {
    /// Proportional set size: private pages, plus shared ones divided among their sharers.
    pub pss: u64,
    /// PSS less file-backed pages (Pss_Anon + Pss_Shmem): heaps and buffers, what a leak grows.
    /// Unlike PSS it does not move when another program maps the same libraries.
    pub heap: u64,
    /// Pages no other process maps (Private_Clean + Private_Dirty).
    pub uss: u64,
}

impl Mem {
    pub fn of(pid: u32) -> Option<Self> {
        let text = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
        let field = |name: &str| -> u64 {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        Some(Self {
            pss: field("Pss"),
            heap: field("Pss_Anon") + field("Pss_Shmem"),
            uss: field("Private_Clean") + field("Private_Dirty"),
        })
    }

    fn add(&mut self, other: &Mem) {
        self.pss += other.pss;
        self.heap += other.heap;
        self.uss += other.uss;
    }
}

/// Processes of WebKit or Chromium on the machine outside `trees`: they share library pages with
/// the ones measured and so lower their PSS.
pub fn strangers(trees: &[&Tree]) -> usize {
    let ours: Vec<u32> = trees.iter().flat_map(|t| t.pids()).collect();
    all_pids()
        .into_iter()
        .filter(|p| !ours.contains(p) && !is_gone(*p))
        .filter(|&p| {
            let k = kind(p);
            k.starts_with("WebKit") || k.starts_with("chromium") || k == "clinic-kiosk"
        })
        .count()
}

/// CPU seconds used between two [`Tree::ticks`] readings; a process new in `after` counts whole.
pub fn cpu_seconds(before: &BTreeMap<u32, u64>, after: &BTreeMap<u32, u64>) -> f64 {
    let ticks: u64 = after
        .iter()
        .map(|(pid, t)| t.saturating_sub(*before.get(pid).unwrap_or(&0)))
        .sum();
    ticks as f64 / clock_ticks() as f64
}

/// The Unix time, in ms, at which `pid` started: the boot time plus its start, the 20th field
/// after the command name, in clock ticks. NaN if it is gone.
pub fn started_at_ms(pid: u32) -> f64 {
    let boot = fs::read_to_string("/proc/stat").ok().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("btime ")?.trim().parse::<f64>().ok())
    });
    let start = stat_fields(pid).and_then(|f| f.get(19)?.parse::<f64>().ok());
    match (boot, start) {
        (Some(boot), Some(start)) => (boot + start / clock_ticks() as f64) * 1000.0,
        _ => f64::NAN,
    }
}

fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100)
}

fn all_pids() -> Vec<u32> {
    fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

pub fn cmdline(pid: u32) -> String {
    let raw = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    String::from_utf8_lossy(&raw).replace('\0', " ")
}

/// What a process is, for the breakdown: the program name, and Chromium's `--type=`.
pub fn kind(pid: u32) -> String {
    let line = cmdline(pid);
    let program = line.split(' ').next().unwrap_or_default();
    let name = program.rsplit('/').next().unwrap_or_default().to_string();
    match line.split(' ').find_map(|a| a.strip_prefix("--type=")) {
        Some(t) => format!("{name} {t}"),
        None => name,
    }
}

fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    Some(after.split_whitespace().map(str::to_string).collect())
}

fn is_gone(pid: u32) -> bool {
    stat_fields(pid).is_none_or(|f| matches!(f.first().map(String::as_str), Some("Z" | "X")))
}

/// utime + stime: the 12th and 13th fields after the command name.
fn ticks(pid: u32) -> Option<u64> {
    let f = stat_fields(pid)?;
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// The live processes named `name` (by the file name they were started as) under `parent`.
pub fn named_under(parent: u32, name: &str) -> Vec<u32> {
    descendants(parent)
        .into_iter()
        .filter(|&p| !is_gone(p) && kind(p) == name)
        .collect()
}

/// Sends `signal` to every process of the tree, then waits up to `secs` for them to go.
/// The pids are taken first: a child whose parent ends is no longer under the tree's root.
pub fn stop(tree: &Tree, signal: &str, secs: u64) -> bool {
    let pids = tree.pids();
    for pid in &pids {
        let _ = Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status();
    }
    kiosk_tests::wait_until(std::time::Duration::from_secs(secs), || {
        pids.iter().all(|&p| is_gone(p))
    })
}
