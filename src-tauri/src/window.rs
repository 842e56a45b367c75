use tauri::{AppHandle, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::webview_guard;

/// The one window, labelled `main` (the capability names it). It may only show the app itself:
/// any navigation elsewhere (a link in an entry, an injected redirect) is refused. It starts
/// hidden; `place` moves it where it was last time before it is shown.
pub fn create_main<R: Runtime>(
    app: &AppHandle<R>,
    place: impl FnOnce(&WebviewWindow<R>),
) -> tauri::Result<WebviewWindow<R>> {
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Keepsake · 拾忆")
        .inner_size(1100.0, 760.0)
        .min_inner_size(720.0, 520.0)
        .on_navigation(is_app_url)
        // Before any page script, in every frame: no WebRTC, sockets, beacons, workers, pop-ups.
        .initialization_script_for_all_frames(webview_guard::INIT_SCRIPT)
        // Photos dropped on the window reach the page as File objects (HTML5 drag and drop),
        // the same path as the file picker.
        .disable_drag_drop_handler()
        .visible(false)
        .build()?;
    // The web view itself refuses every request not for the app (the CSP refuses them first).
    if let Err(e) = webview_guard::refuse_foreign_requests(&window) {
        eprintln!("keepsake: the web view's request filter is not installed: {e}");
    }
    place(&window);
    window.show()?;
    Ok(window)
}

fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_itself_may_be_shown() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/"] {
            assert!(is_app_url(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "http://tauri.localhost.evil.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>1</script>",
        ] {
            assert!(!is_app_url(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
