//! Where everything on the handout goes, worked out before any PDF is made, so the page rules
//! (a question never parted from its answer lines, the fewest pages, then the most room to write)
//! are plain code the unit tests check directly. The header and footer are in `chrome`.
//!
//! Units are PDF points (1/72 inch), measured from the top-left corner of the page, and a text's
//! `y` is its baseline.

use super::labels::Labels;
use super::text::{self, Weight};
use super::Handout;
use crate::content::document::MAX_QUESTION_CHARS;
use crate::settings::Paper;

pub(super) const MARGIN_X: f32 = 44.0;
pub(super) const MARGIN_TOP: f32 = 36.0;
pub(super) const MARGIN_BOTTOM: f32 = 30.0;

/// Questions are set large: many patients read without their glasses in a waiting room.
const QUESTION: Style = Style::new(14.0, Weight::Regular, INK);
const OWN_HEADING: Style = Style::new(14.0, Weight::Bold, INK);
const QUESTION_LEAD: f32 = 18.0;
/// From the top of a question's block to its first baseline (about the capitals' height).
const QUESTION_ASCENT: f32 = 11.0;
/// Room for one line of handwriting: a ruled line this far below the text or the line above.
const WRITING_LINE: f32 = 22.0;
/// The patient's own questions need room for the question too, so their lines are further apart.
const OWN_LINE: f32 = 25.0;
const BOX_SIDE: f32 = 12.0;
/// Where question text starts, right of its checkbox.
const TEXT_INDENT: f32 = 24.0;
/// A page holds at most this many questions, however short: past a dozen, a second page with
/// room to write beats a crowded one.
const MAX_QUESTIONS_PER_PAGE: usize = 12;
/// No question is that long; if one is, it is cut short rather than overrun the page.
const MAX_QUESTION_LINES: usize = 8;
/// Clear space between the last ruled line and the footer's rule.
const FOOTER_GAP: f32 = 8.0;

pub(super) const INK: u8 = 0;
pub(super) const SOFT_INK: u8 = 70;
const RULE_GRAY: u8 = 150;

/// How much room to write each question gets. The first choice that needs no more pages than
/// the tightest one wins, so three questions get three lines each and twelve still fit one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Room {
    /// Ruled lines under each question.
    pub answer_lines: usize,
    /// Blank lines for the patient's own questions.
    pub own_lines: usize,
    /// Points between one question's last line and the next question.
    pub gap: u8,
}

const CHOICES: [Room; 5] = [
    Room::new(3, 4, 14),
    Room::new(2, 4, 12),
    Room::new(2, 3, 10),
    Room::new(1, 3, 7),
    Room::new(1, 2, 7),
];

impl Room {
    const fn new(answer_lines: usize, own_lines: usize, gap: u8) -> Room {
        Room {
            answer_lines,
            own_lines,
            gap,
        }
    }
}

/// Size, face and shade (0 black to 255 white) of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub weight: Weight,
    pub gray: u8,
}

impl Style {
    pub(super) const fn new(size: f32, weight: Weight, gray: u8) -> Style {
        Style { size, weight, gray }
    }

    pub(super) fn width(&self, s: &str) -> f32 {
        text::width(s, self.weight, self.size)
    }

    pub(super) fn wrap(&self, s: &str, max: f32) -> Vec<String> {
        text::wrap(s, self.weight, self.size, max)
    }

    /// [`Self::wrap`], cut to `lines` lines with an ellipsis.
    pub(super) fn wrap_at_most(&self, s: &str, max: f32, lines: usize) -> Vec<String> {
        text::wrap_at_most(s, self.weight, self.size, max, lines)
    }
}

/// What a mark on the page belongs to, so tests can check that a question stays whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Header,
    Question(usize),
    OwnQuestions,
    Footer,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A horizontal rule.
    Line {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: u8,
    },
    /// An empty square to tick, `(x, y)` its top-left corner.
    CheckBox { x: f32, y: f32, side: f32 },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub owner: Owner,
    pub shape: Shape,
}

/// The marks of one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub marks: Vec<Mark>,
}

impl Page {
    pub(super) fn text(&mut self, owner: Owner, x: f32, y: f32, style: Style, text: &str) {
        let text = text.to_string();
        self.marks.push(Mark {
            owner,
            shape: Shape::Text { x, y, style, text },
        });
    }

    pub(super) fn rule(&mut self, owner: Owner, (x1, x2): (f32, f32), y: f32, width: f32, gray: u8) {
        self.marks.push(Mark {
            owner,
            shape: Shape::Line {
                x1,
                x2,
                y,
                width,
                gray,
            },
        });
    }

    fn check_box(&mut self, owner: Owner, x: f32, y: f32) {
        let side = BOX_SIDE;
        self.marks.push(Mark {
            owner,
            shape: Shape::CheckBox { x, y, side },
        });
    }
}

/// The whole handout, page by page.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The room to write it settled on (read by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub room: Room,
}

/// Lays out the handout.
pub(crate) fn layout(h: &Handout) -> Layout {
    let prepared = Prepared::new(h);
    let mut best: Option<Layout> = None;
    for room in CHOICES {
        let candidate = prepared.paginate(room);
        if best
            .as_ref()
            .is_none_or(|b| candidate.pages.len() < b.pages.len())
        {
            best = Some(candidate);
        }
    }
    // CHOICES is not empty; the fallback only keeps this free of a panic path.
    best.unwrap_or_else(|| prepared.paginate(CHOICES[CHOICES.len() - 1]))
}

/// Page sizes in points.
fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::Letter => (612.0, 792.0),
        Paper::A4 => (595.28, 841.89),
    }
}

/// The handout's text broken into lines, ready to be placed on pages.
pub(super) struct Prepared<'a> {
    pub labels: &'static Labels,
    pub h: &'a Handout,
    pub width: f32,
    pub height: f32,
    /// Each question's lines.
    questions: Vec<Vec<String>>,
}

impl<'a> Prepared<'a> {
    fn new(h: &'a Handout) -> Self {
        let (width, height) = page_size(h.paper);
        let text_width = width - 2.0 * MARGIN_X - TEXT_INDENT;
        let questions = h
            .questions
            .iter()
            .map(|q| text::printable(q, MAX_QUESTION_CHARS))
            .filter(|q| !q.is_empty())
            .map(|q| QUESTION.wrap_at_most(&q, text_width, MAX_QUESTION_LINES))
            .collect();
        Prepared {
            labels: Labels::for_lang(&h.lang),
            h,
            width,
            height,
            questions,
        }
    }

    /// The left and right ends of the text area.
    pub(super) fn across(&self) -> (f32, f32) {
        (MARGIN_X, self.width - MARGIN_X)
    }

    pub(super) fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn question_height(&self, lines: usize, room: Room) -> f32 {
        QUESTION_ASCENT
            + QUESTION_LEAD * (lines.max(1) - 1) as f32
            + WRITING_LINE * room.answer_lines as f32
            + f32::from(room.gap)
    }

    fn own_height(&self, room: Room) -> f32 {
        6.0 + QUESTION_ASCENT + OWN_LINE * room.own_lines as f32
    }

    fn paginate(&self, room: Room) -> Layout {
        let mut pages = Vec::new();
        let mut page = Page::default();
        let mut y = self.first_header(&mut page);
        let plain_bottom = self.height - MARGIN_BOTTOM - self.footer_height(false) - FOOTER_GAP;
        let last_bottom = self.height - MARGIN_BOTTOM - self.footer_height(true) - FOOTER_GAP;

        let mut on_page = 0;
        for (i, lines) in self.questions.iter().enumerate() {
            let needed = self.question_height(lines.len(), room);
            // A question that would cross the footer starts a new page with its answer lines,
            // unless it is the page's first (then nothing would be gained by moving it).
            if (y + needed > plain_bottom && on_page > 0) || on_page == MAX_QUESTIONS_PER_PAGE {
                pages.push(std::mem::take(&mut page));
                y = self.continued_header(&mut page);
                on_page = 0;
            }
            on_page += 1;
            y = self.question(&mut page, y, i, lines, room);
        }
        if y + self.own_height(room) > last_bottom && on_page > 0 {
            pages.push(std::mem::take(&mut page));
            y = self.continued_header(&mut page);
        }
        self.own_questions(&mut page, y, room);
        pages.push(page);

        let total = pages.len();
        for (n, page) in pages.iter_mut().enumerate() {
            self.footer(page, n + 1, total);
        }
        Layout {
            width: self.width,
            height: self.height,
            pages,
            room,
        }
    }

    /// One question: checkbox, text, ruled lines. Returns the top of the next block.
    fn question(&self, page: &mut Page, top: f32, i: usize, lines: &[String], room: Room) -> f32 {
        let owner = Owner::Question(i);
        let (left, right) = self.across();
        let mut y = top + QUESTION_ASCENT;
        page.check_box(owner, left + 1.0, y - BOX_SIDE + 1.5);
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                y += QUESTION_LEAD;
            }
            page.text(owner, left + TEXT_INDENT, y, QUESTION, line);
        }
        for _ in 0..room.answer_lines {
            y += WRITING_LINE;
            page.rule(owner, (left + TEXT_INDENT, right), y, 0.6, RULE_GRAY);
        }
        y + f32::from(room.gap)
    }

    /// The heading and blank lines for the patient's own questions.
    fn own_questions(&self, page: &mut Page, top: f32, room: Room) {
        let owner = Owner::OwnQuestions;
        let (left, right) = self.across();
        let mut y = top + 6.0 + QUESTION_ASCENT;
        page.text(owner, left, y, OWN_HEADING, self.labels.own_questions);
        for _ in 0..room.own_lines {
            y += OWN_LINE;
            page.check_box(owner, left + 1.0, y - BOX_SIDE - 1.0);
            page.rule(owner, (left + TEXT_INDENT, right), y, 0.6, RULE_GRAY);
        }
    }
}

#[cfg(test)]
mod bounds_tests {
    use super::*;
    use time::macros::date;

    /// Every field at many times its bound: the header keeps to its most height, so the first
    /// question is on page 1, and nothing is drawn off the paper. (A 20,000-character title once
    /// pushed the questions off the page, and took 51 s to wrap.)
    #[test]
    fn the_questions_start_on_page_one_whatever_the_header_holds() {
        let long = "Supercalifragilistic ".repeat(1_000) + &"x".repeat(20_000);
        let h = Handout {
            clinic_name: long.clone(),
            lang: "en".into(),
            topic: Some(long.clone()),
            date: date!(2026 - 11 - 26),
            questions: vec![long.clone(), "\u{200b}".repeat(5_000), "Short?".into()],
            sources: vec![format!("https://example.org/{}", "a/".repeat(10_000)); 30],
            more_sources: true,
            paper: Paper::Letter,
        };
        let start = std::time::Instant::now();
        let laid = layout(&h);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        let first = &laid.pages[0];
        assert!(
            first.marks.iter().any(|m| m.owner == Owner::Question(0)),
            "the first question is on page 1"
        );
        let questions: Vec<usize> = laid
            .pages
            .iter()
            .flat_map(|p| &p.marks)
            .filter_map(|m| match m.owner {
                Owner::Question(i) => Some(i),
                _ => None,
            })
            .collect();
        let mut distinct = questions.clone();
        distinct.dedup();
        assert_eq!(
            distinct,
            [0, 1],
            "5,000 zero-width spaces print no blank question"
        );
        for page in &laid.pages {
            for mark in &page.marks {
                if let Shape::Text { x, y, style, text } = &mark.shape {
                    assert!(*y > 0.0 && *y < laid.height, "{text:?} at {y}");
                    let right = x + style.width(text);
                    assert!(right <= laid.width - MARGIN_X + 0.5, "{text:?} runs to {right}");
                }
            }
        }
    }
}
