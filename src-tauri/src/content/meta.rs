//! The front matter: what tiles, the Key facts panel, the sources list and the question picker
//! show. Plain serde structs; unknown keys are rejected (unlike Zola's `extra`) so a misspelt field
//! is an error staff see, not a fact that silently disappears. Fields that need checks serde can't
//! do are `Spanned`, so those checks can point at the line too.

use serde::{Deserialize, Serialize};
use toml::value::Datetime;
use toml::Spanned;

/// How well a treatment is supported, in words written for patients. The UI shows the words and a
/// badge with its own shape and symbol, never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Approved by the FDA for this use.
    Approved,
    /// Approved for other uses; some studies support this use.
    OffLabel,
    /// Good studies have not shown that it works.
    NotProven,
    /// US regulators warn against it.
    AdvisedAgainst,
}

/// An explainer's front matter (`content/<lang>/<id>.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainerMeta {
    pub title: Spanned<String>,
    /// One line for the tile on the home screen.
    pub summary: Spanned<String>,
    /// A category key from `clinic.toml`; the home screen groups tiles by it.
    pub category: Spanned<String>,
    /// Tiles are sorted by this, then by title (lower first).
    #[serde(default = "default_order")]
    pub order: i32,
    /// Left out for pages that are not a treatment (what to expect at a visit).
    pub evidence: Option<Evidence>,
    #[serde(default)]
    pub may_help: Vec<String>,
    #[serde(default)]
    pub should_not_have: Vec<String>,
    #[serde(default)]
    pub main_risks: Vec<String>,
    /// Mental-health topics show the crisis notice (988, 911).
    #[serde(default)]
    pub crisis_notice: bool,
    /// When the page was last changed, shown to patients where no clinician's sign-off matches
    /// the page (sign-off itself is in `reviews.toml`, bound to the text: see `crate::review`).
    pub updated: Option<Spanned<Datetime>>,
    /// The fields sign-off replaced. Still read, so an older file loads (with a warning saying how
    /// to move it over) instead of failing: `reviewed` stands in for `updated`; the others are
    /// ignored, since a typed-in name is not a sign-off.
    pub reviewed: Option<Spanned<Datetime>>,
    pub next_review: Option<Spanned<Datetime>>,
    pub reviewed_by: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<Source>>,
    #[serde(default)]
    pub questions: Vec<Spanned<Question>>,
}

/// A general question list's front matter (`content/<lang>/lists/<id>.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListMeta {
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    #[serde(default = "default_order")]
    pub order: i32,
    pub questions: Vec<Spanned<Question>>,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    /// A web address (`https://…`), shown as text and as a QR code; optional for print-only sources.
    pub url: Option<String>,
    /// When it was published: `2023`, `2023-10` or `2023-10-31`.
    pub date: String,
    /// A US state's code (`CA`) for a source on that state's law: listed only where clinic.toml's
    /// `state` is the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A question for the provider. The key is the same in every language, so a question's
/// translations are matched and a picked question survives a change of language.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    pub text: String,
}

/// A TOML date (`2026-12-01`, no time) as a calendar date; `None` for a time, an offset or an
/// impossible day. Pages' front matter and `reviews.toml` both read dates through this.
pub fn calendar_date(dt: &Datetime) -> Option<time::Date> {
    match (dt.date, dt.time) {
        (Some(d), None) => time::Month::try_from(d.month)
            .ok()
            .and_then(|month| time::Date::from_calendar_date(i32::from(d.year), month, d.day).ok()),
        _ => None,
    }
}

/// A date as `YYYY-MM-DD`, as typed after `--next` or in the preview's next-review field.
pub fn parse_day(text: &str) -> Option<time::Date> {
    time::Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

fn default_order() -> i32 {
    100
}
