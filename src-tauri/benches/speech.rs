//! Read-aloud: from the `speak` call to the first sound on the speakers, p50 and p95, against a
//! 300 ms budget (a patient who taps Listen and hears nothing for longer taps again).
//!
//! Sound is measured where it leaves: a PulseAudio server of the bench's own with one null sink,
//! whose monitor is read by `parec` as it plays. The time runs from the call the `speak`
//! command makes (espeak-ng started, the sentence written to it) to the first block of samples
//! louder than silence. The page's IPC to reach the command (well under a millisecond here) is
//! not in it. A printed figure, not a test: `cargo bench -p clinic-kiosk --bench speech`.
//! Needs `espeak-ng`, `pulseaudio` and `pulseaudio-utils`.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clinic_kiosk::settings::SpeechSettings;
use clinic_kiosk::speech::Speaker;

const BUDGET: Duration = Duration::from_millis(300);
const RUNS: usize = 30;
/// A sample louder than this (of 32767) is sound; the null sink's silence is exactly 0.
const LOUD: i16 = 300;

const SENTENCES: [(&str, &str); 2] = [
    ("en", "Is this treatment approved by the FDA for my condition?"),
    (
        "es",
        "¿Está aprobado este tratamiento por la FDA para mi condición?",
    ),
];

fn main() {
    let dir = std::env::temp_dir().join(format!("kiosk-speech-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    let socket = dir.join("native");
    let mut server = match start_server(&dir, &socket) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let address = format!("unix:{}", socket.display());
    // espeak-ng, started by the speaker, finds the server here like the kiosk's would.
    std::env::set_var("PULSE_SERVER", &address);
    let result = measure(&address);
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(over) if !over => {}
        Ok(_) => std::process::exit(1),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

fn start_server(dir: &std::path::Path, socket: &std::path::Path) -> Result<Child, String> {
    let child = Command::new("pulseaudio")
        .args(["-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no"])
        .arg(format!(
            "--load=module-native-protocol-unix socket={} auth-anonymous=1",
            socket.display()
        ))
        .arg("--load=module-null-sink sink_name=bench")
        .env("HOME", dir)
        .env("XDG_RUNTIME_DIR", dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start pulseaudio (apt-get install pulseaudio): {e}"))?;
    let until = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        if Instant::now() > until {
            return Err("pulseaudio did not start within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(child)
}

/// Runs the sentences in turn and prints the figures; `Ok(true)` when p50 is over budget.
fn measure(address: &str) -> Result<bool, String> {
    let mut rec = Command::new("parec")
        .args(["--server", address, "-d", "bench.monitor"])
        .args([
            "--format=s16le",
            "--rate=16000",
            "--channels=1",
            "--raw",
            "--latency-msec=5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run parec (apt-get install pulseaudio-utils): {e}"))?;
    let mut audio = rec.stdout.take().ok_or("parec has no output")?;
    let settings = SpeechSettings::default();
    let mut times = Vec::new();
    let mut buf = [0u8; 320];
    // The stream's first reads and one sentence to warm the page cache, outside the clock.
    for run in 0..=RUNS {
        let (lang, text) = SENTENCES[run % SENTENCES.len()];
        drain(&mut audio, Duration::from_millis(300))?;
        let settings = settings.clone();
        let start = Instant::now();
        let speaking = std::thread::spawn(move || {
            tauri::async_runtime::block_on(Speaker::shared().say(&settings, text, lang, false))
        });
        loop {
            let n = audio.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("parec stopped".into());
            }
            let loud = buf[..n - n % 2]
                .chunks_exact(2)
                .any(|s| i16::from_le_bytes([s[0], s[1]]).saturating_abs() > LOUD);
            if loud {
                break;
            }
            if start.elapsed() > Duration::from_secs(5) {
                return Err("no sound within 5 s: is espeak-ng installed?".into());
            }
        }
        let took = start.elapsed();
        Speaker::shared().stop();
        match speaking.join() {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(e.to_string()),
            Err(_) => return Err("the speaking thread panicked".into()),
        }
        if run > 0 {
            times.push(took);
        }
    }
    let _ = rec.kill();
    let _ = rec.wait();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let (p50, p95) = (at(0.5), at(0.95));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let over = p50 > BUDGET;
    println!(
        "speech: call to first sound, {} sentences (en and es): p50 {:.1} ms, p95 {:.1} ms, worst {:.1} ms; budget {} ms: {}",
        times.len(),
        ms(p50),
        ms(p95),
        ms(times[times.len() - 1]),
        BUDGET.as_millis(),
        if over { "OVER BUDGET" } else { "PASS" }
    );
    Ok(over)
}

/// Reads and drops what the monitor delivers for `time` (the silence between runs).
fn drain(audio: &mut impl Read, time: Duration) -> Result<(), String> {
    let until = Instant::now() + time;
    let mut buf = [0u8; 3200];
    while Instant::now() < until {
        if audio.read(&mut buf).map_err(|e| e.to_string())? == 0 {
            return Err("parec stopped".into());
        }
    }
    Ok(())
}
