//! The content pack budget: staff wait for an update at the panel, so verifying the bundled
//! `content/` as a pack, and installing it, each take under 1 s.
//!
//! The pack is built once (its size is printed); then, `RUNS` times each after a warm-up, the
//! time to verify it (signature and every file's SHA-256, as `pack verify` does) and to install
//! it into a fresh copy of the content (verify, unpack, fsync, `check`, switch). The copy is made
//! outside the clock. The median is judged against the budget, the worst run printed beside it;
//! exits with an error when a median is over.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clinic_kiosk::pack::{archive, build, install, sign};

const RUNS: usize = 21;
const BUDGET: Duration = Duration::from_secs(1);

fn copy_dir(from: &Path, to: &Path) {
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

fn judge(what: &str, mut times: Vec<Duration>) -> bool {
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    let ok = median <= BUDGET;
    println!(
        "{what:<40} median {:>8.1} ms, worst {:>8.1} ms, budget {} ms: {}",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        BUDGET.as_millis(),
        if ok { "PASS" } else { "OVER BUDGET" }
    );
    ok
}

fn main() -> ExitCode {
    let bundled = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let (secret, _, public) = sign::generate(None).expect("a key");
    let key = tmp.path().join("bench.key");
    fs::write(&key, secret).expect("write key");
    let sk = sign::load_secret(&key, || unreachable!("no password")).expect("load key");
    let out = tmp.path().join("bundled.kpack");
    let site = clinic_kiosk::site::load(&bundled);
    let request = build::Request {
        dir: &bundled,
        out: &out,
        name: "Bundled content".into(),
        version: 1,
        secret: &sk,
    };
    let manifest = build::build(&request, &site).expect("build the bundled content as a pack");
    let size = fs::metadata(&out).expect("pack").len();
    println!(
        "bundled content as a pack: {} files, {} bytes of content, pack file {} bytes ({})",
        manifest.files.len(),
        manifest.total_bytes(),
        size,
        clinic_kiosk::pack::human_size(size)
    );
    let pub_file = tmp.path().join("bench.pub");
    fs::write(&pub_file, format!("untrusted comment: bench\n{public}\n")).expect("write pub");
    let trust = sign::Trust::from_files(&[pub_file]).expect("trust");

    let mut verify = Vec::new();
    for i in 0..=RUNS {
        let start = Instant::now();
        archive::read(&out, &trust, |_| Ok(()), None).expect("verify");
        if i > 0 {
            verify.push(start.elapsed());
        }
    }
    let mut installs = Vec::new();
    for i in 0..=RUNS {
        let dir = tmp.path().join(format!("kiosk-{i}")).join("content");
        copy_dir(&bundled, &dir);
        let start = Instant::now();
        install::install(&out, &trust, &dir).expect("install");
        if i > 0 {
            installs.push(start.elapsed());
        }
    }
    let ok = judge("verify (signature + every SHA-256)", verify)
        & judge("install (verify, unpack, fsync, check, switch)", installs);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
