//! Content updates as staff make them: a signed pack on a (fake) USB drive, found by the staff
//! panel's "Update content", previewed (signer, and the changed page's title in English and
//! Spanish), installed; a patient then sees the changed page in both languages; staff undo it
//! and the patient sees the old page again; installed once more from the command line while
//! the kiosk runs, the change shows without a restart.
//!
//! The key, the pack and the PIN are made with the real `clinic-kiosk pack key`, `pack build`
//! and `set-pin`. The drive is a temp folder named in `[updates] drives`, laid out as a
//! desktop mounts a stick (`DRIVE/USER/LABEL/…`). Staff text is English only, like the rest of
//! the panel; the patient screens are shown in both languages.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use kiosk_tests::{copy_dir, fixture, target_dir, App, Harness};
use libtest_mimic::Trial;
use serde_json::json;

use crate::trial;

const PIN: &str = "1357";
const NEW_EN: &str = "Gamma therapy (updated)";
const NEW_ES: &str = "Terapia gamma (actualizada)";

pub fn tests() -> Vec<Trial> {
    vec![
        trial(
            "updates::staff_install_a_pack_from_a_drive_a_patient_sees_the_change_and_staff_undo_it",
            staff_install_a_pack_from_a_drive_a_patient_sees_the_change_and_staff_undo_it,
        ),
        trial(
            "updates::a_pack_synced_into_the_inbox_installs_at_the_next_session_end_and_an_undo_sticks",
            a_pack_synced_into_the_inbox_installs_at_the_next_session_end_and_an_undo_sticks,
        ),
    ]
}

fn kiosk_bin() -> PathBuf {
    std::env::var_os("KIOSK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("clinic-kiosk"))
}

fn run(args: &[&str], cwd: &Path, stdin: &str) -> Output {
    let mut child = Command::new(kiosk_bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run clinic-kiosk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("clinic-kiosk ends");
    assert!(
        out.status.success(),
        "clinic-kiosk {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Changes a page's title.
fn retitle(page: &Path, old: &str, new: &str) {
    let text = fs::read_to_string(page).expect("read page");
    let changed = text.replace(&format!("title = \"{old}\""), &format!("title = \"{new}\""));
    assert_ne!(text, changed, "{} has the title {old}", page.display());
    fs::write(page, changed).expect("write page");
}

fn open_panel(app: &App) {
    let hold = app.run(
        "return window.__TAURI__.core.invoke('plugin:staff|limits').then((l) => l.hold_ms)",
        vec![],
    );
    let hold = Duration::from_millis(hold.as_u64().expect("hold_ms") + 300);
    crate::staff::press_corner(app, hold);
    app.wait_for("staff-pad");
    for d in PIN.chars() {
        app.tap(&format!("staff-digit-{d}"));
    }
    app.tap("staff-pin-enter");
    app.wait_for("staff-panel");
}

fn says(app: &App, testid: &str, text: &str) {
    app.wait_until(
        &format!("[{testid}] to say “{text}”"),
        &format!(
            "document.querySelector('[data-testid={testid}]')?.textContent.includes({})",
            json!(text)
        ),
    );
}

fn back_to_patients(app: &App) {
    app.tap("staff-back");
    app.wait_until(
        "patient mode",
        "!document.querySelector('[data-testid=staff-panel]')",
    );
}

/// Opens gamma therapy in English, checks its title, then switches to Spanish and checks that.
fn patient_reads_gamma(app: &App, en: &str, es: &str, shots: Option<(&str, &str)>) {
    app.wait_for("screen-welcome");
    app.tap_centered("lang-en");
    app.wait_for("screen-home");
    app.tap_centered("tile-gamma-therapy");
    app.wait_for("screen-explainer");
    says(app, "explainer-title", en);
    if let Some((shot_en, _)) = shots {
        app.screenshot(shot_en);
    }
    app.tap_centered("switch-lang-es");
    says(app, "explainer-title", es);
    if let Some((_, shot_es)) = shots {
        app.screenshot(shot_es);
    }
    // Start over: the session ends (a fresh web process) and the welcome screen is back.
    app.tap_centered("start-over");
    app.wait_for("screen-welcome");
    crate::staff::wire_staff(app);
}

/// The content team's key and a pack (version 7) of their folder with gamma therapy retitled,
/// written to `pack`; and a kiosk's plain content folder, trusting that key, with `updates`
/// added under [updates] and the staff PIN set. Returns (content folder, the key's line).
fn prepare(root: &Path, pack: &Path, updates: &str) -> (PathBuf, String) {
    run(&["pack", "key", "team", "--no-password"], root, "");
    let public = fs::read_to_string(root.join("team.pub")).expect("team.pub");
    let key_line = public.lines().nth(1).expect("the key line").to_string();
    let source = root.join("source");
    copy_dir(&fixture("patient"), &source);
    retitle(&source.join("en/gamma-therapy.md"), "Gamma therapy", NEW_EN);
    retitle(&source.join("es/gamma-therapy.md"), "Terapia gamma", NEW_ES);
    let pack_arg = pack.display().to_string();
    let args = ["pack", "build", "source", "--key", "team.key", "--out", &pack_arg];
    let version = ["--name", "December pages", "--pack-version", "7"];
    run(&[&args[..], &version[..]].concat(), root, "");
    let content = root.join("kiosk").join("content");
    copy_dir(&fixture("patient"), &content);
    let toml = content.join("clinic.toml");
    let settings = fs::read_to_string(&toml).expect("clinic.toml")
        + &format!(
            "\n[updates]\n{updates}\n\n[[updates.trusted_keys]]\nname = \"Content team\"\nkey = \"{key_line}\"\n"
        );
    fs::write(&toml, settings).expect("write clinic.toml");
    let content_arg = content.display().to_string();
    run(&["set-pin", "--content", &content_arg], root, &format!("{PIN}\n"));
    (content, key_line)
}

fn staff_install_a_pack_from_a_drive_a_patient_sees_the_change_and_staff_undo_it(h: &Harness) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let stick = root.join("drive").join("frontdesk").join("USB STICK");
    fs::create_dir_all(&stick).expect("the stick");
    let pack = stick.join("december.kpack");
    let pack_arg = pack.display().to_string();
    let drives = format!("drives = [{:?}]", root.join("drive").display().to_string());
    let (content, _) = prepare(root, &pack, &drives);
    let content_arg = content.display().to_string();
    let data = root.join("data");
    let app = h.launch(&content, &["--data", &data.display().to_string()]);
    app.wait_for("screen-welcome");
    crate::staff::wire_staff(&app);
    patient_reads_gamma(&app, "Gamma therapy", "Terapia gamma", None);

    // Staff: the panel finds the pack on the stick and shows what it changes.
    open_panel(&app);
    says(&app, "staff-update-installed", "did not come from a pack");
    app.wait_for("staff-update-pack-0");
    says(&app, "staff-update-pack-0", "december.kpack (USB drive");
    app.tap_centered("staff-update-pack-0");
    app.wait_for("staff-update-install");
    says(&app, "staff-update-name", "“December pages” version 7");
    says(&app, "staff-update-signer", "Content team (key ");
    says(
        &app,
        "staff-update-change-0",
        &format!("en: {NEW_EN} · es: {NEW_ES}"),
    );
    assert_eq!(
        app.run(
            "return document.querySelector('[data-testid=staff-update-change-0]').dataset.change",
            vec![]
        ),
        json!("changed")
    );
    assert!(!app.exists("staff-update-refusal"), "the pack can be installed");
    assert!(!app.exists("staff-update-change-1"), "only gamma therapy changes");
    app.run(
        "document.querySelector('[data-testid=staff-updates]').scrollIntoView()",
        vec![],
    );
    app.screenshot("updates-preview");
    app.tap_centered("staff-update-install");
    says(
        &app,
        "staff-update-status",
        "Installed “December pages” version 7",
    );
    says(
        &app,
        "staff-update-installed",
        "Installed: “December pages” version 7",
    );
    app.screenshot("updates-installed");
    assert!(
        fs::symlink_metadata(&content)
            .expect("content")
            .file_type()
            .is_symlink(),
        "the content folder is now a symlink to a version"
    );
    back_to_patients(&app);

    // A patient sees the new page, in English and in Spanish.
    patient_reads_gamma(
        &app,
        NEW_EN,
        NEW_ES,
        Some(("updates-changed-page-en", "updates-changed-page-es")),
    );

    // Staff undo it in one tap; the next patient sees the old page.
    open_panel(&app);
    app.wait_for("staff-update-undo");
    says(
        &app,
        "staff-update-undo",
        "back to the content from before the first pack",
    );
    app.tap_centered("staff-update-undo");
    says(
        &app,
        "staff-update-status",
        "Undone: back to the content from before the first pack.",
    );
    says(&app, "staff-update-installed", "did not come from a pack");
    app.screenshot("updates-undone");
    back_to_patients(&app);
    patient_reads_gamma(&app, "Gamma therapy", "Terapia gamma", None);

    // IT installs the same pack from the command line while the kiosk runs: it shows without a
    // restart (the kiosk watches for its content folder being switched).
    let trust = root.join("team.pub").display().to_string();
    run(
        &[
            "pack",
            "install",
            &pack_arg,
            "--trust",
            &trust,
            "--content",
            &content_arg,
        ],
        root,
        "",
    );
    patient_reads_gamma(&app, NEW_EN, NEW_ES, None);
}

fn a_pack_synced_into_the_inbox_installs_at_the_next_session_end_and_an_undo_sticks(h: &Harness) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let inbox = root.join("inbox");
    fs::create_dir_all(&inbox).expect("inbox");
    let built = root.join("december.kpack");
    let updates = format!(
        "inbox = {:?}\ninstall = \"between-sessions\"\ndrives = []",
        inbox.display().to_string()
    );
    let (content, _) = prepare(root, &built, &updates);
    let data = root.join("data");
    let app = h.launch(&content, &["--data", &data.display().to_string()]);
    app.wait_for("screen-welcome");
    crate::staff::wire_staff(&app);

    // The sync tool delivers the pack as a sync tool does: under a hidden name, then renamed.
    let partial = inbox.join(".syncthing.december.kpack.tmp");
    fs::copy(&built, &partial).expect("copy into the inbox");
    fs::rename(&partial, inbox.join("december.kpack")).expect("rename in the inbox");
    // A patient reading now is not disturbed: the pack waits for the session's end.
    let mark = h.log_mark();
    app.wait_for("screen-welcome");
    app.tap_centered("lang-en");
    app.wait_for("screen-home");
    app.tap_centered("tile-gamma-therapy");
    says(&app, "explainer-title", "Gamma therapy");
    assert!(
        !h.log_since(mark).contains("between patient sessions"),
        "nothing installs mid-session"
    );
    app.tap_centered("start-over");
    app.wait_for("screen-welcome");
    crate::staff::wire_staff(&app);
    let line = h.wait_for_log(mark, "between patient sessions");
    assert!(
        line.contains("installed \"December pages\" version 7 from "),
        "{line}"
    );
    patient_reads_gamma(&app, NEW_EN, NEW_ES, None);

    // Staff undo it; the pack still in the inbox is not installed again at the next session end.
    open_panel(&app);
    says(
        &app,
        "staff-update-automatic",
        "installs by itself when a patient's session ends",
    );
    says(
        &app,
        "staff-update-installed",
        "Installed: “December pages” version 7",
    );
    app.tap_centered("staff-update-undo");
    says(
        &app,
        "staff-update-status",
        "Undone: back to the content from before the first pack.",
    );
    back_to_patients(&app);
    let mark = h.log_mark();
    patient_reads_gamma(&app, "Gamma therapy", "Terapia gamma", None);
    patient_reads_gamma(&app, "Gamma therapy", "Terapia gamma", None);
    assert!(
        !h.log_since(mark).contains("between patient sessions"),
        "an undone version stays undone: {}",
        h.log_since(mark)
    );
}
