//! One content file, read, parsed and checked: an [`Explainer`] or a [`QuestionList`], or the
//! problems that keep it out. Every problem points at a line of the file itself.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use time::Date;
use toml::value::Datetime;
use toml::Spanned;

use super::fingerprint::{self, Fingerprint};
use super::for_state;
use super::front_matter;
use super::meta::{Evidence, ExplainerMeta, ListMeta, Question, Source};
use super::readability;
use super::render::{self, Finding, Rendered};
use crate::problem::{is_unsafe_char, line_col, Problem};
use crate::read::{self, Folder};

/// A file larger than this is surely a mistake (a pasted PDF, a video) and is not read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A summary longer than this doesn't fit on a tile.
pub const MAX_SUMMARY_CHARS: usize = 140;

/// The longest title that prints whole: the handout's "About" line holds two lines of titles and
/// cuts the rest, so the questions always start on the first page. `check` warns past it.
pub const MAX_TITLE_CHARS: usize = 80;

/// The longest question that prints whole (about five lines of the handout); longer ones are cut.
pub const MAX_QUESTION_CHARS: usize = 300;

/// The longest source address that prints whole at the foot of the handout.
pub const MAX_URL_CHARS: usize = 200;

/// One explainer in one language, parsed, checked and rendered.
#[derive(Debug, Clone)]
pub struct Explainer {
    pub id: String,
    pub lang: String,

    pub path: std::path::PathBuf,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub order: i32,
    pub evidence: Option<Evidence>,
    pub may_help: Vec<String>,
    pub should_not_have: Vec<String>,
    pub main_risks: Vec<String>,
    pub crisis_notice: bool,
    /// When the page was last changed (front matter `updated`).
    pub updated: Date,
    pub sources: Vec<Source>,
    pub questions: Vec<Question>,
    pub body: Rendered,
    /// What a sign-off of this version is bound to.
    pub fingerprint: Fingerprint,
}

/// A general question list (`lists/<id>.md`): questions that belong to no one treatment.
#[derive(Debug, Clone)]
pub struct QuestionList {
    pub id: String,
    pub lang: String,

    pub path: std::path::PathBuf,
    pub title: String,
    pub summary: String,
    pub order: i32,
    pub questions: Vec<Question>,
    pub body: Rendered,
    pub fingerprint: Fingerprint,
}

/// What a file's checks need from outside the file.
pub struct Context<'a> {
    /// Category keys from clinic.toml, in its order (for messages); empty means any category is
    /// accepted.
    pub categories: &'a [String],
    /// The same keys, to look one up in constant time.
    pub category_set: &'a HashSet<&'a str>,
    pub today: Date,
    /// The content folder's `media/`, where images live; `None` when there is none.
    pub media: Option<&'a Folder>,
    /// The clinic's US state (clinic.toml `state`): text and sources written for another
    /// state's law are left out ([`for_state`]).
    pub state: Option<&'a str>,
}

/// Reads a page through the one reader ([`crate::read`]): a regular file under the content
/// folder, within the size limit, as UTF-8 text.
pub fn read(folder: &Folder, path: &Path) -> Result<String, Problem> {
    let bytes = folder
        .bytes(path, MAX_FILE_BYTES)
        .map_err(|e| Problem::error(path, 1, 1, e.to_string()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::error(path, 1, 1, "the file is empty"));
    }
    read::text(bytes).map_err(|e| {
        let (line, col) = e.position();
        Problem::error(path, line, col, e.to_string())
    })
}

/// Collects a file's problems, each placed at a byte offset of the file.
struct Report<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn error(&mut self, offset: usize, msg: impl Into<String>) {
        let (line, col) = line_col(self.text, offset);
        self.problems.push(Problem::error(self.path, line, col, msg));
    }

    fn warning(&mut self, offset: usize, msg: impl Into<String>) {
        let (line, col) = line_col(self.text, offset);
        self.problems.push(Problem::warning(self.path, line, col, msg));
    }

    fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// The parts every kind of file shares: front matter split, TOML parsed, body rendered.
struct Parts<'t, M> {
    meta: M,
    toml_offset: usize,
    body: &'t str,
    body_offset: usize,
}

fn parse_parts<'t, M: serde::de::DeserializeOwned>(text: &'t str, r: &mut Report) -> Option<Parts<'t, M>> {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(e) => {
            r.error(0, e.to_string());
            return None;
        }
    };
    match toml::from_str::<M>(split.toml) {
        Ok(meta) => Some(Parts {
            meta,
            toml_offset: split.toml_offset,
            body: split.body,
            body_offset: split.body_offset,
        }),
        Err(e) => {
            let offset = split.toml_offset + e.span().map_or(0, |s| s.start);
            r.error(offset, e.message().trim_end().to_string());
            None
        }
    }
}

/// Parses and checks an explainer. `None` when it has errors (it is then left out of the kiosk).
pub fn explainer(
    path: &Path,
    lang: &str,
    id: &str,
    text: &str,
    cx: &Context,
) -> (Option<Explainer>, Vec<Problem>) {
    let mut r = Report {
        path,
        text,
        problems: Vec::new(),
    };
    let Some(p) = parse_parts::<ExplainerMeta>(text, &mut r) else {
        return (None, r.problems);
    };
    let at = |span: Range<usize>| p.toml_offset + span.start;
    let m = p.meta;

    let title = required_text(&mut r, &m.title, "title", p.toml_offset);
    let title = tidy(&mut r, at(m.title.span()), "title", title, Some(MAX_TITLE_CHARS));
    let summary = summary(&mut r, &m.summary, p.toml_offset);
    if !cx.categories.is_empty() && !cx.category_set.contains(m.category.get_ref().as_str()) {
        let mut known = cx.categories[..cx.categories.len().min(10)].join("`, `");
        if cx.categories.len() > 10 {
            known += &format!("` and {} more: `…", cx.categories.len() - 10);
        }
        r.error(
            at(m.category.span()),
            format!(
                "unknown category `{}`; clinic.toml defines `{known}`",
                m.category.get_ref()
            ),
        );
    }
    let updated = updated(&mut r, &m, p.toml_offset);
    let mut m = m;
    for (list, name) in [
        (&mut m.may_help, "may_help"),
        (&mut m.should_not_have, "should_not_have"),
        (&mut m.main_risks, "main_risks"),
    ] {
        let offset = find_key(text, name).unwrap_or(p.toml_offset);
        for item in list.iter_mut() {
            *item = tidy(&mut r, offset, name, std::mem::take(item), None);
        }
    }
    if m.evidence.is_some() {
        for (list, name) in [
            (&m.should_not_have, "should_not_have"),
            (&m.main_risks, "main_risks"),
        ] {
            if list.iter().all(|s| s.trim().is_empty()) {
                let offset = find_key(text, name).unwrap_or(p.toml_offset);
                r.error(
                    offset,
                    format!("a treatment (one with `evidence`) must list `{name}`"),
                );
            }
        }
        if m.sources.is_empty() {
            r.error(
                p.toml_offset,
                "a treatment (one with `evidence`) must list its [[sources]]",
            );
        }
    }
    check_sources(&mut r, &mut m.sources, p.toml_offset);
    // A source for one state's law is listed only in that state, like the text citing it.
    m.sources
        .retain(|s| s.get_ref().state.as_deref().is_none_or(|st| cx.state == Some(st)));
    check_questions(&mut r, &mut m.questions, p.toml_offset);
    let body = body(&mut r, p.body, p.body_offset, lang, cx);

    if r.has_errors() {
        return (None, r.problems);
    }
    let explainer = Explainer {
        id: id.to_string(),
        lang: lang.to_string(),
        path: path.to_path_buf(),
        title,
        summary,
        category: m.category.into_inner(),
        order: m.order,
        evidence: m.evidence,
        may_help: m.may_help,
        should_not_have: m.should_not_have,
        main_risks: m.main_risks,
        crisis_notice: m.crisis_notice,
        updated: updated.unwrap_or(cx.today),
        sources: unspanned(m.sources),
        questions: unspanned(m.questions),
        body,
        fingerprint: fingerprint::of(text),
    };
    (Some(explainer), r.problems)
}

/// Parses and checks a general question list.
pub fn list(
    path: &Path,
    lang: &str,
    id: &str,
    text: &str,
    cx: &Context,
) -> (Option<QuestionList>, Vec<Problem>) {
    let mut r = Report {
        path,
        text,
        problems: Vec::new(),
    };
    let Some(p) = parse_parts::<ListMeta>(text, &mut r) else {
        return (None, r.problems);
    };
    let mut m = p.meta;
    let title = required_text(&mut r, &m.title, "title", p.toml_offset);
    let title = tidy(
        &mut r,
        p.toml_offset + m.title.span().start,
        "title",
        title,
        Some(MAX_TITLE_CHARS),
    );
    let summary = summary(&mut r, &m.summary, p.toml_offset);
    if m.questions.is_empty() {
        r.error(p.toml_offset, "a question list needs at least one [[questions]]");
    }
    check_questions(&mut r, &mut m.questions, p.toml_offset);
    // A list's introduction is optional, so an empty body is fine here.
    let body = if p.body.trim().is_empty() {
        Rendered::default()
    } else {
        body(&mut r, p.body, p.body_offset, lang, cx)
    };
    if r.has_errors() {
        return (None, r.problems);
    }
    let list = QuestionList {
        id: id.to_string(),
        lang: lang.to_string(),
        path: path.to_path_buf(),
        title,
        summary,
        order: m.order,
        questions: unspanned(m.questions),
        body,
        fingerprint: fingerprint::of(text),
    };
    (Some(list), r.problems)
}

/// The page's `updated` date. A file from before sign-off moved to `reviews.toml` still loads: its
/// `reviewed` date stands in, and one warning says how to move it over. A typed-in `reviewed_by`
/// is never shown: it stays true after an edit, which is what a sign-off must not do.
fn updated(r: &mut Report, m: &ExplainerMeta, base: usize) -> Option<Date> {
    let old_field = [
        m.reviewed.as_ref().map(|v| (v.span().start, "reviewed")),
        m.next_review.as_ref().map(|v| (v.span().start, "next_review")),
        m.reviewed_by.as_ref().map(|v| (v.span().start, "reviewed_by")),
    ]
    .into_iter()
    .flatten()
    .min();
    if let Some((offset, name)) = old_field {
        r.warning(
            base + offset,
            format!(
                "`{name}` is from before sign-off moved to reviews.toml and is no longer shown: rename `reviewed` to `updated` (the date the page last changed), delete `reviewed_by` and `next_review`, and have a clinician sign it with `clinic-kiosk review sign`"
            ),
        );
    }
    match (&m.updated, &m.reviewed) {
        (Some(updated), _) => date(r, updated, "updated", base),
        (None, Some(reviewed)) => date(r, reviewed, "reviewed", base),
        (None, None) => {
            r.error(
                base,
                "missing field `updated`: the date this page last changed, like `updated = 2026-12-01`",
            );
            None
        }
    }
}

fn required_text(r: &mut Report, value: &Spanned<String>, name: &str, base: usize) -> String {
    let text = value.get_ref().trim();
    if text.is_empty() {
        r.error(base + value.span().start, format!("`{name}` must not be empty"));
    }
    text.to_string()
}

/// A front-matter text as the kiosk will show and print it: control and invisible characters
/// (zero-width spaces, direction overrides) taken out, a line break made a space, with a warning
/// for each of that, for characters the fonts cannot show, and for text past `bound`.
fn tidy(r: &mut Report, offset: usize, name: &str, text: String, bound: Option<usize>) -> String {
    let text = if text.chars().any(is_unsafe_char) {
        let unsafe_count = text.chars().filter(|&c| is_unsafe_char(c)).count();
        let first = text.chars().find(|&c| is_unsafe_char(c)).map_or(0, u32::from);
        r.warning(
            offset,
            format!("`{name}` has {unsafe_count} control or invisible character(s) (the first is U+{first:04X}): the kiosk leaves them out; delete them"),
        );
        let cleaned: String = text
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if is_unsafe_char(c) => None,
                c => Some(c),
            })
            .collect();
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text
    };
    if let Some(c) = crate::fonts::missing(&text) {
        r.warning(offset, font_message(name, c));
    }
    if let Some(bound) = bound {
        let n = text.chars().count();
        if n > bound {
            r.warning(
                offset,
                format!(
                    "`{name}` is {n} characters; the printed checklist shows the first {bound}: shorten it"
                ),
            );
        }
    }
    text
}

/// What to say about a character the kiosk's fonts lack.
fn font_message(name: &str, c: char) -> String {
    let rtl = if crate::fonts::is_right_to_left(c) {
        ", and right-to-left text would print left to right"
    } else {
        ""
    };
    format!(
        "{name} has characters the kiosk's font (Atkinson Hyperlegible) cannot show, such as `{c}` (U+{:04X}): they show as empty boxes on screen and on paper{rtl}",
        u32::from(c)
    )
}

fn summary(r: &mut Report, value: &Spanned<String>, base: usize) -> String {
    let text = required_text(r, value, "summary", base);
    let text = tidy(r, base + value.span().start, "summary", text, None);
    let n = text.chars().count();
    if n > MAX_SUMMARY_CHARS {
        r.warning(
            base + value.span().start,
            format!("`summary` is {n} characters; keep it under {MAX_SUMMARY_CHARS} so it fits on its tile"),
        );
    }
    text
}

/// A TOML date (`2026-01-31`, no quotes) as a calendar date.
fn date(r: &mut Report, value: &Spanned<Datetime>, name: &str, base: usize) -> Option<Date> {
    let parsed = super::meta::calendar_date(value.get_ref());
    if parsed.is_none() {
        r.error(
            base + value.span().start,
            format!("`{name}` must be a real date like 2026-01-31 (no time, no quotes)"),
        );
    }
    parsed
}

/// The values without their places in the file, moved rather than copied: the checks are done.
fn unspanned<T>(values: Vec<Spanned<T>>) -> Vec<T> {
    values.into_iter().map(Spanned::into_inner).collect()
}

fn check_sources(r: &mut Report, sources: &mut [Spanned<Source>], base: usize) {
    for s in sources {
        let offset = base + s.span().start;
        let src = s.get_mut();
        src.title = tidy(r, offset, "source title", std::mem::take(&mut src.title), None);
        src.publisher = tidy(
            r,
            offset,
            "source publisher",
            std::mem::take(&mut src.publisher),
            None,
        );
        if let Some(url) = &src.url {
            let n = url.chars().count();
            if n > MAX_URL_CHARS {
                r.warning(
                    offset,
                    format!("source address is {n} characters; the printed checklist shows the first {MAX_URL_CHARS}: link to a shorter page"),
                );
            }
        }
        if src.title.trim().is_empty() || src.publisher.trim().is_empty() {
            r.error(offset, "every source needs a `title` and a `publisher`");
        }
        if let Some(state) = &src.state {
            if !crate::settings::is_us_state(state) {
                r.error(
                    offset,
                    format!(
                        "source `state` is \"{}\", not a US state's two-letter code like \"CA\"",
                        crate::problem::escape(state)
                    ),
                );
            }
        }
        if let Some(url) = &src.url {
            if !matches!(render::classify_link(url), render::LinkTarget::Web(_)) {
                r.error(
                    offset,
                    format!("source address `{url}` must start with https:// or http://"),
                );
            }
        }
        if !is_partial_date(&src.date) {
            r.error(
                offset,
                format!(
                    "source date `{}` must look like 2023, 2023-10 or 2023-10-31",
                    src.date
                ),
            );
        }
    }
}

fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let month_ok = |p: &str| p.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && month_ok(m),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && time::Month::try_from(m.parse::<u8>().unwrap_or(0))
                    .ok()
                    .is_some_and(|month| {
                        Date::from_calendar_date(y.parse().unwrap_or(0), month, d.parse().unwrap_or(0))
                            .is_ok()
                    })
        }
        _ => false,
    }
}

fn check_questions(r: &mut Report, questions: &mut [Spanned<Question>], base: usize) {
    let mut seen: HashSet<String> = HashSet::new();
    for q in questions {
        let offset = base + q.span().start;
        let question = q.get_mut();
        question.text = tidy(
            r,
            offset,
            "question",
            std::mem::take(&mut question.text),
            Some(MAX_QUESTION_CHARS),
        );
        if !render::is_id(&question.key) {
            r.error(
                offset,
                format!(
                    "question key `{}` must use only lower-case letters, digits and hyphens",
                    question.key
                ),
            );
        } else if seen.contains(&question.key) {
            r.error(
                offset,
                format!("question key `{}` is used twice in this file", question.key),
            );
        }
        seen.insert(question.key.clone());
        if question.text.trim().is_empty() {
            r.error(offset, format!("question `{}` has no text", question.key));
        }
    }
}

fn body(r: &mut Report, body: &str, body_offset: usize, lang: &str, cx: &Context) -> Rendered {
    if body.trim().is_empty() {
        r.error(
            body_offset,
            "there is no text after the front matter: write the explainer below the second `+++`",
        );
        return Rendered::default();
    }
    let shown = for_state::apply(body, cx.state);
    for (offset, message) in &shown.errors {
        r.error(body_offset + offset, message.clone());
    }
    // Checked as written, every state's text included; shown as this clinic's patients see it.
    let rendered = render::render(body);
    for (offset, finding) in &rendered.findings {
        let at = body_offset + offset;
        match finding {
            Finding::RawHtml => r.warning(at, "raw HTML is shown as plain text, never as HTML: use Markdown instead"),
            Finding::UnclosedComment => r.error(
                at,
                "this `<!--` note is never closed with `-->`, so everything after it would be hidden from patients: close it",
            ),
            Finding::RefusedLink(dest) => r.warning(
                at,
                format!("link `{dest}` is shown as plain text: only web addresses (https://…) and other explainers (name.md) can be links"),
            ),
            Finding::RefusedImage(src) => r.error(
                at,
                format!("image `{src}` is not in the content folder: put the picture in media/ and write its file name"),
            ),
            Finding::Anchor(anchor) if !rendered.anchors.contains(anchor) => r.error(
                at,
                format!("link `#{anchor}` leads nowhere: no heading on this page has that id (headings here: {})", rendered.anchors.join(", ")),
            ),
            Finding::Image(file) => match cx.media.map(|m| m.check(&m.path().join(file))) {
                None | Some(Err(read::Error::Missing)) => {
                    r.error(at, format!("image `{file}` is missing: there is no media/{file} in the content folder"))
                }
                Some(Err(e)) => r.error(at, format!("image `{file}` cannot be shown: media/{file}: {e}")),
                Some(Ok(_)) => {}
            },
            _ => {}
        }
    }
    if let Some((at, c)) = body
        .char_indices()
        .find(|&(_, c)| is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        let n = body
            .chars()
            .filter(|&c| is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t'))
            .count();
        r.warning(
            body_offset + at,
            format!("the text has {n} control or invisible character(s) (the first is U+{:04X}): the kiosk leaves them out; delete them", u32::from(c)),
        );
    }
    // The prose stays on the page: the preview window shows the sentences that make it hard.
    let prose = &rendered.prose;
    if let Some(c) = crate::fonts::missing(prose) {
        let at = body.find(c).unwrap_or(0);
        r.warning(body_offset + at, font_message("the text", c));
    }
    if let Some(message) = readability::score_prose(prose, lang).and_then(readability::Score::warning) {
        r.warning(body_offset, message);
    }
    let mut rendered = rendered;
    if let Some(text) = shown.text {
        let patient = render::render(&text);
        rendered.html = patient.html;
        rendered.sections = patient.sections;
        rendered.prose = patient.prose;
    }
    rendered
}

/// The byte offset of the first line that sets `key`, for fields serde can't locate.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"+++
title = "Ozone therapy"
summary = "What it is and its risks."
category = "asked-about"
evidence = "advised-against"
should_not_have = ["People with G6PD deficiency"]
main_risks = ["Stroke from gas bubbles"]
updated = 2026-11-20

[[sources]]
title = "21 CFR 801.415"
publisher = "US FDA"
url = "https://www.ecfr.gov/"
date = "2024"

[[questions]]
key = "is-it-approved"
text = "Is this approved?"
+++
Ozone is a gas. The FDA says it is toxic.
"#;

    fn cx() -> Context<'static> {
        static CATS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
        let categories = CATS.get_or_init(|| vec!["offered".into(), "asked-about".into()]);
        Context {
            categories,
            category_set: SET.get_or_init(|| categories.iter().map(String::as_str).collect()),
            today: Date::from_calendar_date(2026, time::Month::November, 26).unwrap(),
            media: None,
            state: None,
        }
    }

    fn problems(text: &str) -> Vec<String> {
        let (_, problems) = explainer(Path::new("en/x.md"), "en", "x", text, &cx());
        problems
            .iter()
            .map(|p| format!("{}:{}: {}", p.line, p.col, p.message))
            .collect()
    }

    #[test]
    fn a_good_explainer_parses_with_no_problems() {
        let (e, problems) = explainer(Path::new("en/x.md"), "en", "x", GOOD, &cx());
        assert_eq!(problems, []);
        let e = e.unwrap();
        assert_eq!(e.evidence, Some(Evidence::AdvisedAgainst));
        assert_eq!(e.questions[0].key, "is-it-approved");
        assert_eq!(e.updated.to_string(), "2026-11-20");
    }

    #[test]
    fn a_state_s_section_and_source_show_only_in_that_state_and_later_lines_keep_their_numbers() {
        let text = GOOD
            .replace(
                "date = \"2024\"\n",
                "date = \"2024\"\n\n[[sources]]\ntitle = \"Cal. Bus. & Prof. Code 2234.1\"\npublisher = \"California Legislature\"\ndate = \"2006\"\nstate = \"CA\"\n",
            )
            .replace(
                "Ozone is a gas. The FDA says it is toxic.\n",
                "Ozone is a gas. The FDA says it is toxic.\n\n[//]: # (STATE CA)\n## California law\n\nIt protects doctors.\n\n[//]: # (END STATE)\n\n<b>x</b>\n",
            );
        let (e, problems) = explainer(Path::new("en/x.md"), "en", "x", &text, &cx());
        let e = e.unwrap();
        assert!(!e.body.html.contains("California") && !e.body.html.contains("protects doctors"));
        assert_eq!(e.sources.len(), 1, "the California source is not listed");
        assert!(e.body.sections.is_empty());
        // Checked as written: the raw HTML after the hidden block is at its own line.
        assert_eq!(problems.len(), 2, "an opening and a closing tag: {problems:?}");
        assert!(problems.iter().all(|p| p.line == 35), "{problems:?}");

        let mut in_ca = cx();
        in_ca.state = Some("CA");
        let (e, _) = explainer(Path::new("en/x.md"), "en", "x", &text, &in_ca);
        let e = e.unwrap();
        assert!(e.body.html.contains("California law") && e.body.html.contains("protects doctors"));
        assert_eq!(e.sources.len(), 2);
        assert_eq!(e.body.sections.len(), 1);
    }

    #[test]
    fn an_impossible_date_points_at_its_line() {
        let text = GOOD.replace("updated = 2026-11-20", "updated = 2026-02-30");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("8:"), "{found:?}");
    }

    #[test]
    fn a_file_with_the_old_review_fields_loads_with_one_warning_saying_how_to_move_it_over() {
        let text = GOOD.replace(
            "updated = 2026-11-20",
            "reviewed = 2026-11-19\nnext_review = 2027-05-20\nreviewed_by = \"Anyone at all\"",
        );
        let (e, problems) = explainer(Path::new("en/x.md"), "en", "x", &text, &cx());
        let e = e.expect("it still loads");
        assert_eq!(
            e.updated.to_string(),
            "2026-11-19",
            "`reviewed` stands in for `updated`"
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(!problems[0].is_error());
        assert_eq!(problems[0].line, 8);
        assert!(
            problems[0].message.contains("rename `reviewed` to `updated`")
                && problems[0].message.contains("clinic-kiosk review sign"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_page_with_no_date_at_all_is_an_error() {
        let found = problems(&GOOD.replace("updated = 2026-11-20\n", ""));
        assert!(
            found.iter().any(|p| p.contains("missing field `updated`")),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_category_and_duplicate_question_keys_are_errors() {
        let text = GOOD
            .replace("category = \"asked-about\"", "category = \"spa\"")
            .replace(
                "+++\nOzone",
                "\n[[questions]]\nkey = \"is-it-approved\"\ntext = \"Again?\"\n+++\nOzone",
            );
        let found = problems(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("4:12: unknown category `spa`"), "{found:?}");
        assert!(
            found[1].contains("question key `is-it-approved` is used twice"),
            "{found:?}"
        );
    }

    #[test]
    fn a_treatment_without_risks_or_sources_is_an_error() {
        let text = GOOD.replace("main_risks = [\"Stroke from gas bubbles\"]", "main_risks = []");
        assert!(problems(&text)
            .iter()
            .any(|p| p.starts_with("7:1: a treatment (one with `evidence`) must list `main_risks`")));
    }

    #[test]
    fn body_problems_point_into_the_body() {
        let text = GOOD.replace(
            "Ozone is a gas.",
            "Ozone is a gas.\n\n<script>x</script>\n\n![pic](missing.png)",
        );
        let found = problems(&text);
        assert!(found.iter().any(|p| p.starts_with("22:1: raw HTML")), "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("24:1: image `missing.png` is missing")),
            "{found:?}"
        );
    }

    #[test]
    fn partial_dates() {
        assert!(is_partial_date("2023") && is_partial_date("2023-10") && is_partial_date("2024-02-29"));
        assert!(
            !is_partial_date("2023-13") && !is_partial_date("2023-02-30") && !is_partial_date("Oct 2023")
        );
    }
}
