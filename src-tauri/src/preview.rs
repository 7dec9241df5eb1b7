//! The author's preview window (`clinic-kiosk preview DIR`): the kiosk's own screens in a normal
//! window, every page shown whether signed or not, beside a panel for whoever writes the pages.
//! For the page on screen it gives its problems as `file:line` (the same lines `check` prints),
//! its reading level with the sentences that push it up, its sign-off, and what differs between
//! its languages; and from it a clinician can sign the page off, which writes the same record as
//! `review sign`.
//!
//! Plain functions over a [`Site`], so tests reach them without a window; the two commands at
//! the end answer only in a preview window (the kiosk's state says which it is), so a patient at
//! a kiosk can never reach them even though the page's capability lists them.

use std::path::Path;

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use time::Date;

use crate::checklist::DocRef;
use crate::content::readability;
use crate::content::render::Rendered;
use crate::content::Library;
use crate::lang::SOURCE_LANG;
use crate::problem::Severity;
use crate::review::{self, Page, Status};
use crate::site::Site;
use crate::ui_error::UiError;
use crate::AppState;

/// How many of the hardest sentences the panel lists.
pub const HARDEST_SHOWN: usize = 5;

#[derive(Debug, Serialize)]
pub struct Report {
    /// `en/ketamine-depression`.
    pub page: String,
    pub title: String,
    /// The file, relative to the content folder.
    pub file: String,
    /// This page's problems, as `check` prints them (relative to the content folder).
    pub problems: Vec<Line>,
    /// Problems in every other file of the folder (a page with an error may not be on screen).
    pub elsewhere: Vec<Line>,
    pub reading: Option<Reading>,
    pub review: ReviewLine,
    /// What differs between this page and its other languages, one sentence each.
    pub translations: Vec<String>,
    /// The reviewer this preview window last signed as, to fill the name in again.
    pub reviewer: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Line {
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Reading {
    /// "US grade 5.1" or "Fernández-Huerta 72".
    pub label: String,
    /// "US grade 8 or lower", "Fernández-Huerta 60 or more".
    pub target: String,
    pub passes: bool,
    /// Sentences that score past the target on their own, hardest first.
    pub hardest: Vec<HardSentence>,
}

#[derive(Debug, Serialize)]
pub struct HardSentence {
    pub text: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct ReviewLine {
    /// `signed`, `overdue`, `changed` or `never`.
    pub status: &'static str,
    pub text: String,
}

/// The page `doc` in `lang` as the preview panel reports it, as of `today`; `None` when no such
/// page is loaded in that language.
pub fn report(site: &Site, lang: &str, doc: &DocRef, today: Date) -> Option<Report> {
    let lib = &site.library;
    let page = find(lib, lang, doc)?;
    let root = &lib.root;
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let (mut problems, mut elsewhere) = (Vec::new(), Vec::new());
    for p in site.problems() {
        let line = Line {
            severity: p.severity,
            text: format!(
                "{}:{}:{}: {}: {}",
                rel(&p.path),
                p.line,
                p.col,
                if p.is_error() { "error" } else { "warning" },
                p.message
            ),
        };
        if p.path == page.path {
            problems.push(line);
        } else {
            elsewhere.push(line);
        }
    }
    let reading = body(lib, lang, doc).and_then(|body| {
        let score = readability::score_prose(&body.prose, lang)?;
        Some(Reading {
            label: score.label(),
            target: match score {
                readability::Score::FleschKincaid(_) => {
                    format!("US grade {:.0} or lower", readability::MAX_GRADE)
                }
                readability::Score::FernandezHuerta(_) => {
                    format!(
                        "Fernández-Huerta {:.0} or more",
                        readability::MIN_FERNANDEZ_HUERTA
                    )
                }
            },
            passes: score.passes(),
            hardest: readability::hardest(&body.prose, lang, HARDEST_SHOWN)
                .into_iter()
                .map(|s| HardSentence {
                    label: s.score.label(),
                    text: s.text,
                })
                .collect(),
        })
    });
    let review = match site.reviews.status(&page.key, page.fingerprint, today) {
        Status::Signed(r) => ReviewLine {
            status: "signed",
            text: format!("Signed off by {} on {}; next review due {}.", r.by, r.date, r.next),
        },
        Status::Overdue(r) => ReviewLine {
            status: "overdue",
            text: format!("Signed off by {} on {}, but the next review was due {}.", r.by, r.date, r.next),
        },
        Status::Changed(r) => {
            let what = crate::content::fingerprint::summary(&r.parts, &page.fingerprint.parts);
            ReviewLine {
                status: "changed",
                text: format!(
                    "Changed since {} signed it off on {} ({}). Patients see no reviewer until it is signed again.",
                    r.by,
                    r.date,
                    what
                ),
            }
        }
        Status::Never => ReviewLine {
            status: "never",
            text: "Not signed off by a clinician yet. Patients see the date it was last updated, and no reviewer.".into(),
        },
    };
    let mut review = review;
    if site.settings.review.require_signoff && matches!(review.status, "changed" | "never") {
        review.text += " With [review] require_signoff on, the kiosk keeps it off the patient screens.";
    }
    Some(Report {
        page: page.key.clone(),
        title: page.title.to_string(),
        file: rel(page.path),
        problems,
        elsewhere,
        reading,
        review,
        translations: translations(site, lang, doc),
        reviewer: None,
    })
}

/// The page `doc` in exactly `lang` (no fallback: the panel reports the file that is there).
fn find<'a>(lib: &'a Library, lang: &str, doc: &DocRef) -> Option<Page<'a>> {
    let key = match doc {
        DocRef::Explainer(id) => review::key(lang, id, false),
        DocRef::List(id) => review::key(lang, id, true),
    };
    review::pages(lib).into_iter().find(|p| p.key == key)
}

fn body<'a>(lib: &'a Library, lang: &str, doc: &DocRef) -> Option<&'a Rendered> {
    match doc {
        DocRef::Explainer(id) => lib.explainer(lang, id).map(|e| &e.body),
        DocRef::List(id) => lib.list(lang, id).map(|l| &l.body),
    }
}

/// What a reader of both languages would find different: a language with no translation (or one
/// kept out by errors), questions one has and the other lacks, sections, Key facts lists and
/// sources that don't line up in number.
fn translations(site: &Site, lang: &str, doc: &DocRef) -> Vec<String> {
    let lib = &site.library;
    let mut out = Vec::new();
    for other in &site.settings.languages {
        if other == lang {
            continue;
        }
        // The panel is for authors and written in English, as the staff panel is.
        let name = |l: &str| match l {
            "en" => "English".to_string(),
            "es" => "Spanish".to_string(),
            other => format!("`{other}`"),
        };
        let (this, that) = (name(lang), name(other));
        let Some(questions) = questions(lib, other, doc) else {
            let fallback = if other == SOURCE_LANG {
                ""
            } else {
                " (patients there see the English)"
            };
            out.push(format!(
                "No {that} version is loaded{fallback}: it is missing or has errors."
            ));
            continue;
        };
        let mine = questions_of(lib, lang, doc);
        for q in &mine {
            if !questions.iter().any(|(k, _)| k == &q.0) {
                out.push(format!(
                    "The {that} version lacks the question `{}` (“{}”).",
                    q.0, q.1
                ));
            }
        }
        for q in &questions {
            if !mine.iter().any(|(k, _)| k == &q.0) {
                out.push(format!(
                    "The {this} version lacks the question `{}` (“{}”).",
                    q.0, q.1
                ));
            }
        }
        if let (Some(a), Some(b)) = (body(lib, lang, doc), body(lib, other, doc)) {
            if a.sections.len() != b.sections.len() {
                let heads = |r: &Rendered| {
                    r.sections
                        .iter()
                        .map(|s| s.title.as_str())
                        .collect::<Vec<_>>()
                        .join(" · ")
                };
                out.push(format!(
                    "{this} has {} sections, {that} has {}. {this}: {}. {that}: {}.",
                    a.sections.len(),
                    b.sections.len(),
                    heads(a),
                    heads(b)
                ));
            }
        }
        let pair = match doc {
            DocRef::Explainer(id) => lib.explainer(lang, id).zip(lib.explainer(other, id)),
            DocRef::List(_) => None,
        };
        if let Some((a, b)) = pair {
            for (what, x, y) in [
                ("“May help with” items", a.may_help.len(), b.may_help.len()),
                (
                    "“Who should not have it” items",
                    a.should_not_have.len(),
                    b.should_not_have.len(),
                ),
                ("“Main risks” items", a.main_risks.len(), b.main_risks.len()),
                ("sources", a.sources.len(), b.sources.len()),
            ] {
                if x != y {
                    out.push(format!("{this} lists {x} {what}, {that} lists {y}."));
                }
            }
        }
    }
    out
}

fn id_of(doc: &DocRef) -> &str {
    match doc {
        DocRef::Explainer(id) | DocRef::List(id) => id,
    }
}

fn questions(lib: &Library, lang: &str, doc: &DocRef) -> Option<Vec<(String, String)>> {
    let qs = match doc {
        DocRef::Explainer(id) => &lib.explainer(lang, id)?.questions,
        DocRef::List(id) => &lib.list(lang, id)?.questions,
    };
    Some(qs.iter().map(|q| (q.key.clone(), q.text.clone())).collect())
}

fn questions_of(lib: &Library, lang: &str, doc: &DocRef) -> Vec<(String, String)> {
    questions(lib, lang, doc).unwrap_or_default()
}

/// Why a preview command did nothing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("this is only available in the preview window (clinic-kiosk preview)")]
    NotPreview,
    #[error("no page `{0}` is loaded in that language")]
    NoPage(String),
    #[error("`{0}` is not a date like 2027-06-01")]
    BadDate(String),
    #[error(transparent)]
    Review(#[from] review::Error),
}

impl crate::ui_error::Kind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::NotPreview => "not-preview",
            Error::NoPage(_) => "not-found",
            Error::BadDate(_) => "bad-date",
            Error::Review(e) => crate::ui_error::Kind::kind(e),
        }
    }
}

/// Signs off the page `doc` in `lang` as it is loaded now, by `by`, next due `next` (default: a
/// year from `today`): the same record `review sign` writes.
pub fn sign(
    site: &Site,
    lang: &str,
    doc: &DocRef,
    by: &str,
    next: Option<&str>,
    today: Date,
) -> Result<(), Error> {
    let page = find(&site.library, lang, doc).ok_or_else(|| Error::NoPage(id_of(doc).to_string()))?;
    let next = match next.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            crate::content::meta::parse_day(text).ok_or_else(|| Error::BadDate(text.to_string()))?
        }
        None => review::default_next(today),
    };
    review::sign(&site.library.root, &[page], by, today, next)?;
    Ok(())
}

fn doc_arg(id: &str) -> Result<DocRef, UiError> {
    DocRef::parse(crate::ipc::arg(id)?).ok_or_else(|| Error::NoPage(id.to_string()).into())
}

/// The panel's report on the page shown.
#[tauri::command]
pub fn preview_report(state: State<'_, AppState>, id: String, lang: String) -> Result<Report, UiError> {
    if !state.preview {
        return Err(Error::NotPreview.into());
    }
    let doc = doc_arg(&id)?;
    let mut report = report(
        &state.site(),
        crate::ipc::arg(&lang)?,
        &doc,
        crate::clock::today(),
    )
    .ok_or(Error::NoPage(id))?;
    report.reviewer = remembered(&state);
    Ok(report)
}

fn remembered(state: &AppState) -> Option<String> {
    state.reviewer.lock().map(|r| r.clone()).unwrap_or_default()
}

/// Signs off the page shown, then reloads so every screen shows the new record.
#[tauri::command]
pub fn preview_sign<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    lang: String,
    by: String,
    next: Option<String>,
) -> Result<Report, UiError> {
    if !state.preview {
        return Err(Error::NotPreview.into());
    }
    let doc = doc_arg(&id)?;
    let lang = crate::ipc::arg(&lang)?.to_string();
    let by = crate::ipc::arg(&by)?.to_string();
    sign(
        &state.site(),
        &lang,
        &doc,
        &by,
        next.as_deref(),
        crate::clock::today(),
    )?;
    if let Ok(mut reviewer) = state.reviewer.lock() {
        *reviewer = Some(by.trim().to_string());
    }
    crate::state::reload_and_notify(&app);
    let mut report = report(&state.site(), &lang, &doc, crate::clock::today()).ok_or(Error::NoPage(id))?;
    report.reviewer = remembered(&state);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::load_at;
    use std::fs;

    fn day() -> Date {
        Date::from_calendar_date(2026, time::Month::December, 1).unwrap()
    }

    const EN: &str = "+++\ntitle = \"Gamma\"\nsummary = \"S\"\ncategory = \"c\"\nupdated = 2026-11-01\nmain_risks = [\"Tiredness\", \"Headache\"]\n\n[[questions]]\nkey = \"a\"\ntext = \"Is it safe?\"\n\n[[questions]]\nkey = \"b\"\ntext = \"What does it cost?\"\n+++\nGamma is a test page for the preview window and it has enough words in it to be scored by the formula.\n\n## Risks\n\nKetamine may occasionally precipitate considerable cardiovascular instability in susceptible individuals.\n\n## Cost\n\nYou pay. See [missing](nowhere.md).\n";
    const ES: &str = "+++\ntitle = \"Gamma\"\nsummary = \"S\"\ncategory = \"c\"\nupdated = 2026-11-01\nmain_risks = [\"Cansancio\"]\n\n[[questions]]\nkey = \"a\"\ntext = \"¿Es seguro?\"\n\n[[questions]]\nkey = \"b\"\ntext = \"¿Cuánto cuesta?\"\n+++\nGamma es una página de prueba para la ventana de vista previa y tiene palabras suficientes para la fórmula.\n\n## Riesgos\n\nPuede causar cansancio.\n";

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("en")).unwrap();
        fs::create_dir_all(dir.path().join("es")).unwrap();
        fs::write(
            dir.path().join("en/gamma.md"),
            EN.replace(" See [missing](nowhere.md).", " It **costs**."),
        )
        .unwrap();
        fs::write(dir.path().join("es/gamma.md"), ES).unwrap();
        dir
    }

    #[test]
    fn the_report_gives_the_reading_level_with_the_hardest_sentence_and_the_translation_gaps() {
        let dir = folder();
        let site = load_at(dir.path(), day(), None);
        let doc = DocRef::parse("gamma").unwrap();
        let r = report(&site, "en", &doc, day()).unwrap();
        assert_eq!(r.page, "en/gamma");
        assert_eq!(r.file, "en/gamma.md");
        let reading = r.reading.unwrap();
        assert!(reading.label.starts_with("US grade "), "{}", reading.label);
        assert_eq!(
            reading.hardest[0].text,
            "Ketamine may occasionally precipitate considerable cardiovascular instability in susceptible individuals."
        );
        assert_eq!(r.review.status, "never");
        assert_eq!(
            r.translations,
            [
                "English has 2 sections, Spanish has 1. English: Risks · Cost. Spanish: Riesgos.",
                "English lists 2 “Main risks” items, Spanish lists 1."
            ]
        );
    }

    #[test]
    fn a_problem_in_the_page_is_listed_with_its_file_and_line_and_others_elsewhere() {
        let dir = folder();
        fs::write(dir.path().join("en/gamma.md"), EN).unwrap();
        let site = load_at(dir.path(), day(), None);
        // The broken link keeps en/gamma out: the report is then about the Spanish page.
        let doc = DocRef::parse("gamma").unwrap();
        assert!(report(&site, "en", &doc, day()).is_none());
        let r = report(&site, "es", &doc, day()).unwrap();
        assert!(r.problems.is_empty());
        assert!(
            r.elsewhere.iter().any(|l| l
                .text
                .starts_with("en/gamma.md:24:23: error: link to `nowhere` leads nowhere")),
            "{:?}",
            r.elsewhere
        );
        assert!(
            r.translations[0].starts_with("No English version is loaded"),
            "{:?}",
            r.translations
        );
    }

    #[test]
    fn signing_from_the_preview_writes_the_record_review_sign_writes() {
        let dir = folder();
        let site = load_at(dir.path(), day(), None);
        let doc = DocRef::parse("gamma").unwrap();
        sign(&site, "es", &doc, "Ana Gil, MD", Some("2027-06-01"), day()).unwrap();
        let site = load_at(dir.path(), day(), None);
        let r = report(&site, "es", &doc, day()).unwrap();
        assert_eq!(r.review.status, "signed");
        assert_eq!(
            r.review.text,
            "Signed off by Ana Gil, MD on 2026-12-01; next review due 2027-06-01."
        );
        assert_eq!(
            report(&site, "en", &doc, day()).unwrap().review.status,
            "never",
            "only the page shown"
        );
        assert!(matches!(
            sign(&site, "es", &doc, "Ana Gil, MD", Some("June"), day()),
            Err(Error::BadDate(_))
        ));
    }

    #[test]
    fn with_require_signoff_the_report_says_the_page_is_kept_from_patients() {
        let dir = folder();
        fs::write(
            dir.path().join("clinic.toml"),
            "[review]\nrequire_signoff = true\n",
        )
        .unwrap();
        let site = load_at(dir.path(), day(), None);
        let r = report(&site, "en", &DocRef::parse("gamma").unwrap(), day()).unwrap();
        assert!(
            r.review
                .text
                .ends_with("the kiosk keeps it off the patient screens."),
            "{}",
            r.review.text
        );
    }
}
