//! No pointer on a kiosk's screen. A touchscreen has none under cage, but a mouse left plugged in
//! (IT's, or a cleaner's bump) would show an arrow over the page. The page's own styles ask for
//! pointers over buttons, so the cursor is hidden with a user style sheet, which outranks the
//! page's styles and reaches every page the window shows (the welcome screen, a renewed web
//! process's, the still page). `--windowed` keeps it, for development with a mouse.

use tauri::{AppHandle, Manager, Runtime};

/// What the style sheet says: no cursor, anywhere, whatever the page's styles ask.
pub const HIDDEN: &str = "*, *::before, *::after { cursor: none !important; }";

/// Hides the pointer over the kiosk window's page.
pub fn hide<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        return;
    };
    #[cfg(target_os = "linux")]
    let result = window.with_webview(|webview| {
        use webkit2gtk::{UserContentManagerExt, WebViewExt};
        let Some(manager) = webview.inner().user_content_manager() else {
            log::warn!("cursor: the webview has no content manager; the pointer stays visible");
            return;
        };
        manager.add_style_sheet(&webkit2gtk::UserStyleSheet::new(
            HIDDEN,
            webkit2gtk::UserContentInjectedFrames::AllFrames,
            webkit2gtk::UserStyleLevel::User,
            &[],
            &[],
        ));
    });
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = {
        let _ = window;
        Ok(())
    };
    if let Err(e) = result {
        log::warn!("cursor: could not hide the pointer: {e}");
    }
}
