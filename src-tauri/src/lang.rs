//! The language every page is written in first, and the one rule for what a patient reading
//! another language sees when a translation is missing: the English original, marked as such.
//! Pages, question lists, category labels and printed checklists all fall back through
//! [`with_fallback`], so the rule is written once.

/// The language every other one is translated from.
pub const SOURCE_LANG: &str = "en";

/// What `get` finds in `lang`, or else in [`SOURCE_LANG`]; the flag says it is the fallback.
pub fn with_fallback<'a, T: ?Sized>(
    lang: &str,
    get: impl Fn(&str) -> Option<&'a T>,
) -> Option<(&'a T, bool)> {
    get(lang)
        .map(|found| (found, false))
        .or_else(|| get(SOURCE_LANG).map(|found| (found, lang != SOURCE_LANG)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_missing_translation_is_the_english_one_marked_as_fallback() {
        let labels = BTreeMap::from([("en", "Offered"), ("es", "Ofrecidos")]);
        let get = |l: &str| labels.get(l).copied();
        assert_eq!(with_fallback("es", get), Some(("Ofrecidos", false)));
        assert_eq!(with_fallback("fr", get), Some(("Offered", true)));
        assert_eq!(with_fallback("en", get), Some(("Offered", false)));
        let english_only: BTreeMap<&str, &str> = BTreeMap::new();
        assert_eq!(with_fallback("es", |l: &str| english_only.get(l).copied()), None);
    }
}
