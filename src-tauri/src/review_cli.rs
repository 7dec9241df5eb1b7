//! `clinic-kiosk review status|sign`: where each page stands with its clinical sign-off, and
//! signing pages as they are now. No window opens. It sits with the other commands, above
//! `site`, which it loads; the records themselves are [`crate::review`]'s.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use time::Date;

use crate::content::fingerprint;
use crate::review::{self, Page, Status};
use crate::site::{self, Site};

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// One line per page and language: signed (by whom, when, next due), changed since it was
    /// signed, overdue, or never signed.
    Status {
        /// The content folder (default: --content, KIOSK_CONTENT, or the bundled content).
        dir: Option<PathBuf>,
    },
    /// Record a clinician's sign-off of pages exactly as they are now, in DIR/reviews.toml. Shows
    /// each page's title and what changed since its last sign-off, then asks to confirm.
    Sign {
        /// The content folder.
        dir: PathBuf,
        /// Pages to sign: `en/ketamine-depression` (one language), `ketamine-depression` (every
        /// language), `lists/first-visit`, `es/lists/first-visit`.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Sign every page in the folder.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Who signs, with credentials: "Dana Ruiz, MD".
        #[arg(long, value_name = "NAME, CREDENTIALS")]
        by: String,
        /// When the pages are due for review again (default: a year from today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        next: Option<Date>,
        /// Don't ask to confirm.
        #[arg(long)]
        yes: bool,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    crate::content::meta::parse_day(text).ok_or_else(|| format!("`{text}` is not a date like 2027-06-01"))
}

pub fn run(command: &ReviewCommand, default_dir: &Path) -> ExitCode {
    let today = crate::clock::today();
    let mut out = std::io::stdout().lock();
    let result = match command {
        ReviewCommand::Status { dir } => {
            let dir = dir.clone().unwrap_or_else(|| default_dir.to_path_buf());
            status(&site::load(&dir), today, &mut out).map(|()| ExitCode::SUCCESS)
        }
        ReviewCommand::Sign {
            dir,
            ids,
            all,
            by,
            next,
            yes,
        } => {
            let site = site::load(dir);
            let stdin = std::io::stdin();
            let confirm = |out: &mut dyn Write| -> bool {
                if *yes {
                    return true;
                }
                let _ = write!(out, "Sign these off? Type yes to confirm: ");
                let _ = out.flush();
                let mut answer = String::new();
                stdin.lock().read_line(&mut answer).is_ok()
                    && matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
            };
            let next = next.unwrap_or_else(|| review::default_next(today));
            sign(&site, ids, *all, by, next, today, &mut out, confirm)
        }
    };
    result.unwrap_or(ExitCode::from(1))
}

/// One line a page: `KEY  STATUS`, then a count of each status.
pub fn status(site: &Site, today: Date, out: &mut dyn Write) -> std::io::Result<()> {
    for problem in &site.reviews.problems {
        writeln!(out, "{problem}")?;
    }
    let pages = review::pages(&site.library);
    let width = pages.iter().map(|p| p.key.chars().count()).max().unwrap_or(0);
    let mut counts = [0usize; 4];
    for page in &pages {
        let (n, text) = describe(site, page, today);
        counts[n] += 1;
        writeln!(out, "{:<width$}  {text}", page.key)?;
    }
    let errors = site.library.error_count();
    writeln!(
        out,
        "{} pages: {} signed, {} changed since signed, {} overdue, {} never signed",
        pages.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    )?;
    if errors > 0 {
        writeln!(
            out,
            "{errors} problems keep files out of this list: clinic-kiosk check {}",
            site.library.root.display()
        )?;
    }
    Ok(())
}

/// A page's status in words, with its index in the summary's counts.
fn describe(site: &Site, page: &Page, today: Date) -> (usize, String) {
    match site.reviews.status(&page.key, page.fingerprint, today) {
        Status::Signed(r) => (
            0,
            format!("signed by {} on {}, next review due {}", r.by, r.date, r.next),
        ),
        Status::Changed(r) => {
            let what = fingerprint::summary(&r.parts, &page.fingerprint.parts);
            (
                1,
                format!("CHANGED since {} signed it on {}: {what}", r.by, r.date),
            )
        }
        Status::Overdue(r) => (
            2,
            format!(
                "OVERDUE: signed by {} on {}, next review was due {}",
                r.by, r.date, r.next
            ),
        ),
        Status::Never => (3, "never signed".into()),
    }
}

/// The pages `ids` name (or every page with `all`), or a message saying which id matched none.
fn chosen<'a>(pages: Vec<Page<'a>>, ids: &[String], all: bool) -> Result<Vec<Page<'a>>, String> {
    if all {
        return Ok(pages);
    }
    if ids.is_empty() {
        return Err("name the pages to sign (like en/ketamine-depression), or give --all".into());
    }
    for id in ids {
        if !pages.iter().any(|p| p.key == *id || p.doc_id() == *id) {
            return Err(format!(
                "no page `{id}` is loaded: `clinic-kiosk review status` lists them (a page with errors can't be signed: run `clinic-kiosk check`)"
            ));
        }
    }
    Ok(pages
        .into_iter()
        .filter(|p| ids.iter().any(|id| p.key == *id || p.doc_id() == *id))
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub fn sign(
    site: &Site,
    ids: &[String],
    all: bool,
    by: &str,
    next: Date,
    today: Date,
    out: &mut dyn Write,
    confirm: impl FnOnce(&mut dyn Write) -> bool,
) -> std::io::Result<ExitCode> {
    let by = match review::reviewer(by) {
        Ok(by) => by,
        Err(e) => {
            eprintln!("{e}; nothing was signed");
            return Ok(ExitCode::from(2));
        }
    };
    let pages = match chosen(review::pages(&site.library), ids, all) {
        Ok(pages) => pages,
        Err(e) => {
            eprintln!("{e}; nothing was signed");
            return Ok(ExitCode::from(2));
        }
    };
    writeln!(out, "{} will sign off, as they are now:", by)?;
    for page in &pages {
        let then = match site.reviews.status(&page.key, page.fingerprint, today) {
            Status::Never => "never signed before".to_string(),
            Status::Signed(r) | Status::Overdue(r) => {
                format!("unchanged since {} signed it on {}", r.by, r.date)
            }
            Status::Changed(r) => {
                let what = fingerprint::summary(&r.parts, &page.fingerprint.parts);
                format!("changed since {} signed it on {}: {what}", r.by, r.date)
            }
        };
        writeln!(out, "  {}  \"{}\": {then}", page.key, page.title)?;
    }
    writeln!(
        out,
        "Next review due {next}. Sign only pages you have read in full, in their language."
    )?;
    if !confirm(out) {
        writeln!(out, "nothing was signed")?;
        return Ok(ExitCode::from(1));
    }
    match review::sign(&site.library.root, &pages, &by, today, next) {
        Ok(()) => {
            writeln!(
                out,
                "signed {} page{} as {by}; recorded in {}",
                pages.len(),
                if pages.len() == 1 { "" } else { "s" },
                site.reviews.path.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}
