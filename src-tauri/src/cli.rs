//! The command line: either one of the staff subcommands, which open no window, or the kiosk itself.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Where content comes from when neither `--content` nor `KIOSK_CONTENT` says.
///
/// The bundled folder sits beside the crate during development. The packaged binary
/// (/usr/bin/clinic-kiosk) uses the clinic's own folder the package seeded, so `set-pin`, `check`
/// and `doctor` need no `--content` on a kiosk.
pub fn default_content_dir() -> PathBuf {
    let packaged = std::env::current_exe().is_ok_and(|exe| exe == std::path::Path::new(INSTALLED_BINARY));
    if packaged {
        PathBuf::from(INSTALLED_CONTENT)
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
    }
}

/// Where the package installs the kiosk.
pub const INSTALLED_BINARY: &str = "/usr/bin/clinic-kiosk";
/// The clinic's content on an installed kiosk (the package seeds it from the factory content).
pub const INSTALLED_CONTENT: &str = "/var/lib/clinic-kiosk/content";

#[derive(Debug, Parser)]
#[command(
    name = "clinic-kiosk",
    version,
    about = "An offline information kiosk for a clinic's waiting room"
)]
pub struct Cli {
    /// The content folder (explainers, question lists, clinic.toml).
    #[arg(long, global = true, env = "KIOSK_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Run in a normal window instead of fullscreen kiosk mode (for development).
    #[arg(long)]
    pub windowed: bool,

    /// Where usage counts and the staff PIN lockout are kept (default: the system's app data
    /// folder, such as ~/.local/share/org.clinic-kiosk.app). Must not be inside the content folder.
    #[arg(long, global = true, env = "KIOSK_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a content folder and print every problem as PATH:LINE:COL (no window opens).
    Check {
        /// The content folder (default: --content, KIOSK_CONTENT, or the bundled content).
        dir: Option<PathBuf>,
    },
    /// Print the sanitized HTML of one explainer, as the kiosk would show it.
    Render {
        /// The content folder.
        dir: PathBuf,
        /// The explainer's id (its file name without .md).
        id: String,
        /// The language folder.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Print a checklist (every suggested question of an explainer or general list) for staff to
    /// hand out, on the printer set in clinic.toml, or write it to a PDF file with --out.
    Print {
        /// An explainer id, or a general list as `lists/ID`.
        #[arg(long, value_name = "ID")]
        checklist: String,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=50))]
        copies: u32,
        /// Write the PDF here instead of printing.
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// Content packs: make a signing key, build, verify, install and roll back a signed pack
    /// (`pack key|build|verify|install|rollback`; no window opens).
    Pack {
        #[command(subcommand)]
        command: crate::pack::cli::PackCommand,
    },
    /// Clinical sign-off: `review status` (where each page stands) and `review sign` (record a
    /// clinician's sign-off of pages as they are now, in the content folder's reviews.toml).
    Review {
        #[command(subcommand)]
        command: crate::review_cli::ReviewCommand,
    },
    /// Open the author's preview window: the kiosk in a normal window, every page shown (signed
    /// or not) beside a panel with that page's problems, reading level, sign-off and translation
    /// differences. It follows edits live and can record a sign-off of the page shown.
    Preview {
        /// The content folder (default: --content, KIOSK_CONTENT, or the bundled content).
        dir: Option<PathBuf>,
    },
    /// Set the staff PIN (4 to 12 digits) in clinic.toml, stored only as a hash. Asks twice
    /// without showing it; reads one line from standard input when that is not a terminal.
    SetPin {
        /// Remove the PIN instead: staff mode is off until one is set again.
        #[arg(long)]
        remove: bool,
    },
    /// Check an installed kiosk (no window opens): the display, the printer queue, the content (as
    /// `check`), the data folder's owner and free space, the fonts, the staff PIN and the systemd
    /// unit. One line each, PASS, WARN or FAIL; exit 1 on any FAIL.
    Doctor {
        /// The user the kiosk runs as, who must own the data folder.
        #[arg(long, default_value = crate::doctor::KIOSK_USER, value_name = "USER")]
        kiosk_user: String,
    },
    /// Show only the still "please tell the front desk" page, fullscreen: what the package's
    /// clinic-kiosk-still.service runs when the kiosk crash-looped past its start limit.
    Still,
}

/// Prints one explainer's HTML; exit 1 if it can't be shown.
fn render(dir: &std::path::Path, id: &str, lang: &str) -> ExitCode {
    let site = crate::site::load(dir);
    match site.library.explainer(lang, id) {
        Some(e) => {
            println!("{}", e.body.html);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("no explainer `{id}` in `{lang}` could be shown; problems in that folder:");
            for p in site.problems().into_iter().filter(|p| p.is_error()) {
                eprintln!("{p}");
            }
            ExitCode::from(1)
        }
    }
}

/// Staff printing from the command line; exit 1 with a message staff can act on.
fn print(
    dir: &std::path::Path,
    checklist: &str,
    lang: &str,
    copies: u32,
    out: Option<&std::path::Path>,
) -> ExitCode {
    let site = crate::site::load(dir);
    let doc = crate::checklist::DocRef::parse(checklist);
    let Some(handout) = doc.and_then(|doc| crate::checklist::whole(&site, lang, &doc)) else {
        eprintln!("no checklist `{checklist}`: use an explainer id (like ozone-blood-therapy) or lists/ID");
        return ExitCode::from(1);
    };
    let result = match out {
        Some(path) => crate::print::render_pdf(&handout)
            .map_err(|e| format!("could not make the PDF: {e}"))
            .and_then(|pdf| {
                std::fs::write(path, &pdf).map_err(|e| format!("could not write {}: {e}", path.display()))
            })
            .map(|()| format!("wrote {}", path.display())),
        None => crate::print::print(&handout, &site.settings.printer, copies)
            .map(|job| format!("sent to the printer as job {job}"))
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

impl Cli {
    pub fn content_dir(&self) -> PathBuf {
        self.content.clone().unwrap_or_else(default_content_dir)
    }
}

/// Parses the command line and runs what it asks for.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // clap exits 0 for --help/--version and 2 for usage errors, as the check command promises.
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    match cli.command {
        Some(Command::Check { ref dir }) => {
            let dir = dir.clone().unwrap_or_else(|| cli.content_dir());
            crate::check::run(&dir)
        }
        Some(Command::Render { dir, id, lang }) => render(&dir, &id, &lang),
        Some(Command::Print {
            ref checklist,
            ref lang,
            copies,
            ref out,
        }) => print(&cli.content_dir(), checklist, lang, copies, out.as_deref()),
        Some(Command::Pack { ref command }) => crate::pack::cli::run(command, &cli.content_dir()),
        Some(Command::Review { ref command }) => crate::review_cli::run(command, &cli.content_dir()),
        Some(Command::Preview { ref dir }) => {
            crate::logging::init();
            crate::run(crate::RunOptions {
                content_dir: dir.clone().unwrap_or_else(|| cli.content_dir()),
                windowed: true,
                data_dir: cli.data.clone(),
                preview: true,
            });
            ExitCode::SUCCESS
        }
        Some(Command::SetPin { remove }) => crate::staff::set_pin::run(&cli.content_dir(), remove),
        Some(Command::Doctor { ref kiosk_user }) => crate::doctor::run(&crate::doctor::Target {
            content_dir: cli.content_dir(),
            data_dir: cli
                .data
                .clone()
                .unwrap_or_else(|| PathBuf::from(crate::doctor::DATA_DIR)),
            kiosk_user: kiosk_user.clone(),
        }),
        Some(Command::Still) => crate::still::run(),
        None => {
            crate::logging::init();
            crate::run(crate::RunOptions {
                content_dir: cli.content_dir(),
                windowed: cli.windowed,
                data_dir: cli.data.clone(),
                preview: false,
            });
            ExitCode::SUCCESS
        }
    }
}
