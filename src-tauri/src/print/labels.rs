//! The handout's fixed words in each language it is printed in. The content folder holds what a
//! clinic writes; these are the words every checklist shares, so they live with the layout.

use time::Date;

/// The fixed strings of one language.
#[derive(Debug)]
pub(crate) struct Labels {
    /// The BCP 47 tag written into the PDF, so screen readers pick the right voice.
    pub lang_tag: &'static str,
    pub title: &'static str,
    /// Put before the topic: "About: Ketamine for chronic pain".
    pub topic: &'static str,
    /// Heading of the blank lines at the end.
    pub own_questions: &'static str,
    /// Printed on every page: the checklist helps a conversation, it does not replace one.
    pub not_advice: &'static str,
    /// Put before the list of web addresses.
    pub sources: &'static str,
    /// After the addresses, when some did not fit on the page.
    pub more_sources: &'static str,
    /// The running header of the second and later pages.
    pub continued: &'static str,
    /// "Page {n} of {total}", with `{n}` and `{total}` filled in.
    page_of: &'static str,
}

const EN: Labels = Labels {
    lang_tag: "en",
    title: "Questions for my provider",
    topic: "About:",
    own_questions: "My other questions",
    not_advice: "This list is to help you talk with your care team. It is not medical advice.",
    sources: "Sources:",
    more_sources: "More sources are on the kiosk, on each topic's page.",
    continued: "(continued)",
    page_of: "Page {n} of {total}",
};

const ES: Labels = Labels {
    lang_tag: "es",
    title: "Preguntas para mi proveedor",
    topic: "Tema:",
    own_questions: "Mis otras preguntas",
    not_advice: "Esta lista le ayuda a hablar con su equipo de salud. No es un consejo médico.",
    sources: "Fuentes:",
    more_sources: "Hay más fuentes en el quiosco, en la página de cada tema.",
    continued: "(continuación)",
    page_of: "Página {n} de {total}",
};

impl Labels {
    /// The labels for `lang`; any language without its own falls back to English, so a new
    /// content language still prints a readable page.
    pub fn for_lang(lang: &str) -> &'static Labels {
        match lang {
            "es" => &ES,
            _ => &EN,
        }
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        self.page_of
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }

    /// The date as people write it in this language: "November 26, 2026" (the same words as the
    /// kiosk's screens, from `i18n`).
    pub fn date(&self, date: Date) -> String {
        crate::i18n::format_date(date, self.lang_tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let d = date!(2026 - 11 - 26);
        assert_eq!(Labels::for_lang("en").date(d), "November 26, 2026");
        assert_eq!(Labels::for_lang("es").date(d), "26 de noviembre de 2026");
        assert_eq!(
            Labels::for_lang("es").date(date!(2027 - 01 - 05)),
            "5 de enero de 2027"
        );
    }

    #[test]
    fn an_unknown_language_falls_back_to_english() {
        assert_eq!(Labels::for_lang("fr").lang_tag, "en");
        assert_eq!(Labels::for_lang("es").page_of(1, 2), "Página 1 de 2");
        assert_eq!(Labels::for_lang("es").title, "Preguntas para mi proveedor");
    }
}
