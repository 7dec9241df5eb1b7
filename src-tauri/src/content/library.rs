//! A whole content folder's pages, loaded: every good explainer and question list by language,
//! and every problem found in them. The clinic's settings are loaded beside it
//! ([`crate::site`]) and handed in: the pages are checked against the settings' languages and
//! categories, but the library does not own them. Loading never fails; what can't be used is left
//! out and reported, and on a reload a file that broke keeps its last good version on screen.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use time::Date;

use super::document::{self, Context, Explainer, QuestionList};
use super::meta::Question;
use super::render::is_id;
use crate::problem::{line_col, Problem};
use crate::read;
use crate::settings::{self, Settings};

pub use crate::lang::SOURCE_LANG;
/// The folder of general question lists inside a language folder.
pub const LISTS_DIR: &str = "lists";
/// The folder of images inside the content folder.
pub const MEDIA_DIR: &str = "media";

/// Everything loaded from a content folder.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub root: PathBuf,
    /// language → id → explainer
    pub explainers: BTreeMap<String, BTreeMap<String, Explainer>>,
    /// language → id → general question list
    pub lists: BTreeMap<String, BTreeMap<String, QuestionList>>,
    /// Every problem found, sorted by path then position.
    pub problems: Vec<Problem>,
    /// How many content files were read.
    pub files_checked: usize,
    /// Files that had errors this time (kept out, or kept at their last good version).
    failed: BTreeSet<PathBuf>,
}

impl Library {
    pub fn explainer(&self, lang: &str, id: &str) -> Option<&Explainer> {
        self.explainers.get(lang)?.get(id)
    }

    pub fn list(&self, lang: &str, id: &str) -> Option<&QuestionList> {
        self.lists.get(lang)?.get(id)
    }

    /// An explainer in `lang`, or its English original where it has no translation (then
    /// `true`).
    pub fn explainer_for(&self, lang: &str, id: &str) -> Option<(&Explainer, bool)> {
        crate::lang::with_fallback(lang, |l| self.explainer(l, id))
    }

    /// A general question list in `lang`, or its English original (then `true`).
    pub fn list_for(&self, lang: &str, id: &str) -> Option<(&QuestionList, bool)> {
        crate::lang::with_fallback(lang, |l| self.list(l, id))
    }

    /// The explainers of one language, in id order.
    pub fn in_lang(&self, lang: &str) -> impl Iterator<Item = &Explainer> {
        self.explainers.get(lang).into_iter().flat_map(|m| m.values())
    }

    pub fn is_empty(&self) -> bool {
        self.explainers.values().all(BTreeMap::is_empty) && self.lists.values().all(BTreeMap::is_empty)
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.problems.len() - self.error_count()
    }

    pub fn explainer_count(&self) -> usize {
        self.explainers.values().map(BTreeMap::len).sum()
    }
}

/// Loads every `<lang>/<id>.md` and `<lang>/lists/<id>.md` under `root`, checked against
/// `settings`, as of `today` (tests pin the date so review warnings don't depend on the clock).
/// With `previous`, a file that now has errors keeps its version there, so a half-saved edit
/// never takes an explainer off the screen.
pub fn load(root: &Path, settings: &Settings, today: Date, previous: Option<&Library>) -> Library {
    let mut lib = Library {
        root: root.to_path_buf(),
        ..Library::default()
    };
    let folder = match read::Folder::open(root) {
        Ok(folder) => folder,
        Err(e) => {
            let msg = format!("cannot open the content folder: {e}");
            lib.problems.push(Problem::error(root, 1, 1, msg));
            return lib;
        }
    };
    let langs = match lang_dirs(root, &mut lib.problems) {
        Ok(langs) => langs,
        Err(problem) => {
            lib.problems.push(problem);
            return lib;
        }
    };
    // In clinic.toml's order for messages, and as a set for the look-up every page makes: a
    // clinic.toml with thousands of categories must not make each page's check slower.
    let categories: Vec<String> = settings.categories.iter().map(|c| c.key.clone()).collect();
    let category_set: HashSet<&str> = categories.iter().map(String::as_str).collect();
    let media_dir = root.join(MEDIA_DIR);
    let media = media_folder(&folder, &media_dir, &mut lib.problems);
    let cx = Context {
        categories: &categories,
        category_set: &category_set,
        today,
        media: media.as_ref(),
        state: settings.us_state(),
    };
    for (lang, dir) in &langs {
        if !settings.languages.contains(lang) {
            let msg = format!(
                "the folder `{lang}` is not in clinic.toml's `languages`, so the kiosk won't offer it"
            );
            lib.problems.push(Problem::warning(dir, 1, 1, msg));
        }
        for path in md_files(dir, true, &mut lib.problems) {
            load_one(&mut lib, &folder, &path, lang, &cx, Kind::Explainer);
        }
        for path in md_files(&dir.join(LISTS_DIR), false, &mut lib.problems) {
            load_one(&mut lib, &folder, &path, lang, &cx, Kind::List);
        }
    }
    for lang in &settings.languages {
        if !langs.iter().any(|(l, _)| l == lang) {
            let msg = format!(
                "clinic.toml offers `{lang}`, but there is no `{lang}` folder: it falls back to English"
            );
            lib.problems
                .push(Problem::warning(&root.join(settings::FILE_NAME), 1, 1, msg));
        }
    }
    check_translations(&mut lib, &folder);
    check_links(&mut lib, &folder);
    if let Some(previous) = previous {
        keep_last_good(&mut lib, previous);
    }
    lib.problems
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    lib.problems.dedup();
    lib
}

#[derive(Clone, Copy)]
enum Kind {
    Explainer,
    List,
}

fn load_one(lib: &mut Library, folder: &read::Folder, path: &Path, lang: &str, cx: &Context, kind: Kind) {
    lib.files_checked += 1;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let id = name.strip_suffix(".md").unwrap_or(&name).to_string();
    if !is_id(&id) {
        let msg =
            "the file name must use only lower-case letters, digits and hyphens, like `ozone-therapy.md`";
        lib.problems.push(Problem::error(path, 1, 1, msg));
        lib.failed.insert(path.to_path_buf());
        return;
    }
    let text = match document::read(folder, path) {
        Ok(text) => text,
        Err(problem) => {
            lib.problems.push(problem);
            lib.failed.insert(path.to_path_buf());
            return;
        }
    };
    let ok = match kind {
        Kind::Explainer => {
            let (doc, mut problems) = document::explainer(path, lang, &id, &text, cx);
            lib.problems.append(&mut problems);
            doc.map(|d| lib.explainers.entry(lang.to_string()).or_default().insert(id, d))
                .is_some()
        }
        Kind::List => {
            let (doc, mut problems) = document::list(path, lang, &id, &text, cx);
            lib.problems.append(&mut problems);
            doc.map(|d| lib.lists.entry(lang.to_string()).or_default().insert(id, d))
                .is_some()
        }
    };
    if !ok {
        lib.failed.insert(path.to_path_buf());
    }
}

/// Whether a name in the content folder is hidden (`.git`, `.DS_Store`): such entries are an
/// editor's or a system's, not the clinic's, and are passed over without a word. A page's name
/// never starts with a dot; `.md` itself is reported, as it ends like a page.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') && !name.to_ascii_lowercase().ends_with(".md")
}

/// Language folders (`en`, `es`: two or three lower-case letters), sorted. Every other entry at
/// the top of the content folder but `clinic.toml` and `media/` is reported: a folder named `EN`
/// or `english` would otherwise be skipped without a word.
fn lang_dirs(root: &Path, problems: &mut Vec<Problem>) -> Result<Vec<(String, PathBuf)>, Problem> {
    let entries = fs::read_dir(root)
        .map_err(|e| Problem::error(root, 1, 1, format!("cannot open the content folder: {e}")))?;
    let mut dirs = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == settings::FILE_NAME
            || name == crate::review::FILE_NAME
            || name == MEDIA_DIR
            || is_hidden(&name)
        {
            continue;
        }
        let is_lang = (2..=3).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase());
        // `metadata` follows a link but opens nothing, so a FIFO named `en` can't block here.
        if is_lang && fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            dirs.push((name, path));
        } else {
            let msg = "the kiosk does not use this: the content folder holds clinic.toml, reviews.toml, media/ and one folder per language (`en`, `es`)";
            problems.push(Problem::warning(&path, 1, 1, msg));
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// The pages directly in `dir` (a language folder, or its `lists/`), sorted; a missing folder is
/// simply empty. Every name that ends in `.md` is returned, whatever it is (a folder, a FIFO, a
/// broken link), so reading it reports what is wrong; every other entry is reported here, so no
/// file is skipped without a word.
fn md_files(dir: &Path, is_lang_dir: bool, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    // Looked at before it is listed: only a folder is opened.
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && fs::symlink_metadata(dir).is_err() => {
            return Vec::new()
        }
        Ok(m) => {
            let what = read::kind_problem(&m.file_type()).unwrap_or("a file");
            let msg = format!("this is {what}, not a folder: the kiosk looks here for pages, so make it a folder or remove it");
            problems.push(Problem::error(dir, 1, 1, msg));
            return Vec::new();
        }
        Err(e) => {
            problems.push(Problem::error(dir, 1, 1, format!("cannot read this folder: {e}")));
            return Vec::new();
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::error(dir, 1, 1, format!("cannot read this folder: {e}")));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.ends_with(".md") {
            files.push(path);
            continue;
        }
        if is_lang_dir && name == LISTS_DIR || is_hidden(&name) {
            continue;
        }
        if name.to_ascii_lowercase().ends_with(".md") {
            let msg = "the kiosk skips this file: a page's name must end in `.md` in lower case, like `ozone-therapy.md`";
            problems.push(Problem::error(&path, 1, 1, msg));
        } else {
            let msg = "the kiosk skips this: only pages ending in `.md` are read here";
            problems.push(Problem::warning(&path, 1, 1, msg));
        }
    }
    // All in one folder, so by name: comparing whole paths splits both into components at
    // every comparison, which took 2 % of loading 1,000 files.
    files.sort_unstable_by(|a, b| a.file_name().cmp(&b.file_name()));
    files
}

/// The most entries of `media/` looked at, and how deep: a folder that deep or that full is a
/// mistake, and looking further would only make `check` slow.
const MEDIA_MAX_ENTRIES: usize = 20_000;
const MEDIA_MAX_DEPTH: usize = 8;

/// `media/`, resolved, with every link in it that leaves the content folder, is broken or is no
/// file (a FIFO, a device) reported as an error: nothing there is served until it is removed.
fn media_folder(
    content: &read::Folder,
    media_dir: &Path,
    problems: &mut Vec<Problem>,
) -> Option<read::Folder> {
    fs::symlink_metadata(media_dir).ok()?;
    let media = match content.check_folder(media_dir) {
        Ok(()) => read::Folder::open(media_dir),
        Err(e) => Err(e),
    };
    let media = match media {
        Ok(media) => media,
        Err(e) => {
            problems.push(Problem::error(
                media_dir,
                1,
                1,
                format!("media/ cannot be used: {e}"),
            ));
            return None;
        }
    };
    let mut seen = 0;
    let mut stack = vec![(media_dir.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(Result::ok) {
            seen += 1;
            if seen > MEDIA_MAX_ENTRIES {
                let msg = format!(
                    "media/ holds more than {MEDIA_MAX_ENTRIES} entries: only the first were checked"
                );
                problems.push(Problem::warning(media_dir, 1, 1, msg));
                return Some(media);
            }
            let path = entry.path();
            let Ok(t) = entry.file_type() else { continue };
            if t.is_dir() {
                if depth < MEDIA_MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            if t.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                // A linked folder: it must stay inside, and is not walked (it may loop).
                if let Err(e) = media.check_folder(&path) {
                    problems.push(Problem::error(&path, 1, 1, format!("{e}")));
                }
                continue;
            }
            if let Err(e) = media.check(&path) {
                problems.push(Problem::error(&path, 1, 1, format!("{e}")));
            }
        }
    }
    Some(media)
}

/// Every translation needs its English original and the same question keys.
fn check_translations(lib: &mut Library, folder: &read::Folder) {
    // Only the originals' question lists are needed, not whole documents.
    let source_explainers = questions_by_id(lib.explainers.get(SOURCE_LANG), |e| &e.questions);
    let source_lists = questions_by_id(lib.lists.get(SOURCE_LANG), |l| &l.questions);
    let mut drop: Vec<(String, String, bool)> = Vec::new();
    for (lang, docs) in lib.explainers.iter().filter(|(l, _)| *l != SOURCE_LANG) {
        for (id, doc) in docs {
            let original = source_explainers.get(id);
            if let Some(p) = translation_problem(folder, &doc.path, id, "", original, &doc.questions) {
                lib.problems.push(p);
                drop.push((lang.clone(), id.clone(), false));
            }
        }
    }
    for (lang, docs) in lib.lists.iter().filter(|(l, _)| *l != SOURCE_LANG) {
        for (id, doc) in docs {
            let original = source_lists.get(id);
            if let Some(p) = translation_problem(folder, &doc.path, id, "lists/", original, &doc.questions) {
                lib.problems.push(p);
                drop.push((lang.clone(), id.clone(), true));
            }
        }
    }
    for (lang, id, is_list) in drop {
        let path = if is_list {
            lib.lists
                .get_mut(&lang)
                .and_then(|m| m.remove(&id))
                .map(|d| d.path)
        } else {
            lib.explainers
                .get_mut(&lang)
                .and_then(|m| m.remove(&id))
                .map(|d| d.path)
        };
        lib.failed.extend(path);
    }
}

/// id → questions of one language's documents.
fn questions_by_id<T>(
    docs: Option<&BTreeMap<String, T>>,
    questions: impl Fn(&T) -> &Vec<Question>,
) -> BTreeMap<String, Vec<Question>> {
    docs.into_iter()
        .flatten()
        .map(|(id, d)| (id.clone(), questions(d).clone()))
        .collect()
}

fn translation_problem(
    folder: &read::Folder,
    path: &Path,
    id: &str,
    sub: &str,
    original: Option<&Vec<Question>>,
    questions: &[Question],
) -> Option<Problem> {
    let Some(original) = original else {
        let msg = format!(
            "this translation has no English original: add {SOURCE_LANG}/{sub}{id}.md or rename this file"
        );
        return Some(Problem::error(path, 1, 1, msg));
    };
    let keys = |qs: &[Question]| qs.iter().map(|q| q.key.clone()).collect::<Vec<_>>();
    let (want, have) = (keys(original), keys(questions));
    if want == have {
        return None;
    }
    let missing: Vec<&String> = want.iter().filter(|k| !have.contains(k)).collect();
    let extra: Vec<&String> = have.iter().filter(|k| !want.contains(k)).collect();
    let mut msg = format!("question keys differ from the English {SOURCE_LANG}/{sub}{id}.md");
    if !missing.is_empty() {
        msg += &format!("; missing: {}", quoted(&missing));
    }
    if !extra.is_empty() {
        msg += &format!("; not in English: {}", quoted(&extra));
    }
    if missing.is_empty() && extra.is_empty() {
        msg += "; put them in the same order as in English";
    }
    let (line, col) = question_line(folder, path);
    Some(Problem::error(path, line, col, msg))
}

fn quoted(keys: &[&String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the first `[[questions]]` is, for messages about them.
fn question_line(folder: &read::Folder, path: &Path) -> (usize, usize) {
    reread(folder, path)
        .and_then(|t| t.find("[[questions]]").map(|o| line_col(&t, o)))
        .unwrap_or((1, 1))
}

/// Links between explainers must lead somewhere: to the same language, or to English.
fn check_links(lib: &mut Library, folder: &read::Folder) {
    let mut broken: Vec<(String, String, Problem)> = Vec::new();
    for (lang, docs) in &lib.explainers {
        for (id, doc) in docs {
            for target in doc.body.explainer_links() {
                if lib.explainer_for(lang, target).is_none() {
                    let (line, col) = link_line(folder, &doc.path, target);
                    let msg =
                        format!("link to `{target}` leads nowhere: there is no explainer {lang}/{target}.md");
                    broken.push((
                        lang.clone(),
                        id.clone(),
                        Problem::error(&doc.path, line, col, msg),
                    ));
                }
            }
        }
    }
    for (lang, id, problem) in broken {
        lib.problems.push(problem);
        if let Some(doc) = lib.explainers.get_mut(&lang).and_then(|m| m.remove(&id)) {
            lib.failed.insert(doc.path);
        }
    }
}

fn link_line(folder: &read::Folder, path: &Path, target: &str) -> (usize, usize) {
    reread(folder, path)
        .and_then(|t| t.find(&format!("]({target}")).map(|o| line_col(&t, o + 1)))
        .unwrap_or((1, 1))
}

/// A page read again to place a message, through the same checks as the first time (it may have
/// been swapped for a FIFO since).
fn reread(folder: &read::Folder, path: &Path) -> Option<String> {
    document::read(folder, path).ok()
}

/// Puts back the previous version of every document whose file now fails but still exists.
fn keep_last_good(lib: &mut Library, previous: &Library) {
    for (lang, docs) in &previous.explainers {
        for (id, doc) in docs {
            if lib.failed.contains(&doc.path) && lib.explainer(lang, id).is_none() {
                lib.explainers
                    .entry(lang.clone())
                    .or_default()
                    .insert(id.clone(), doc.clone());
            }
        }
    }
    for (lang, docs) in &previous.lists {
        for (id, doc) in docs {
            if lib.failed.contains(&doc.path) && lib.list(lang, id).is_none() {
                lib.lists
                    .entry(lang.clone())
                    .or_default()
                    .insert(id.clone(), doc.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn explainer(title: &str, keys: &[&str], body: &str) -> String {
        let mut s =
            format!("+++\ntitle = \"{title}\"\nsummary = \"S\"\ncategory = \"c\"\nupdated = 2026-01-01\n");
        for k in keys {
            s += &format!("\n[[questions]]\nkey = \"{k}\"\ntext = \"Q {k}?\"\n");
        }
        s + "+++\n" + body + "\n"
    }

    fn day() -> Date {
        Date::from_calendar_date(2026, time::Month::November, 26).unwrap()
    }

    /// The pages of `root`, checked against its own clinic.toml.
    fn load_at(root: &Path, today: Date, previous: Option<&Library>) -> Library {
        let (settings, _) = settings::load(root);
        load(root, &settings, today, previous)
    }

    fn messages(lib: &Library) -> Vec<String> {
        lib.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn loads_good_files_and_reports_bad_ones_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en/good.md", &explainer("Good", &["a"], "Body text."));
        write(
            dir.path(),
            "en/bad.md",
            "+++\ntitle = \"Bad\"\nsumary = \"typo\"\n+++\nBody\n",
        );
        let lib = load_at(dir.path(), day(), None);
        assert_eq!(
            lib.in_lang("en").map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["good"]
        );
        let errors: Vec<_> = lib.problems.iter().filter(|p| p.is_error()).collect();
        assert_eq!(errors.len(), 1, "{:?}", messages(&lib));
        assert!(errors[0].path.ends_with("en/bad.md"));
        assert_eq!((errors[0].line, errors[0].col), (3, 1));
        assert!(
            errors[0]
                .message
                .starts_with("unknown field `sumary`, expected one of"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_missing_folder_is_a_problem_not_a_crash() {
        let lib = load_at(Path::new("/nonexistent/kiosk/content"), day(), None);
        assert!(lib.is_empty());
        assert_eq!(lib.error_count(), 1);
    }

    #[test]
    fn translations_need_an_original_and_the_same_question_keys() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en/a.md", &explainer("A", &["x", "y"], "Text."));
        write(dir.path(), "es/a.md", &explainer("A es", &["x", "z"], "Texto."));
        write(dir.path(), "es/solo.md", &explainer("Solo", &[], "Texto."));
        let lib = load_at(dir.path(), day(), None);
        let msgs = messages(&lib);
        assert!(msgs.iter().any(|m| m.contains("es/a.md:7:1: error: question keys differ from the English en/a.md; missing: `y`; not in English: `z`")), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("es/solo.md:1:1: error: this translation has no English original")),
            "{msgs:?}"
        );
        assert!(lib.explainer("es", "a").is_none() && lib.explainer("es", "solo").is_none());
        assert!(lib.explainer("en", "a").is_some());
    }

    #[test]
    fn a_link_to_a_missing_explainer_is_an_error_at_the_link() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "en/a.md",
            &explainer("A", &[], "See [b](b.md).\n\nAnd [gone](gone.md)."),
        );
        write(dir.path(), "en/b.md", &explainer("B", &[], "Text."));
        let lib = load_at(dir.path(), day(), None);
        let msgs = messages(&lib);
        assert!(
            msgs.iter().any(|m| m.ends_with(
                "en/a.md:9:11: error: link to `gone` leads nowhere: there is no explainer en/gone.md"
            )),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_file_that_breaks_on_reload_keeps_its_last_good_version() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en/a.md", &explainer("Version one", &[], "Text."));
        let first = load_at(dir.path(), day(), None);
        write(dir.path(), "en/a.md", "+++\ntitle = \"Half saved");
        let second = load_at(dir.path(), day(), Some(&first));
        assert_eq!(second.explainer("en", "a").unwrap().title, "Version one");
        assert_eq!(second.error_count(), 1);
        fs::remove_file(dir.path().join("en/a.md")).unwrap();
        let third = load_at(dir.path(), day(), Some(&second));
        assert!(third.explainer("en", "a").is_none(), "a deleted file is gone");
    }

    #[test]
    fn general_lists_load_from_the_lists_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en/lists/cost.md", "+++\ntitle = \"Cost\"\nsummary = \"Money\"\n[[questions]]\nkey = \"total\"\ntext = \"What is the total cost?\"\n+++\n");
        let lib = load_at(dir.path(), day(), None);
        assert_eq!(
            lib.list("en", "cost").unwrap().questions[0].text,
            "What is the total cost?"
        );
    }
}
