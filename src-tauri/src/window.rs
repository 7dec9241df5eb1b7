//! The kiosk window: fullscreen, undecorated, on top, and unable to leave the app.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent};

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

/// True for what the page may load: the app's pages, its IPC and media protocols (custom schemes
/// on Linux and macOS, `http://NAME.localhost` on Windows), and inline `data:` images.
pub fn is_own_resource(url: &Url) -> bool {
    let host = url.host_str();
    is_app_url(url)
        || match url.scheme() {
            "ipc" | "media" => host == Some("localhost"),
            "http" => matches!(host, Some("ipc.localhost" | "media.localhost")),
            "data" => true,
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
        })
        // `window.open` and `target=_blank` would open a browser window with no way back.
        .on_new_window(|url, _| {
            log::warn!("refused to open a new window (scheme {})", url.scheme());
            NewWindowResponse::Deny
        });
    let preview = tauri::Manager::state::<crate::AppState>(app).preview;
    let builder = if preview {
        // The kiosk's 1280 px and the author's panel beside it.
        builder.title("Clinic kiosk preview").inner_size(1720.0, 900.0)
    } else if windowed {
        builder.inner_size(1280.0, 800.0)
    } else {
        // Fullscreen is a request a window manager may ignore (bare X, some kiosk shells), so the
        // window is also sized to the whole monitor: it fills the screen either way.
        let builder = builder
            .fullscreen(true)
            .decorations(false)
            .always_on_top(true)
            .position(0.0, 0.0);
        // GDK on Wayland has no primary monitor: without the first one, the window opened at
        // GTK's 800x600 until the compositor resized it.
        let monitor = app.primary_monitor().ok().flatten().or_else(|| {
            app.available_monitors()
                .ok()
                .and_then(|all| all.into_iter().next())
        });
        match monitor {
            Some(monitor) => {
                let size = monitor.size().to_logical::<f64>(monitor.scale_factor());
                builder.inner_size(size.width, size.height)
            }
            None => builder,
        }
    };
    let window = builder.build()?;
    if !windowed {
        // In kiosk mode the window can't be closed from the keyboard or a compositor's close
        // button; staff leave through the staff panel.
        window.on_window_event(|event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                if !CLOSING_ALLOWED.load(Ordering::SeqCst) {
                    api.prevent_close();
                }
            }
        });
    }
    lock_webview(&window);
    Ok(window)
}

/// Set once staff choose "Exit kiosk": only then may the kiosk window close.
static CLOSING_ALLOWED: AtomicBool = AtomicBool::new(false);

/// Lets close requests through (the staff panel's exit).
pub fn allow_closing() {
    CLOSING_ALLOWED.store(true, Ordering::SeqCst);
}

/// WebKitGTK handles long-press (its context menu) and swipe navigation itself, before the page
/// sees them, so they are turned off on the GTK widget, not only in the page's JavaScript.
fn lock_webview<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{SettingsExt, WebViewExt};
            let view = webview.inner();
            // Returning true tells WebKit the menu was handled: none is shown.
            view.connect_context_menu(|_, _, _, _| true);
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_back_forward_navigation_gestures(false);
            }
            // Two fingers on the glass would pinch-zoom the page, and WebKit's gesture acts before
            // the page's own touch-action can stop it: count touch points on the widget and keep
            // every event of a multi-touch away from WebKit. One finger (taps, scrolling) passes.
            {
                use gtk::prelude::WidgetExt;
                let touching = std::cell::Cell::new(0u32);
                view.connect_touch_event(move |_, event| {
                    use gtk::gdk::EventType;
                    match event.event_type() {
                        EventType::TouchBegin => touching.set(touching.get() + 1),
                        EventType::TouchEnd | EventType::TouchCancel => {
                            let multi = touching.get() > 1;
                            touching.set(touching.get().saturating_sub(1));
                            return if multi {
                                gtk::glib::Propagation::Stop
                            } else {
                                gtk::glib::Propagation::Proceed
                            };
                        }
                        _ => {}
                    }
                    if touching.get() > 1 {
                        gtk::glib::Propagation::Stop
                    } else {
                        gtk::glib::Propagation::Proceed
                    }
                });
            }
            // The CSP keeps the page from loading anything from outside; should anything get past
            // it, the log says so. Only scheme and host are logged: a path could tell what a
            // patient read. The e2e tests read the debug lines to see every load of a tour.
            view.connect_resource_load_started(|_, _, request| {
                use webkit2gtk::URIRequestExt;
                let Some(url) = request.uri().and_then(|u| Url::parse(&u).ok()) else {
                    log::warn!("the page loaded an address that does not parse");
                    return;
                };
                let origin = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
                if is_own_resource(&url) {
                    log::debug!("page load from {origin}");
                } else {
                    log::warn!("page load from outside the app: {origin}");
                }
            });
            // Nothing reloads a dead web process by itself: the window would stay blank.
            let guard = std::cell::RefCell::new(crate::recovery::CrashGuard::default());
            view.connect_web_process_terminated(move |view, reason| {
                // Every session end renews the process on purpose (watchdog.rs): not a crash,
                // and not counted against the crash limit.
                if reason == webkit2gtk::WebProcessTerminationReason::TerminatedByApi {
                    log::info!("the web process was restarted on purpose; reloading the welcome screen");
                    view.reload();
                    return;
                }
                let action = guard.borrow_mut().on_crash(std::time::Instant::now());
                log::error!("the web process ended ({reason:?}); {action:?}");
                match action {
                    crate::recovery::Action::Reload => view.reload(),
                    // With no base address the page would be about:blank, which the navigation
                    // filter refuses (the screen stayed white): give it the app's own origin.
                    crate::recovery::Action::GiveUp => {
                        view.load_html(crate::recovery::GIVE_UP_PAGE, Some("tauri://localhost/"))
                    }
                }
            });
        });
        if let Err(e) = result {
            log::warn!("could not lock down the webview: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
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

    #[test]
    fn the_page_may_load_only_from_the_app_its_protocols_and_data() {
        let ok = [
            "tauri://localhost/js/main.js",
            "ipc://localhost/kiosk_info",
            "media://localhost/en/img.png",
            "http://ipc.localhost/library",
            "http://media.localhost/x.png",
            "data:image/svg+xml;base64,PHN2Zz4=",
        ];
        let bad = [
            "https://example.com/",
            "http://192.0.2.1/x.png",
            "ipc://evil/",
            "media://example.com/x",
            "https://ipc.localhost.example.com/",
            "file:///etc/passwd",
            "ws://localhost:9222/",
        ];
        for u in ok {
            assert!(is_own_resource(&Url::parse(u).unwrap()), "{u}");
        }
        for u in bad {
            assert!(!is_own_resource(&Url::parse(u).unwrap()), "{u}");
        }
    }
}
