//! What a clinician's sign-off is bound to: a hash of a page's source as written (front matter and
//! body), with whitespace collapsed so re-wrapping a paragraph or a trailing space doesn't undo a
//! review, while changing one word does. Each part (a front-matter field, a body section) also gets
//! a short hash of its own, so `review sign` can say *what* changed since the last sign-off without
//! keeping the old text.
//!
//! It sits in `content` because the page is hashed where it is read: the hash then always belongs
//! to the version on screen (a page that broke on a reload keeps its old text and its old hash).

use sha2::{Digest, Sha256};

use super::front_matter;

/// The name of the body's text before its first heading.
pub const OPENING: &str = "the opening";

/// A page's hashes: the whole source, and each named part in the order it appears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// `sha256:` and 64 hex digits of the normalized source.
    pub whole: String,
    /// (part name, 16 hex digits): front-matter fields by key in key order (`questions`,
    /// `title`…), then body
    /// sections as `section "Heading"`, with the text before the first heading as [`OPENING`].
    pub parts: Vec<(String, String)>,
}

/// The text with every run of whitespace (spaces, tabs, line breaks of any kind) made one space and
/// a byte-order mark dropped: only the words and their punctuation count.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hex(text: &str) -> String {
    Sha256::digest(normalize(text).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Hashes a page's source text.
pub fn of(text: &str) -> Fingerprint {
    let whole = format!("sha256:{}", hex(text));
    let mut parts = Vec::new();
    match front_matter::split(text) {
        Ok(split) => {
            // A field is hashed as TOML writes its value back, so quoting or layout doesn't count.
            if let Ok(table) = split.toml.parse::<toml::Table>() {
                for (key, value) in &table {
                    parts.push((key.clone(), short(&value.to_string())));
                }
            }
            parts.extend(sections(split.body));
        }
        Err(_) => parts.extend(sections(text)),
    }
    Fingerprint { whole, parts }
}

fn short(text: &str) -> String {
    hex(text)[..16].to_string()
}

/// The body cut at its headings (`#` lines outside code fences), each section hashed with its
/// heading. Two sections with the same heading are told apart by a number.
fn sections(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut name = OPENING.to_string();
    let mut text = String::new();
    let mut fence: Option<&str> = None;
    let push = |name: &str, text: &str, out: &mut Vec<(String, String)>| {
        if name == OPENING && text.trim().is_empty() {
            return;
        }
        let mut unique = name.to_string();
        let mut n = 2;
        while out.iter().any(|(existing, _)| *existing == unique) {
            unique = format!("{name} ({n})");
            n += 1;
        }
        out.push((unique, short(text)));
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(heading) = heading(trimmed) {
            push(&name, &text, &mut out);
            name = format!("section \"{heading}\"");
            text.clear();
        }
        text.push_str(line);
        text.push('\n');
    }
    push(&name, &text, &mut out);
    out
}

/// An ATX heading's text (`## Risks {#risks}` → `Risks`), or `None` for any other line.
fn heading(line: &str) -> Option<String> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim().trim_end_matches('#').trim_end();
    let rest = match rest.rfind(" {#") {
        Some(at) if rest.ends_with('}') => &rest[..at],
        _ => rest,
    };
    Some(normalize(rest))
}

/// What differs between a signed fingerprint's parts and the page's now, in words for the person
/// about to sign: "`summary`, section "Risks" changed; section "Cost" added". Empty when the parts
/// all match (only a comment or the layout of the front matter changed).
pub fn changes(signed: &[(String, String)], now: &[(String, String)]) -> Vec<String> {
    let find = |parts: &[(String, String)], name: &str| {
        parts.iter().find(|(n, _)| n == name).map(|(_, h)| h.clone())
    };
    let label = |name: &str| {
        if name.starts_with("section ") || name == OPENING {
            name.to_string()
        } else {
            format!("`{name}`")
        }
    };
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for (name, hash) in now {
        match find(signed, name) {
            Some(old) if old == *hash => {}
            Some(_) => changed.push(label(name)),
            None => added.push(label(name)),
        }
    }
    let removed: Vec<String> = signed
        .iter()
        .filter(|(name, _)| find(now, name).is_none())
        .map(|(name, _)| label(name))
        .collect();
    let mut out = Vec::new();
    for (names, verb) in [(changed, "changed"), (added, "added"), (removed, "removed")] {
        if !names.is_empty() {
            out.push(format!("{} {verb}", names.join(", ")));
        }
    }
    out
}

/// [`changes`] as one phrase for a message: "section \"Risks\" changed; `title` added", or
/// "comments or layout" when no part differs.
pub fn summary(signed: &[(String, String)], now: &[(String, String)]) -> String {
    let what = changes(signed, now);
    if what.is_empty() {
        "comments or layout".to_string()
    } else {
        what.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Ozone\"\nsummary = \"What it is.\"\n+++\nIntro text.\n\n## Risks\n\nIt can harm you.\n\n## Sources {#src}\n\nA list.\n";

    #[test]
    fn whitespace_only_changes_do_not_change_the_hash() {
        let base = of(PAGE);
        let rewrapped = PAGE
            .replace("It can harm you.", "It can\n   harm   you.")
            .replace('\n', "\r\n")
            .replace("title = ", "title =    ");
        assert_eq!(of(&rewrapped), base);
        assert_eq!(of(&format!("\u{feff}{PAGE}\n\n\t")), base);
    }

    #[test]
    fn one_changed_word_changes_the_hash_and_names_its_section() {
        let base = of(PAGE);
        let edited = of(&PAGE.replace("It can harm you.", "It can hurt you."));
        assert_ne!(edited.whole, base.whole);
        assert_eq!(changes(&base.parts, &edited.parts), ["section \"Risks\" changed"]);
    }

    #[test]
    fn a_punctuation_change_counts() {
        assert_ne!(
            of(PAGE).whole,
            of(&PAGE.replace("It can harm you.", "It can harm you!")).whole
        );
    }

    #[test]
    fn front_matter_fields_and_sections_are_named_when_added_changed_or_removed() {
        let base = of(PAGE);
        let edited = of(&PAGE
            .replace("What it is.", "What it is not.")
            .replace("## Sources {#src}\n\nA list.\n", "## Cost\n\nYou pay.\n"));
        assert_eq!(
            changes(&base.parts, &edited.parts),
            [
                "`summary` changed",
                "section \"Cost\" added",
                "section \"Sources\" removed"
            ]
        );
    }

    #[test]
    fn parts_are_the_fields_by_name_then_the_sections_in_order() {
        let names: Vec<String> = of(PAGE).parts.into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "summary",
                "title",
                OPENING,
                "section \"Risks\"",
                "section \"Sources\""
            ]
        );
    }

    #[test]
    fn a_hash_inside_a_code_fence_is_not_a_heading_and_repeated_headings_are_numbered() {
        let body = "+++\ntitle = \"T\"\n+++\n## Notes\n```\n# not a heading\n```\n## Notes\nMore.\n";
        let names: Vec<String> = of(body).parts.into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["title", "section \"Notes\"", "section \"Notes\" (2)"]);
    }

    #[test]
    fn a_comment_in_the_front_matter_changes_the_whole_but_no_part() {
        let base = of(PAGE);
        let edited = of(&PAGE.replace("+++\ntitle", "+++\n# a note for authors\ntitle"));
        assert_ne!(edited.whole, base.whole);
        assert!(changes(&base.parts, &edited.parts).is_empty());
        assert_eq!(summary(&base.parts, &edited.parts), "comments or layout");
    }
}
