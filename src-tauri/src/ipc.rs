//! What every IPC command shares, the patient screens' ([`crate::commands`]) and the staff
//! plugin's ([`crate::staff::plugin`]) alike: the checks on what a page sends, the refusals those
//! checks give, and the way slow work leaves the UI thread. A hostile page can send anything, so
//! every argument is bounded here before it reaches a module.

use crate::checklist::Pick;
use crate::site::Site;
use crate::ui_error::{Kind, UiError};

/// No id, key or language code is longer than this.
pub const MAX_ARG: usize = 200;
/// More picks than this are not a patient's list.
pub const MAX_PICKS: usize = 100;

/// What a print command answers: the printer's job id, or the file's name in a print folder.
#[derive(Debug, serde::Serialize)]
pub struct Printed {
    pub job: String,
}

/// Why a command refused what the page sent.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("There is no page called “{0}” in this kiosk.")]
    NotFound(String),
    #[error("Nothing was chosen to print.")]
    NothingToPrint,
    #[error("“{0}” is not one of this kiosk's languages.")]
    NoLanguage(String),
    #[error("There is no checklist “{}” in this kiosk. Choose one from the list.", short(.0))]
    NoChecklist(String),
    #[error("The kiosk stopped this task unexpectedly ({0}). Try again.")]
    Stopped(String),
}

impl Kind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::NotFound(_) | Error::NoLanguage(_) | Error::NoChecklist(_) => "not-found",
            Error::NothingToPrint => "nothing-to-print",
            Error::Stopped(_) => "failed",
        }
    }
}

/// The first 40 characters, to name a refused argument without echoing all of it.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// An id or key, refused if it is longer than any the kiosk has.
pub fn arg(s: &str) -> Result<&str, UiError> {
    if s.len() > MAX_ARG {
        Err(Error::NotFound(short(s)).into())
    } else {
        Ok(s)
    }
}

/// A language the kiosk offers or has pages in.
pub fn lang<'a>(site: &Site, lang: &'a str) -> Result<&'a str, UiError> {
    let known = lang.len() <= MAX_ARG
        && (site.settings.languages.iter().any(|l| l == lang) || site.library.explainers.contains_key(lang));
    if known {
        Ok(lang)
    } else {
        Err(Error::NoLanguage(short(lang)).into())
    }
}

/// At most [`MAX_PICKS`] picks.
pub fn picks(picks: &[Pick]) -> &[Pick] {
    &picks[..picks.len().min(MAX_PICKS)]
}

/// Runs `f` on a blocking thread (argon2, the printer, the counts file), so the page never
/// waits on the UI thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, UiError> + Send + 'static,
) -> Result<T, UiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| UiError::from(Error::Stopped(e.to_string())))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_arguments_and_unknown_languages_are_refused_by_name() {
        assert_eq!(arg("ozone").unwrap(), "ozone");
        let long = "x".repeat(MAX_ARG + 1);
        let e = arg(&long).unwrap_err();
        assert_eq!(e.kind, "not-found");
        assert_eq!(
            e.message,
            format!("There is no page called “{}” in this kiosk.", "x".repeat(40))
        );
        let site = Site::default();
        assert_eq!(lang(&site, "es").unwrap(), "es");
        assert_eq!(
            lang(&site, "fr").unwrap_err().message,
            "“fr” is not one of this kiosk's languages."
        );
    }
}
