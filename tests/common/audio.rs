//! A sound server of the test's own: PulseAudio with one null sink, so what the kiosk plays can be
//! recorded from the sink's monitor (parec) and measured (sox). CI runs nothing, so the test
//! starts it, on a socket in a temporary folder, and it stops when dropped.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::wait_until;

/// The sink every kiosk sound goes to; its monitor is what a test records.
pub const SINK: &str = "kiosk_test";
/// Recorded as 16 kHz mono 16-bit, plenty for speech.
const RATE: &str = "16000";

pub struct AudioServer {
    dir: tempfile::TempDir,
    server: Child,
    /// `unix:/…/native`, for `PULSE_SERVER`.
    pub address: String,
}

impl AudioServer {
    /// Starts PulseAudio with only a native socket and the null sink, no session bus, no
    /// autospawn, nothing from the machine's own configuration.
    pub fn start() -> Result<AudioServer, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let socket = dir.path().join("native");
        let server = Command::new("pulseaudio")
            .args(["-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no"])
            .args(["--disallow-exit", "--log-target=stderr"])
            .arg(format!(
                "--load=module-native-protocol-unix socket={} auth-anonymous=1",
                socket.display()
            ))
            .arg(format!("--load=module-null-sink sink_name={SINK}"))
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(log(dir.path(), "pulseaudio")?)
            .spawn()
            .map_err(|e| format!("cannot start pulseaudio (apt-get install pulseaudio): {e}"))?;
        let address = format!("unix:{}", socket.display());
        let mut audio = AudioServer { dir, server, address };
        let ready = wait_until(Duration::from_secs(10), || {
            socket.exists() && audio.pactl(&["info"]).is_ok()
        });
        if !ready {
            let _ = audio.server.kill();
            return Err(format!(
                "pulseaudio did not answer on {} within 10 s",
                socket.display()
            ));
        }
        audio.pactl(&["set-default-sink", SINK])?;
        Ok(audio)
    }

    fn pactl(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("pactl")
            .args(["--server", &self.address])
            .args(args)
            .output()
            .map_err(|e| format!("cannot run pactl (apt-get install pulseaudio-utils): {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Starts recording the sink's monitor; the samples are in the returned recording's file.
    pub fn record(&self, name: &str) -> Result<Recording, String> {
        let path = self.dir.path().join(format!("{name}.raw"));
        let file = fs::File::create(&path).map_err(|e| e.to_string())?;
        let child = Command::new("parec")
            .args(["--server", &self.address, "-d", &format!("{SINK}.monitor")])
            .args([
                "--format=s16le",
                "--rate",
                RATE,
                "--channels=1",
                "--raw",
                "--latency-msec=20",
            ])
            .stdout(file)
            .stderr(log(self.dir.path(), "parec")?)
            .spawn()
            .map_err(|e| format!("cannot run parec (apt-get install pulseaudio-utils): {e}"))?;
        // parec writes only once it is connected and the stream runs: wait for its first bytes
        // (the monitor of an idle null sink still delivers silence).
        let started = wait_until(Duration::from_secs(5), || {
            fs::metadata(&path).is_ok_and(|m| m.len() > 0)
        });
        let mut rec = Recording { child, path };
        if !started {
            let _ = rec.child.kill();
            return Err("parec recorded nothing within 5 s".into());
        }
        Ok(rec)
    }
}

impl Drop for AudioServer {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn log(dir: &Path, name: &str) -> Result<fs::File, String> {
    fs::File::create(dir.join(format!("{name}.log"))).map_err(|e| e.to_string())
}

/// A recording under way.
pub struct Recording {
    child: Child,
    path: PathBuf,
}

impl Recording {
    /// Stops recording and returns the recording's RMS amplitude (0 to 1) as sox measures it.
    pub fn stop(mut self) -> Result<Loudness, String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let out = Command::new("sox")
            .args(["-t", "raw", "-r", RATE, "-e", "signed", "-b", "16", "-c", "1"])
            .arg(&self.path)
            .args(["-n", "stat"])
            .output()
            .map_err(|e| format!("cannot run sox (apt-get install sox): {e}"))?;
        // sox's stat writes to stderr.
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        let field = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(':').next())
                .and_then(|v| v.trim().parse::<f64>().ok())
        };
        match (field("RMS     amplitude"), field("Length (seconds)")) {
            (Some(rms), Some(seconds)) => Ok(Loudness { rms, seconds }),
            _ => Err(format!("sox said: {text}")),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Loudness {
    pub rms: f64,
    pub seconds: f64,
}

impl Loudness {
    /// Speech at espeak-ng's volume measures around 0.05 to 0.1; a silent sink exactly 0.
    pub fn is_sound(&self) -> bool {
        self.rms > 0.005
    }

    pub fn is_silence(&self) -> bool {
        self.rms < 0.0005
    }
}

/// The command lines of the espeak-ng processes `parent` started, each as its arguments (another
/// program's voice on the same machine, a bench say, is not the kiosk's).
pub fn espeak_processes(parent: u32) -> Vec<Vec<String>> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| parent_of(&e.path()) == Some(parent))
        .filter_map(|e| fs::read(e.path().join("cmdline")).ok())
        .map(|raw| {
            raw.split(|b| *b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect::<Vec<_>>()
        })
        .filter(|args| args.first().is_some_and(|a| a.ends_with("espeak-ng")))
        .collect()
}

/// The parent process of `/proc/<pid>`: the fourth field of its `stat`, after the name in
/// parentheses (which may itself hold spaces).
fn parent_of(proc_dir: &Path) -> Option<u32> {
    let stat = fs::read_to_string(proc_dir.join("stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}
