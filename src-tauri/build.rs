//! Declares the app's own commands and the staff plugin's to Tauri's ACL, so `capabilities/` is the
//! real, checked list of what the page may call (without this, app commands bypass capability
//! checks entirely).

/// Every patient-screen command the UI may call. Keep in step with `generate_handler!` in `lib.rs`.
const COMMANDS: &[&str] = &[
    "kiosk_info",
    "ui_strings",
    "library",
    "explainer",
    "question_lists",
    "resolve_questions",
    "print_checklist",
    "session_start",
    "session_end",
    "own_question_added",
    "speak",
    "speech_stop",
    "preview_report",
    "preview_sign",
];

/// The staff plugin's commands (`plugin:staff|…`). Keep in step with `staff/plugin.rs`.
const STAFF_COMMANDS: &[&str] = &[
    "limits",
    "pad",
    "unlock",
    "lock",
    "status",
    "printer",
    "print",
    "test_page",
    "reload",
    "usage",
    "export",
    "exit",
    "updates",
    "update_preview",
    "update_install",
    "update_undo",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .plugin(
                "staff",
                tauri_build::InlinedPlugin::new().commands(STAFF_COMMANDS),
            )
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
