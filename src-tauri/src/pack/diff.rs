//! What a pack would change, for staff to read before they install it: pages added, changed and
//! removed, each with its title in every language it has, and any other file (pictures).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::manifest::Manifest;
use crate::site::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Changed,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    pub lang: String,
    pub title: String,
}

/// One explainer or general list, across its languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageChange {
    /// An explainer's id, or `lists/<id>`.
    pub id: String,
    pub change: Change,
    pub titles: Vec<Title>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub path: String,
    pub change: Change,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub pages: Vec<PageChange>,
    /// Files that are not pages: pictures and anything else.
    pub files: Vec<FileChange>,
}

/// A page file's (page id, language): `en/x.md` → (`x`, `en`), `es/lists/y.md` → (`lists/y`, `es`).
fn page_of(path: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = path.split('/').collect();
    let lang = parts.first()?;
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match parts.as_slice() {
        [_, file] => Some((file.strip_suffix(".md")?.to_string(), lang.to_string())),
        [_, "lists", file] => Some((format!("lists/{}", file.strip_suffix(".md")?), lang.to_string())),
        _ => None,
    }
}

/// The title of page `id` in `lang` in `site`, if it loaded.
fn title(site: &Site, id: &str, lang: &str) -> Option<String> {
    match id.strip_prefix("lists/") {
        Some(list) => site.library.list(lang, list).map(|l| l.title.clone()),
        None => site.library.explainer(lang, id).map(|e| e.title.clone()),
    }
}

/// What installing `new` (loaded as `staged`) would change in the live content (`live_files`:
/// each file's SHA-256; `live`: the site the kiosk shows).
pub fn changes(live_files: &BTreeMap<String, String>, live: &Site, new: &Manifest, staged: &Site) -> Changes {
    let new_files: BTreeMap<&str, &str> = new
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let paths: BTreeSet<&str> = live_files
        .keys()
        .map(String::as_str)
        .chain(new_files.keys().copied())
        .collect();
    // page id → (languages before, languages after, any file differs)
    let mut pages: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>, bool)> = BTreeMap::new();
    let mut files = Vec::new();
    for path in paths {
        let before = live_files.get(path).map(String::as_str);
        let after = new_files.get(path).copied();
        let change = match (before, after) {
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (Some(a), Some(b)) if a != b => Change::Changed,
            _ => {
                if let Some((id, lang)) = page_of(path) {
                    let page = pages.entry(id).or_default();
                    page.0.insert(lang.clone());
                    page.1.insert(lang);
                }
                continue;
            }
        };
        match page_of(path) {
            Some((id, lang)) => {
                let page = pages.entry(id).or_default();
                if before.is_some() {
                    page.0.insert(lang.clone());
                }
                if after.is_some() {
                    page.1.insert(lang);
                }
                page.2 = true;
            }
            None => files.push(FileChange {
                path: path.to_string(),
                change,
            }),
        }
    }
    let mut out: Vec<PageChange> = pages
        .into_iter()
        .filter(|(_, (_, _, differs))| *differs)
        .map(|(id, (before, after, _))| {
            let (change, site, langs) = match (before.is_empty(), after.is_empty()) {
                (true, _) => (Change::Added, staged, after),
                (_, true) => (Change::Removed, live, before),
                _ => (Change::Changed, staged, after),
            };
            let titles = langs
                .into_iter()
                .map(|lang| Title {
                    title: title(site, &id, &lang).unwrap_or_else(|| format!("({lang}/{id}.md)")),
                    lang,
                })
                .collect();
            PageChange { id, change, titles }
        })
        .collect();
    out.sort_by(|a, b| (a.change, &a.id).cmp(&(b.change, &b.id)));
    Changes { pages: out, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_are_grouped_by_page_and_other_files_listed_alone() {
        assert_eq!(page_of("en/a.md"), Some(("a".into(), "en".into())));
        assert_eq!(page_of("es/lists/b.md"), Some(("lists/b".into(), "es".into())));
        assert_eq!(page_of("media/a.png"), None);
        assert_eq!(page_of("en/notes.txt"), None);
    }
}
