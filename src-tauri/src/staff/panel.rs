//! What the staff panel shows, shaped from the library and the settings: plain serializable
//! structs built without Tauri, so tests reach them directly.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::checklist::DocRef;
use crate::content::Library;
use crate::i18n::{self, Language};
use crate::lang::SOURCE_LANG;
use crate::print::Handout;
use crate::problem::Severity;
use crate::site::Site;

/// The PIN pad before a try.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PadView {
    /// False when clinic.toml has no usable PIN: the pad shows `message` and no digits.
    pub configured: bool,
    /// Seconds until the pad takes tries again; 0 when open.
    pub locked_seconds: u64,
    pub tries_left: u32,
    /// A sentence for staff when the pad can't be used now.
    pub message: Option<String>,
}

/// Everything on the panel but the printer (which can take seconds to ask) and the counts.
#[derive(Debug, Serialize)]
pub struct StaffStatus {
    pub clinic: String,
    pub content: ContentStatus,
    /// Every explainer and general list, for "Print a checklist".
    pub checklists: Vec<ChecklistChoice>,
    /// The languages a checklist can be printed in, with their names.
    pub languages: Vec<Language>,
    /// False when clinic.toml sets neither a printer queue nor a folder.
    pub printing: bool,
    pub export_folder: Option<String>,
    pub data_folder: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContentStatus {
    pub folder: String,
    pub languages: Vec<LanguageStatus>,
    pub errors: usize,
    pub warnings: usize,
    /// Settings problems first (clinic.toml sorts with the rest by path), then content files.
    pub problems: Vec<ProblemView>,
    /// Pages kept off the patient screens by `[review] require_signoff`, with the reason.
    pub withheld: Vec<crate::site::Withheld>,
    /// Pages no clinician has signed (shown as one line when they are not withheld).
    pub never_signed: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LanguageStatus {
    pub code: String,
    pub explainers: usize,
    pub lists: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProblemView {
    pub severity: Severity,
    /// `file:line: message`, the file relative to the content folder.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChecklistChoice {
    /// What `staff_print` takes: an explainer id, or `lists/<id>`.
    pub id: String,
    /// `explainer` or `list`.
    pub kind: &'static str,
    /// Its title in English, or in the first language that has it.
    pub title: String,
    /// The languages it is written in (others print the English questions).
    pub languages: Vec<String>,
}

pub fn status(site: &Site, data_dir: Option<&Path>) -> StaffStatus {
    let s = &site.settings;
    StaffStatus {
        clinic: s.name.clone(),
        content: content_status(site),
        checklists: checklists(&site.library),
        languages: i18n::offered(&s.languages),
        printing: site.can_print(),
        export_folder: s.staff.export_folder.as_ref().map(|p| p.display().to_string()),
        data_folder: data_dir.map(|p| p.display().to_string()),
    }
}

pub fn content_status(site: &Site) -> ContentStatus {
    let lib = &site.library;
    let mut codes: Vec<&String> = site.settings.languages.iter().collect();
    for code in lib.explainers.keys().chain(lib.lists.keys()) {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let languages = codes
        .into_iter()
        .map(|code| LanguageStatus {
            code: code.clone(),
            explainers: lib.explainers.get(code).map_or(0, BTreeMap::len),
            lists: lib.lists.get(code).map_or(0, BTreeMap::len),
        })
        .collect();
    let settings_file = Path::new(crate::settings::FILE_NAME);
    let mut problems: Vec<(bool, ProblemView)> = site
        .problems()
        .into_iter()
        .map(|p| {
            let file = p.path.strip_prefix(&lib.root).unwrap_or(&p.path);
            let view = ProblemView {
                severity: p.severity,
                text: format!("{}:{}: {}", file.display(), p.line, p.message),
            };
            (file != settings_file, view)
        })
        .collect();
    problems.sort_by_key(|(not_settings, _)| *not_settings);
    ContentStatus {
        folder: lib.root.display().to_string(),
        languages,
        errors: site.error_count(),
        warnings: site.warning_count(),
        problems: problems.into_iter().map(|(_, v)| v).collect(),
        withheld: site.withheld.clone(),
        never_signed: site.never_signed,
    }
}

fn checklists(lib: &Library) -> Vec<ChecklistChoice> {
    let mut choices: BTreeMap<(u8, String), ChecklistChoice> = BTreeMap::new();
    let mut add = |kind_order: u8, kind: &'static str, id: String, lang: &str, title: &str| {
        let choice = choices
            .entry((kind_order, id.clone()))
            .or_insert_with(|| ChecklistChoice {
                id,
                kind,
                title: title.to_string(),
                languages: Vec::new(),
            });
        if lang == SOURCE_LANG {
            choice.title = title.to_string();
        }
        choice.languages.push(lang.to_string());
    };
    for (lang, explainers) in &lib.explainers {
        for e in explainers.values().filter(|e| !e.questions.is_empty()) {
            add(0, "explainer", e.id.clone(), lang, &e.title);
        }
    }
    for (lang, lists) in &lib.lists {
        for l in lists.values().filter(|l| !l.questions.is_empty()) {
            add(1, "list", DocRef::List(l.id.clone()).to_string(), lang, &l.title);
        }
    }
    let mut out: Vec<ChecklistChoice> = choices.into_values().collect();
    // Explainers first, then lists; each by title, as staff look for them.
    out.sort_by(|a, b| (a.kind != "explainer", &a.title).cmp(&(b.kind != "explainer", &b.title)));
    out
}

/// A page that shows the printer works: the clinic's name, accents, both languages.
pub fn test_page(site: &Site) -> Handout {
    Handout {
        clinic_name: site.settings.name.clone(),
        lang: SOURCE_LANG.to_string(),
        topic: Some("Printer test page".to_string()),
        date: crate::clock::today(),
        questions: vec![
            "This is a test page from the clinic kiosk. If you can read it, printing works.".into(),
            "Accents and signs print too: á é í ó ú ñ ü ¿ ¡ « » – “ ” ½ °".into(),
            "Esta es una página de prueba del quiosco. Si puede leerla, la impresora funciona.".into(),
        ],
        sources: Vec::new(),
        more_sources: false,
        paper: site.settings.printer.paper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::load_at;

    fn bundled() -> Site {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
        let day = time::Date::from_calendar_date(2026, time::Month::May, 1).unwrap();
        load_at(root, day, None)
    }

    #[test]
    fn the_panel_lists_the_pages_require_signoff_keeps_from_patients_with_the_reason() {
        let mut site = bundled();
        assert_eq!(
            content_status(&site).never_signed,
            26,
            "the bundled pages ship unsigned"
        );
        assert!(content_status(&site).withheld.is_empty());
        site.settings.review.require_signoff = true;
        let site = site.for_patients();
        let content = content_status(&site);
        assert_eq!(content.withheld.len(), 26);
        let w = &content.withheld[0];
        assert_eq!(
            (w.page.as_str(), w.title.as_str(), w.reason.as_str()),
            (
                "en/after-your-infusion",
                "After your infusion or nasal spray",
                "never signed off"
            )
        );
        assert!(content
            .languages
            .iter()
            .all(|l| l.explainers == 0 && l.lists == 0));
        assert!(
            status(&site, None).checklists.is_empty(),
            "nothing withheld can be printed"
        );
    }

    #[test]
    fn status_counts_explainers_per_language_and_lists_every_checklist() {
        let site = bundled();
        let lib = &site.library;
        let status = status(&site, None);
        assert_eq!(status.clinic, "Harbor Wellness Clinic");
        let en = &status.content.languages[0];
        assert_eq!(
            (en.code.as_str(), en.explainers),
            ("en", lib.explainers["en"].len())
        );
        assert!(status
            .checklists
            .iter()
            .any(|c| c.id == "ozone-blood-therapy" && c.kind == "explainer"));
        let first_list = status.checklists.iter().position(|c| c.kind == "list").unwrap();
        assert!(status.checklists[first_list..]
            .iter()
            .all(|c| c.id.starts_with("lists/")));
        let ozone = status
            .checklists
            .iter()
            .find(|c| c.id == "ozone-blood-therapy")
            .unwrap();
        assert_eq!(ozone.languages, ["en", "es"]);
        assert_eq!(ozone.title, lib.explainers["en"]["ozone-blood-therapy"].title);
    }

    #[test]
    fn every_checklist_offered_can_be_printed() {
        let site = bundled();
        for choice in checklists(&site.library) {
            let doc = DocRef::parse(&choice.id).unwrap();
            for lang in &choice.languages {
                assert!(
                    crate::checklist::whole(&site, lang, &doc).is_some(),
                    "{}",
                    choice.id
                );
            }
        }
    }

    #[test]
    fn problems_read_file_line_message_with_settings_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("clinic.toml"),
            "name = \"A\"\nfavourite_colour = \"blue\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("en/broken.md"), "+++\ntitle = 3\n+++\nText\n").unwrap();
        let site = crate::site::load(dir.path());
        let status = content_status(&site);
        let texts: Vec<&str> = status.problems.iter().map(|p| p.text.as_str()).collect();
        let unknown = texts
            .iter()
            .position(|t| t.starts_with("clinic.toml:2: unknown field `favourite_colour`"));
        let broken = texts.iter().position(|t| t.starts_with("en/broken.md:2: "));
        assert!(unknown.unwrap() < broken.unwrap(), "{texts:?}");
        assert_eq!(status.errors, 2, "{texts:?}");
    }

    #[test]
    fn the_test_page_renders() {
        let pdf = crate::print::render_pdf(&test_page(&bundled())).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
