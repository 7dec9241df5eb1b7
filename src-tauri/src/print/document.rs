//! Draws a [`Layout`] into a PDF with krilla. Only drawing happens here; where things go is
//! decided in `layout`.
//!
//! The PDF is tagged (PDF/UA's structure, `pdfinfo` says "Tagged: yes"): a patient who takes the
//! file home and reads it with a screen reader hears the title as a heading, the questions as a
//! list of that many items, the heading of the blank lines, and the footer, in the handout's
//! language; checkboxes, rules, the running header and page numbers are artifacts it skips.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::num::NonZeroU16;

use super::labels::Labels;
use super::layout::{Layout, Mark, Owner, Shape};
use super::text::{Weight, BOLD_TTF, REGULAR_TTF};
use super::Error;

/// Makes the PDF of a laid-out handout in `lang`.
pub(crate) fn pdf(layout: &Layout, lang: &str) -> Result<Vec<u8>, Error> {
    let regular = font(REGULAR_TTF)?;
    let bold = font(BOLD_TTF)?;
    let labels = Labels::for_lang(lang);
    let mut document = Document::new();
    // Only fixed words go into the metadata: a PDF's title and keywords show in print queues.
    document.set_metadata(
        Metadata::new()
            .title(labels.title.to_string())
            .language(labels.lang_tag.to_string())
            .creator("Clinic kiosk".to_string()),
    );
    let settings = PageSettings::from_wh(layout.width, layout.height)
        .ok_or_else(|| Error::Pdf(format!("bad page size {} × {}", layout.width, layout.height)))?;
    let last = layout.pages.len().saturating_sub(1);
    let mut tagged: Vec<(Role, Identifier)> = Vec::new();
    for (n, marks) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for mark in &marks.marks {
            let role = role(mark, n, last, labels);
            let tag = match role {
                Role::Artifact => ContentTag::Artifact(Artifact::with_kind(match mark.shape {
                    Shape::Text { .. } => ArtifactType::Other,
                    _ => ArtifactType::Layout,
                })),
                _ => ContentTag::Span(SpanTag::empty()),
            };
            let id = surface.start_tagged(tag);
            draw(&mut surface, &mark.shape, &regular, &bold);
            surface.end_tagged();
            if role != Role::Artifact {
                tagged.push((role, id));
            }
        }
        surface.finish();
        page.finish();
    }
    document.set_tag_tree(tag_tree(tagged, labels));
    document.finish().map_err(|e| Error::Pdf(e.to_string()))
}

/// What a mark is to a screen reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The handout's title.
    Title,
    /// A paragraph; marks in a row with the same key (a wrapped clinic name, the topic) are one.
    Para(ParaKey),
    /// A line of question `i`'s text.
    Question(usize),
    /// The heading of the blank lines for the patient's own questions.
    OwnHeading,
    /// Drawn for the eye only: boxes, rules, the running header, page numbers, the footer's
    /// repeats before the last page.
    Artifact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParaKey {
    Date,
    Clinic,
    Topic,
    Sources,
    Notice,
}

/// A mark's role, from what owns it and how it is set (layout's styles tell the header's and
/// footer's lines apart: the title is the 25 pt line, the date and clinic 13 pt, page numbers
/// and the notice 9.5 pt, sources 8.5 pt).
fn role(mark: &Mark, page: usize, last: usize, labels: &Labels) -> Role {
    let Shape::Text { style, text, .. } = &mark.shape else {
        return Role::Artifact;
    };
    let bold = matches!(style.weight, Weight::Bold);
    let small = (style.size - 13.0).abs() < 0.5;
    match mark.owner {
        Owner::Header if page > 0 => Role::Artifact,
        Owner::Header if text == labels.title && style.size > 20.0 => Role::Title,
        Owner::Header if small && bold => Role::Para(ParaKey::Clinic),
        Owner::Header if small => Role::Para(ParaKey::Date),
        Owner::Header => Role::Para(ParaKey::Topic),
        Owner::Question(i) => Role::Question(i),
        Owner::OwnQuestions => Role::OwnHeading,
        Owner::Footer if page != last || bold => Role::Artifact,
        Owner::Footer if style.size < 9.0 => Role::Para(ParaKey::Sources),
        Owner::Footer => Role::Para(ParaKey::Notice),
    }
}

/// The structure tree, in reading order: the header's paragraphs and the title (H1), the
/// questions as one list with an item each, the own-questions heading (H2), then the footer.
fn tag_tree(tagged: Vec<(Role, Identifier)>, labels: &Labels) -> TagTree {
    let mut blocks: Vec<(Role, TagGroup)> = Vec::new();
    let mut items: Vec<(usize, TagGroup)> = Vec::new();
    let mut list_at: Option<usize> = None;
    for (role, id) in tagged {
        if let Role::Question(i) = role {
            if list_at.is_none() {
                list_at = Some(blocks.len());
                blocks.push((role, TagGroup::new(Tag::L(ListNumbering::Square))));
            }
            match items.last_mut() {
                Some((j, body)) if *j == i => body.push(id),
                _ => items.push((i, TagGroup::with_children(Tag::LBody, vec![Node::Leaf(id)]))),
            }
            continue;
        }
        match blocks.last_mut() {
            Some((last, group)) if *last == role && matches!(role, Role::Para(_)) => group.push(id),
            _ => {
                let mut group = match role {
                    Role::Title => TagGroup::new(Tag::Hn(NonZeroU16::MIN, Some(labels.title.to_string()))),
                    Role::OwnHeading => TagGroup::new(Tag::Hn(NonZeroU16::MIN.saturating_add(1), None)),
                    _ => TagGroup::new(Tag::P),
                };
                group.push(id);
                blocks.push((role, group));
            }
        }
    }
    if let Some(at) = list_at {
        let list = &mut blocks[at].1;
        for (_, body) in items {
            list.push(TagGroup::with_children(Tag::LI, vec![Node::Group(body)]));
        }
    }
    let mut tree = TagTree::new().with_lang(Some(labels.lang_tag.to_string()));
    for (_, group) in blocks {
        tree.push(group);
    }
    tree
}

fn font(data: &'static [u8]) -> Result<Font, Error> {
    Font::new(data.into(), 0).ok_or_else(|| Error::Pdf("the bundled font could not be read".into()))
}

fn draw(surface: &mut Surface<'_>, shape: &Shape, regular: &Font, bold: &Font) {
    match shape {
        Shape::Text { x, y, style, text } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(style.gray)));
            let font = match style.weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            let at = Point::from_xy(*x, *y);
            surface.draw_text(at, font, style.size, text, false, TextDirection::LeftToRight);
        }
        Shape::Line {
            x1,
            x2,
            y,
            width,
            gray,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y);
            pb.line_to(*x2, *y);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(*width, *gray)));
                surface.draw_path(&path);
            }
        }
        Shape::CheckBox { x, y, side } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x, *y);
            pb.line_to(x + side, *y);
            pb.line_to(x + side, y + side);
            pb.line_to(*x, y + side);
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(1.3, 0)));
                surface.draw_path(&path);
            }
        }
    }
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: luma::Color::new(gray).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(width: f32, gray: u8) -> Stroke {
    Stroke {
        paint: luma::Color::new(gray).into(),
        width,
        ..Stroke::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::Handout;
    use crate::settings::Paper;

    fn handout(questions: usize) -> Handout {
        Handout {
            clinic_name: "Harbor Clinic".into(),
            lang: "es".into(),
            topic: Some("Terapia gamma".into()),
            date: time::macros::date!(2026 - 11 - 26),
            questions: (1..=questions)
                .map(|i| format!("¿Pregunta número {i}?"))
                .collect(),
            sources: vec!["https://example.org/a".into()],
            more_sources: false,
            paper: Paper::Letter,
        }
    }

    fn count(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).filter(|w| *w == needle).count()
    }

    #[test]
    fn the_pdf_is_tagged_with_a_heading_a_list_item_per_question_and_its_language() {
        for n in [1, 3, 40] {
            let h = handout(n);
            let laid = super::super::layout::layout(&h);
            let pdf = pdf(&laid, &h.lang).unwrap();
            assert_eq!(
                count(&pdf, b"/Type/StructTreeRoot"),
                1,
                "{n} questions: a structure tree"
            );
            assert_eq!(count(&pdf, b"/Marked true"), 1);
            assert_eq!(count(&pdf, b"/S/LI/"), n, "one list item per question");
            assert_eq!(count(&pdf, b"/S/L/"), 1, "one list");
            assert_eq!(count(&pdf, b"/S/H1/"), 1, "the title is a heading");
            assert_eq!(count(&pdf, b"/S/H2/"), 1, "so is the own questions' heading");
            assert!(
                count(&pdf, b"/S/Document/") == 1 && count(&pdf, b"/Lang(es)") == 2,
                "the language is in the structure"
            );
            if n == 40 {
                assert!(laid.pages.len() > 1, "long enough to need a second page");
            }
        }
    }
}
