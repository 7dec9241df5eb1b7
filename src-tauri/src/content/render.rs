//! Markdown to safe HTML, in one pass with pulldown-cmark.
//!
//! Safety is by construction, not by cleaning afterwards: raw HTML in the Markdown is turned into
//! text (it shows, it never runs), and every element that could point somewhere (links, images,
//! headings with attributes) is written by this module rather than by pulldown-cmark, so the only
//! `href` that reaches the page is one to another explainer, built from a checked id. A kiosk can't
//! follow a link to the web, so web links become their text plus the visible address.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// What the UI needs from a body: the HTML and the list of sections to jump to, plus what the
/// checker needs to know about it, each at its byte offset in the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rendered {
    pub html: String,
    pub sections: Vec<Section>,
    #[serde(skip)]
    pub findings: Vec<(usize, Finding)>,
    /// Every heading id, for checking `#anchor` links.
    #[serde(skip)]
    pub anchors: Vec<String>,
    /// The body's prose, blocks ended by full stops, for the reading-level check and the preview
    /// window's hardest sentences.
    #[serde(skip)]
    pub prose: String,
}

/// Something in a body the checker reports or verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Raw HTML, shown as text.
    RawHtml,
    /// An HTML comment opened with `<!--` and never closed: everything after it is hidden.
    UnclosedComment,
    /// A link that is neither a web address nor another explainer (`javascript:`, `mailto:` …).
    RefusedLink(String),
    /// A link to another explainer, by id: the library checks it exists.
    ExplainerLink(String),
    /// A jump within the page (`#part`).
    Anchor(String),
    /// An image inside the content folder's `media/`: the library checks the file exists.
    Image(String),
    /// An image from anywhere else: never loaded.
    RefusedImage(String),
}

impl Rendered {
    /// Ids of the explainers this body links to.
    pub fn explainer_links(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().filter_map(|(_, f)| match f {
            Finding::ExplainerLink(id) => Some(id.as_str()),
            _ => None,
        })
    }
}

/// Where images are served from: the app's `media` protocol, over the content folder's `media/`.
#[cfg(not(windows))]
pub const MEDIA_BASE: &str = "media://localhost/";
#[cfg(windows)]
pub const MEDIA_BASE: &str = "http://media.localhost/";

/// Every id the renderer writes starts with this, and no id of the UI's own does (`app`,
/// `overlay`, `k-…`, `staff-…`), so a heading `## Overlay` can't take the idle overlay's id and
/// be what `getElementById("overlay")` finds. Footnotes are `md-fn-1`, `md-fn-2` …, numbered, so
/// no text from the page is in their ids at all. A section's id is its heading's id, prefix and
/// all; an anchor (`#risks`, `data-anchor`) is the slug an author types, and
/// `ui/js/screens/explainer.js` adds the prefix to find it.
pub const ID_PREFIX: &str = "md-";

/// A second-level heading: one entry of the section list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
}

/// The one place that decides which Markdown features the kiosk supports.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where a link in the Markdown points, once judged.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// Another explainer, by id (`other.md`, `other`, `./other.md#part`).
    Explainer(String),
    /// A web address the patient can take home: the destination itself unless something had
    /// to be taken out of it.
    Web(Cow<'a, str>),
    /// A jump within the same page (`#part`).
    Anchor(String),
    /// Anything else (`javascript:`, `data:`, `file:`, `mailto:` …): shown as plain text.
    Refused,
}

/// Judges a link destination. Browsers ignore ASCII whitespace and control characters inside a
/// scheme (`java\tscript:`), so those are removed before looking at it. Every link of every page
/// passes here, so a destination with nothing to remove is judged where it lies, and the scheme
/// is compared without building a lower-case copy.
pub fn classify_link(dest: &str) -> LinkTarget<'_> {
    let ignored = |c: char| c.is_ascii_whitespace() || c.is_control();
    // Every such character is a byte up to the space, DEL, or one beyond ASCII (C1 controls),
    // so a look at the bytes clears most destinations before any character is decoded.
    let may_have_ignored = dest.bytes().any(|b| b <= b' ' || b >= 0x7f);
    let cleaned: Cow<'_, str> = if may_have_ignored && dest.contains(ignored) {
        Cow::Owned(dest.chars().filter(|&c| !ignored(c)).collect())
    } else {
        Cow::Borrowed(dest)
    };
    let has_scheme = |scheme: &str| {
        cleaned
            .as_bytes()
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    if has_scheme("https://") || has_scheme("http://") {
        return LinkTarget::Web(cleaned);
    }
    if let Some(anchor) = cleaned.strip_prefix('#') {
        return if is_slug(anchor) {
            LinkTarget::Anchor(anchor.to_string())
        } else {
            LinkTarget::Refused
        };
    }
    // Byte looks, not `str` patterns: a destination is a few dozen bytes, too short for a
    // searcher to pay for setting itself up.
    if cleaned.bytes().any(|b| b == b':') || cleaned.starts_with("//") {
        return LinkTarget::Refused;
    }
    let path = match cleaned.bytes().position(|b| b == b'#') {
        Some(hash) => &cleaned[..hash],
        None => &cleaned[..],
    };
    let path = path.strip_prefix("./").unwrap_or(path);
    let id = path.strip_suffix(".md").unwrap_or(path);
    if is_id(id) {
        LinkTarget::Explainer(id.to_string())
    } else {
        LinkTarget::Refused
    }
}

/// An explainer id: lower-case ASCII letters, digits and single hyphens, as in file names.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Makes a heading id from its text: lower-case ASCII letters and digits, Spanish accents folded
/// (`¿Qué es?` → `que-es`) so an author can type the link `#que-es`, the rest folded into single
/// hyphens.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Nearly every heading is ASCII, which needs no case tables.
        if c.is_ascii() {
            push_slug(&mut out, c.to_ascii_lowercase());
        } else {
            for lower in c.to_lowercase() {
                push_slug(&mut out, fold_accent(lower));
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// What of a piece of raw HTML lies outside `<!-- … -->` comments. `in_comment` carries an open
/// comment from one line of an HTML block to the next, since pulldown-cmark hands a block over a
/// line at a time.
fn outside_comments(raw: &str, in_comment: &mut bool) -> String {
    let mut shown = String::new();
    let mut rest = raw;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    *in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => return shown,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    shown.push_str(&rest[..start]);
                    *in_comment = true;
                    rest = &rest[start + 4..];
                }
                None => {
                    shown.push_str(rest);
                    return shown;
                }
            }
        }
    }
}

/// Renders a Markdown body to safe HTML plus its section list.
pub fn render(markdown: &str) -> Rendered {
    let mut out = Rendered {
        // Sized from the Markdown so the page's text is copied once, not again at every doubling.
        prose: String::with_capacity(markdown.len()),
        ..Rendered::default()
    };
    // Explainer prose makes about one event per 14 bytes; an event is 80 bytes, so growing this
    // list by doubling would copy tens of kilobytes per page.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(markdown.len() / 10);
    let mut used_ids: Vec<String> = Vec::new();
    // Inside an HTML comment that began in an earlier line of an HTML block, and where it began.
    let mut in_comment = false;
    let mut comment_start = 0;
    // Open heading and link state: (level, text so far, start index in `events`).
    let mut heading: Option<(HeadingLevel, String, usize)> = None;
    let mut link_stack: Vec<Option<CowStr<'static>>> = Vec::new();
    let mut image: Option<(String, String)> = None;
    // Footnote names in the order first seen (a reference or a definition), numbered from 1 as
    // pulldown-cmark numbers them.
    let mut footnotes: Vec<CowStr<'_>> = Vec::new();

    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if let Some((_, alt)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (src, alt) = image.take().unwrap_or_default();
                    let finding = match local_image_path(&src) {
                        Some(path) => Finding::Image(path),
                        None => Finding::RefusedImage(src.clone()),
                    };
                    out.findings.push((range.start, finding));
                    events.push(Event::Html(image_html(&src, &alt).into()));
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // An HTML comment is an author's note, never shown: only what lies outside
                // comments is raw HTML, shown as text.
                let was_open = in_comment;
                let shown = outside_comments(&raw, &mut in_comment);
                if in_comment && !was_open {
                    comment_start = range.start;
                }
                if !shown.trim().is_empty() {
                    out.findings.push((range.start, Finding::RawHtml));
                }
                if shown.len() == raw.len() {
                    events.push(Event::Text(raw));
                } else if !shown.is_empty() {
                    events.push(Event::Text(shown.into()));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, String::new(), events.len()));
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.prose.push_str(".\n");
                if let Some((_, text, start)) = heading.take() {
                    let mut id = slugify(&text);
                    if used_ids.contains(&id) {
                        id = format!("{id}-{}", used_ids.len() + 1);
                    }
                    used_ids.push(id.clone());
                    events[start] =
                        Event::Html(markup(&["<", tag_name(level), " id=\"", ID_PREFIX, &id, "\">"]));
                    if level == HeadingLevel::H2 {
                        out.sections.push(Section {
                            id: format!("{ID_PREFIX}{id}"),
                            title: text.trim().to_string(),
                        });
                    }
                }
                events.push(Event::Html(CowStr::Borrowed(closing_tag(level))));
            }
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) => {
                let (open, close, finding) = link_html(link_type, &dest_url);
                if let Some(finding) = finding {
                    out.findings.push((range.start, finding));
                }
                events.push(Event::Html(open));
                link_stack.push(close);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(close)) = link_stack.pop() {
                    events.push(Event::Html(close));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => image = Some((dest_url.to_string(), String::new())),
            Event::FootnoteReference(name) => {
                let n = footnote_number(&mut footnotes, name);
                events.push(Event::Html(markup(&[
                    "<sup class=\"footnote-reference\"><a href=\"#",
                    ID_PREFIX,
                    "fn-",
                    &n,
                    "\">",
                    &n,
                    "</a></sup>",
                ])));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = footnote_number(&mut footnotes, name);
                events.push(Event::Html(markup(&[
                    "<div class=\"footnote-definition\" id=\"",
                    ID_PREFIX,
                    "fn-",
                    &n,
                    "\"><sup class=\"footnote-definition-label\">",
                    &n,
                    "</sup>\n",
                ])));
            }
            Event::End(TagEnd::FootnoteDefinition) => events.push(Event::Html(CowStr::Borrowed("</div>\n"))),
            Event::Text(t) => {
                let t = without_invisible(t);
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
                out.prose.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                out.prose.push(' ');
                events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                out.prose.push_str(".\n");
                events.push(event);
            }
            Event::Code(t) => {
                let t = without_invisible(t);
                out.prose.push_str(&t);
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
                events.push(Event::Code(t));
            }
            other => events.push(other),
        }
    }
    if in_comment {
        out.findings.push((comment_start, Finding::UnclosedComment));
    }
    out.anchors = used_ids;
    // Explainer HTML comes out at about 1.6 times the Markdown's size.
    out.html.reserve(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// The number of footnote `name`, given it the next number if it is new.
fn footnote_number<'a>(seen: &mut Vec<CowStr<'a>>, name: CowStr<'a>) -> String {
    let n = match seen.iter().position(|s| *s == name) {
        Some(i) => i + 1,
        None => {
            seen.push(name);
            seen.len()
        }
    };
    n.to_string()
}

/// Text with control and invisible characters (zero-width spaces, direction overrides) taken
/// out: they would print as nothing, or turn the text round. `check` warns where they are.
/// Borrowed, at the cost of one look, when there are none (nearly always).
fn without_invisible(t: CowStr<'_>) -> CowStr<'_> {
    let keep = |c: char| !crate::problem::is_unsafe_char(c) || matches!(c, '\n' | '\t');
    if t.chars().all(keep) {
        return t;
    }
    CowStr::Boxed(
        t.chars()
            .filter(|&c| keep(c))
            .collect::<String>()
            .into_boxed_str(),
    )
}

/// One lower-case character of a heading id: a letter or digit as it is, anything else a single
/// hyphen.
fn push_slug(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else if out.as_bytes().last().is_some_and(|&b| b != b'-') {
        out.push('-');
    }
}

/// A lower-case letter with its accent taken off, for the letters of Spanish (and a few of its
/// neighbours'); any other character as it is.
fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// `h1` … `h6`.
fn tag_name(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// `</h1>` … `</h6>`, without formatting a string for every heading.
fn closing_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "</h1>",
        HeadingLevel::H2 => "</h2>",
        HeadingLevel::H3 => "</h3>",
        HeadingLevel::H4 => "</h4>",
        HeadingLevel::H5 => "</h5>",
        HeadingLevel::H6 => "</h6>",
    }
}

/// Markup joined from already-safe pieces into one allocation of exactly its size (`format!`
/// would grow its buffer, and pulldown-cmark would then shrink it again to box it).
fn markup(parts: &[&str]) -> CowStr<'static> {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    CowStr::Boxed(out.into_boxed_str())
}

/// The opening markup for a link, the closing markup to write at its end (if any), and what the
/// checker should know about it (nothing, for a web address: it is only shown).
/// The markup is written without `format!` where it is fixed text: a page has dozens of links.
fn link_html(link_type: LinkType, dest: &str) -> (CowStr<'static>, Option<CowStr<'static>>, Option<Finding>) {
    const CLOSE_A: CowStr<'static> = CowStr::Borrowed("</a>");
    match classify_link(dest) {
        LinkTarget::Explainer(id) => {
            let open = markup(&[
                "<a class=\"explainer-link\" href=\"#explainer/",
                &id,
                "\" data-explainer=\"",
                &id,
                "\">",
            ]);
            (open, Some(CLOSE_A), Some(Finding::ExplainerLink(id)))
        }
        LinkTarget::Anchor(anchor) => {
            let open = markup(&[
                "<a class=\"anchor-link\" href=\"#",
                ID_PREFIX,
                &anchor,
                "\" data-anchor=\"",
                &anchor,
                "\">",
            ]);
            (open, Some(CLOSE_A), Some(Finding::Anchor(anchor)))
        }
        LinkTarget::Web(url) => {
            let close = if link_type == LinkType::Autolink {
                // The link text is the address itself: show it once.
                CowStr::Borrowed("</span>")
            } else {
                // Escaped straight into the markup: a page can have dozens of addresses. Sized
                // for an address with nothing to escape (nearly all), so boxing it copies nothing.
                let shown = shown_url(&url);
                let (before, after) = (" <span class=\"web-address\">(", ")</span></span>");
                let mut close = String::with_capacity(before.len() + shown.len() + after.len());
                close.push_str(before);
                pulldown_cmark_escape::escape_html(&mut close, shown).ok();
                close.push_str(after);
                CowStr::Boxed(close.into_boxed_str())
            };
            (CowStr::Borrowed("<span class=\"web-link\">"), Some(close), None)
        }
        LinkTarget::Refused => (
            CowStr::Borrowed(""),
            None,
            Some(Finding::RefusedLink(dest.to_string())),
        ),
    }
}

/// An address as a patient would type it: no scheme, no trailing slash.
pub fn display_url(url: &str) -> String {
    shown_url(url).to_string()
}

/// [`display_url`] as a part of `url`, for markup written straight into the page.
fn shown_url(url: &str) -> &str {
    let scheme_end = url.as_bytes().windows(3).position(|w| w == b"://");
    let rest = scheme_end.map_or(url, |i| &url[i + 3..]);
    rest.strip_suffix('/').unwrap_or(rest)
}

/// Images come only from inside the content folder; anything else becomes its description.
/// A local picture is addressed on the `media` protocol ([`MEDIA_BASE`]), the only thing that
/// serves the content folder's `media/` to the page: a path on the app's own origin would ask
/// the UI's files for it and find nothing.
fn image_html(src: &str, alt: &str) -> String {
    let alt = escape(alt);
    match local_image_path(src) {
        Some(path) => format!(
            "<img src=\"{MEDIA_BASE}{}\" alt=\"{alt}\" loading=\"lazy\">",
            escape(&path)
        ),
        None if alt.is_empty() => String::new(),
        None => format!("<span class=\"image-missing\">[{alt}]</span>"),
    }
}

/// A relative path inside the content folder, or `None` for anything remote or escaping it.
pub fn local_image_path(src: &str) -> Option<String> {
    let src = src.trim();
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
    if src.is_empty() || src.contains(':') || src.starts_with('/') || !src.chars().all(ok_char) {
        return None;
    }
    let src = src.strip_prefix("./").unwrap_or(src);
    if src
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return None;
    }
    Some(src.to_string())
}

/// Escapes text for use inside HTML text or a double-quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comments_are_authors_notes_and_never_shown() {
        let r = render("Before <!-- inline note --> after.\n\n<!--\nA note over\nthree lines\n-->\n\nText.\n\n<!-- x --><b>shown</b>\n");
        assert!(!r.html.contains("note"), "{}", r.html);
        assert!(r.html.contains("Before  after."), "{}", r.html);
        assert!(r.html.contains("<p>Text.</p>"), "{}", r.html);
        assert!(
            r.html.contains("&lt;b&gt;shown&lt;/b&gt;"),
            "what follows a comment is still shown: {}",
            r.html
        );
        let raw = r.findings.iter().filter(|(_, f)| *f == Finding::RawHtml).count();
        assert_eq!(raw, 1, "only the <b> is raw HTML to warn about");
        let unclosed = render("Risks.\n\n<!-- forgot to close\n\nStroke.\n");
        assert!(!unclosed.html.contains("Stroke"), "{}", unclosed.html);
        assert_eq!(
            unclosed.findings,
            [(8, Finding::UnclosedComment)],
            "check must say so"
        );
        let mut open = false;
        assert_eq!(outside_comments("a<!--b", &mut open), "a");
        assert_eq!(outside_comments("c-->d<!--e-->f", &mut open), "df");
        assert!(!open);
    }

    #[test]
    fn renders_headings_as_sections_with_ids() {
        let r = render("# Title\n\n## What it is\n\ntext\n\n## Risks & harms\n");
        assert!(r.html.contains("<h1 id=\"md-title\">Title</h1>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"md-what-it-is\">What it is</h2>"));
        let ids: Vec<_> = r.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["md-what-it-is", "md-risks-harms"]);
    }

    /// `## Overlay` must not give `id="overlay"`, which the staff pad's `getElementById` finds.
    #[test]
    fn every_rendered_id_has_the_prefix_footnotes_included() {
        let r = render("## Overlay\n\n## App\n\nSee [a](#overlay).[^x\"><b>] And[^app]\n\n[^x\"><b>]: One.\n\n[^app]: Two.\n");
        let ids: Vec<&str> = r
            .html
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(ids, ["md-overlay", "md-app", "md-fn-1", "md-fn-2"], "{}", r.html);
        let hrefs: Vec<&str> = r
            .html
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(hrefs, ["#md-overlay", "#md-fn-1", "#md-fn-2"], "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
        assert_eq!(r.sections[0].id, "md-overlay", "a section's id is its heading's");
        assert_eq!(r.anchors[0], "overlay", "anchors are the slugs an author types");
    }

    /// The UI's own ids, and the prefix the UI adds to find a rendered one, read from `ui/`.
    #[test]
    fn no_ui_id_starts_with_the_rendered_prefix() {
        let ui = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui"));
        let mut stack = vec![ui.to_path_buf()];
        let mut ids = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "js" || e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for quote in ["id: \"", "id: `", "id=\""] {
                        ids.extend(text.split(quote).skip(1).map(|rest| {
                            rest.chars()
                                .take_while(|c| !"\"`$".contains(*c))
                                .collect::<String>()
                        }));
                    }
                }
            }
        }
        assert!(
            ids.iter().any(|id| id == "overlay"),
            "the scan finds the UI's ids: {ids:?}"
        );
        for id in &ids {
            assert!(!id.starts_with(ID_PREFIX), "the UI uses the id {id:?}");
        }
        let explainer = std::fs::read_to_string(ui.join("js/screens/explainer.js")).unwrap();
        assert!(
            explainer.contains(&format!("const ID_PREFIX = \"{ID_PREFIX}\";")),
            "explainer.js finds ids with the same prefix"
        );
    }

    #[test]
    fn invisible_characters_are_left_out_of_the_text() {
        let r = render("a\u{200b}b\u{202e}c `d\u{2066}e`");
        assert!(r.html.contains("abc <code>de</code>"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_shown_as_text_never_as_markup() {
        let r = render("<script>alert(1)</script>\n\nHi <b onclick=x>there</b>");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<b "), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn web_links_show_their_address_and_never_navigate() {
        let r = render("See [the FDA](https://www.fda.gov/) for more.");
        assert!(!r.html.contains("href"), "{}", r.html);
        assert!(
            r.html
                .contains("the FDA <span class=\"web-address\">(www.fda.gov)</span>"),
            "{}",
            r.html
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn links_between_explainers_stay_in_the_app() {
        let r = render("Read [about ozone](ozone.md#risks).");
        assert!(
            r.html
                .contains("href=\"#explainer/ozone\" data-explainer=\"ozone\""),
            "{}",
            r.html
        );
        assert_eq!(r.explainer_links().collect::<Vec<_>>(), ["ozone"]);
    }

    #[test]
    fn dangerous_schemes_are_refused_in_every_spelling() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "//evil.example/x",
        ] {
            assert_eq!(classify_link(dest), LinkTarget::Refused, "{dest:?}");
        }
        let r = render("[a](javascript:alert(1)) [b][r]\n\n[r]: data:text/html;base64,xx");
        assert!(!r.html.contains("href"), "{}", r.html);
        assert!(!r.html.contains("javascript"), "{}", r.html);
    }

    #[test]
    fn only_local_images_are_kept() {
        let r = render("![A diagram](img/arm.png) ![Remote](https://evil.example/x.png)");
        let expected = format!("<img src=\"{MEDIA_BASE}img/arm.png\" alt=\"A diagram\"");
        assert!(r.html.contains(&expected), "{}", r.html);
        assert!(!r.html.contains("evil.example"), "{}", r.html);
        assert!(r.html.contains("[Remote]"));
        assert_eq!(local_image_path("../secret.png"), None);
        assert_eq!(local_image_path("/etc/x.png"), None);
    }

    #[test]
    fn slugs_keep_accents_and_fold_the_rest() {
        assert_eq!(slugify("¿Qué es?"), "que-es");
        assert_eq!(slugify("Niños y señales"), "ninos-y-senales");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn slugs_match_the_char_by_char_definition() {
        // The definition the ASCII shortcut must keep to: every character lower-cased by the
        // Unicode tables, accents folded, the rest hyphens.
        fn by_chars(text: &str) -> String {
            let mut out = String::new();
            for c in text.chars().flat_map(char::to_lowercase).map(fold_accent) {
                if c.is_ascii_alphanumeric() {
                    out.push(c);
                } else if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            let out = out.trim_end_matches('-').to_string();
            if out.is_empty() {
                "section".into()
            } else {
                out
            }
        }
        for text in [
            "Who should not have it",
            "¿Qué es?",
            "ÉL y ÑANDÚ",
            "İstanbul \u{212a}elvin",
            "Ωmega -- 2026 / Año",
            "  --  ",
            "Straße, Ça va",
            "",
        ] {
            assert_eq!(slugify(text), by_chars(text), "{text:?}");
        }
    }
}
