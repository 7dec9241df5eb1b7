//! The content budget: loading pages is something a clinic feels at start-up and every time
//! staff save a file, so it has a limit, and this bench prints each figure against it.
//!
//! - The bundled `content/` folder loads, with every check `check` runs (settings, front matter,
//!   links, pictures, reading level), in under 50 ms.
//! - 1,000 generated pages of the bundled ones' size load in under 1 s: room for a clinic far
//!   bigger than any we know.
//! - The largest legal folder (issue 15: hostile or careless input must not make `check` crawl):
//!   a clinic.toml at its 1 MiB limit, all categories, and 20 pages each at the 1 MiB page limit,
//!   with titles and questions at their printed bounds, in under 3 s.
//!
//! Each is timed `RUNS` times after one untimed warm-up (so the files are in the page cache, as
//! they are on a running kiosk); the library is freed after its clock stops. The median is judged
//! against the budget; the worst run is printed beside it, as a shared machine's slowest run says
//! more about its neighbours than about the code. Exits with an error when a median is over.

use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clinic_kiosk::site::{self, Site};

const RUNS: usize = 21;
const PAGES: usize = 1000;

/// One generated page of about the size of the bundled ones (~1,500 words, ~9 KB).
fn explainer(i: usize) -> String {
    let mut s = format!(
        "+++\ntitle = \"Treatment number {i}\"\nsummary = \"What it is, what studies show, and its risks.\"\n\
         category = \"offered\"\nevidence = \"off-label\"\nmay_help = [\"Some people with depression\"]\n\
         should_not_have = [\"People with uncontrolled high blood pressure\", \"Pregnancy\"]\n\
         main_risks = [\"Raised blood pressure\", \"Feeling detached\"]\nupdated = 2026-11-20\n\
         \n[[sources]]\ntitle = \"A trial\"\n\
         publisher = \"A journal\"\nurl = \"https://example.org/trial/{i}\"\ndate = \"2023-05\"\n"
    );
    for q in 0..8 {
        s += &format!(
            "\n[[questions]]\nkey = \"question-{q}\"\ntext = \"Is this question number {q} answered?\"\n"
        );
    }
    s += "+++\n";
    for section in 0..8 {
        s += &format!("## Section {section} of the page\n\n");
        for _ in 0..3 {
            s += "This medicine is given through a vein over about forty minutes. Staff check your blood \
                  pressure before and after. Most people feel a little strange during the drip, and this \
                  passes soon after. See [the other page](treatment-1.md) and the [FDA](https://www.fda.gov/).\n\n";
        }
        s += "- Short point one about the risks.\n- Short point **two** with emphasis.\n- Point three.\n\n";
        s += "| Dose | Time |\n|---|---|\n| 0.5 mg/kg | 40 min |\n\n";
    }
    s
}

fn write_generated(dir: &Path) {
    fs::create_dir_all(dir.join("en")).expect("en folder");
    fs::write(
        dir.join("clinic.toml"),
        "name = \"Bench\"\nlanguages = [\"en\"]\n[[categories]]\nkey = \"offered\"\nlabel = { en = \"Offered\" }\n",
    )
    .expect("clinic.toml");
    for i in 0..PAGES {
        fs::write(dir.join("en").join(format!("treatment-{i}.md")), explainer(i)).expect("write a page");
    }
}

/// The largest folder `check` accepts: every file at its size limit.
fn write_largest(dir: &Path) -> usize {
    use clinic_kiosk::content::document::{MAX_FILE_BYTES, MAX_QUESTION_CHARS, MAX_TITLE_CHARS};
    fs::create_dir_all(dir.join("en")).expect("en folder");
    let mut toml = String::from("name = \"Bench\"\nlanguages = [\"en\"]\n");
    let limit = usize::try_from(clinic_kiosk::settings::MAX_FILE_BYTES).expect("fits");
    let mut categories = 0;
    loop {
        let entry = format!("[[categories]]\nkey = \"c{categories}\"\nlabel = {{ en = \"C\" }}\n");
        if toml.len() + entry.len() > limit {
            break;
        }
        toml += &entry;
        categories += 1;
    }
    fs::write(dir.join("clinic.toml"), toml).expect("clinic.toml");
    let page_limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
    for i in 0..20 {
        // "T… 12": the page's number follows, within the bound.
        let title = "T".repeat(MAX_TITLE_CHARS - 3);
        let mut s = explainer(i).replacen("Treatment number", &title, 1).replace(
            "category = \"offered\"",
            &format!("category = \"c{}\"", categories - 1),
        );
        // Its links lead to the next page of this folder, not to the generated one's.
        s = s.replace("(treatment-1.md)", &format!("(big-{}.md)", (i + 1) % 20));
        let question = "W".repeat(MAX_QUESTION_CHARS - 1);
        s = s.replacen("Is this question number 0 answered?", &format!("{question}?"), 1);
        let chunk =
            "## A heading\n\nA short line of plain words, with a footnote.[^n]\n\n[^n]: The note.\n\n";
        while s.len() + chunk.len() < page_limit {
            s += chunk;
        }
        fs::write(dir.join("en").join(format!("big-{i}.md")), s).expect("a page");
    }
    categories
}

/// Times `RUNS` loads of `dir` and prints the median and worst against `budget`; returns whether
/// the median is within it. The warm-up load also checks the folder loaded what it should, so a
/// fast figure can't come from pages that failed early.
fn budget(name: &str, dir: &Path, budget: Duration, pages: usize) -> bool {
    let warm = site::load(dir);
    let first_error = warm.problems().into_iter().find(|p| p.is_error()).cloned();
    assert_eq!(warm.error_count(), 0, "{name}: {first_error:?}");
    assert_eq!(warm.library.explainer_count(), pages, "{name}");
    drop(warm);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let loaded: Site = site::load(dir);
            let took = start.elapsed();
            drop(loaded);
            took
        })
        .collect();
    times.sort();
    let (median, worst) = (times[RUNS / 2], times[RUNS - 1]);
    let ok = median < budget;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<46} median {:>7.1} ms  worst {:>7.1} ms  budget {:>5.0} ms  {}",
        ms(median),
        ms(worst),
        ms(budget),
        if ok { "PASS" } else { "OVER BUDGET" }
    );
    ok
}

fn main() -> ExitCode {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let pages = ["en", "es"]
        .iter()
        .flat_map(|lang| fs::read_dir(bundled.join(lang)).expect("bundled content"))
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count();
    let generated = tempfile::tempdir().expect("temp dir");
    write_generated(generated.path());
    println!("content load, {RUNS} runs each:");
    let bundled_ok = budget(
        &format!("bundled content/ ({pages} pages)"),
        &bundled,
        Duration::from_millis(50),
        pages,
    );
    let generated_ok = budget(
        &format!("generated ({PAGES} pages)"),
        generated.path(),
        Duration::from_secs(1),
        PAGES,
    );
    let largest = tempfile::tempdir().expect("temp dir");
    let categories = write_largest(largest.path());
    let largest_ok = budget(
        &format!("largest legal ({categories} categories, 20 x 1 MiB)"),
        largest.path(),
        Duration::from_secs(3),
        20,
    );
    if bundled_ok && generated_ok && largest_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
