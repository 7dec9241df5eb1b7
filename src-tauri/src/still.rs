//! `clinic-kiosk still`: the still "please tell the front desk" page alone, fullscreen, for when
//! the kiosk itself crash-looped (clinic-kiosk.service hit its start limit and systemd started
//! clinic-kiosk-still.service instead). It is the page `recovery` shows after repeated web process
//! crashes, drawn by a bare GTK window and WebKit view: no content is loaded, no IPC is offered,
//! no Tauri app is built, so whatever broke the kiosk is not on this path.

use std::process::ExitCode;

/// Opens the still page and runs until the window is closed (it never is, in a kiosk).
pub fn run() -> ExitCode {
    crate::logging::init();
    #[cfg(target_os = "linux")]
    {
        use gtk::prelude::*;
        use webkit2gtk::WebViewExt;
        if let Err(e) = gtk::init() {
            log::error!("still page: no display to show it on ({e})");
            return ExitCode::from(1);
        }
        let window = gtk::Window::new(gtk::WindowType::Toplevel);
        window.set_title("Clinic kiosk");
        window.set_decorated(false);
        let view = webkit2gtk::WebView::new();
        view.connect_context_menu(|_, _, _, _| true);
        // The page needs no script: it only asks patients to tell the front desk.
        if let Some(settings) = WebViewExt::settings(&view) {
            use webkit2gtk::SettingsExt;
            settings.set_enable_javascript(false);
        }
        view.load_html(crate::recovery::GIVE_UP_PAGE, None);
        window.add(&view);
        window.connect_delete_event(|_, _| gtk::glib::Propagation::Stop);
        window.fullscreen();
        window.show_all();
        log::warn!(
            "still page shown: the kiosk stopped after repeated crashes; see `journalctl -u clinic-kiosk`"
        );
        gtk::main();
        ExitCode::SUCCESS
    }
    #[cfg(not(target_os = "linux"))]
    {
        eprintln!("the still page is shown only on Linux");
        ExitCode::from(1)
    }
}
