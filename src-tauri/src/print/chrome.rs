//! The handout's header and footer: who and when at the top, and at the foot the reminder that
//! this is not medical advice, the page number, and (on the last page) the sources' addresses.

use super::layout::{Owner, Page, Prepared, Style, INK, MARGIN_BOTTOM, MARGIN_TOP, SOFT_INK};
use super::text::{printable, Weight};
use crate::content::document::{MAX_TITLE_CHARS, MAX_URL_CHARS};
use crate::content::render::display_url;
use crate::settings::MAX_NAME_CHARS;

/// Lines each header field may take, so the header has a most height and the first question
/// always starts on the first page, whatever the clinic's name or the titles are.
const MAX_NAME_LINES: usize = 2;
const MAX_TOPIC_LINES: usize = 2;
/// Lines of source addresses at the foot of the last page; past them the footer says "…".
const MAX_SOURCE_LINES: usize = 4;
/// The "About" line names several titles: room for a few whole ones.
const MAX_TOPIC_CHARS: usize = 3 * MAX_TITLE_CHARS;

const CLINIC: Style = Style::new(13.0, Weight::Bold, SOFT_INK);
const DATE: Style = Style::new(13.0, Weight::Regular, SOFT_INK);
const TITLE: Style = Style::new(25.0, Weight::Bold, INK);
const TOPIC_LABEL: Style = Style::new(14.0, Weight::Bold, INK);
const TOPIC: Style = Style::new(14.0, Weight::Regular, INK);
const CONTINUED: Style = Style::new(12.0, Weight::Bold, SOFT_INK);
const NOTICE: Style = Style::new(9.5, Weight::Regular, SOFT_INK);
const PAGE_NUMBER: Style = Style::new(9.5, Weight::Bold, SOFT_INK);
const NOTICE_LEAD: f32 = 12.0;
const SOURCES: Style = Style::new(8.5, Weight::Regular, SOFT_INK);
const SOURCES_LEAD: f32 = 10.5;
/// Kept free beside the notice for "Página 12 de 12".
const PAGE_NUMBER_ROOM: f32 = 90.0;

impl Prepared<'_> {
    /// Clinic and date, title, topic and a rule. Returns where the questions start.
    pub(super) fn first_header(&self, page: &mut Page) -> f32 {
        let (left, right) = self.across();
        let date = self.labels.date(self.h.date);
        let date_width = DATE.width(&date);
        let mut y = MARGIN_TOP + 10.0;
        page.text(Owner::Header, right - date_width, y, DATE, &date);
        let name_width = self.content_width() - date_width - 18.0;
        let name = printable(&self.h.clinic_name, MAX_NAME_CHARS);
        for (i, line) in CLINIC
            .wrap_at_most(&name, name_width, MAX_NAME_LINES)
            .iter()
            .enumerate()
        {
            if i > 0 {
                y += 16.0;
            }
            page.text(Owner::Header, left, y, CLINIC, line);
        }
        y += 29.0;
        page.text(Owner::Header, left, y, TITLE, self.labels.title);
        let topic = self.h.topic.as_deref().map(|t| printable(t, MAX_TOPIC_CHARS));
        if let Some(topic) = topic.as_deref().filter(|t| !t.is_empty()) {
            let label = self.labels.topic;
            let indent = TOPIC_LABEL.width(label) + TOPIC.width(" ");
            y += 21.0;
            page.text(Owner::Header, left, y, TOPIC_LABEL, label);
            let lines = TOPIC.wrap_at_most(topic, self.content_width() - indent, MAX_TOPIC_LINES);
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    y += 18.0;
                }
                page.text(Owner::Header, left + indent, y, TOPIC, line);
            }
        }
        y += 10.0;
        page.rule(Owner::Header, (left, right), y, 1.0, INK);
        y + 12.0
    }

    /// The title again, small, on every page after the first, so a loose page is recognisable.
    pub(super) fn continued_header(&self, page: &mut Page) -> f32 {
        let (left, right) = self.across();
        let y = MARGIN_TOP + 9.0;
        let line = format!("{} {}", self.labels.title, self.labels.continued);
        page.text(Owner::Header, left, y, CONTINUED, &line);
        page.rule(Owner::Header, (left, right), y + 8.0, 0.8, SOFT_INK);
        y + 8.0 + 14.0
    }

    /// The footer's lines: the sources (last page only) and the notice.
    fn footer_lines(&self, last: bool) -> (Vec<String>, Vec<String>) {
        let list: Vec<String> = self
            .h
            .sources
            .iter()
            .map(|s| printable(&display_url(s.trim()), MAX_URL_CHARS))
            .filter(|s| !s.is_empty())
            .collect();
        let sources = if last && !list.is_empty() {
            // A no-break space keeps each separator with its address, so no line starts with one.
            let mut text = format!("{} {}", self.labels.sources, list.join("\u{a0}· "));
            if self.h.more_sources {
                text = format!("{text}. {}", self.labels.more_sources);
            }
            SOURCES.wrap_at_most(&text, self.content_width(), MAX_SOURCE_LINES)
        } else {
            Vec::new()
        };
        let notice = NOTICE.wrap(self.labels.not_advice, self.content_width() - PAGE_NUMBER_ROOM);
        (sources, notice)
    }

    /// How far above the bottom margin the footer's rule sits.
    pub(super) fn footer_height(&self, last: bool) -> f32 {
        let (sources, notice) = self.footer_lines(last);
        let sources_height = if sources.is_empty() {
            0.0
        } else {
            SOURCES_LEAD * sources.len() as f32 + 4.0
        };
        10.0 + sources_height + NOTICE_LEAD * notice.len() as f32
    }

    /// Draws page `n` of `total`'s footer.
    pub(super) fn footer(&self, page: &mut Page, n: usize, total: usize) {
        let last = n == total;
        let (left, right) = self.across();
        let (sources, notice) = self.footer_lines(last);
        let mut y = self.height - MARGIN_BOTTOM - self.footer_height(last);
        page.rule(Owner::Footer, (left, right), y, 0.6, SOFT_INK);
        y += 2.0;
        for line in &sources {
            y += SOURCES_LEAD;
            page.text(Owner::Footer, left, y, SOURCES, line);
        }
        if !sources.is_empty() {
            y += 4.0;
        }
        for (i, line) in notice.iter().enumerate() {
            y += if i == 0 { NOTICE_LEAD - 1.0 } else { NOTICE_LEAD };
            page.text(Owner::Footer, left, y, NOTICE, line);
            if i == 0 && total > 1 {
                let label = self.labels.page_of(n, total);
                page.text(
                    Owner::Footer,
                    right - PAGE_NUMBER.width(&label),
                    y,
                    PAGE_NUMBER,
                    &label,
                );
            }
        }
    }
}
