//! Printing through a real CUPS: the kiosk's own code sends checklists to a cups-pdf queue, and
//! the PDFs that come out are read back with poppler's `pdftotext` and `pdfinfo`.
//!
//! The run starts a cupsd of its own (its configuration, spool and socket in a temporary folder,
//! found by the kiosk through `CUPS_SERVER`), so it never touches a clinic's printers, and stops it
//! at the end whatever the tests did. cups-pdf only reads its settings from /etc/cups, so one file
//! there, named for this run, is written and removed again. Needs root (cupsd runs its backends as
//! root) and the packages `scripts/kiosk deps test` installs. Run with
//! `cargo test --features e2e --test printing`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use clinic_kiosk::print::{self, Handout, JobId, PrinterState};
use clinic_kiosk::settings::{Paper, PrinterSettings};
use clinic_kiosk::ui_error::Kind;
use libtest_mimic::{Arguments, Failed, Trial};
use time::macros::date;

/// Questions from the bundled content, one a line: twenty in English, ten in Spanish.
const EN: &str = include_str!("fixtures/print/questions-en.txt");
const ES: &str = include_str!("fixtures/print/questions-es.txt");

/// The queue every test prints to.
const QUEUE: &str = "kiosk-test";

/// A cupsd of our own, with one cups-pdf queue that writes into `out`.
struct Cups {
    dir: tempfile::TempDir,
    cupsd: Child,
    /// cups-pdf's settings for this run, under /etc/cups.
    cups_pdf_conf: PathBuf,
    out: PathBuf,
}

impl Cups {
    fn start() -> Result<Cups, String> {
        for tool in [
            "/usr/sbin/cupsd",
            "/usr/sbin/lpadmin",
            "/usr/lib/cups/backend/cups-pdf",
        ] {
            if !Path::new(tool).exists() {
                return Err(format!("{tool} is missing: run `scripts/kiosk deps test` first"));
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("kiosk-cups-")
            .tempdir()
            .map_err(|e| format!("temp dir: {e}"))?;
        let root = dir.path().to_path_buf();
        // Filters run as the `lp` user: they must reach the folder and write their temp files.
        set_mode(&root, 0o755)?;
        for sub in ["spool", "cache", "state", "log", "out"] {
            fs::create_dir(root.join(sub)).map_err(|e| format!("{sub}: {e}"))?;
        }
        fs::create_dir(root.join("tmp")).map_err(|e| format!("tmp: {e}"))?;
        set_mode(&root.join("tmp"), 0o1777)?;
        let r = root.display();
        write(
            &root.join("cups-files.conf"),
            &format!(
                "SystemGroup root\nServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\n\
                 StateDir {r}/state\nTempDir {r}/tmp\nPrintcap {r}/printcap\n\
                 AccessLog {r}/log/access_log\nErrorLog {r}/log/error_log\nPageLog {r}/log/page_log\n"
            ),
        )?;
        // `PreserveJobFiles No`: what a clinic should set too, so no checklist stays in the spool.
        write(
            &root.join("cupsd.conf"),
            &format!(
                "Listen {r}/cups.sock\nLogLevel info\nWebInterface No\nBrowsing No\n\
                 PreserveJobFiles No\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            ),
        )?;
        let log = fs::File::create(root.join("log/cupsd.out")).map_err(|e| format!("log: {e}"))?;
        let log2 = log.try_clone().map_err(|e| format!("log: {e}"))?;
        let cupsd = Command::new("/usr/sbin/cupsd")
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .spawn()
            .map_err(|e| format!("could not start cupsd: {e}"))?;
        let name = format!("kiosk-test-{}", std::process::id());
        let out = root.join("out");
        let cups = Cups {
            cups_pdf_conf: PathBuf::from(format!("/etc/cups/cups-pdf-{name}.conf")),
            out,
            cupsd,
            dir,
        };
        // Everything below runs after `cups` exists, so its Drop stops cupsd if a step fails.
        std::env::set_var("CUPS_SERVER", root.join("cups.sock"));
        cups.wait_until_running()?;
        write(
            &cups.cups_pdf_conf,
            // `Label 1` puts the job number in the file's name; `LogType 0` keeps /var/log clean.
            &format!("Out {}\nLabel 1\nLogType 0\n", cups.out.display()),
        )?;
        run(
            "lpadmin",
            &[
                "-p",
                QUEUE,
                "-E",
                "-v",
                &format!("cups-pdf:/{name}"),
                "-P",
                "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd",
                // cups-pdf takes PostScript. Ghostscript's and poppler's PostScript lose the
                // text behind embedded TrueType (CID) fonts, so pdftotext would read only
                // symbols; cairo's keeps it. Paper looks the same either way.
                "-o",
                "pdftops-renderer-default=pdftocairo",
            ],
        )?;
        Ok(cups)
    }

    fn wait_until_running(&self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(out) = Command::new("lpstat").arg("-r").env("LC_ALL", "C").output() {
                if String::from_utf8_lossy(&out.stdout).contains("scheduler is running") {
                    return Ok(());
                }
            }
            sleep(Duration::from_millis(100));
        }
        Err(format!(
            "cupsd did not start; see {}/log",
            self.dir.path().display()
        ))
    }

    fn stop(&mut self) {
        let _ = self.cupsd.kill();
        let _ = self.cupsd.wait();
        let _ = fs::remove_file(&self.cups_pdf_conf);
    }

    /// Waits for CUPS to finish `job` and returns the PDF cups-pdf made of it. A file appears
    /// before it is fully written, so the job's completion is what counts.
    fn printed(&self, job: &JobId) -> Result<PathBuf, String> {
        let number = job.0.rsplit('-').next().unwrap_or_default();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let done = output("lpstat", &["-W", "completed", "-o", QUEUE])?;
            if done.split_whitespace().any(|w| w == job.0) {
                let prefix = format!("job_{number}-");
                let found = fs::read_dir(&self.out)
                    .map_err(|e| format!("out: {e}"))?
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| {
                        p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                    });
                return found.ok_or_else(|| format!("{job} completed but no PDF is in {:?}", self.out));
            }
            sleep(Duration::from_millis(200));
        }
        Err(format!("{job} did not complete within a minute"))
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        self.stop();
    }
}

fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| format!("{path:?}: {e}"))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs a CUPS admin command, which must succeed.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn printer() -> PrinterSettings {
    PrinterSettings {
        queue: Some(QUEUE.into()),
        ..PrinterSettings::default()
    }
}

fn handout(lang: &str, questions: &str) -> Handout {
    Handout {
        clinic_name: "Harbor Wellness Clinic".into(),
        lang: lang.into(),
        topic: Some("Ketamina para el dolor crónico".into()),
        date: date!(2026 - 11 - 26),
        questions: questions.lines().map(str::to_string).collect(),
        sources: vec![
            "https://www.fda.gov/drugs".into(),
            "https://988lifeline.org/".into(),
        ],
        more_sources: false,
        paper: Paper::Letter,
    }
}

/// The text of a PDF with all runs of whitespace made one space, as a person reads it.
fn pdf_text(path: &Path) -> Result<String, String> {
    let path = path.to_string_lossy();
    let text = output("pdftotext", &["-enc", "UTF-8", &path, "-"])?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The page count and the first page's size, as pdfinfo says them ("612 x 792 pts (letter)").
fn pdf_pages(path: &Path) -> Result<(usize, String), String> {
    let info = output("pdfinfo", &[&path.to_string_lossy()])?;
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let pages = field("Pages:").and_then(|n| n.parse().ok());
    let size = field("Page size:");
    match (pages, size) {
        (Some(pages), Some(size)) => Ok((pages, size.to_string())),
        _ => Err(format!("no page count or size in {info}")),
    }
}

fn check(ok: bool, msg: impl Into<String>) -> Result<(), Failed> {
    if ok {
        Ok(())
    } else {
        Err(msg.into().into())
    }
}

/// Prints `h` and checks what comes out: every question's words, in `pages` pages.
fn print_and_read(cups: &Cups, h: &Handout, pages: usize) -> Result<String, Failed> {
    let pdf = print::render_pdf(h)?;
    let job = print::send(&pdf, &printer(), 1)?;
    check(job.0.starts_with(&format!("{QUEUE}-")), format!("job id {job}"))?;
    let file = cups.printed(&job)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    check(
        // cups-pdf names the file `job_<n>-<job title>`, sometimes with odd bytes after it.
        name.contains("-kiosk-checklist"),
        format!("the job's title should say nothing about the patient: {name}"),
    )?;
    let text = pdf_text(&file)?;
    for q in &h.questions {
        check(
            text.contains(q.as_str()),
            format!("{q:?} is not in the printed text:\n{text}"),
        )?;
    }
    let (got, size) = pdf_pages(&file)?;
    check(got == pages, format!("{got} pages printed, expected {pages}"))?;
    // The queue's own default is A4: the job asked for the clinic's Letter paper.
    check(
        size.starts_with("612 x 792"),
        format!("printed on {size}, not Letter"),
    )?;
    Ok(text)
}

fn ten_spanish_questions_print_on_one_page_with_their_accents(cups: &Cups) -> Result<(), Failed> {
    let h = handout("es", ES);
    check(h.questions.len() == 10, "the fixture has ten Spanish questions")?;
    let text = print_and_read(cups, &h, 1)?;
    for expected in [
        "Preguntas para mi proveedor",
        "26 de noviembre de 2026",
        "Ketamina para el dolor crónico",
        "¿Cuánto dura cada infusión y cómo me van a vigilar?",
        "No es un consejo médico.",
        "988lifeline.org",
    ] {
        check(
            text.contains(expected),
            format!("{expected:?} missing from:\n{text}"),
        )?;
    }
    Ok(())
}

fn twenty_questions_print_on_two_pages(cups: &Cups) -> Result<(), Failed> {
    let h = handout("en", EN);
    check(
        h.questions.len() == 20,
        "the fixture has twenty English questions",
    )?;
    let text = print_and_read(cups, &h, 2)?;
    check(text.contains("Page 2 of 2"), "page numbers")?;
    Ok(())
}

fn a_stopped_queue_is_reported_and_nothing_is_queued(_: &Cups) -> Result<(), Failed> {
    run("cupsdisable", &["-r", "out of paper", QUEUE])?;
    let result = print::send(b"%PDF-1.7", &printer(), 1);
    let status = print::printer_status(&printer());
    let waiting = output("lpstat", &["-o", QUEUE]);
    run("cupsenable", &[QUEUE])?;
    let err = result.err().ok_or("a stopped queue took the job")?;
    check(err.kind() == "queue-stopped", format!("{}: {err}", err.kind()))?;
    check(err.to_string().contains("(out of paper)"), err.to_string())?;
    check(status.state == PrinterState::Stopped, format!("{status:?}"))?;
    check(
        waiting?.trim().is_empty(),
        "a job was left waiting in the stopped queue",
    )
}

fn a_queue_that_refuses_jobs_is_reported(_: &Cups) -> Result<(), Failed> {
    run("cupsreject", &[QUEUE])?;
    let result = print::send(b"%PDF-1.7", &printer(), 1);
    run("cupsaccept", &[QUEUE])?;
    let err = result.err().ok_or("a queue refusing jobs took one")?;
    check(err.kind() == "queue-stopped", format!("{}: {err}", err.kind()))?;
    check(
        err.to_string().contains(&format!("`cupsaccept {QUEUE}`")),
        err.to_string(),
    )
}

fn a_missing_queue_is_reported(_: &Cups) -> Result<(), Failed> {
    let missing = PrinterSettings {
        queue: Some("no-such-printer".into()),
        ..PrinterSettings::default()
    };
    let err = print::send(b"%PDF-1.7", &missing, 1)
        .err()
        .ok_or("printed to nothing")?;
    check(err.kind() == "queue-missing", format!("{}: {err}", err.kind()))?;
    let status = print::printer_status(&missing);
    check(status.state == PrinterState::Missing, format!("{status:?}"))
}

fn a_ready_queue_says_so(_: &Cups) -> Result<(), Failed> {
    let status = print::printer_status(&printer());
    check(status.state == PrinterState::Ready, format!("{status:?}"))
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // One queue, and tests that stop and start it: one at a time.
    args.test_threads = Some(1);
    let cups = match Cups::start() {
        Ok(cups) => cups,
        Err(e) => {
            eprintln!("printing tests: cannot set up CUPS: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cups = std::sync::Arc::new(cups);
    type Test = fn(&Cups) -> Result<(), Failed>;
    let tests: [(&str, Test); 6] = [
        (
            "ten_spanish_questions_print_on_one_page_with_their_accents",
            ten_spanish_questions_print_on_one_page_with_their_accents,
        ),
        (
            "twenty_questions_print_on_two_pages",
            twenty_questions_print_on_two_pages,
        ),
        (
            "a_stopped_queue_is_reported_and_nothing_is_queued",
            a_stopped_queue_is_reported_and_nothing_is_queued,
        ),
        (
            "a_queue_that_refuses_jobs_is_reported",
            a_queue_that_refuses_jobs_is_reported,
        ),
        ("a_missing_queue_is_reported", a_missing_queue_is_reported),
        ("a_ready_queue_says_so", a_ready_queue_says_so),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let cups = cups.clone();
            Trial::test(name, move || test(&cups))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // The trials are done with it: dropping the last handle stops cupsd.
    drop(cups);
    conclusion.exit_code()
}
