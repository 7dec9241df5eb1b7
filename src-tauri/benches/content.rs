//! The content pipeline against bare pulldown-cmark: 1,000 explainers of realistic size, loaded
//! from disk, validated and rendered, versus rendering the same bytes with pulldown-cmark alone.
//! Target: the whole pipeline within 2x of bare pulldown-cmark. Prints MB/s and the ratio.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use std::hint::black_box;

use clinic_kiosk::content::meta::ExplainerMeta;
use clinic_kiosk::content::{self, document, front_matter, readability, render, render::parser_options};
use criterion::{criterion_group, Criterion, Throughput};

const EXPLAINERS: usize = 1000;

/// One explainer of about the size of the bundled ones (~1,500 words, ~10 KB).
fn explainer(i: usize) -> String {
    let mut s = format!(
        "+++\ntitle = \"Treatment number {i}\"\nsummary = \"What it is, what studies show, and its risks.\"\n\
         category = \"offered\"\nevidence = \"off-label\"\nmay_help = [\"Some people with depression\"]\n\
         should_not_have = [\"People with uncontrolled high blood pressure\", \"Pregnancy\"]\n\
         main_risks = [\"Raised blood pressure\", \"Feeling detached\"]\nreviewed = 2026-11-20\n\
         next_review = 2027-05-20\nreviewed_by = \"Bench team\"\n\n[[sources]]\ntitle = \"A trial\"\n\
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

fn write_corpus(dir: &Path) -> (Vec<String>, u64) {
    fs::create_dir_all(dir.join("en")).expect("en folder");
    fs::write(
        dir.join("clinic.toml"),
        "name = \"Bench\"\nlanguages = [\"en\"]\n[[categories]]\nkey = \"offered\"\nlabel = { en = \"Offered\" }\n",
    )
    .expect("clinic.toml");
    let mut texts = Vec::new();
    let mut bytes = 0;
    for i in 0..EXPLAINERS {
        let text = explainer(i);
        bytes += text.len() as u64;
        fs::write(dir.join("en").join(format!("treatment-{i}.md")), &text).expect("write");
        texts.push(text);
    }
    (texts, bytes)
}

/// The second corpus: the bundled explainers themselves, both languages, copied until there are
/// 1,000 (each copy's ids and links renamed so every link still resolves). Real pages differ
/// from the generated ones in shape: more front matter (about 40 % of the file, not 17 %) and
/// one or two links instead of 48.
fn write_bundled_corpus(dir: &Path) -> (Vec<String>, u64) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    fs::copy(content.join("clinic.toml"), dir.join("clinic.toml")).expect("clinic.toml");
    let mut originals = Vec::new();
    for lang in ["en", "es"] {
        fs::create_dir_all(dir.join(lang)).expect("language folder");
        let mut files: Vec<_> = fs::read_dir(content.join(lang))
            .expect("bundled content")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for path in files {
            let id = path.file_stem().and_then(|s| s.to_str()).expect("id").to_string();
            originals.push((lang, id, fs::read_to_string(&path).expect("read")));
        }
    }
    let ids: Vec<String> = originals.iter().map(|(_, id, _)| id.clone()).collect();
    let (mut texts, mut bytes) = (Vec::new(), 0);
    for copy in 0..EXPLAINERS / originals.len() {
        for (lang, id, text) in &originals {
            let mut text = text.clone();
            for other in &ids {
                text = text.replace(&format!("]({other}.md"), &format!("]({other}-{copy}.md"));
            }
            bytes += text.len() as u64;
            fs::write(dir.join(lang).join(format!("{id}-{copy}.md")), &text).expect("write");
            texts.push(text);
        }
    }
    (texts, bytes)
}

fn bare(texts: &[String]) -> usize {
    texts
        .iter()
        .map(|t| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(t, parser_options()));
            html.len()
        })
        .sum()
}

fn pipeline(dir: &Path) -> content::Library {
    let lib = content::load(dir);
    assert_eq!(lib.explainer_count(), EXPLAINERS, "{:?}", lib.problems.first());
    lib
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (texts, bytes) = write_corpus(dir.path());
    let mut group = c.benchmark_group("content-1000-explainers");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    // The library is freed outside the timing: freeing it is not loading it (and is printed
    // on its own by the summary).
    group.bench_function("load+validate+render", |b| {
        b.iter_with_large_drop(|| pipeline(dir.path()))
    });
    group.bench_function("bare pulldown-cmark", |b| b.iter(|| bare(&texts)));
    group.finish();
}

/// Median of `runs` timings of `f`, each result dropped after its clock stops.
fn median<T>(runs: usize, f: impl Fn() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| timed(&f).0).collect();
    times.sort();
    times[runs / 2]
}

/// How long `f` took, and what it made (to be dropped once the clock has stopped).
fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn middle(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Rounds of the summary: each times the pipeline, then bare pulldown-cmark, back to back, so
/// a slow spell of a shared machine (runs here swung by 40 % from one second to the next) hits
/// both sides of a round's ratio alike.
const ROUNDS: usize = 21;

fn summary() {
    let generated = tempfile::tempdir().expect("temp dir");
    let (texts, bytes) = write_corpus(generated.path());
    compare("generated", generated.path(), &texts, bytes);
    let generated_mb = bytes as f64 / 1e6;
    let bundled = tempfile::tempdir().expect("temp dir");
    let (texts, bytes) = write_bundled_corpus(bundled.path());
    compare("bundled explainers x100", bundled.path(), &texts, bytes);
    phases(generated.path(), generated_mb);
}

/// Times the pipeline against bare pulldown-cmark on one corpus, in alternating rounds.
fn compare(name: &str, dir: &Path, texts: &[String], bytes: u64) {
    let mb = bytes as f64 / 1e6;
    let (mut full, mut plain, mut freed, mut ratios) = (vec![], vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        let (took, lib) = timed(|| pipeline(dir));
        let (drop_took, ()) = timed(|| drop(lib));
        let (bare_took, _) = timed(|| bare(texts));
        full.push(took.as_secs_f64());
        freed.push(drop_took.as_secs_f64());
        plain.push(bare_took.as_secs_f64());
        ratios.push(took.as_secs_f64() / bare_took.as_secs_f64());
    }
    let (full, plain, freed) = (middle(full), middle(plain), middle(freed));
    println!("\ncontent pipeline, {EXPLAINERS} explainers ({name}), {mb:.1} MB, medians of {ROUNDS} rounds:");
    println!(
        "  load+validate+render: {:>8.1} ms  {:>6.1} MB/s",
        full * 1e3,
        mb / full
    );
    println!(
        "  bare pulldown-cmark:  {:>8.1} ms  {:>6.1} MB/s",
        plain * 1e3,
        mb / plain
    );
    println!(
        "  ratio: {:.2}x (target: at most 2x; lowest {:.2}x, highest {:.2}x)",
        middle(ratios.clone()),
        ratios.iter().copied().fold(f64::INFINITY, f64::min),
        ratios.iter().copied().fold(0.0, f64::max),
    );
    println!(
        "  freeing the library afterwards (not in the pipeline's time): {:.1} ms",
        freed * 1e3
    );
}

/// Where the pipeline's time goes: each stage alone over the whole corpus, median of 7. Each
/// stage's output is dropped as it goes, while the pipeline keeps everything it makes, so the
/// stages need not add up to the whole.
fn phases(dir: &Path, mb: f64) {
    let paths: Vec<_> = (0..EXPLAINERS)
        .map(|i| dir.join("en").join(format!("treatment-{i}.md")))
        .collect();
    let texts: Vec<String> = paths.iter().map(|p| document::read(p).expect("read")).collect();
    let splits: Vec<_> = texts
        .iter()
        .map(|t| front_matter::split(t).expect("split"))
        .collect();
    let rendered: Vec<_> = splits.iter().map(|s| render::render(s.body)).collect();
    let bodies: Vec<String> = splits.iter().map(|s| s.body.to_string()).collect();
    let stage = |name: &str, t: Duration| {
        println!(
            "    {name:<20} {:>8.1} ms  {:>6.1} MB/s",
            t.as_secs_f64() * 1e3,
            mb / t.as_secs_f64()
        );
    };
    println!("  stages, each alone over the corpus:");
    stage(
        "read files",
        median(7, || {
            for p in &paths {
                black_box(document::read(p).expect("read"));
            }
        }),
    );
    stage(
        "front matter (TOML)",
        median(7, || {
            for t in &texts {
                let split = front_matter::split(t).expect("split");
                black_box(toml::from_str::<ExplainerMeta>(split.toml).expect("toml"));
            }
        }),
    );
    stage(
        "render body",
        median(7, || {
            for s in &splits {
                black_box(render::render(s.body));
            }
        }),
    );
    stage("bare, bodies only", median(7, || black_box(bare(&bodies))));
    stage(
        "reading level",
        median(7, || {
            for r in &rendered {
                black_box(readability::score_prose(&r.prose, "en"));
            }
        }),
    );
}

criterion_group!(benches, bench);

/// `CONTENT_BENCH_PROFILE=pipeline` (or `bare`, `reading`, `read`, or `pipeline,bare` for one after the other)
/// runs only that side `CONTENT_BENCH_RUNS` times, timing each run, with no criterion and no
/// summary: a clean run for `valgrind --tool=callgrind` or `perf record`. `CONTENT_BENCH_CORPUS=
/// bundled` runs it on the copies of the bundled explainers instead of the generated ones.
fn profile(which: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (texts, _) = match std::env::var("CONTENT_BENCH_CORPUS").as_deref() {
        Ok("bundled") => write_bundled_corpus(dir.path()),
        _ => write_corpus(dir.path()),
    };
    let runs: usize = std::env::var("CONTENT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let prose: Vec<(String, &str)> = texts
        .iter()
        .map(|t| {
            let body = front_matter::split(t).expect("split").body;
            // Only the bundled corpus has Spanish; its pages all say "la".
            let lang = if t.contains(" la ") { "es" } else { "en" };
            (render::render(body).prose, lang)
        })
        .collect();
    for side in which.split(',') {
        for _ in 0..runs {
            let took = match side {
                "bare" => timed(|| black_box(bare(&texts))).0,
                "read" => {
                    timed(|| {
                        for lang in ["en", "es"] {
                            for entry in fs::read_dir(dir.path().join(lang)).into_iter().flatten() {
                                black_box(document::read(&entry.expect("entry").path()).expect("read"));
                            }
                        }
                    })
                    .0
                }
                "reading" => {
                    timed(|| {
                        for (p, lang) in &prose {
                            black_box(readability::score_prose(p, lang));
                        }
                    })
                    .0
                }
                _ => timed(|| black_box(pipeline(dir.path()))).0,
            };
            eprintln!("{side}: {:.1} ms", took.as_secs_f64() * 1e3);
        }
    }
}

fn main() {
    if let Ok(which) = std::env::var("CONTENT_BENCH_PROFILE") {
        profile(&which);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
