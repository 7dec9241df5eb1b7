//! The "questions for your provider" checklist: what a patient's pick points at, how picks become
//! questions in a language, and the handout they print as.
//!
//! A pick names a document ([`DocRef`]: an explainer, or a general question list) and a question's
//! key in it. Picks are turned into text in the patient's language each time they are shown or
//! printed, with the English original where a translation is missing, so a language switch or a
//! content reload never leaves a stale question behind. The patient's screen, the staff panel and
//! `clinic-kiosk print` all make their handouts here and send them with [`crate::print::print`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::content::meta::Question;
use crate::content::render::is_id;
use crate::content::{Explainer, Library, QuestionList};
use crate::print::Handout;
use crate::site::Site;

/// How a general list is written where a document is named by one string (`lists/cost`).
const LIST_PREFIX: &str = "lists/";

/// At most this many source addresses fit in a handout's footer; the rest are on the kiosk.
pub const MAX_SOURCES: usize = 8;

/// A document a checklist's questions come from. On the wire and on the command line it is one
/// string: an explainer's id (`ozone-blood-therapy`) or `lists/<id>` for a general list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Explainer(String),
    List(String),
}

impl DocRef {
    /// Reads `id` or `lists/<id>`; `None` for anything that is not a page id.
    pub fn parse(s: &str) -> Option<DocRef> {
        match s.strip_prefix(LIST_PREFIX) {
            Some(id) if is_id(id) => Some(DocRef::List(id.to_string())),
            None if is_id(s) => Some(DocRef::Explainer(s.to_string())),
            _ => None,
        }
    }
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocRef::Explainer(id) => f.write_str(id),
            DocRef::List(id) => write!(f, "{LIST_PREFIX}{id}"),
        }
    }
}

impl Serialize for DocRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        DocRef::parse(&s).ok_or_else(|| serde::de::Error::custom("not a page id"))
    }
}

/// A question on a patient's list: one picked from a document (its key there), or one they typed
/// themselves on the kiosk's keyboard. On the wire `{doc, key}` or `{own}`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Pick {
    Doc { doc: DocRef, key: String },
    Own { own: OwnText },
}

impl Pick {
    /// A pick of the question `key` in `doc`.
    pub fn doc(doc: DocRef, key: impl Into<String>) -> Pick {
        Pick::Doc { doc, key: key.into() }
    }
}

/// The longest question a patient may type, in characters (the keyboard shows the limit).
pub const MAX_OWN_CHARS: usize = 200;

/// A patient's own question as it will be printed and read: control characters, zero-width and
/// direction-changing characters removed (they could hide or reorder what is printed), runs of
/// spaces made one, and at most [`MAX_OWN_CHARS`] characters, however much the page sent.
/// Its `Debug` leaves the text out, so it can't end up in a log.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OwnText(String);

impl OwnText {
    pub fn new(raw: &str) -> OwnText {
        let mut out = String::new();
        let mut count = 0;
        let mut space = false;
        for c in raw.chars() {
            if invisible(c) {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                space = !out.is_empty();
                continue;
            }
            if count + usize::from(space) + 1 > MAX_OWN_CHARS {
                break;
            }
            if space {
                out.push(' ');
                count += 1;
                space = false;
            }
            out.push(c);
            count += 1;
        }
        OwnText(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that print as nothing or change the order of what follows: zero-width spaces and
/// joiners, bidirectional controls, the word joiner and invisible operators, the byte-order mark,
/// the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

impl fmt::Debug for OwnText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OwnText({} chars)", self.0.chars().count())
    }
}

impl<'de> Deserialize<'de> for OwnText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(OwnText::new(&String::deserialize(deserializer)?))
    }
}

/// A pick with its text in the language asked for: `{doc, key, text}`, or `{own, text}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Resolved {
    #[serde(flatten)]
    pub pick: Pick,
    pub text: String,
}

/// A document found in a language, explainer or list alike.
#[derive(Clone, Copy)]
pub enum Doc<'a> {
    Explainer(&'a Explainer),
    List(&'a QuestionList),
}

impl<'a> Doc<'a> {
    pub fn title(self) -> &'a str {
        match self {
            Doc::Explainer(e) => &e.title,
            Doc::List(l) => &l.title,
        }
    }

    pub fn questions(self) -> &'a [Question] {
        match self {
            Doc::Explainer(e) => &e.questions,
            Doc::List(l) => &l.questions,
        }
    }

    /// The web addresses of its sources (lists have none).
    fn addresses(self) -> Vec<String> {
        match self {
            Doc::Explainer(e) => e.sources.iter().filter_map(|s| s.url.clone()).collect(),
            Doc::List(_) => Vec::new(),
        }
    }
}

/// `doc` in `lang`, or its English original (then `true`).
pub fn find<'a>(lib: &'a Library, lang: &str, doc: &DocRef) -> Option<(Doc<'a>, bool)> {
    match doc {
        DocRef::Explainer(id) => lib.explainer_for(lang, id).map(|(e, f)| (Doc::Explainer(e), f)),
        DocRef::List(id) => lib.list_for(lang, id).map(|(l, f)| (Doc::List(l), f)),
    }
}

/// The text of each pick in `lang`, in the patient's order; picks that no longer exist (the
/// content changed under them) and empty own questions are left out. A patient's own question
/// is printed as typed, in whatever language they typed it.
pub fn resolve(lib: &Library, lang: &str, picks: &[Pick]) -> Vec<Resolved> {
    picks
        .iter()
        .filter_map(|pick| {
            let text = match pick {
                Pick::Doc { doc, key } => {
                    let (doc, _) = find(lib, lang, doc)?;
                    doc.questions().iter().find(|q| &q.key == key)?.text.clone()
                }
                Pick::Own { own } if !own.as_str().is_empty() => own.as_str().to_string(),
                Pick::Own { .. } => return None,
            };
            Some(Resolved {
                pick: pick.clone(),
                text,
            })
        })
        .collect()
}

/// The handout for a patient's picks, or `None` when none of them can be found any more.
///
/// Its "About" line names, by title, each document the picks come from, in the order they were
/// first picked; its footer carries those documents' web sources, taken in turn from each so
/// every topic is represented, and says so when some had to be left for the kiosk.
pub fn handout(site: &Site, lang: &str, picks: &[Pick]) -> Option<Handout> {
    let questions = resolve(&site.library, lang, picks);
    if questions.is_empty() {
        return None;
    }
    let mut docs: Vec<&DocRef> = Vec::new();
    for q in &questions {
        if let Pick::Doc { doc, .. } = &q.pick {
            if !docs.contains(&doc) {
                docs.push(doc);
            }
        }
    }
    let found: Vec<Doc> = docs
        .iter()
        .filter_map(|d| find(&site.library, lang, d).map(|(doc, _)| doc))
        .collect();
    let titles: Vec<&str> = found.iter().map(|d| d.title()).collect();
    let (sources, more_sources) = sources_in_turn(found.iter().map(|d| d.addresses()).collect());
    Some(Handout {
        clinic_name: site.settings.name.clone(),
        lang: lang.to_string(),
        // Only own questions: no page to name.
        topic: (!titles.is_empty()).then(|| titles.join(", ")),
        date: crate::clock::today(),
        questions: questions.into_iter().map(|q| q.text).collect(),
        sources,
        more_sources,
        paper: site.settings.printer.paper,
    })
}

/// Every suggested question of one document, for staff to print and hand out.
pub fn whole(site: &Site, lang: &str, doc: &DocRef) -> Option<Handout> {
    let (found, _) = find(&site.library, lang, doc)?;
    let picks: Vec<Pick> = found
        .questions()
        .iter()
        .map(|q| Pick::doc(doc.clone(), q.key.clone()))
        .collect();
    handout(site, lang, &picks)
}

/// Up to [`MAX_SOURCES`] addresses, the first of each topic's, then the second of each, and so
/// on, without repeats; and whether any were left out.
fn sources_in_turn(per_topic: Vec<Vec<String>>) -> (Vec<String>, bool) {
    let mut all: Vec<String> = Vec::new();
    let longest = per_topic.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for address in per_topic.iter().filter_map(|t| t.get(i)) {
            if !all.contains(address) {
                all.push(address.clone());
            }
        }
    }
    let more = all.len() > MAX_SOURCES;
    all.truncate(MAX_SOURCES);
    (all, more)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn bundled() -> Site {
        crate::site::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")))
    }

    fn pick(doc: &str, key: &str) -> Pick {
        Pick::doc(DocRef::parse(doc).unwrap(), key)
    }

    fn own(text: &str) -> Pick {
        Pick::Own {
            own: OwnText::new(text),
        }
    }

    fn first_list(site: &Site) -> (String, String) {
        let (id, list) = site.library.lists["en"].iter().next().unwrap();
        (id.clone(), list.questions[0].key.clone())
    }

    #[test]
    fn a_doc_ref_is_an_id_or_lists_slash_id_and_nothing_else() {
        assert_eq!(DocRef::parse("ozone"), Some(DocRef::Explainer("ozone".into())));
        assert_eq!(DocRef::parse("lists/cost"), Some(DocRef::List("cost".into())));
        for bad in ["", "lists/", "../clinic", "lists/a/b", "Ozone", "x y"] {
            assert_eq!(DocRef::parse(bad), None, "{bad}");
        }
        assert_eq!(DocRef::List("cost".into()).to_string(), "lists/cost");
        let json: Pick = serde_json::from_str(r#"{"doc":"lists/cost","key":"k"}"#).unwrap();
        assert_eq!(json, Pick::doc(DocRef::List("cost".into()), "k"));
        assert!(serde_json::from_str::<Pick>(r#"{"doc":"../x","key":"k"}"#).is_err());
    }

    #[test]
    fn picks_resolve_in_the_language_asked_for_and_gone_ones_drop_out() {
        let site = bundled();
        let (list, key) = first_list(&site);
        let picks = [
            pick("ozone-blood-therapy", "is-it-approved"),
            pick(&format!("lists/{list}"), &key),
            pick("gone", "x"),
        ];
        let en = resolve(&site.library, "en", &picks);
        let es = resolve(&site.library, "es", &picks);
        assert_eq!(en.len(), 2, "a pick that no longer exists is left out");
        assert_eq!(es.len(), 2);
        assert_ne!(en[0].text, es[0].text);
        assert!(es[0].text.starts_with('¿'), "{}", es[0].text);
    }

    #[test]
    fn a_missing_translation_resolves_to_the_english_question() {
        let mut site = bundled();
        site.library
            .explainers
            .get_mut("es")
            .unwrap()
            .remove("ozone-blood-therapy");
        let es = resolve(
            &site.library,
            "es",
            &[pick("ozone-blood-therapy", "is-it-approved")],
        );
        let en = resolve(
            &site.library,
            "en",
            &[pick("ozone-blood-therapy", "is-it-approved")],
        );
        assert_eq!(es, en);
    }

    #[test]
    fn the_about_line_names_every_topic_picked_from_by_title_and_no_other() {
        let site = bundled();
        let (list, key) = first_list(&site);
        let list_title = &site.library.lists["es"][&list].title;
        let ozone = &site.library.explainers["es"]["ozone-blood-therapy"].title;
        // Only a general list: its title, never an explainer id.
        let h = handout(&site, "es", &[pick(&format!("lists/{list}"), &key)]).unwrap();
        assert_eq!(h.topic.as_deref(), Some(list_title.as_str()));
        // A list and an explainer: both titles, in the order first picked.
        let both = [
            pick(&format!("lists/{list}"), &key),
            pick("ozone-blood-therapy", "is-it-approved"),
        ];
        let h = handout(&site, "es", &both).unwrap();
        assert_eq!(h.topic, Some(format!("{list_title}, {ozone}")));
        assert!(handout(&site, "es", &[pick("gone", "x")]).is_none());
    }

    #[test]
    fn every_picked_topic_has_sources_in_the_footer_or_the_footer_says_there_are_more() {
        let site = bundled();
        let ids: Vec<&String> = site.library.explainers["en"]
            .iter()
            .filter(|(_, e)| e.sources.iter().any(|s| s.url.is_some()) && !e.questions.is_empty())
            .map(|(id, _)| id)
            .collect();
        assert!(
            ids.len() >= 2,
            "the bundled content has several topics with web sources"
        );
        let picks: Vec<Pick> = ids
            .iter()
            .map(|id| {
                let key = &site.library.explainers["en"][*id].questions[0].key;
                pick(id, key)
            })
            .collect();
        let h = handout(&site, "en", &picks).unwrap();
        for id in &ids {
            let first = site.library.explainers["en"][*id]
                .sources
                .iter()
                .find_map(|s| s.url.clone())
                .unwrap();
            assert!(
                h.sources.contains(&first),
                "{id}'s first source {first} is printed"
            );
        }
        assert!(h.sources.len() <= MAX_SOURCES);
        let total: usize = ids
            .iter()
            .map(|id| {
                site.library.explainers["en"][*id]
                    .sources
                    .iter()
                    .filter(|s| s.url.is_some())
                    .count()
            })
            .sum();
        assert_eq!(
            h.more_sources,
            total > h.sources.len(),
            "{total} addresses in all"
        );
    }

    #[test]
    fn sources_are_taken_in_turn_without_repeats() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (all, more) = sources_in_turn(vec![t(&["a1", "a2", "a3"]), t(&["b1", "a2"])]);
        assert_eq!(all, ["a1", "b1", "a2", "a3"]);
        assert!(!more);
        let many: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        let (all, more) = sources_in_turn(vec![many, t(&["y"])]);
        assert_eq!(all.len(), MAX_SOURCES);
        assert_eq!(all[1], "y", "the second topic's first source is not crowded out");
        assert!(more);
    }

    #[test]
    fn a_whole_checklist_has_every_question_of_its_document() {
        let site = bundled();
        let e = &site.library.explainers["es"]["ozone-blood-therapy"];
        let h = whole(&site, "es", &DocRef::Explainer("ozone-blood-therapy".into())).unwrap();
        assert_eq!(h.topic.as_deref(), Some(e.title.as_str()));
        assert_eq!(h.questions.len(), e.questions.len());
        assert_eq!(h.clinic_name, "Harbor Wellness Clinic");
        let (list, _) = first_list(&site);
        let h = whole(&site, "en", &DocRef::List(list.clone())).unwrap();
        assert_eq!(
            h.topic.as_deref(),
            Some(site.library.lists["en"][&list].title.as_str())
        );
        assert!(whole(&site, "en", &DocRef::Explainer("no-such-thing".into())).is_none());
    }

    #[test]
    fn an_own_question_loses_invisible_and_control_characters_and_stops_at_200() {
        let o = OwnText::new("  ¿Puedo\u{200B} tomar\u{202E}lo\tcon \u{0}\r\n café?  ");
        assert_eq!(o.as_str(), "¿Puedo tomarlo con café?");
        let long = OwnText::new(&"ñ".repeat(500));
        assert_eq!(long.as_str().chars().count(), MAX_OWN_CHARS);
        let words = OwnText::new(&"ab ".repeat(100));
        assert!(words.as_str().chars().count() <= MAX_OWN_CHARS);
        assert!(!words.as_str().ends_with(' '));
        assert_eq!(
            format!("{o:?}"),
            "OwnText(24 chars)",
            "the text stays out of logs"
        );
        let json: Pick = serde_json::from_str(r#"{"own":"a\u0007b\u200d"}"#).unwrap();
        assert_eq!(json, own("a b"), "a control character counts as a space");
        assert_eq!(
            serde_json::to_string(&Resolved {
                pick: json,
                text: "a b".into()
            })
            .unwrap(),
            r#"{"own":"a b","text":"a b"}"#
        );
    }

    #[test]
    fn own_questions_print_in_the_patients_order_among_the_picked_ones() {
        let site = bundled();
        let picks = [
            own("¿Cuánto cuesta?"),
            pick("ozone-blood-therapy", "is-it-approved"),
            own("   "),
            own("Can my daughter come in with me?"),
        ];
        let h = handout(&site, "es", &picks).unwrap();
        assert_eq!(h.questions.len(), 3, "an empty own question is dropped");
        assert_eq!(h.questions[0], "¿Cuánto cuesta?");
        assert!(h.questions[1].starts_with('¿'));
        assert_eq!(h.questions[2], "Can my daughter come in with me?");
        let ozone = &site.library.explainers["es"]["ozone-blood-therapy"].title;
        assert_eq!(
            h.topic.as_deref(),
            Some(ozone.as_str()),
            "own questions name no page"
        );
        let only_own = handout(&site, "en", &[own("Is parking free?")]).unwrap();
        assert_eq!(only_own.topic, None);
        assert_eq!(only_own.questions, ["Is parking free?"]);
    }
}
