//! The handout's page rules, checked on the layout (where things go) and on the PDF made from it.

use time::macros::date;

use super::layout::{layout, Layout, Owner, Page, Shape};
use super::*;

/// Twelve questions as long as the bundled content's, a few running to a second line.
const EN: [&str; 12] = [
    "Is ketamine approved for my kind of pain, and what do studies show for it?",
    "Who will give my infusion, what training do they have, and is a doctor on site?",
    "What health checks will you do before my first infusion?",
    "How long will each infusion last, and how will you watch me?",
    "When can I leave, who can drive me home, and when can I drive again?",
    "What is your plan if something goes wrong during an infusion?",
    "What is the total cost, how many sessions will I need, and will insurance help?",
    "How will we measure my pain relief, and when would we stop?",
    "What other pain treatments could I try, and would this delay them?",
    "What happens to my pain when I stop the infusions?",
    "Do I really need this test or treatment?",
    "What happens if I wait or do nothing?",
];

const ES: [&str; 12] = [
    "¿Está aprobada la ketamina para mi tipo de dolor, y qué muestran los estudios?",
    "¿Quién me pondrá la infusión, qué formación tiene y hay un médico en el lugar?",
    "¿Qué revisiones de salud me harán antes de la primera infusión?",
    "¿Cuánto dura cada infusión y cómo me vigilarán?",
    "¿Cuándo puedo irme, quién puede llevarme a casa y cuándo puedo volver a manejar?",
    "¿Qué plan tienen si algo sale mal durante una infusión?",
    "¿Cuál es el costo total, cuántas sesiones necesitaré y me ayudará el seguro?",
    "¿Cómo mediremos el alivio del dolor y cuándo pararíamos?",
    "¿Qué otros tratamientos para el dolor podría probar?",
    "¿Qué le pasa a mi dolor cuando dejo las infusiones?",
    "¿De verdad necesito esta prueba o este tratamiento?",
    "¿Qué pasa si espero o si no hago nada? Señal de año: ñandú.",
];

const SOURCES: [&str; 3] = [
    "https://www.fda.gov/drugs/human-drug-compounding/fda-warns-patients-and-health-care-providers-about-potential-risks-associated-compounded-ketamine",
    "https://doi.org/10.1097/AAP.0000000000000808",
    "https://988lifeline.org/",
];

fn handout(lang: &str, questions: &[&str], paper: Paper) -> Handout {
    Handout {
        clinic_name: "Harbor Wellness Clinic".into(),
        lang: lang.into(),
        topic: Some(
            if lang == "es" {
                "Ketamina para el dolor crónico"
            } else {
                "Ketamine for chronic pain"
            }
            .into(),
        ),
        date: date!(2026 - 11 - 26),
        questions: questions.iter().map(|q| q.to_string()).collect(),
        sources: SOURCES.iter().map(|s| s.to_string()).collect(),
        more_sources: false,
        paper,
    }
}

/// `n` questions, reusing the twelve in turn and numbering them so each is distinct.
fn many(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{} ({})", EN[i % EN.len()], i + 1))
        .collect()
}

fn texts(page: &Page) -> Vec<&str> {
    page.marks
        .iter()
        .filter_map(|m| match &m.shape {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The top and bottom of everything a question drew, and the page it is on.
fn question_extent(l: &Layout, i: usize) -> Vec<(usize, f32, f32)> {
    l.pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.marks.iter().map(move |m| (p, m)))
        .filter(|(_, m)| m.owner == Owner::Question(i))
        .map(|(p, m)| match m.shape {
            Shape::Text { y, style, .. } => (p, y - style.size, y),
            Shape::Line { y, .. } => (p, y, y),
            Shape::CheckBox { y, side, .. } => (p, y, y + side),
        })
        .collect()
}

/// The top of the footer's rule on a page.
fn footer_top(page: &Page) -> f32 {
    page.marks
        .iter()
        .filter(|m| m.owner == Owner::Footer)
        .map(|m| match m.shape {
            Shape::Line { y, .. } => y,
            Shape::Text { y, style, .. } => y - style.size,
            Shape::CheckBox { y, .. } => y,
        })
        .fold(f32::MAX, f32::min)
}

#[test]
fn twelve_questions_fit_one_page_in_both_languages_on_both_papers() {
    for paper in [Paper::Letter, Paper::A4] {
        for (lang, qs) in [("en", &EN), ("es", &ES)] {
            let l = layout(&handout(lang, qs, paper));
            assert_eq!(l.pages.len(), 1, "{lang} {paper:?}");
            let shown = texts(&l.pages[0]).join(" ");
            for q in qs.iter() {
                // A long question wraps, so look for its first words.
                let start: String = q.split(' ').take(4).collect::<Vec<_>>().join(" ");
                assert!(
                    shown.contains(&start),
                    "{lang} {paper:?}: {q} missing from {shown}"
                );
            }
        }
    }
}

#[test]
fn few_questions_get_more_room_to_write() {
    let l = layout(&handout("en", &EN[..3], Paper::Letter));
    assert_eq!((l.pages.len(), l.room.answer_lines, l.room.own_lines), (1, 3, 4));
}

#[test]
fn more_questions_flow_onto_more_pages_without_parting_a_question_from_its_lines() {
    for (n, paper) in [
        (13, Paper::Letter),
        (20, Paper::Letter),
        (20, Paper::A4),
        (45, Paper::Letter),
    ] {
        let h = Handout {
            questions: many(n),
            ..handout("en", &[], paper)
        };
        let l = layout(&h);
        assert!(l.pages.len() >= 2, "{n} questions on {} page(s)", l.pages.len());
        for i in 0..n {
            let extent = question_extent(&l, i);
            let page = extent[0].0;
            assert!(
                extent.iter().all(|e| e.0 == page),
                "question {i} split across pages"
            );
            let lines = extent.iter().filter(|e| e.1 == e.2).count();
            assert_eq!(lines, l.room.answer_lines, "question {i} lost answer lines");
            let bottom = extent.iter().map(|e| e.2).fold(0.0, f32::max);
            assert!(
                bottom < footer_top(&l.pages[page]),
                "question {i} runs into the footer"
            );
        }
        let last = texts(l.pages.last().expect("a page")).join(" ");
        assert!(
            last.contains("My other questions") && last.contains("Sources:"),
            "{last}"
        );
        assert!(
            last.contains(&format!("Page {0} of {0}", l.pages.len())),
            "{last}"
        );
        assert!(texts(&l.pages[1]).contains(&"Questions for my provider (continued)"));
    }
    assert_eq!(
        layout(&Handout {
            questions: many(20),
            ..handout("en", &[], Paper::Letter)
        })
        .pages
        .len(),
        2
    );
}

#[test]
fn the_spanish_handout_has_its_words_and_accents() {
    let l = layout(&handout("es", &ES[..4], Paper::A4));
    let shown = texts(&l.pages[0]).join("\n");
    for expected in [
        "Preguntas para mi proveedor",
        "26 de noviembre de 2026",
        "Tema:",
        "Ketamina para el dolor crónico",
        "Mis otras preguntas",
        "¿Cuánto dura cada infusión y cómo me vigilarán?",
        "médico.",
        "Fuentes:",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from\n{shown}");
    }
}

#[test]
fn the_footer_says_when_more_sources_are_on_the_kiosk_in_the_page_language() {
    for (lang, words) in [
        ("en", "More sources are on the kiosk, on each topic's page."),
        ("es", "Hay más fuentes en el quiosco, en la página de cada tema."),
    ] {
        let some = layout(&handout(lang, &EN[..3], Paper::Letter));
        let shown = texts(some.pages.last().expect("a page")).join(" ");
        assert!(!shown.contains(words), "{lang}: every source fitted:\n{shown}");
        assert!(
            shown.contains("988lifeline.org"),
            "shown as people type it:\n{shown}"
        );
        let more = layout(&Handout {
            more_sources: true,
            ..handout(lang, &EN[..3], Paper::Letter)
        });
        // The words may wrap: compare them with the footer's lines run together.
        let shown = texts(more.pages.last().expect("a page")).join(" ");
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat(&shown).contains(words), "{lang}:\n{shown}");
    }
}

#[test]
fn nothing_runs_past_the_margins() {
    let mut h = handout("es", &ES, Paper::A4);
    h.clinic_name =
        "Centro de Salud Comunitario de la Bahía y los Pueblos del Norte, Clínica Número Dos".into();
    h.questions.push("¿".repeat(200));
    for l in [layout(&h), layout(&handout("en", &EN, Paper::Letter))] {
        for page in &l.pages {
            for m in &page.marks {
                if let Shape::Text { x, style, text, .. } = &m.shape {
                    let right = x + style.width(text);
                    assert!(right <= l.width - 40.0, "{text:?} ends at {right}");
                }
            }
        }
    }
}

#[test]
fn pages_are_the_paper_clinic_toml_names() {
    let letter = render_pdf(&handout("en", &EN, Paper::Letter)).expect("pdf");
    let a4 = render_pdf(&handout("en", &EN, Paper::A4)).expect("pdf");
    let has = |pdf: &[u8], needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has(&letter, "/MediaBox[0 0 612 792]"), "Letter media box");
    assert!(has(&a4, "/MediaBox[0 0 595.28 841.89]"), "A4 media box");
}

#[test]
fn the_pdf_is_small_and_embeds_its_font() {
    let pdf = render_pdf(&handout("es", &ES, Paper::Letter)).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
    assert!(pdf.windows(9).any(|w| w == b"/FontFile"), "the font is embedded");
}

#[test]
fn debug_output_leaves_the_questions_out() {
    let shown = format!("{:?}", handout("en", &EN, Paper::Letter));
    assert!(!shown.contains("ketamine"), "{shown}");
    assert!(shown.contains("questions: 12"), "{shown}");
}

#[test]
fn printing_without_a_printer_set_up_says_how_to_set_one_up() {
    let err = send(b"%PDF", &PrinterSettings::default(), 1).expect_err("nothing to print to");
    assert_eq!(err.kind(), "not-configured");
    assert!(
        err.to_string().contains("under [printer] in clinic.toml"),
        "{err}"
    );
    assert_eq!(
        printer_status(&PrinterSettings::default()).state,
        PrinterState::NotConfigured
    );
    let json = serde_json::to_value(crate::ui_error::UiError::from(err)).expect("serializes");
    assert_eq!(json["kind"], "not-configured");
}

#[test]
fn a_silly_number_of_copies_is_refused() {
    let printer = PrinterSettings {
        queue: Some("front-desk".into()),
        ..PrinterSettings::default()
    };
    assert_eq!(send(b"%PDF", &printer, 0).map_err(|e| e.kind()), Err("failed"));
    assert_eq!(send(b"%PDF", &printer, 500).map_err(|e| e.kind()), Err("failed"));
}

/// Writes sample handouts for a person to look at:
/// `PRINT_SAMPLES=/tmp/samples cargo test -p clinic-kiosk --lib print::tests::samples -- --ignored`
/// then `pdftoppm -png -r 60` them.
#[test]
#[ignore = "writes files for a person to look at"]
fn samples() {
    let Some(dir) = std::env::var_os("PRINT_SAMPLES") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("sample folder");
    let cases = [
        ("en-12-letter", handout("en", &EN, Paper::Letter)),
        ("es-12-letter", handout("es", &ES, Paper::Letter)),
        ("es-12-a4", handout("es", &ES, Paper::A4)),
        ("en-3-letter", handout("en", &EN[..3], Paper::Letter)),
        (
            "en-20-letter",
            Handout {
                questions: many(20),
                ..handout("en", &[], Paper::Letter)
            },
        ),
    ];
    for (name, h) in cases {
        let l = layout(&h);
        let pdf = render_pdf(&h).expect("pdf");
        eprintln!(
            "{name}: {} page(s), {} answer line(s), {} bytes",
            l.pages.len(),
            l.room.answer_lines,
            pdf.len()
        );
        std::fs::write(dir.join(format!("{name}.pdf")), pdf).expect("write sample");
    }
}
