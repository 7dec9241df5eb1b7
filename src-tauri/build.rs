//! Declares the app's own commands to Tauri's ACL, so `capabilities/` is the real, checked list of
//! what the page may call (without this, app commands bypass capability checks entirely).

/// Every IPC command the UI may call. Keep in step with `generate_handler!` in `lib.rs`.
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
    "staff_pad",
    "staff_unlock",
    "staff_lock",
    "staff_status",
    "staff_printer",
    "staff_print",
    "staff_test_page",
    "staff_reload",
    "staff_usage",
    "staff_export",
    "staff_exit",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
