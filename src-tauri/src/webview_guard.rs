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

/// WebKitGTK: the rules, compiled by a `WebKitUserContentFilterStore`, added to the web view's
/// `WebKitUserContentManager`; the web process then refuses a matching load before it makes any
/// request. (Of WebKitGTK's other hooks, `resource-load-started` only reports a load, and
/// `WebKitWebPage::send-request` exists only in a web-process extension.) The `webkit2gtk` crate
/// leaves the filter store unbound, hence these few calls through its `ffi`.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod linux {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr;

    use webkit2gtk::glib::translate::ToGlibPtr;
    use webkit2gtk::glib::{ffi as glib_ffi, gobject_ffi};
    use webkit2gtk::{ffi, gio, UserContentManager, WebView, WebViewExt};

    pub fn install(webview: &WebView, store: &Path) {
        let Some(manager) = webview.user_content_manager() else {
            eprintln!("keepsake: the web view has no content manager to filter its requests");
            return;
        };
        let (Ok(path), Ok(id)) = (
            CString::new(store.as_os_str().as_bytes()),
            CString::new(super::RULES_ID),
        ) else {
            return;
        };
        let rules = super::content_rules();
        // SAFETY: every pointer passed is valid for the call: `path`, `id` and `rules` outlive
        // it, WebKit copies the path and identifier and takes its own reference to the bytes
        // (so ours is released right after), and the store it returns (a full reference) is
        // released once `save` has started: its task holds the store until the callback ran.
        // The manager travels to the callback as a leaked Box, which the callback takes back.
        unsafe {
            let store = ffi::webkit_user_content_filter_store_new(path.as_ptr());
            if store.is_null() {
                return;
            }
            let bytes = glib_ffi::g_bytes_new(rules.as_ptr().cast(), rules.len());
            let manager = Box::into_raw(Box::new(manager));
            ffi::webkit_user_content_filter_store_save(
                store,
                id.as_ptr(),
                bytes,
                ptr::null_mut(),
                Some(saved),
                manager.cast(),
            );
            glib_ffi::g_bytes_unref(bytes);
            gobject_ffi::g_object_unref(store.cast());
        }
    }

    /// The rules are compiled: add them to the web view's content manager.
    unsafe extern "C" fn saved(
        store: *mut gobject_ffi::GObject,
        result: *mut gio::ffi::GAsyncResult,
        manager: glib_ffi::gpointer,
    ) {
        // SAFETY: called once by WebKit with the store and result of the `save` above and the
        // user data given there, the Box it was leaked from; the filter returned is a full
        // reference, released after the manager has taken its own.
        unsafe {
            let manager = *Box::from_raw(manager.cast::<UserContentManager>());
            let mut error: *mut glib_ffi::GError = ptr::null_mut();
            let filter =
                ffi::webkit_user_content_filter_store_save_finish(store.cast(), result, &mut error);
            if filter.is_null() {
                let message = if error.is_null() {
                    String::new()
                } else {
                    std::ffi::CStr::from_ptr((*error).message)
                        .to_string_lossy()
                        .into_owned()
                };
                eprintln!("keepsake: the web view's request filter did not compile: {message}");
                if !error.is_null() {
                    glib_ffi::g_error_free(error);
                }
                return;
            }
            ffi::webkit_user_content_manager_add_filter(manager.to_glib_none().0, filter);
            ffi::webkit_user_content_filter_unref(filter);
        }
    }
}

/// WebView2: every request is offered to a `WebResourceRequested` handler, which answers a
/// foreign one with a 403 of its own, so it never reaches the network. wry's handler for the
/// app's schemes answers those; this one leaves them alone. (WebView2 raises no such event for
/// WebSocket connections: the init script and the CSP hold those.)
#[cfg(windows)]
#[allow(unsafe_code)]
mod webview2 {
    use tauri::webview::PlatformWebview;
    use webview2_com::Microsoft::Web::WebView2::Win32::{
        ICoreWebView2WebResourceRequestedEventArgs, ICoreWebView2_22,
        COREWEBVIEW2_WEB_RESOURCE_CONTEXT_ALL, COREWEBVIEW2_WEB_RESOURCE_REQUEST_SOURCE_KINDS_ALL,
    };
    use webview2_com::{take_pwstr, WebResourceRequestedEventHandler};
    use windows_core::{Interface, Result, HSTRING, PWSTR};

    pub fn install(webview: &PlatformWebview) -> Result<()> {
        let environment = webview.environment();
        let refuse = move |args: &ICoreWebView2WebResourceRequestedEventArgs| -> Result<()> {
            // SAFETY: `args` is the live event argument WebView2 passed to this handler, on the
            // UI thread; the URI string it returns is ours to free, which `take_pwstr` does.
            unsafe {
                let mut uri = PWSTR::null();
                args.Request()?.Uri(&mut uri)?;
                if !super::is_app_request(&take_pwstr(uri)) {
                    let forbidden = environment.CreateWebResourceResponse(
                        None,
                        403,
                        &HSTRING::from("Forbidden"),
                        &HSTRING::new(),
                    )?;
                    args.SetResponse(&forbidden)?;
                }
            }
            Ok(())
        };
        let handler = WebResourceRequestedEventHandler::create(Box::new(move |_, args| {
            args.map_or(Ok(()), |args| refuse(&args))
        }));
        // SAFETY: COM calls on the web view's own interfaces, on the UI thread (`with_webview`
        // runs its closure there), with arguments that outlive each call.
        unsafe {
            let core = webview.controller().CoreWebView2()?;
            let every_uri = HSTRING::from("*");
            // Also for service and shared workers where WebView2 is recent enough, as wry does.
            match core.cast::<ICoreWebView2_22>() {
                Ok(core) => core.AddWebResourceRequestedFilterWithRequestSourceKinds(
                    &every_uri,
                    COREWEBVIEW2_WEB_RESOURCE_CONTEXT_ALL,
                    COREWEBVIEW2_WEB_RESOURCE_REQUEST_SOURCE_KINDS_ALL,
                )?,
                Err(_) => {
                    core.AddWebResourceRequestedFilter(
                        &every_uri,
                        COREWEBVIEW2_WEB_RESOURCE_CONTEXT_ALL,
                    )?;
                }
            }
            let mut token = 0i64;
            core.add_WebResourceRequested(&handler, &mut token)?;
        }
        Ok(())
    }
}

/// WKWebView: the same rules, compiled by `WKContentRuleListStore` into a `WKContentRuleList`
/// added to the web view's `WKUserContentController`. Not built nor run here (no Mac): the
/// calls follow the objc2-web-kit 0.3 bindings; a failure to compile the rules only leaves the
/// CSP and the init script in charge.
#[cfg(target_os = "macos")]
#[allow(unsafe_code)]
mod macos {
    use std::ffi::c_void;

    use block2::RcBlock;
    use objc2::rc::Retained;
    use objc2::MainThreadMarker;
    use objc2_foundation::{NSError, NSString};
    use objc2_web_kit::{WKContentRuleList, WKContentRuleListStore, WKUserContentController};

    pub fn install(controller: *mut c_void) {
        let Some(mtm) = MainThreadMarker::new() else {
            return;
        };
        // SAFETY: Tauri hands the web view's live WKUserContentController; retaining it keeps it
        // alive until the rules are compiled.
        let Some(controller) =
            (unsafe { Retained::retain(controller.cast::<WKUserContentController>()) })
        else {
            return;
        };
        // SAFETY: on the main thread, as `mtm` proves.
        let Some(store) = (unsafe { WKContentRuleListStore::defaultStore(mtm) }) else {
            return;
        };
        let done = RcBlock::new(move |list: *mut WKContentRuleList, error: *mut NSError| {
            // SAFETY: WebKit passes a valid list, or null and an error, for the block's call.
            match unsafe { list.as_ref() } {
                Some(list) => unsafe { controller.addContentRuleList(list) },
                None => eprintln!(
                    "keepsake: the web view's request filter did not compile: {:?}",
                    unsafe { error.as_ref() }.map(|e| e.localizedDescription())
                ),
            }
        });
        // SAFETY: valid strings and block for the call; WebKit copies what it keeps.
        unsafe {
            store.compileContentRuleListForIdentifier_encodedContentRuleList_completionHandler(
                Some(&NSString::from_str(super::RULES_ID)),
                Some(&NSString::from_str(&super::content_rules())),
                Some(&*done),
            );
        }
    }
}

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
