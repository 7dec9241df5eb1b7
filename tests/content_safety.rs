//! Hostile Markdown: nothing executable, remote or navigating survives rendering.
//!
//! Every file in `tests/fixtures/hostile/` is rendered, and every tag and attribute in the output
//! is checked against what the renderer is allowed to write. Because the renderer escapes all
//! text, every `<` in its output starts a real tag, so scanning tags sees everything a browser
//! would run.

use std::fs;

use clinic_kiosk::content::render::{render, MEDIA_BASE};
use kiosk_tests::fixture;

const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "img",
    "sup",
    "div",
    "hr",
    "br",
];

/// One tag of the output: its name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Scans every start tag in `html`.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with('/') {
            continue;
        }
        let end = i + html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .expect("tag ends");
        let name = html[i..end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut j = end;
        loop {
            while j < bytes.len() && (bytes[j] as char).is_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' || bytes[j] == b'/' {
                break;
            }
            let name_end = j + html[j..].find(['=', ' ', '>']).expect("attribute ends");
            let attr = html[j..name_end].to_ascii_lowercase();
            j = name_end;
            let mut value = String::new();
            if bytes[j] == b'=' {
                assert_eq!(
                    bytes[j + 1],
                    b'"',
                    "attribute values are always double-quoted: {html}"
                );
                let close = j + 2 + html[j + 2..].find('"').expect("closing quote");
                value = html[j + 2..close].to_string();
                j = close + 1;
            }
            attrs.push((attr, value));
        }
        out.push(Tag { name, attrs });
        i = j;
    }
    out
}

/// Fails unless every tag and attribute in `html` is one the renderer may write. Returns how many
/// pictures it let through, so a caller can tell that the picture branch ran.
fn assert_safe(file: &str, html: &str) -> usize {
    let mut pictures = 0;
    for tag in tags(html) {
        assert!(
            TAGS.contains(&tag.name.as_str()),
            "{file}: tag <{}> must not be written:\n{html}",
            tag.name
        );
        for (name, value) in &tag.attrs {
            let ok = match name.as_str() {
                "id" | "class" | "alt" | "data-explainer" | "data-anchor" => true,
                "href" => tag.name == "a" && value.starts_with('#') && !value.contains(':'),
                "src" => {
                    let path = value.strip_prefix(MEDIA_BASE);
                    let ok = tag.name == "img" && path.is_some_and(|p| !p.contains(':') && !p.contains(".."));
                    pictures += usize::from(ok);
                    ok
                }
                // A numbered list that starts past 1 (`3. Third`): a number, nothing else.
                "start" => tag.name == "ol" && !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
                // Pictures load as they scroll near: only this one value, and only on a picture.
                "loading" => tag.name == "img" && value == "lazy",
                "style" => value.starts_with("text-align:"),
                _ => false,
            };
            assert!(
                ok,
                "{file}: <{} {name}=\"{value}\"> must not be written:\n{html}",
                tag.name
            );
        }
    }
    pictures
}

#[test]
fn no_hostile_markdown_survives_as_markup() {
    let dir = fixture("hostile");
    let mut files = 0;
    let mut pictures = 0;
    for entry in fs::read_dir(&dir).expect("hostile corpus") {
        let path = entry.expect("entry").path();
        let markdown = fs::read_to_string(&path).expect("utf-8 fixture");
        let html = render(&markdown).html;
        pictures += assert_safe(&path.display().to_string(), &html);
        files += 1;
    }
    assert_eq!(files, 5, "the whole corpus was read");
    // images.md's two good pictures, and nothing else: the `src` branch ran and let only them by.
    assert_eq!(pictures, 2, "pictures let through");
}

/// The golden corpus uses every Markdown feature the kiosk supports, so scanning it holds this
/// file's list of allowed markup to what the renderer really writes for ordinary pages: a list
/// that is too short fails here rather than on the day a hostile page first uses the feature.
#[test]
fn every_golden_page_is_made_of_allowed_markup() {
    let dir = fixture("golden");
    let mut pages = 0;
    let mut pictures = 0;
    for entry in fs::read_dir(&dir).expect("golden corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let html = render(&fs::read_to_string(&path).expect("utf-8 fixture")).html;
            pictures += assert_safe(&path.display().to_string(), &html);
            pages += 1;
        }
    }
    assert!(pages >= 11, "the golden corpus was read: {pages} pages");
    assert_eq!(pictures, 3, "picture.md's three pictures");
}

#[test]
fn a_good_picture_is_kept_and_points_at_the_media_protocol() {
    let html = render(&fs::read_to_string(fixture("hostile").join("images.md")).expect("fixture")).html;
    let kept = format!(
        "<img src=\"{MEDIA_BASE}injection-layers.svg\" alt=\"Diagram of the skin, the fat and the muscle\""
    );
    assert!(html.contains(&kept), "{html}");
    assert!(
        html.contains(&format!("<img src=\"{MEDIA_BASE}body/arm.png\"")),
        "{html}"
    );
    assert_eq!(assert_safe("images.md", &html), 2, "{html}");
    // The media protocol is the page's one way to a picture: on Linux `media://localhost/`.
    #[cfg(target_os = "linux")]
    assert_eq!(MEDIA_BASE, "media://localhost/");
    for refused in [
        "[remote]",
        "[protocol-relative]",
        "[scheme]",
        "[escape]",
        "[quote]",
    ] {
        assert!(
            html.contains(refused),
            "{refused} shown as its description: {html}"
        );
    }
    assert!(
        !html.contains("evil.example") && !html.contains("clinic.toml"),
        "{html}"
    );
}

#[test]
fn hostile_text_is_still_shown_so_staff_can_see_and_fix_it() {
    let html = render(&fs::read_to_string(fixture("hostile").join("scripts.md")).expect("fixture")).html;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
}

#[test]
fn web_links_keep_their_address_as_text() {
    let html = render(&fs::read_to_string(fixture("hostile").join("links.md")).expect("fixture")).html;
    assert!(
        html.contains("web <span class=\"web-address\">(www.fda.gov)</span>"),
        "{html}"
    );
    assert!(!html.contains("onmouseover=\""), "{html}");
}

#[test]
fn the_scanner_catches_what_it_must() {
    // A test that cannot fail is a defect: the checker must reject each of these.
    for bad in [
        "<script>x</script>",
        "<a href=\"javascript:x\">x</a>",
        "<img src=\"https://evil.example/x.gif\">",
        // The address pictures once had: nothing serves it, so the page showed a broken image.
        "<img src=\"/content-media/x.png\">",
        "<img src=\"media://localhost/../clinic.toml\">",
        "<ol start=\"1 onclick=x\"><li>x</li></ol>",
        "<ul start=\"3\"><li>x</li></ul>",
        "<img loading=\"eager\">",
        "<p onclick=\"x\">x</p>",
        "<iframe src=\"x\"></iframe>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_safe("probe", bad)).is_err();
        assert!(caught, "the scanner let {bad} through");
    }
}
