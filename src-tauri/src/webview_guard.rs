//! Defence in depth in the web view. The CSP (`tauri.conf.json`) already confines what the page
//! may load and `window.rs` where it may navigate; two more layers hold should either give way:
//! - [`INIT_SCRIPT`] (`webview_guard.js`), run before any page script in every frame, takes away
//!   the APIs a diary never needs that open channels of their own: WebRTC, WebSocket,
//!   EventSource, WebTransport, beacons, workers, `window.open`.
//! - [`refuse_foreign_requests`] has the web view itself refuse every request that is not for the
//!   app: its own pages, the IPC, and the `keepsake:` photo scheme.
//!
//! The app's requests, as each web view spells them: WebKit (Linux, macOS) sees the custom schemes
//! as they are, `tauri://localhost`, `ipc://localhost`, `keepsake://localhost`; WebView2 (Windows)
//! sees them as `http://tauri.localhost`, `http://ipc.localhost`, `http://keepsake.localhost`.
//! `blob:` passes: it is how the web view reads a File the user picked (`File.arrayBuffer()`),
//! from its own memory, and reaches no network. `data:` is refused where the web view asks (the
//! UI uses none and the CSP allows none; WebKit's content blockers never see `data:` URLs).

use tauri::{Runtime, Url, WebviewWindow};

pub const INIT_SCRIPT: &str = include_str!("webview_guard.js");

/// The schemes the app serves (Tauri's pages, its IPC, the photos), each on host `localhost`.
const APP_SCHEMES: [&str; 3] = ["tauri", "ipc", crate::protocol::SCHEME];

/// The scheme WebView2 reaches the app's schemes through (`http://<scheme>.localhost`): `http`
/// while `useHttpsScheme` is off in `tauri.conf.json`, as it is.
const WINDOWS_SCHEME: &str = "http";

/// Whether the web view may make the request for `url`, as the web view of this OS spells it.
#[cfg_attr(not(windows), allow(dead_code))]
fn is_app_request(url: &str) -> bool {
    is_app_request_on(url, cfg!(windows))
}

fn is_app_request_on(url: &str, windows: bool) -> bool {
    let Ok(url) = Url::parse(url) else {
        return false;
    };
    if url.scheme() == "blob" {
        return true;
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return false;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    if windows {
        url.scheme() == WINDOWS_SCHEME
            && host
                .strip_suffix(".localhost")
                .is_some_and(|scheme| APP_SCHEMES.contains(&scheme))
    } else {
        APP_SCHEMES.contains(&url.scheme()) && host.eq_ignore_ascii_case("localhost")
    }
}

/// WebKit content-blocker rules (<https://webkit.org/blog/3476/content-blockers-first-look/>):
/// block every load, then let the app's own schemes through (`ignore-previous-rules` undoes the
/// earlier rules for what it matches), and `about:` documents, which load nothing.
#[cfg_attr(windows, allow(dead_code))]
fn content_rules() -> String {
    let rule = |filter: String, action: &str| {
        let trigger = serde_json::json!({ "url-filter": filter });
        serde_json::json!({ "trigger": trigger, "action": { "type": action } })
    };
    let mut rules = vec![rule(".*".into(), "block")];
    rules.extend(
        APP_SCHEMES
            .iter()
            // The whole scheme: Tauri answers these in the app itself, whatever the host, so none
            // can reach the network; and WebKit leaves a custom scheme's URL unnormalised (the
            // page may be `tauri://localhost`, no slash), so a narrower prefix blocks the app.
            .map(|scheme| rule(format!("^{scheme}:"), "ignore-previous-rules")),
    );
    // `about:` documents load nothing; `blob:` is how WebKit itself reads a File the user picked
    // (`File.arrayBuffer()` loads it as a blob URL): both stay in the web view's own memory.
    rules.push(rule("^about:".into(), "ignore-previous-rules"));
    rules.push(rule("^blob:".into(), "ignore-previous-rules"));
    serde_json::Value::Array(rules).to_string()
}

/// The identifier the compiled rules are kept under.
#[cfg_attr(windows, allow(dead_code))]
const RULES_ID: &str = "keepsake-app-requests-only";

/// Make `window`'s web view refuse every request that is not for the app. Installed from the
/// event loop shortly after the window is built, so the first page may start loading before it
/// holds (WebKit applies rules added later to the page already shown); until then the CSP and
/// the init script refuse what that page's scripts ask for. An error returned here (no cache
/// folder, a window already gone) is the caller's to report; one found later, in the web view,
/// is printed. Either way the other layers stay.
pub fn refuse_foreign_requests<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        let store = window.path().app_cache_dir()?.join("webview-rules");
        window.with_webview(move |webview| linux::install(&webview.inner(), &store))
    }
    #[cfg(windows)]
    {
        window.with_webview(|webview| {
            if let Err(e) = webview2::install(&webview) {
                eprintln!("keepsake: the web view's request filter is not installed: {e}");
            }
        })
    }
    #[cfg(target_os = "macos")]
    {
        window.with_webview(|webview| macos::install(webview.controller()))
    }
    #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
    {
        let _ = window;
        Ok(())
    }
}

/// WebKitGTK: a content filter (see the module).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod linux;

/// WebView2: a `WebResourceRequested` handler answering 403 (see the module).
#[cfg(windows)]
#[allow(unsafe_code)]
mod webview2;

/// WKWebView: a content rule list (see the module).
#[cfg(target_os = "macos")]
#[allow(unsafe_code)]
mod macos;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_through_only_the_apps_own_requests_as_webkit_spells_them() {
        for ok in [
            "tauri://localhost",
            "tauri://localhost/index.html",
            "tauri://localhost/assets/index-abc.js?v=1#x",
            "ipc://localhost/app_status",
            "keepsake://localhost/image/0123-abcd",
            "keepsake://localhost/avatar/1f",
            // A File the user picked, read from the web view's memory.
            "blob:tauri://localhost/0b8c6ad4-2b5a-4c9f-8e4a-1f2a3b4c5d6e",
        ] {
            assert!(is_app_request_on(ok, false), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "http://127.0.0.1:9/x.png",
            "ws://127.0.0.1:9/",
            "tauri://localhost.evil.com/",
            "tauri://localhost:8080/",
            "tauri://user@localhost/",
            "keepsake://evil/image/1",
            "asset://localhost/etc/passwd",
            "file:///etc/passwd",
            "data:image/png;base64,iVBORw0KGgo=",
            "javascript:alert(1)",
            // The Windows spellings are real network requests here.
            "http://tauri.localhost/",
            "http://ipc.localhost/app_status",
            "http://keepsake.localhost/thumb/1",
            "not a url",
            "",
        ] {
            assert!(!is_app_request_on(bad, false), "{bad}");
        }
    }

    #[test]
    fn lets_through_only_the_apps_own_requests_as_webview2_spells_them() {
        for ok in [
            "http://tauri.localhost/",
            "http://tauri.localhost/index.html",
            "http://ipc.localhost/app_status",
            "http://keepsake.localhost/thumb/0123-abcd",
            "http://TAURI.localhost/",
        ] {
            assert!(is_app_request_on(ok, true), "{ok}");
        }
        for bad in [
            "http://tauri.localhost.evil.com/",
            "https://ipc.localhost.example.org/",
            "http://tauri.localhost./",
            "http://evil.tauri.localhost/",
            "http://localhost/",
            "http://asset.localhost/C:/Windows/win.ini",
            "http://tauri.localhost:8080/",
            "http://ipc.localhost@evil.com/",
            "http://user:pass@tauri.localhost/",
            "https://tauri.localhost/",
            "ws://ipc.localhost/",
            "http://evil.com/#http://tauri.localhost/",
            "http://evil.com/?u=http://tauri.localhost/",
            "data:text/html,<script>1</script>",
            "file:///C:/Windows/win.ini",
            "tauri://localhost/index.html",
            "keepsake://localhost/avatar/1",
            "",
        ] {
            assert!(!is_app_request_on(bad, true), "{bad}");
        }
    }

    #[test]
    fn the_webkit_rules_block_everything_but_the_apps_schemes() {
        let rules: serde_json::Value = serde_json::from_str(&content_rules()).unwrap();
        let rules = rules.as_array().unwrap();
        assert_eq!(rules[0]["trigger"]["url-filter"], ".*");
        assert_eq!(rules[0]["action"]["type"], "block");
        let exempt: Vec<&str> = rules[1..]
            .iter()
            .map(|r| {
                assert_eq!(r["action"]["type"], "ignore-previous-rules");
                r["trigger"]["url-filter"].as_str().unwrap()
            })
            .collect();
        assert_eq!(
            exempt,
            ["^tauri:", "^ipc:", "^keepsake:", "^about:", "^blob:"]
        );
        // Each exemption is a scheme only the app serves, never one that reaches a network.
        for filter in &exempt[..3] {
            let prefix = filter.trim_start_matches('^');
            assert!(prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':'));
            assert!(
                is_app_request_on(&format!("{prefix}//localhost/x"), false),
                "{prefix}"
            );
        }
    }

    #[test]
    fn the_init_script_keeps_what_the_app_needs() {
        // The IPC is fetch to ipc:, and the photos are plain <img> loads: neither may be removed.
        for kept in ["\"fetch\"", "\"XMLHttpRequest\"", "\"Image\""] {
            assert!(!INIT_SCRIPT.contains(kept), "{kept}");
        }
        for gone in [
            "\"RTCPeerConnection\"",
            "\"WebSocket\"",
            "\"sendBeacon\"",
            "\"open\"",
        ] {
            assert!(INIT_SCRIPT.contains(gone), "{gone}");
        }
    }
}
