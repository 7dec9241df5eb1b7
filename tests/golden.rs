//! Golden output: what the renderer writes for each page in `tests/fixtures/golden/`, pinned.
//!
//! In the manner of mdBook's `tests/testsuite/book_test.rs`: every `<name>.md` there is rendered
//! by `clinic_kiosk::content::render::render`, the function the content library runs on each
//! explainer's body (its `html` is what the UI puts on screen as it is), and compared with the
//! checked-in `expected/<name>.html`. A change in what patients are shown is then seen in review,
//! not guessed. After a change you mean, rewrite the expected files with
//! `GOLDEN_BLESS=1 cargo test --test golden` and read the diff before committing it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use clinic_kiosk::content::render::{render, MEDIA_BASE};
use kiosk_tests::fixture;

/// The variable that turns a run into one that writes the expected files.
const BLESS: &str = "GOLDEN_BLESS";

/// The address of the media protocol as written in the expected files: the Linux one, which the
/// kiosk ships on. (Windows serves custom protocols at `http://media.localhost/`.)
const MEDIA_BASE_IN_FILES: &str = "media://localhost/";

/// Every page of the corpus, by name, sorted.
fn pages(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .collect();
    names.sort();
    names
}

/// The first line where `actual` differs from `expected`, with a few lines either side, or `None`
/// when they are the same.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    const CONTEXT: usize = 3;
    let want: Vec<&str> = expected.split('\n').collect();
    let got: Vec<&str> = actual.split('\n').collect();
    let at = (0..want.len().max(got.len()))
        .find(|&i| want.get(i) != got.get(i))
        .unwrap_or(0);
    let mut out = String::new();
    let before = at.saturating_sub(CONTEXT);
    for (i, l) in want.iter().enumerate().take(at).skip(before) {
        out.push_str(&format!("  {:>4} | {l}\n", i + 1));
    }
    const ENDED: &str = "(no line: the file ends here)";
    let (w, g) = (
        want.get(at).copied().unwrap_or(ENDED),
        got.get(at).copied().unwrap_or(ENDED),
    );
    out.push_str(&format!("- {:>4} | {w}   (expected)\n", at + 1));
    out.push_str(&format!("+ {:>4} | {g}   (rendered)\n", at + 1));
    // A rendered line can be long (a table is one): say where in it, with invisible characters
    // spelled out.
    let col = w.chars().zip(g.chars()).take_while(|(a, b)| a == b).count();
    let from = |l: &str| l.chars().skip(col).take(24).collect::<String>();
    out.push_str(&format!(
        "         first difference at column {}: expected {:?}, rendered {:?}\n",
        col + 1,
        from(w),
        from(g)
    ));
    for (i, l) in got.iter().enumerate().skip(at + 1).take(CONTEXT) {
        out.push_str(&format!("  {:>4} | {l}\n", i + 1));
    }
    Some(out)
}

/// The HTML a page renders to, as it is written in the expected files.
fn rendered(markdown: &str) -> String {
    render(markdown).html.replace(MEDIA_BASE, MEDIA_BASE_IN_FILES)
}

#[test]
fn every_page_renders_as_its_expected_html() {
    let dir = fixture("golden");
    let expected_dir = dir.join("expected");
    let bless = std::env::var_os(BLESS).is_some_and(|v| v == "1");
    let names = pages(&dir);
    assert!(
        names.len() >= 11,
        "the golden corpus was found in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for name in &names {
        let page = dir.join(format!("{name}.md"));
        let markdown =
            fs::read_to_string(&page).unwrap_or_else(|e| panic!("cannot read {}: {e}", page.display()));
        let actual = rendered(&markdown);
        let expected_path = expected_dir.join(format!("{name}.html"));
        if bless {
            fs::create_dir_all(&expected_dir).expect("the expected folder");
            fs::write(&expected_path, &actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", expected_path.display()));
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Err(_) => failures.push(format!(
                "{}: no expected output at {}; write it with `{BLESS}=1 cargo test --test golden`, \
                 then read it",
                page.display(),
                expected_path.display()
            )),
            Ok(expected) => {
                if let Some(diff) = first_difference(&expected, &actual) {
                    failures.push(format!(
                        "{}: renders differently from {}\n{diff}(if the change is meant, \
                         `{BLESS}=1 cargo test --test golden` and review the diff)",
                        page.display(),
                        expected_path.display()
                    ));
                }
            }
        }
    }

    // An expected file whose page is gone (or was renamed) would pin nothing.
    let used: BTreeSet<PathBuf> = names
        .iter()
        .map(|n| expected_dir.join(format!("{n}.html")))
        .collect();
    for entry in fs::read_dir(&expected_dir).expect("the expected folder") {
        let path = entry.expect("a folder entry").path();
        if !used.contains(&path) {
            failures.push(format!(
                "{}: no page in {} uses this expected file; delete it, or add its page",
                path.display(),
                dir.display()
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {} golden pages failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
    if bless {
        println!(
            "wrote {} expected files in {}",
            names.len(),
            expected_dir.display()
        );
    }
}

#[test]
fn the_diff_names_the_first_differing_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    let diff = first_difference("1\n2\n3\n4\n5\n6\n", "1\n2\n3\n4\nfive\n6\n").expect("a difference");
    assert!(diff.contains("-    5 | 5   (expected)"), "{diff}");
    assert!(diff.contains("+    5 | five   (rendered)"), "{diff}");
    assert!(
        diff.contains("column 1: expected \"5\", rendered \"five\""),
        "{diff}"
    );
    let late = first_difference("<td>$240</td>", "<td>$241</td>").expect("a difference");
    assert!(
        late.contains("column 8: expected \"0</td>\", rendered \"1</td>\""),
        "{late}"
    );
    assert!(diff.contains("     4 | 4"), "{diff}");
    assert!(
        !diff.contains("     1 | 1"),
        "only three lines of context: {diff}"
    );
    let shorter = first_difference("a\nb", "a").expect("a difference");
    assert!(shorter.contains("(no line: the file ends here)"), "{shorter}");
}
