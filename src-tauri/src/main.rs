// No console window on Windows release builds; the kiosk logs to stderr elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // WebKitGTK's DMABUF renderer shows a blank window on machines without a suitable GPU, common
    // in kiosk PCs. Set before any thread starts; a value already in the environment wins.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    clinic_kiosk::cli::main()
}
