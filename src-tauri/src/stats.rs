//! Anonymous usage counts for the staff panel: explainer views, checklists printed, languages
//! chosen, sessions. Never anything that identifies a person, never the text of a pick.
//!
//! Counts are kept in memory for the running kiosk. (The staff-mode work stores them per day in
//! SQLite; until then they reset when the kiosk restarts.)

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub sessions: u64,
    pub sessions_by_language: BTreeMap<String, u64>,
    pub explainer_views: BTreeMap<String, u64>,
    pub checklists_printed: u64,
}

#[derive(Debug, Default)]
pub struct Stats {
    counts: Mutex<Counts>,
}

impl Stats {
    fn update(&self, f: impl FnOnce(&mut Counts)) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut counts);
    }

    pub fn session_started(&self, lang: &str) {
        self.update(|c| {
            c.sessions += 1;
            *c.sessions_by_language.entry(lang.to_string()).or_default() += 1;
        });
    }

    /// A session ended (idle reset or "Start over"). Nothing is kept about it.
    pub fn session_ended(&self) {}

    pub fn explainer_viewed(&self, id: &str) {
        self.update(|c| *c.explainer_views.entry(id.to_string()).or_default() += 1);
    }

    pub fn checklist_printed(&self) {
        self.update(|c| c.checklists_printed += 1);
    }

    pub fn snapshot(&self) -> Counts {
        self.counts.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_name_no_one() {
        let s = Stats::default();
        s.session_started("es");
        s.session_started("en");
        s.explainer_viewed("ozone-blood-therapy");
        s.explainer_viewed("ozone-blood-therapy");
        s.checklist_printed();
        let c = s.snapshot();
        assert_eq!(c.sessions, 2);
        assert_eq!(c.sessions_by_language["es"], 1);
        assert_eq!(c.explainer_views["ozone-blood-therapy"], 2);
        assert_eq!(c.checklists_printed, 1);
    }
}
