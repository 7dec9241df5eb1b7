//! The clinic's settings, `clinic.toml` in the content folder: the clinic's name, languages, idle
//! timing, printer, categories and the staff PIN hash.
//!
//! Unknown keys are errors (a misspelt `idle_secnds` must not silently fall back to the default).
//! A bad file never stops the kiosk: [`load`] reports the problem and returns safe defaults, which
//! the staff panel shows.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::problem::{line_col, Problem};

/// The settings file's name inside the content folder.
pub const FILE_NAME: &str = "clinic.toml";

/// A `clinic.toml` larger than this is not read: even a few hundred categories take a few KiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The longest clinic name that prints whole at the top of a checklist (two lines); `check`
/// warns past it.
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Shown on the welcome screen and every printed checklist.
    pub name: String,
    /// Language folders offered, in the order the welcome screen lists them.
    pub languages: Vec<String>,
    /// The language a new session starts in.
    pub default_language: String,
    /// Where the clinic is: a US state's two-letter postal code ("CA"). Text a page marks as
    /// written for one state's law (`[//]: # (STATE CA)`) is shown only there; left out, none is.
    pub state: Option<String>,
    pub session: SessionSettings,
    pub printer: PrinterSettings,
    pub categories: Vec<Category>,
    pub updates: UpdateSettings,
    pub staff: StaffSettings,
    /// The staff timers (`[timings]`): the tests shorten them; a clinic leaves them out.
    pub timings: crate::timings::Timings,
    pub speech: SpeechSettings,
    pub review: ReviewSettings,
}

/// Clinical sign-off (`[review]`): the records themselves are in the content folder's
/// `reviews.toml` (see `crate::review`); this says what the kiosk does with pages that lack one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewSettings {
    /// Keep pages no clinician has signed as they are now (never signed, or changed since) off
    /// the patient screens; the staff panel lists them with the reason, and `check` warns on each.
    pub require_signoff: bool,
}

/// Read-aloud (`[speech]`): whether the Listen button is offered at all, and how loud.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechSettings {
    /// Off hides every Listen button, for a clinic that wants a silent waiting room.
    pub enabled: bool,
    /// Loudness in percent of the voice's full volume (1 to 100); the system's own volume is on top.
    pub volume: u8,
}

impl Default for SpeechSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            volume: 100,
        }
    }
}

impl SpeechSettings {
    /// espeak-ng's amplitude (0 to 200, 100 its own default) for `volume`: full volume is twice
    /// espeak-ng's default, which is quiet on a kiosk's small speakers.
    pub fn amplitude(&self) -> u32 {
        u32::from(self.volume.clamp(1, 100)) * 2
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// Seconds without a touch before "Are you still there?".
    pub idle_seconds: u32,
    /// Seconds that question stays up before the session is cleared.
    pub warning_seconds: u32,
}

/// Paper size of printed checklists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterSettings {
    pub paper: Paper,
    /// A CUPS queue name. Printing is off when neither this nor `folder` is set.
    pub queue: Option<String>,
    /// A folder to drop PDF files into, for clinics without CUPS.
    pub folder: Option<PathBuf>,
}

/// A group of tiles on the home screen.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub key: String,
    /// language → label
    pub label: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StaffSettings {
    /// An argon2 PHC string written by `clinic-kiosk set-pin`; no PIN means no staff mode.
    pub pin_hash: Option<String>,
    /// Where the staff panel writes the usage counts as CSV (a full path, often a USB stick).
    pub export_folder: Option<PathBuf>,
}

/// Content packs (`[updates]`, see `crate::pack`): the keys whose packs this kiosk installs, and
/// where packs arrive. Only the kiosk's own clinic.toml holds this, and a pack never carries
/// clinic.toml, so no pack can add a key that trusts itself.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateSettings {
    /// `[[updates.trusted_keys]]`: a name staff see as the signer, and the minisign public key
    /// (the second line of a `.pub` file, `RW…`).
    pub trusted_keys: Vec<TrustedKey>,
    /// A folder a sync tool (Syncthing, rsync, a share) fills with packs, as a full path.
    pub inbox: Option<PathBuf>,
    /// `"by-staff"`: packs install only from the staff panel (or the command line);
    /// `"between-sessions"`: a newer pack in `inbox` installs itself when a patient's session ends.
    pub install: InstallMode,
    /// Where removable drives are mounted; the panel looks for packs on them.
    pub drives: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstallMode {
    #[default]
    ByStaff,
    BetweenSessions,
}

impl Default for UpdateSettings {
    fn default() -> Self {
        Self {
            trusted_keys: Vec::new(),
            inbox: None,
            install: InstallMode::ByStaff,
            drives: vec!["/media".into(), "/run/media".into()],
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            name: "Clinic".into(),
            languages: vec!["en".into(), "es".into()],
            default_language: "en".into(),
            state: None,
            session: SessionSettings::default(),
            printer: PrinterSettings::default(),
            categories: Vec::new(),
            updates: UpdateSettings::default(),
            staff: StaffSettings::default(),
            timings: crate::timings::Timings::default(),
            speech: SpeechSettings::default(),
            review: ReviewSettings::default(),
        }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            idle_seconds: 120,
            warning_seconds: 20,
        }
    }
}

impl Settings {
    /// The label of a category in a language, falling back to English, then to the key.
    pub fn category_label(&self, key: &str, lang: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.key == key)
            .and_then(|c| crate::lang::with_fallback(lang, |l| c.label.get(l)))
            .map(|(label, _)| label.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// The clinic's US state, when `state` is a real one.
    pub fn us_state(&self) -> Option<&str> {
        self.state.as_deref().filter(|s| is_us_state(s))
    }

    /// Checks what serde can't: values in range and keys that refer to something.
    fn validate(&self, path: &Path, text: &str) -> Vec<Problem> {
        let at = |key: &str| find_key(text, key);
        let mut problems = Vec::new();
        let mut err =
            |(line, col): (usize, usize), msg: String| problems.push(Problem::error(path, line, col, msg));
        if self.name.trim().is_empty() {
            err(
                at("name"),
                "`name` must be the clinic's name, like \"Harbor Clinic\"".into(),
            );
        }
        if self.name.chars().any(crate::problem::is_unsafe_char) {
            err(
                at("name"),
                "`name` has control or invisible characters (a line break, a zero-width space): write it on one line".into(),
            );
        }
        if self.languages.is_empty() {
            err(
                at("languages"),
                "`languages` must list at least one language, like [\"en\", \"es\"]".into(),
            );
        }
        if !self.languages.contains(&self.default_language) {
            err(
                at("default_language"),
                format!(
                    "`default_language` is \"{}\", which is not in `languages`",
                    self.default_language
                ),
            );
        }
        if let Some(state) = &self.state {
            if !is_us_state(state) {
                err(
                    at("state"),
                    format!("`state` is \"{}\", not a US state's two-letter code like \"CA\": no state's text is shown until it is", crate::problem::escape(state)),
                );
            }
        }
        if !(10..=3600).contains(&self.session.idle_seconds) {
            err(
                at("idle_seconds"),
                "`idle_seconds` must be between 10 and 3600".into(),
            );
        }
        if !(5..=300).contains(&self.session.warning_seconds) {
            err(
                at("warning_seconds"),
                "`warning_seconds` must be between 5 and 300".into(),
            );
        }
        if !(1..=100).contains(&self.speech.volume) {
            err(
                at("volume"),
                "`volume` under [speech] must be between 1 and 100 (percent)".into(),
            );
        }
        if self.printer.queue.is_some() && self.printer.folder.is_some() {
            err(
                at("folder"),
                "set either `queue` or `folder` under [printer], not both".into(),
            );
        }
        // One rule for every folder the kiosk writes to: a relative path would depend on where
        // the kiosk happened to be started.
        for (key, folder, example) in [
            ("export_folder", &self.staff.export_folder, "/media/frontdesk/USB"),
            ("folder", &self.printer.folder, "/srv/kiosk-print"),
        ] {
            if folder.as_ref().is_some_and(|f| !f.is_absolute()) {
                err(
                    at(key),
                    format!("`{key}` must be a full path, like \"{example}\""),
                );
            }
        }
        // A set, so 100,000 categories are checked in one pass; the places of the duplicates
        // are found only when there are any.
        let mut seen = HashSet::new();
        let twice: Vec<usize> = (0..self.categories.len())
            .filter(|&i| !seen.insert(self.categories[i].key.as_str()))
            .collect();
        if !twice.is_empty() {
            let places = category_key_positions(text);
            for i in twice {
                let key = &self.categories[i].key;
                let place = places.get(i).copied().unwrap_or((1, 1));
                err(place, format!("category `{key}` is defined twice"));
            }
        }
        problems.extend(self.timings.validate(path, at));
        problems
    }
}

/// The postal codes of the 50 states, DC and the territories.
pub const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    "AS", "GU", "MP", "PR", "VI",
];

pub fn is_us_state(code: &str) -> bool {
    US_STATES.contains(&code)
}

/// Where each `[[categories]]` entry's `key` is, in order, from a second parse that keeps only
/// those places: one pass, however many categories.
fn category_key_positions(text: &str) -> Vec<(usize, usize)> {
    #[derive(Deserialize)]
    struct Keys {
        #[serde(default)]
        categories: Vec<KeyAt>,
    }
    #[derive(Deserialize)]
    struct KeyAt {
        key: toml::Spanned<String>,
    }
    let Ok(keys) = toml::from_str::<Keys>(text) else {
        return Vec::new();
    };
    // Offsets rise through the file, so one walk over it turns them all into lines.
    let mut out = Vec::with_capacity(keys.categories.len());
    let (mut cursor, mut line, mut line_start) = (0, 1, 0);
    for k in keys.categories {
        let at = k.key.span().start.min(text.len());
        if at < cursor {
            // Out of order (inline tables): placed the slow way, and rare.
            out.push(line_col(text, at));
            continue;
        }
        for (i, b) in text.as_bytes()[cursor..at].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = cursor + i + 1;
            }
        }
        cursor = at;
        let col = text.get(line_start..at).map_or(1, |s| s.chars().count() + 1);
        out.push((line, col));
    }
    out
}

/// Where `key` is set in the settings file at `path`, for a problem found after loading (staff
/// mode checks its PIN hash itself); (1, 1) if the file or the key can't be found.
pub fn key_position(path: &Path, key: &str) -> (usize, usize) {
    let text = path.parent().and_then(|dir| {
        let bytes = crate::read::Folder::open(dir)
            .ok()?
            .bytes(path, MAX_FILE_BYTES)
            .ok()?;
        crate::read::text(bytes).ok()
    });
    text.map_or((1, 1), |text| find_key(&text, key))
}

/// The 1-based line and column of the first line that sets `key` (best effort, for messages).
fn find_key(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            let trimmed = line.trim_start();
            let hit = trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=')
                || key.starts_with('"') && trimmed.contains(key);
            hit.then(|| (i + 1, line.len() - trimmed.len() + 1))
        })
        .unwrap_or((1, 1))
}

/// Reads `clinic.toml` from the content folder. Returns the settings to use (defaults where the
/// file is missing or broken) and every problem found.
///
/// It is read through [`crate::read`]: a FIFO or a link to `/dev/zero` named `clinic.toml` is
/// reported, never opened, and a link that leaves the content folder is refused.
pub fn load(content_dir: &Path) -> (Settings, Vec<Problem>) {
    let path = content_dir.join(FILE_NAME);
    let refused = |why: String| {
        let msg = format!("cannot read clinic.toml: {why}: using default settings");
        (Settings::default(), vec![Problem::error(&path, 1, 1, msg)])
    };
    let bytes = match crate::read::Folder::open(content_dir).and_then(|f| f.bytes(&path, MAX_FILE_BYTES)) {
        Ok(bytes) => bytes,
        Err(crate::read::Error::Missing) => {
            let msg = "no clinic.toml: using default settings (clinic name \"Clinic\", English and Spanish)";
            return (Settings::default(), vec![Problem::warning(&path, 1, 1, msg)]);
        }
        Err(e) => return refused(e.to_string()),
    };
    let text = match crate::read::text(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, col) = e.position();
            let msg = format!("{e}: using default settings until this is fixed");
            return (Settings::default(), vec![Problem::error(&path, line, col, msg)]);
        }
    };
    if text.trim().is_empty() {
        let msg =
            "clinic.toml is empty: using default settings (clinic name \"Clinic\", English and Spanish)";
        return (Settings::default(), vec![Problem::warning(&path, 1, 1, msg)]);
    }
    let (settings, mut problems) = parse(&path, &text);
    let n = settings.name.chars().count();
    if n > MAX_NAME_CHARS {
        let msg = format!(
            "`name` is {n} characters; the printed checklist shows the first {MAX_NAME_CHARS}: shorten it"
        );
        let (line, col) = find_key(&text, "name");
        problems.push(Problem::warning(&path, line, col, msg));
    }
    if let Some(c) = crate::fonts::missing(&settings.name) {
        let msg = format!("`name` has characters the kiosk's font cannot show, such as `{c}` (U+{:04X}): they show as empty boxes on screen and on paper", u32::from(c));
        let (line, col) = find_key(&text, "name");
        problems.push(Problem::warning(&path, line, col, msg));
    }
    problems.extend(label_problems(&settings, &path, &text));
    (settings, problems)
}

/// Category labels are tile headings on the welcome screen: a character the fonts lack shows as
/// an empty box, and an invisible one hides in them. Each is warned about once per label.
fn label_problems(settings: &Settings, path: &Path, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for c in &settings.categories {
        for (lang, label) in &c.label {
            let why = if let Some(bad) = label.chars().find(|&ch| crate::problem::is_unsafe_char(ch)) {
                format!(
                    "has a control or invisible character (U+{:04X}): delete it",
                    u32::from(bad)
                )
            } else if let Some(bad) = crate::fonts::missing(label) {
                format!(
                    "has characters the kiosk's font cannot show, such as `{bad}` (U+{:04X}): they show as empty boxes",
                    u32::from(bad)
                )
            } else {
                continue;
            };
            let (line, col) = find_key(text, &format!("\"{}\"", c.key));
            problems.push(Problem::warning(
                path,
                line,
                col,
                format!("the `{lang}` label of category `{}` {why}", c.key),
            ));
        }
    }
    problems
}

/// Parses settings text; `path` is only for messages.
pub fn parse(path: &Path, text: &str) -> (Settings, Vec<Problem>) {
    match toml::from_str::<Settings>(text) {
        Ok(settings) => {
            let problems = settings.validate(path, text);
            if problems.is_empty() {
                (settings, problems)
            } else {
                (
                    Settings {
                        staff: settings.staff,
                        ..Settings::default()
                    },
                    problems,
                )
            }
        }
        Err(e) => {
            let (line, col) = line_col(text, e.span().map_or(0, |s| s.start));
            let msg = format!(
                "{}: using default settings until this is fixed",
                e.message().trim_end()
            );
            let settings = Settings {
                staff: salvage_staff(text),
                ..Settings::default()
            };
            (settings, vec![Problem::error(path, line, col, msg)])
        }
    }
}

/// The `[staff]` table of a file that isn't valid settings, so staff can still open the panel
/// that shows what is wrong. A file that isn't even TOML still gives up its `pin_hash` line.
fn salvage_staff(text: &str) -> StaffSettings {
    let table = toml::from_str::<toml::Table>(text).ok();
    if let Some(staff) = table
        .as_ref()
        .and_then(|t| t.get("staff"))
        .and_then(|s| s.as_table())
    {
        let get = |key: &str| staff.get(key).and_then(|v| v.as_str()).map(str::to_string);
        return StaffSettings {
            pin_hash: get("pin_hash"),
            export_folder: get("export_folder").map(PathBuf::from),
        };
    }
    let pin_hash = text.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("pin_hash")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let value = value.strip_prefix('"')?.split('"').next()?;
        value.starts_with("$argon2").then(|| value.to_string())
    });
    StaffSettings {
        pin_hash,
        export_folder: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_must_be_a_real_us_state_code_and_a_wrong_one_shows_no_state_s_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "name = \"A\"\nstate = \"California\"\n",
        )
        .unwrap();
        let (settings, problems) = load(dir.path());
        assert_eq!(settings.us_state(), None);
        let p = problems.iter().find(|p| p.is_error()).expect("an error");
        assert_eq!(p.line, 2);
        assert!(p.message.contains("not a US state's two-letter code"), "{p}");
        std::fs::write(dir.path().join(FILE_NAME), "name = \"A\"\nstate = \"CA\"\n").unwrap();
        let (settings, problems) = load(dir.path());
        assert_eq!(settings.us_state(), Some("CA"));
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    }

    #[test]
    fn the_bundled_settings_are_valid() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
        let (settings, problems) = load(dir);
        assert_eq!(problems, []);
        assert_eq!(settings.languages, ["en", "es"]);
        assert_eq!(
            settings.category_label("asked-about", "es"),
            "Tratamientos por los que nos preguntan"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_defaults_are_used() {
        let text = "name = \"A\"\n[session]\nidle_secnds = 30\n";
        let (settings, problems) = parse(Path::new("clinic.toml"), text);
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].col), (3, 1));
        assert!(
            problems[0]
                .message
                .starts_with("unknown field `idle_secnds`, expected"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn out_of_range_values_point_at_their_key() {
        let text =
            "name = \"A\"\nlanguages = [\"en\"]\ndefault_language = \"fr\"\n[session]\n  idle_seconds = 1\n";
        let (_, problems) = parse(Path::new("clinic.toml"), text);
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.col, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, 1, "`default_language` is \"fr\", which is not in `languages`"),
                (5, 3, "`idle_seconds` must be between 10 and 3600"),
            ]
        );
    }

    #[test]
    fn the_staff_pin_outlives_a_mistake_elsewhere_in_the_file() {
        let hash = crate::staff::pin::hash("4821").unwrap();
        let unknown_key = format!("nmae = \"A\"\n[staff]\npin_hash = \"{hash}\"\n");
        let not_toml = format!("name = \"A\n[staff]\npin_hash = \"{hash}\"\n");
        for text in [unknown_key, not_toml] {
            let (settings, problems) = parse(Path::new("clinic.toml"), &text);
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(settings.staff.pin_hash.as_deref(), Some(hash.as_str()), "{text}");
            assert_eq!(settings.name, "Clinic");
        }
    }

    #[test]
    fn a_relative_export_folder_is_reported_at_its_line() {
        let text = "name = \"A\"\n[staff]\npin_hash = \"1234\"\nexport_folder = \"usb\"\n";
        let (_, problems) = parse(Path::new("clinic.toml"), text);
        let found: Vec<_> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            found,
            [(
                4,
                "`export_folder` must be a full path, like \"/media/frontdesk/USB\""
            )],
            "the PIN hash is staff mode's to check (site::load)"
        );
        assert_eq!(find_key(text, "pin_hash"), (3, 1));
    }

    #[test]
    fn category_labels_the_fonts_cannot_show_are_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "name = \"A\"\n[[categories]]\nkey = \"c\"\nlabel = { en = \"Offered\", es = \"טיפולים\" }\n";
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let (_, problems) = load(dir.path());
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.is_error(), p.message.as_str()))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, false));
        assert!(
            found[0]
                .2
                .starts_with("the `es` label of category `c` has characters the kiosk's font cannot show"),
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_file_gives_defaults_and_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "\n  \n").unwrap();
        let (settings, problems) = load(dir.path());
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        assert!(
            problems[0].message.starts_with("clinic.toml is empty"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_relative_print_folder_is_refused_like_a_relative_export_folder() {
        let text = "name = \"A\"\n[printer]\nfolder = \"print\"\n";
        let (_, problems) = parse(Path::new("clinic.toml"), text);
        let found: Vec<_> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            found,
            [(3, "`folder` must be a full path, like \"/srv/kiosk-print\"")]
        );
    }

    #[test]
    fn duplicate_categories_are_found_in_linear_time_at_their_line() {
        let mut text = String::from("name = \"A\"\n");
        // As many as fit in clinic.toml's size limit.
        for i in 0..20_000 {
            text += &format!("[[categories]]\nkey = \"c{i}\"\nlabel = {{ en = \"C\" }}\n");
        }
        text += "[[categories]]\n  key = \"c7\"\nlabel = { en = \"Again\" }\n";
        let start = std::time::Instant::now();
        let (_, problems) = parse(Path::new("clinic.toml"), &text);
        let took = start.elapsed();
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.col, p.message.as_str()))
            .collect();
        assert_eq!(found, [(60_003, 9, "category `c7` is defined twice")]);
        // Quadratic took 39 s for 100,000; linear takes about a second here even unoptimised.
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn speech_is_on_by_default_and_its_volume_is_checked_at_its_line() {
        let (settings, problems) = parse(Path::new("clinic.toml"), "name = \"A\"\n");
        assert_eq!(problems, []);
        assert!(settings.speech.enabled);
        assert_eq!(settings.speech.amplitude(), 200);
        let text = "name = \"A\"\n[speech]\nenabled = false\nvolume = 0\n";
        let (_, problems) = parse(Path::new("clinic.toml"), text);
        let found: Vec<_> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            found,
            [(4, "`volume` under [speech] must be between 1 and 100 (percent)")]
        );
        let (settings, _) = parse(Path::new("clinic.toml"), "name = \"A\"\n[speech]\nvolume = 40\n");
        assert_eq!(settings.speech.amplitude(), 80);
    }

    #[test]
    fn a_missing_file_gives_defaults_and_a_warning() {
        let (settings, problems) = load(Path::new("/nonexistent/kiosk"));
        assert_eq!(settings, Settings::default());
        assert!(!problems[0].is_error());
    }
}
