//! Builds the printed handout from the library: the chosen questions' text in the patient's
//! language, the topics they come from, and those topics' web sources for the footer.

use crate::content::Library;
use crate::print::Handout;
use crate::views::{self, Pick, ResolvedQuestion, LIST_PREFIX};

/// At most this many source addresses fit in the footer.
const MAX_SOURCES: usize = 6;

/// A handout of resolved questions. The topic is named from the explainers the questions come
/// from (the UI's `topic` is only used when they all come from general lists).
pub fn from_questions(
    lib: &Library,
    lang: &str,
    topic: Option<String>,
    questions: &[ResolvedQuestion],
) -> Handout {
    let mut titles: Vec<String> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    for q in questions.iter().filter(|q| !q.doc.starts_with(LIST_PREFIX)) {
        if let Some((e, _)) = views::find_explainer(lib, lang, &q.doc) {
            if !titles.contains(&e.title) {
                titles.push(e.title.clone());
                let addresses = e.sources.iter().filter_map(|s| s.url.as_deref());
                sources.extend(addresses.map(crate::content::render::display_url));
            }
        }
    }
    sources.dedup();
    sources.truncate(MAX_SOURCES);
    Handout {
        clinic_name: lib.settings.name.clone(),
        lang: lang.to_string(),
        topic: if titles.is_empty() {
            topic
        } else {
            Some(titles.join(", "))
        },
        date: crate::clock::today(),
        questions: questions.iter().map(|q| q.text.clone()).collect(),
        sources,
        paper: lib.settings.printer.paper,
    }
}

/// A handout with every suggested question of an explainer or a general list (`lists/<id>` or
/// just the list's id), for staff to print and hand out. `None` if there is no such checklist.
pub fn for_checklist(lib: &Library, lang: &str, id: &str) -> Option<Handout> {
    let list_id = id.strip_prefix(LIST_PREFIX).unwrap_or(id);
    let (doc, keys): (String, Vec<String>) = if let Some((e, _)) = views::find_explainer(lib, lang, id) {
        (e.id.clone(), e.questions.iter().map(|q| q.key.clone()).collect())
    } else {
        let list = lib.list(lang, list_id).or_else(|| lib.list("en", list_id))?;
        (
            format!("{LIST_PREFIX}{list_id}"),
            list.questions.iter().map(|q| q.key.clone()).collect(),
        )
    };
    let picks: Vec<Pick> = keys
        .into_iter()
        .map(|key| Pick {
            doc: doc.clone(),
            key,
        })
        .collect();
    let questions = views::resolve(lib, lang, &picks);
    let topic = lib.list(lang, list_id).map(|l| l.title.clone());
    Some(from_questions(lib, lang, topic, &questions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn lib() -> Library {
        crate::content::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")))
    }

    #[test]
    fn a_checklist_for_an_explainer_has_its_title_questions_and_sources() {
        let lib = lib();
        let h = for_checklist(&lib, "es", "ozone-blood-therapy").unwrap();
        let e = lib.explainer("es", "ozone-blood-therapy").unwrap();
        assert_eq!(h.topic.as_deref(), Some(e.title.as_str()));
        assert_eq!(h.questions.len(), e.questions.len());
        assert!(h.questions[0].starts_with('¿'));
        assert!(!h.sources.is_empty() && h.sources.len() <= MAX_SOURCES);
        assert_eq!(h.clinic_name, "Harbor Wellness Clinic");
    }

    #[test]
    fn a_general_list_prints_under_its_own_title() {
        let lib = lib();
        let id = lib.lists["en"].keys().next().unwrap().clone();
        let h = for_checklist(&lib, "en", &format!("lists/{id}")).unwrap();
        assert_eq!(h.topic.as_deref(), Some(lib.lists["en"][&id].title.as_str()));
        assert!(for_checklist(&lib, "en", "no-such-thing").is_none());
    }
}
