//! Draws a [`Layout`] into a PDF with krilla. Only drawing happens here; where things go is
//! decided in `layout`.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::labels::Labels;
use super::layout::{Layout, Shape};
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
    for marks in &layout.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for mark in &marks.marks {
            draw(&mut surface, &mark.shape, &regular, &bold);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| Error::Pdf(e.to_string()))
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
