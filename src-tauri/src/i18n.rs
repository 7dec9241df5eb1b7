//! The kiosk's own words (not the clinic's content) in every language, from the Fluent files in
//! `ui/locales/`, and dates written the way each language writes them.
//!
//! Fluent is resolved here, in Rust, so the UI needs no localisation library: it gets each
//! message with its variables left as `{name}` placeholders, which it fills in itself.

use std::collections::BTreeMap;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use time::Date;

/// The Fluent source of each language the kiosk speaks, built into the binary.
const SOURCES: &[(&str, &str)] = [
    ("en", include_str!("../../ui/locales/en.ftl")),
    ("es", include_str!("../../ui/locales/es.ftl")),
]
.as_slice();

/// Every variable a message may use; each is handed to the UI as a `{name}` placeholder.
pub const VARIABLES: &[&str] = &["clinic", "count", "date", "name", "seconds"];

/// The languages the kiosk's own words exist in.
pub fn languages() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(lang, _)| *lang)
}

/// A language offered on screen: its code and its name in itself.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

/// The languages clinic.toml offers, with their names, for the welcome screen and the panel.
pub fn offered(codes: &[String]) -> Vec<Language> {
    codes
        .iter()
        .map(|code| Language {
            code: code.clone(),
            name: language_name(code),
        })
        .collect()
}

/// A language's name in that language, for the language buttons.
pub fn language_name(lang: &str) -> String {
    match lang {
        "en" => "English".into(),
        "es" => "Español".into(),
        other => other.to_uppercase(),
    }
}

/// All UI strings of `lang` (English for a language with no file), keyed by message id.
pub fn strings(lang: &str) -> BTreeMap<String, String> {
    let source = SOURCES.iter().find(|(l, _)| *l == lang).unwrap_or(&SOURCES[0]).1;
    // The files are part of the binary and tested, so a parse error here is a build mistake;
    // the messages that did parse are still used.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let ids: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    let mut bundle = FluentBundle::new(Vec::new());
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    let mut args = FluentArgs::new();
    for var in VARIABLES {
        args.set(*var, format!("{{{var}}}"));
    }
    let mut out = BTreeMap::new();
    for id in ids {
        if let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            out.insert(id, text.into_owned());
        }
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A date as the language writes it: "November 20, 2026", "20 de noviembre de 2026".
pub fn format_date(date: Date, lang: &str) -> String {
    let m = usize::from(u8::from(date.month())) - 1;
    match lang {
        "es" => format!("{} de {} de {}", date.day(), MONTHS_ES[m], date.year()),
        _ => format!("{} {}, {}", MONTHS_EN[m], date.day(), date.year()),
    }
}

/// A source's date (`2023`, `2023-10` or `2023-10-31`, as `check` allows) as the language writes
/// it; anything else is shown as written.
pub fn format_partial_date(date: &str, lang: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| m - 1)
    };
    match parts.as_slice() {
        [y, m] => match (month(m), lang) {
            (Some(m), "es") => format!("{} de {y}", MONTHS_ES[m]),
            (Some(m), _) => format!("{} {y}", MONTHS_EN[m]),
            (None, _) => date.to_string(),
        },
        [_, _, _] => time::Date::parse(date, time::macros::format_description!("[year]-[month]-[day]"))
            .map(|d| format_date(d, lang))
            .unwrap_or_else(|_| date.to_string()),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        let en = strings("en");
        assert!(en.len() > 40, "{}", en.len());
        for (lang, _) in SOURCES {
            let other = strings(lang);
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_file_parses_and_uses_only_known_variables() {
        for (lang, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("{lang}.ftl does not parse: {errors:?}");
            }
            for (i, _) in source.match_indices("{ $") {
                let name: String = source[i + 3..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                assert!(
                    VARIABLES.contains(&name.as_str()),
                    "{lang}.ftl uses unknown variable ${name}"
                );
            }
        }
    }

    #[test]
    fn variables_reach_the_ui_as_placeholders() {
        let es = strings("es");
        assert_eq!(es["my-questions"], "Mis preguntas ({count})");
        assert_eq!(strings("en")["welcome-title"], "Welcome to {clinic}");
        assert_eq!(
            strings("fr")["home"],
            "Home",
            "unknown languages fall back to English"
        );
    }

    #[test]
    fn dates_are_written_for_the_language() {
        let d = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        assert_eq!(format_date(d, "en"), "November 20, 2026");
        assert_eq!(format_date(d, "es"), "20 de noviembre de 2026");
        assert_eq!(format_partial_date("2023-10", "es"), "octubre de 2023");
        assert_eq!(format_partial_date("2010-01-29", "en"), "January 29, 2010");
        assert_eq!(format_partial_date("2024", "en"), "2024");
    }
}
