//! The kiosk window: fullscreen, undecorated, on top, and unable to leave the app.

use tauri::{AppHandle, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The label capabilities/kiosk.json grants the app's commands to.
pub const MAIN: &str = "main";

/// True for the app's own pages. On Linux and macOS they are served at `tauri://localhost`; on
/// Windows at `http(s)://tauri.localhost`.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Opens the main window. `windowed` is for development: a normal window instead of fullscreen.
pub fn create_main<R: Runtime>(app: &AppHandle<R>, windowed: bool) -> tauri::Result<WebviewWindow<R>> {
    let builder = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Clinic kiosk")
        .on_navigation(|url| {
            let allowed = is_app_url(url);
            if !allowed {
                log::warn!("refused navigation away from the kiosk (scheme {})", url.scheme());
            }
            allowed
        });
    let builder = if windowed {
        builder.inner_size(1280.0, 800.0)
    } else {
        // Fullscreen is a request a window manager may ignore (bare X, some kiosk shells), so the
        // window is also sized to the whole monitor: it fills the screen either way.
        let builder = builder
            .fullscreen(true)
            .decorations(false)
            .always_on_top(true)
            .position(0.0, 0.0);
        match app.primary_monitor() {
            Ok(Some(monitor)) => {
                let size = monitor.size().to_logical::<f64>(monitor.scale_factor());
                builder.inner_size(size.width, size.height)
            }
            _ => builder,
        }
    };
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_origin_is_an_app_url() {
        let ok = [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/x",
        ];
        let bad = [
            "https://example.com/",
            "tauri://evil/",
            "file:///etc/passwd",
            "about:blank",
            "http://localhost:8080/",
        ];
        for u in ok {
            assert!(is_app_url(&Url::parse(u).unwrap()), "{u}");
        }
        for u in bad {
            assert!(!is_app_url(&Url::parse(u).unwrap()), "{u}");
        }
    }
}
