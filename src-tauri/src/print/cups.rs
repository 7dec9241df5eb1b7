//! Printing through CUPS with its standard client: `lpstat` to check the queue, `lp` to send.
//!
//! The PDF goes to `lp` on its standard input, so no file with a patient's questions is ever
//! written by the kiosk; the job's title is a fixed word. Which CUPS server is used follows the
//! usual CUPS rules (`CUPS_SERVER`, `~/.cups/client.conf`, then the local scheduler).

use std::process::Command;
use std::time::Instant;

use super::process::{self, Output, RunError};
use super::{Error, JobId, PrinterState, PrinterStatus};
use crate::settings::Paper;

/// The job title CUPS shows in its queue and logs: never anything a patient chose.
const JOB_TITLE: &str = "kiosk-checklist";

/// Checks the queue, then hands the PDF to `lp`. Everything must finish by `deadline`.
///
/// The paper size goes with the job, so a printer whose default is the other size takes paper
/// from the right tray instead of shrinking the page to fit.
pub(crate) fn send(
    pdf: &[u8],
    queue: &str,
    paper: Paper,
    copies: u32,
    deadline: Instant,
) -> Result<JobId, Error> {
    check_name(queue)?;
    check_ready(queue, deadline)?;
    let out = run(
        Command::new("lp")
            .arg("-d")
            .arg(queue)
            .arg("-n")
            .arg(copies.to_string())
            .arg("-t")
            .arg(JOB_TITLE)
            .arg("-o")
            .arg(match paper {
                Paper::Letter => "media=Letter",
                Paper::A4 => "media=A4",
            }),
        pdf,
        deadline,
        "lp",
    )?;
    if !out.status.success() {
        return Err(lp_error(queue, &out.stderr));
    }
    job_id(&out.stdout).ok_or_else(|| {
        Error::Failed(format!(
            "CUPS took the checklist but gave no job number ({})",
            first_line(&out.stdout)
        ))
    })
}

/// Whether `queue` exists and takes jobs, as the staff panel shows it.
pub(crate) fn status(queue: &str, deadline: Instant) -> PrinterStatus {
    match check_name(queue).and_then(|()| check_ready(queue, deadline)) {
        Ok(()) => PrinterStatus {
            state: PrinterState::Ready,
            message: format!("The printer “{queue}” is ready."),
        },
        Err(e) => PrinterStatus {
            state: match e {
                Error::QueueStopped { .. } => PrinterState::Stopped,
                _ => PrinterState::Missing,
            },
            message: e.to_string(),
        },
    }
}

/// CUPS queue names are printable characters other than space, `/`, `#` and `\`; refusing the
/// rest (and a leading `-`, which `lp` would read as an option) keeps a typo from doing harm.
fn check_name(queue: &str) -> Result<(), Error> {
    let ok = !queue.is_empty()
        && queue.len() <= 127
        && !queue.starts_with('-')
        && queue
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '/' | '#' | '\\'));
    if ok {
        Ok(())
    } else {
        Err(Error::QueueMissing {
            queue: queue.to_string(),
        })
    }
}

/// Asks CUPS about the queue before sending, because a job sent to a stopped queue is accepted
/// and then waits there silently: the patient would be told to collect a page that never comes.
fn check_ready(queue: &str, deadline: Instant) -> Result<(), Error> {
    let out = run(
        Command::new("lpstat").arg("-p").arg(queue).arg("-a").arg(queue),
        b"",
        deadline,
        "lpstat",
    )?;
    match parse_lpstat(queue, &out.stdout) {
        Some(state) => state,
        None if scheduler_running(deadline)? => Err(Error::QueueMissing {
            queue: queue.to_string(),
        }),
        None => Err(Error::Failed(SCHEDULER_DOWN.into())),
    }
}

const SCHEDULER_DOWN: &str = "the print service (CUPS) is not running on this computer; \
    start it, or ask whoever looks after this kiosk";

/// `lpstat` says the same thing for a missing queue and for a scheduler that is not running,
/// so ask the scheduler directly.
fn scheduler_running(deadline: Instant) -> Result<bool, Error> {
    let out = run(Command::new("lpstat").arg("-r"), b"", deadline, "lpstat")?;
    Ok(out.stdout.contains("scheduler is running"))
}

/// Reads `lpstat -p QUEUE -a QUEUE` in the C locale. `None` when the queue is not listed.
fn parse_lpstat(queue: &str, stdout: &str) -> Option<Result<(), Error>> {
    let mut lines = stdout.lines().peekable();
    let mut listed = false;
    while let Some(line) = lines.next() {
        // An indented line after a state line gives the reason ("paper jam", "Rejecting Jobs").
        let reason = lines
            .peek()
            .filter(|next| next.starts_with([' ', '\t']))
            .map(|next| next.trim().to_string())
            .filter(|r| !r.is_empty() && r != "Rejecting Jobs" && r != "Paused");
        if let Some(rest) = line.strip_prefix(&format!("printer {queue} ")) {
            listed = true;
            if rest.starts_with("disabled") {
                return Some(Err(Error::QueueStopped {
                    queue: queue.to_string(),
                    reason: reason.unwrap_or_else(|| "stopped".into()),
                    fix: format!("cupsenable {queue}"),
                }));
            }
        } else if line.starts_with(&format!("{queue} not accepting requests")) {
            return Some(Err(Error::QueueStopped {
                queue: queue.to_string(),
                reason: reason.unwrap_or_else(|| "not accepting jobs".into()),
                fix: format!("cupsaccept {queue}"),
            }));
        }
    }
    listed.then_some(Ok(()))
}

/// Makes sense of `lp` refusing a job after the queue looked fine (it changed in between).
fn lp_error(queue: &str, stderr: &str) -> Error {
    if stderr.contains("not accepting jobs") {
        Error::QueueStopped {
            queue: queue.to_string(),
            reason: "not accepting jobs".into(),
            fix: format!("cupsaccept {queue}"),
        }
    } else if stderr.contains("does not exist") || stderr.contains("Invalid destination") {
        Error::QueueMissing {
            queue: queue.to_string(),
        }
    } else {
        Error::Failed(format!("CUPS refused the job: {}", first_line(stderr)))
    }
}

/// `request id is kiosk-test-12 (1 file(s))` → `kiosk-test-12`.
fn job_id(stdout: &str) -> Option<JobId> {
    stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("request id is "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(|id| JobId(id.to_string()))
}

fn first_line(s: &str) -> &str {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message")
}

fn run(cmd: &mut Command, input: &[u8], deadline: Instant, program: &str) -> Result<Output, Error> {
    process::run(cmd, input, deadline).map_err(|e| match e {
        RunError::NotFound => Error::Failed(format!(
            "the CUPS printing commands are not installed (`{program}` is missing): \
             install the cups-client package"
        )),
        RunError::TimedOut => Error::Timeout {
            secs: super::TIMEOUT.as_secs(),
        },
        RunError::Io(e) => Error::Failed(format!("could not run `{program}`: {e}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui_error::Kind;

    #[test]
    fn an_idle_accepting_queue_is_ready() {
        let out = "printer front-desk is idle.  enabled since Thu Nov 26 05:48:24 2026\n\
                   front-desk accepting requests since Thu Nov 26 05:48:24 2026\n";
        assert!(matches!(parse_lpstat("front-desk", out), Some(Ok(()))));
    }

    #[test]
    fn a_disabled_queue_is_stopped_with_its_reason() {
        let out = "printer front-desk disabled since Thu Nov 26 05:48:56 2026 -\n\tpaper jam\n\
                   front-desk accepting requests since Thu Nov 26 05:48:56 2026\n";
        let Some(Err(e)) = parse_lpstat("front-desk", out) else {
            panic!("not stopped")
        };
        assert_eq!(e.kind(), "queue-stopped");
        assert_eq!(
            e.to_string(),
            "The printer “front-desk” is stopped (paper jam). Check it has paper and is switched \
             on, then restart the queue with `cupsenable front-desk`."
        );
    }

    #[test]
    fn a_queue_that_rejects_jobs_is_stopped() {
        let out = "printer front-desk is idle.  enabled since Thu Nov 26 05:48:56 2026\n\tRejecting Jobs\n\
                   front-desk not accepting requests since Thu Nov 26 05:48:56 2026 -\n\tRejecting Jobs\n";
        let Some(Err(e)) = parse_lpstat("front-desk", out) else {
            panic!("not stopped")
        };
        assert!(e.to_string().contains("`cupsaccept front-desk`"), "{e}");
    }

    #[test]
    fn a_queue_with_a_similar_name_does_not_count() {
        let out = "printer front-desk-2 is idle.  enabled since Thu Nov 26 05:48:24 2026\n";
        assert!(parse_lpstat("front-desk", out).is_none());
    }

    #[test]
    fn the_job_id_comes_from_lps_reply() {
        let id = job_id("request id is kiosk-test-12 (1 file(s))\n");
        assert_eq!(id.map(|j| j.0), Some("kiosk-test-12".to_string()));
        assert!(job_id("").is_none());
    }

    #[test]
    fn queue_names_that_could_be_options_or_paths_are_refused() {
        for bad in ["", "-o", "a b", "a/b", "front#desk", "ñ"] {
            assert_eq!(
                check_name(bad).map_err(|e| e.kind()),
                Err("queue-missing"),
                "{bad:?}"
            );
        }
        assert!(check_name("Front_Desk-2").is_ok());
    }
}
