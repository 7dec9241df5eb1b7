//! Runs a CUPS command with a deadline. The kiosk's screen waits on printing, so a printer that
//! never answers must turn into an error, not a frozen screen.

use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished command said.
#[derive(Debug)]
pub(crate) struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Debug)]
pub(crate) enum RunError {
    /// The program is not installed.
    NotFound,
    /// Still running at the deadline; it has been killed.
    TimedOut,
    Io(io::Error),
}

/// How often a running command is checked on. Short, since `lpstat` answers in milliseconds.
const POLL: Duration = Duration::from_millis(5);

/// Runs `cmd`, feeding it `input` on stdin (straight from memory: nothing touches the disk), and
/// waits for it until `deadline`. The C locale makes CUPS's replies parseable.
pub(crate) fn run(cmd: &mut Command, input: &[u8], deadline: Instant) -> Result<Output, RunError> {
    cmd.env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => RunError::NotFound,
        _ => RunError::Io(e),
    })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Io(io::Error::other("no pipes to the command")));
    };
    thread::scope(|scope| {
        // Writing, and reading both outputs, on their own threads: a command that stops reading
        // its input while its output pipe is full would otherwise block us past the deadline.
        scope.spawn(move || {
            // A command that exits without reading all of its input is reported by its status.
            let _ = stdin.write_all(input);
        });
        let out = scope.spawn(move || read_all(&mut stdout));
        let err = scope.spawn(move || read_all(&mut stderr));
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() >= deadline => {
                    // Killing closes its pipes, so the threads above finish too.
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(RunError::TimedOut);
                }
                Ok(None) => thread::sleep(POLL),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(RunError::Io(e));
                }
            }
        };
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        status.map(|status| Output {
            status,
            stdout,
            stderr,
        })
    })
}

fn read_all(r: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = r.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_that_hangs_is_killed_at_the_deadline() {
        let start = Instant::now();
        let result = run(
            Command::new("sleep").arg("10"),
            b"",
            start + Duration::from_millis(200),
        );
        assert!(matches!(result, Err(RunError::TimedOut)), "{result:?}");
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn input_goes_in_and_output_comes_back() {
        let deadline = Instant::now() + Duration::from_secs(5);
        let out = run(&mut Command::new("cat"), b"hello", deadline).expect("cat runs");
        assert!(out.status.success());
        assert_eq!(out.stdout, "hello");
    }

    #[test]
    fn a_missing_program_is_reported_as_such() {
        let deadline = Instant::now() + Duration::from_secs(5);
        let result = run(&mut Command::new("no-such-program-kiosk"), b"", deadline);
        assert!(matches!(result, Err(RunError::NotFound)), "{result:?}");
    }
}
