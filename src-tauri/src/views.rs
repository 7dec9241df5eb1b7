//! What each patient screen is sent: plain serializable structs built from the loaded [`Site`],
//! with the language fallback applied. No Tauri here, so tests build views without a window.
//! The checklist's picks and questions are [`crate::checklist`]'s.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::library::SOURCE_LANG;
use crate::content::meta::{Evidence, Question};
use crate::content::render::{display_url, Section};
use crate::content::{Explainer, Library, QuestionList};
use crate::site::Site;
use crate::{i18n, qr};

#[derive(Debug, Serialize)]
pub struct KioskInfo {
    pub clinic_name: String,
    pub languages: Vec<i18n::Language>,
    pub default_language: String,
    pub idle_seconds: u32,
    pub warning_seconds: u32,
    pub printing: bool,
    /// Read-aloud is on in clinic.toml and the kiosk has a voice and sound: Listen is offered.
    pub speech: bool,
    /// The longest question a patient may type on the kiosk's keyboard.
    pub own_question_chars: usize,
    /// The author's preview window: the page adds its panel and starts no idle timer.
    pub preview: bool,
}

#[derive(Debug, Serialize)]
pub struct UiStrings {
    pub lang: String,
    pub strings: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Tile {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub evidence: Option<Evidence>,
    /// Shown in English because this language has no version of it.
    pub fallback: bool,
    /// The language its title and summary are written in, for the page's `lang` attributes.
    pub lang: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct CategoryView {
    pub key: String,
    pub label: String,
    pub tiles: Vec<Tile>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ListTile {
    pub id: String,
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct LibraryView {
    pub lang: String,
    pub categories: Vec<CategoryView>,
    pub lists: Vec<ListTile>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub url: Option<String>,
    /// The address as a patient would type it.
    pub address: Option<String>,
    /// A QR code of the address, as a `data:` URL for an `<img>`.
    pub qr: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ExplainerView {
    pub id: String,
    pub lang: String,
    pub fallback: bool,
    pub title: String,
    pub summary: String,
    pub evidence: Option<Evidence>,
    pub may_help: Vec<String>,
    pub should_not_have: Vec<String>,
    pub main_risks: Vec<String>,
    pub crisis_notice: bool,
    /// When the page last changed, written for the requested language ("20 de noviembre de 2026").
    pub updated: String,
    /// A clinician's sign-off, only from a record whose hash matches this page as it is.
    pub signoff: Option<SignoffView>,
    /// Sanitized HTML, produced by `content::render`; the only HTML the UI ever inserts.
    pub html: String,
    pub sections: Vec<Section>,
    pub sources: Vec<SourceView>,
    pub questions: Vec<Question>,
}

/// "Reviewed by Dana Ruiz, MD, on December 1, 2026. Next review due December 1, 2027."
#[derive(Debug, Serialize)]
pub struct SignoffView {
    pub by: String,
    pub date: String,
    pub next: String,
}

#[derive(Debug, Serialize)]
pub struct ListView {
    pub id: String,
    /// The language it is written in, and whether that is English for want of a translation.
    pub lang: String,
    pub fallback: bool,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Serialize)]
pub struct QuestionListsView {
    pub lists: Vec<ListView>,
}

/// `speech`: whether read-aloud is offered ([`crate::speech::offered`], which looks at the
/// machine, so the caller asks).
pub fn kiosk_info(site: &Site, speech: bool, preview: bool) -> KioskInfo {
    let s = &site.settings;
    KioskInfo {
        clinic_name: s.name.clone(),
        languages: i18n::offered(&s.languages),
        default_language: s.default_language.clone(),
        idle_seconds: s.session.idle_seconds,
        warning_seconds: s.session.warning_seconds,
        printing: site.can_print(),
        speech,
        own_question_chars: crate::checklist::MAX_OWN_CHARS,
        preview,
    }
}

pub fn ui_strings(lang: &str) -> UiStrings {
    UiStrings {
        lang: lang.to_string(),
        strings: i18n::strings(lang),
    }
}

/// Ids of every explainer shown in `lang`: its own and English ones with no translation.
fn explainer_ids<'a>(lib: &'a Library, lang: &str) -> Vec<&'a str> {
    let mut ids: Vec<&str> = lib
        .in_lang(lang)
        .chain(lib.in_lang(SOURCE_LANG))
        .map(|e| e.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub fn library(site: &Site, lang: &str) -> LibraryView {
    let lib = &site.library;
    let mut by_category: BTreeMap<&str, Vec<(i32, &Explainer, bool)>> = BTreeMap::new();
    for id in explainer_ids(lib, lang) {
        if let Some((e, fallback)) = lib.explainer_for(lang, id) {
            by_category
                .entry(e.category.as_str())
                .or_default()
                .push((e.order, e, fallback));
        }
    }
    // Categories in clinic.toml's order, then any others by key.
    let mut keys: Vec<&str> = site.settings.categories.iter().map(|c| c.key.as_str()).collect();
    keys.extend(
        by_category
            .keys()
            .filter(|k| !keys.contains(k))
            .copied()
            .collect::<Vec<_>>(),
    );
    let categories = keys
        .into_iter()
        .filter_map(|key| {
            let mut items = by_category.remove(key)?;
            items.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
            let tiles = items
                .into_iter()
                .map(|(_, e, fallback)| Tile {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    evidence: e.evidence,
                    fallback,
                    lang: e.lang.clone(),
                })
                .collect();
            Some(CategoryView {
                key: key.to_string(),
                label: site.settings.category_label(key, lang),
                tiles,
            })
        })
        .collect();
    let lists = lists_in(lib, lang)
        .into_iter()
        .map(|(l, _)| ListTile {
            id: l.id.clone(),
            title: l.title.clone(),
            summary: l.summary.clone(),
        })
        .collect();
    LibraryView {
        lang: lang.to_string(),
        categories,
        lists,
    }
}

/// The lists shown in `lang`, each with whether it is the English original standing in.
fn lists_in<'a>(lib: &'a Library, lang: &str) -> Vec<(&'a QuestionList, bool)> {
    let mut ids: Vec<&str> = lib
        .lists
        .get(lang)
        .into_iter()
        .chain(lib.lists.get(SOURCE_LANG))
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut lists: Vec<_> = ids.into_iter().filter_map(|id| lib.list_for(lang, id)).collect();
    lists.sort_by(|(a, _), (b, _)| (a.order, &a.title).cmp(&(b.order, &b.title)));
    lists
}

pub fn explainer(site: &Site, lang: &str, id: &str) -> Option<ExplainerView> {
    let (e, fallback) = site.library.explainer_for(lang, id)?;
    let signoff = site
        .signoff(&crate::review::key(&e.lang, &e.id, false), &e.fingerprint)
        .map(|r| SignoffView {
            by: r.by.clone(),
            date: i18n::format_date(r.date, lang),
            next: i18n::format_date(r.next, lang),
        });
    Some(ExplainerView {
        id: e.id.clone(),
        lang: e.lang.clone(),
        fallback,
        title: e.title.clone(),
        summary: e.summary.clone(),
        evidence: e.evidence,
        may_help: e.may_help.clone(),
        should_not_have: e.should_not_have.clone(),
        main_risks: e.main_risks.clone(),
        crisis_notice: e.crisis_notice,
        updated: i18n::format_date(e.updated, lang),
        signoff,
        html: e.body.html.clone(),
        sections: e.body.sections.clone(),
        sources: e
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: i18n::format_partial_date(&s.date, lang),
                url: s.url.clone(),
                address: s.url.as_deref().map(display_url),
                qr: s.url.as_deref().and_then(qr::data_url),
            })
            .collect(),
        questions: e.questions.clone(),
    })
}

pub fn question_lists(lib: &Library, lang: &str) -> QuestionListsView {
    let lists = lists_in(lib, lang)
        .into_iter()
        .map(|(l, fallback)| ListView {
            id: l.id.clone(),
            lang: l.lang.clone(),
            fallback,
            title: l.title.clone(),
            summary: l.summary.clone(),
            html: l.body.html.clone(),
            questions: l.questions.clone(),
        })
        .collect();
    QuestionListsView { lists }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::load_at;
    use std::path::Path;

    fn site() -> Site {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
        load_at(
            dir,
            time::Date::from_calendar_date(2026, time::Month::November, 26).unwrap(),
            None,
        )
    }

    #[test]
    fn the_home_screen_groups_tiles_by_category_in_clinic_order() {
        let view = library(&site(), "es");
        let keys: Vec<&str> = view.categories.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["offered", "asked-about", "visit"]);
        assert_eq!(view.categories[0].label, "Tratamientos que ofrecemos");
        assert!(view.categories.iter().flat_map(|c| &c.tiles).all(|t| !t.fallback));
        assert_eq!(view.lists.len(), 4);
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        let mut site = site();
        site.library
            .explainers
            .get_mut("es")
            .unwrap()
            .remove("ozone-blood-therapy");
        let view = explainer(&site, "es", "ozone-blood-therapy").unwrap();
        assert!(view.fallback);
        assert_eq!(view.lang, "en");
        assert_eq!(
            view.updated, "1 de diciembre de 2026",
            "the date follows the patient's language"
        );
        let tile = library(&site, "es")
            .categories
            .into_iter()
            .flat_map(|c| c.tiles)
            .find(|t| t.id == "ozone-blood-therapy");
        let tile = tile.unwrap();
        assert!(tile.fallback);
        assert_eq!(tile.lang, "en", "the tile's English words are marked as English");
        let (list, _) = site.library.lists["es"].iter().next().unwrap();
        let list = list.clone();
        site.library.lists.get_mut("es").unwrap().remove(&list);
        let lists = question_lists(&site.library, "es").lists;
        let shown = lists.iter().find(|l| l.id == list).unwrap();
        assert!(shown.fallback);
        assert_eq!(shown.lang, "en");
        assert!(lists
            .iter()
            .filter(|l| l.id != list)
            .all(|l| !l.fallback && l.lang == "es"));
    }

    #[test]
    fn sources_with_an_address_get_a_qr_code() {
        let view = explainer(&site(), "en", "ozone-blood-therapy").unwrap();
        let web = view.sources.iter().find(|s| s.url.is_some()).unwrap();
        assert!(web.qr.as_deref().unwrap().starts_with("data:image/png;base64,"));
        assert!(!web.address.as_deref().unwrap().starts_with("https://"));
    }
}
