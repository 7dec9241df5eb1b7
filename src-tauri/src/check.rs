//! `clinic-kiosk check`: validates a content folder and prints every problem, one a line, as
//! `PATH:LINE:COL: error: MESSAGE`, sorted by path, then a summary. Staff run it after editing.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::problem::Problem;
use crate::site::{self, Site};

/// Prints the report for `site` to `out`; returns whether it had errors.
pub fn report(site: &Site, cwd: &Path, out: &mut impl Write) -> std::io::Result<bool> {
    let lib = &site.library;
    for problem in site.problems() {
        let shown = Problem {
            path: relative(&problem.path, cwd),
            ..problem.clone()
        };
        writeln!(out, "{shown}")?;
    }
    let (errors, warnings) = (site.error_count(), site.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // Never signed is not a fault of any file (the bundled content ships that way): one note,
    // unless `[review] require_signoff` made each a warning above.
    if site.never_signed > 0 && !site.settings.review.require_signoff {
        writeln!(
            out,
            "note: {} not signed off by a clinician yet: clinic-kiosk review status {}",
            plural(site.never_signed, "page"),
            relative(&lib.root, cwd).display(),
        )?;
    }
    writeln!(
        out,
        "checked {} in {}: {}, {}",
        plural(lib.files_checked, "file"),
        relative(&lib.root, cwd).display(),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )?;
    Ok(errors > 0)
}

/// Checks `dir` and prints to stdout. Exit status: 0 with no errors, 1 with errors.
pub fn run(dir: &Path) -> std::process::ExitCode {
    let site = site::load(dir);
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    match report(&site, &cwd, &mut stdout) {
        Ok(false) => std::process::ExitCode::SUCCESS,
        Ok(true) => std::process::ExitCode::from(1),
        Err(_) => std::process::ExitCode::from(1),
    }
}

/// `path` relative to `cwd` where it lies below it, as staff would type it.
fn relative(path: &Path, cwd: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let path = normalize(&path);
    path.strip_prefix(normalize(cwd))
        .map(Path::to_path_buf)
        .unwrap_or(path)
}

/// Removes `.` and `..` parts without touching the disk (the file may not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_where_check_was_called() {
        assert_eq!(
            relative(Path::new("/srv/c/en/a.md"), Path::new("/srv")),
            PathBuf::from("c/en/a.md")
        );
        assert_eq!(
            relative(Path::new("./c/../c/en/a.md"), Path::new("/srv")),
            PathBuf::from("c/en/a.md")
        );
        assert_eq!(
            relative(Path::new("/other/a.md"), Path::new("/srv")),
            PathBuf::from("/other/a.md")
        );
    }
}
