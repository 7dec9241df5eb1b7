//! The content pipeline against bare pulldown-cmark: 1,000 explainers of realistic size, loaded
//! from disk, validated and rendered, versus rendering the same bytes with pulldown-cmark alone.
//! Target: the whole pipeline within 2x of bare pulldown-cmark. Prints MB/s and the ratio.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use clinic_kiosk::content::{self, render::parser_options};
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

fn pipeline(dir: &Path) -> usize {
    let lib = content::load(dir);
    assert_eq!(lib.explainer_count(), EXPLAINERS, "{:?}", lib.problems.first());
    lib.explainer_count()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (texts, bytes) = write_corpus(dir.path());
    let mut group = c.benchmark_group("content-1000-explainers");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("load+validate+render", |b| b.iter(|| pipeline(dir.path())));
    group.bench_function("bare pulldown-cmark", |b| b.iter(|| bare(&texts)));
    group.finish();
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (texts, bytes) = write_corpus(dir.path());
    let mb = bytes as f64 / 1e6;
    let full = median(7, || {
        pipeline(dir.path());
    });
    let plain = median(7, || {
        bare(&texts);
    });
    println!("\ncontent pipeline, {EXPLAINERS} explainers, {mb:.1} MB:");
    println!(
        "  load+validate+render: {:>8.1} ms  {:>6.1} MB/s",
        full.as_secs_f64() * 1e3,
        mb / full.as_secs_f64()
    );
    println!(
        "  bare pulldown-cmark:  {:>8.1} ms  {:>6.1} MB/s",
        plain.as_secs_f64() * 1e3,
        mb / plain.as_secs_f64()
    );
    println!(
        "  ratio: {:.2}x (target: at most 2x)",
        full.as_secs_f64() / plain.as_secs_f64()
    );
}

criterion_group!(benches, bench);

/// `CONTENT_BENCH_PROFILE=pipeline` (or `bare`, or `pipeline,bare` for one after the other)
/// runs only that side `CONTENT_BENCH_RUNS` times, timing each run, with no criterion and no
/// summary: a clean run for `valgrind --tool=callgrind` or `perf record`.
fn profile(which: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (texts, _) = write_corpus(dir.path());
    let runs: usize = std::env::var("CONTENT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for side in which.split(',') {
        for _ in 0..runs {
            let start = Instant::now();
            match side {
                "bare" => std::hint::black_box(bare(&texts)),
                _ => std::hint::black_box(pipeline(dir.path())),
            };
            eprintln!("{side}: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
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
