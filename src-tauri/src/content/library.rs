//! A whole content folder, loaded: every good explainer by language, and every problem found.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::front_matter;
use super::meta::Meta;
use super::problem::{line_col, Problem};
use super::render::{self, Rendered};

/// A file larger than this is surely a mistake (a pasted PDF, a video) and is not read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One explainer in one language, parsed and rendered.
#[derive(Debug, Clone, Serialize)]
pub struct Explainer {
    pub id: String,
    pub lang: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub meta: Meta,
    pub body: Rendered,
}

/// Everything loaded from a content folder.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub root: PathBuf,
    /// language → id → explainer
    pub explainers: BTreeMap<String, BTreeMap<String, Explainer>>,
    /// Every problem found, sorted by path then position.
    pub problems: Vec<Problem>,
}

impl Library {
    pub fn explainer(&self, lang: &str, id: &str) -> Option<&Explainer> {
        self.explainers.get(lang)?.get(id)
    }

    /// The explainers of one language, in id order.
    pub fn in_lang(&self, lang: &str) -> impl Iterator<Item = &Explainer> {
        self.explainers.get(lang).into_iter().flat_map(|m| m.values())
    }

    pub fn is_empty(&self) -> bool {
        self.explainers.values().all(BTreeMap::is_empty)
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// Loads every `<lang>/<id>.md` under `root`. Never fails: what can't be used is reported.
pub fn load(root: &Path) -> Library {
    let mut lib = Library {
        root: root.to_path_buf(),
        ..Library::default()
    };
    let langs = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(err) => {
            lib.problems.push(Problem::error(
                root,
                1,
                1,
                format!("cannot open the content folder: {err}"),
            ));
            return lib;
        }
    };
    let mut lang_dirs: Vec<PathBuf> = langs
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    lang_dirs.sort();
    for dir in lang_dirs {
        let Some(lang) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if !is_lang_code(&lang) {
            continue;
        }
        let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
            Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(err) => {
                lib.problems.push(Problem::error(
                    &dir,
                    1,
                    1,
                    format!("cannot read this folder: {err}"),
                ));
                continue;
            }
        };
        files.retain(|p| p.extension().is_some_and(|e| e == "md"));
        files.sort();
        for path in files {
            match load_file(&path, &lang) {
                Ok(explainer) => {
                    lib.explainers
                        .entry(lang.clone())
                        .or_default()
                        .insert(explainer.id.clone(), explainer);
                }
                Err(problems) => lib.problems.extend(problems),
            }
        }
    }
    lib.problems
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    lib
}

/// A language folder's name: two or three lower-case letters (`en`, `es`).
fn is_lang_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn load_file(path: &Path, lang: &str) -> Result<Explainer, Vec<Problem>> {
    let err = |line, col, msg: String| vec![Problem::error(path, line, col, msg)];
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if !render::is_id(stem) {
        return Err(err(
            1,
            1,
            "the file name must use only lower-case letters, digits and hyphens, like `ozone-therapy.md`"
                .into(),
        ));
    }
    let size = fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| err(1, 1, format!("cannot read the file: {e}")))?;
    if size > MAX_FILE_BYTES {
        return Err(err(
            1,
            1,
            format!("the file is {size} bytes; the limit is {MAX_FILE_BYTES} (1 MiB)"),
        ));
    }
    let bytes = fs::read(path).map_err(|e| err(1, 1, format!("cannot read the file: {e}")))?;
    if bytes.is_empty() {
        return Err(err(1, 1, "the file is empty".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        err(line, col, "the file is not UTF-8 text: save it as UTF-8".into())
    })?;
    let split = front_matter::split(&text).map_err(|e| err(1, 1, e.to_string()))?;
    let meta: Meta = toml::from_str(split.toml).map_err(|e| {
        let offset = split.toml_offset + e.span().map_or(0, |s| s.start);
        let (line, col) = line_col(&text, offset);
        err(line, col, e.message().to_string())
    })?;
    if split.body.trim().is_empty() {
        let (line, col) = line_col(&text, split.body_offset);
        return Err(err(
            line,
            col,
            "the explainer has no text after the front matter".into(),
        ));
    }
    Ok(Explainer {
        id: stem.to_string(),
        lang: lang.to_string(),
        path: path.to_path_buf(),
        meta,
        body: render::render(split.body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn loads_good_files_and_reports_bad_ones_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "en/good.md",
            "+++\ntitle = \"Good\"\nsummary = \"Fine\"\n+++\nBody text\n",
        );
        write(
            dir.path(),
            "en/bad.md",
            "+++\ntitle = \"Bad\"\nsumary = \"typo\"\n+++\nBody\n",
        );
        let lib = load(dir.path());
        assert_eq!(
            lib.in_lang("en").map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["good"]
        );
        assert_eq!(lib.problems.len(), 1);
        let p = &lib.problems[0];
        assert!(p.path.ends_with("en/bad.md"));
        assert_eq!((p.line, p.col), (3, 1));
        assert!(p.message.contains("unknown field `sumary`"), "{}", p.message);
    }

    #[test]
    fn a_missing_folder_is_a_problem_not_a_crash() {
        let lib = load(Path::new("/nonexistent/kiosk/content"));
        assert!(lib.is_empty());
        assert_eq!(lib.error_count(), 1);
    }
}
