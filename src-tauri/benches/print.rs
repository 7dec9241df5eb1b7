//! How long a checklist's PDF takes to make, the part of printing the kiosk itself controls (the
//! target is under 50 ms, so the patient sees "Printing…" at once). `cargo bench --bench print`;
//! the last lines give the plain figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clinic_kiosk::print::{render_pdf, Handout};
use clinic_kiosk::settings::Paper;
use criterion::Criterion;

const QUESTIONS: [&str; 10] = [
    "¿La ketamina está aprobada para mi tipo de dolor? ¿Qué muestran los estudios?",
    "¿Quién me pondrá la infusión, qué preparación tiene y hay un médico en la clínica?",
    "¿Qué revisiones de salud me harán antes de la primera infusión?",
    "¿Cuánto dura cada infusión y cómo me van a vigilar?",
    "¿Cuándo me puedo ir, quién me puede llevar a casa y cuándo puedo volver a manejar?",
    "¿Qué plan tienen si algo sale mal durante una infusión?",
    "¿Cuánto cuesta en total, cuántas sesiones necesitaré y me ayuda el seguro médico?",
    "¿Cómo vamos a medir el alivio de mi dolor y cuándo lo dejaríamos?",
    "¿Qué otros tratamientos para el dolor podría probar? ¿Esto los retrasaría?",
    "¿Qué pasa con mi dolor cuando deje las infusiones?",
];

fn handout(count: usize) -> Handout {
    Handout {
        clinic_name: "Harbor Wellness Clinic".into(),
        lang: "es".into(),
        topic: Some("Ketamina para el dolor crónico".into()),
        date: time::macros::date!(2026 - 11 - 26),
        questions: QUESTIONS
            .iter()
            .cycle()
            .take(count)
            .map(|q| q.to_string())
            .collect(),
        sources: vec![
            "https://www.fda.gov/drugs/human-drug-compounding".into(),
            "https://doi.org/10.1097/AAP.0000000000000808".into(),
            "https://988lifeline.org/".into(),
        ],
        more_sources: false,
        paper: Paper::Letter,
    }
}

fn main() {
    let mut c = Criterion::default()
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    for count in [10, 20] {
        let h = handout(count);
        c.bench_function(&format!("checklist PDF, {count} questions"), |b| {
            b.iter(|| render_pdf(black_box(&h)))
        });
    }
    c.final_summary();

    // The same, as one plain line each for reports and CI logs.
    for count in [10, 20] {
        let h = handout(count);
        let runs = 50;
        let start = Instant::now();
        let mut size = 0;
        for _ in 0..runs {
            size = render_pdf(black_box(&h)).map_or(0, |pdf| pdf.len());
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!("checklist PDF, {count} questions: {ms:.1} ms each, {size} bytes (target: under 50 ms)");
    }
}
