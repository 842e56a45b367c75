//! WebView2: every request is offered to a `WebResourceRequested` handler, which answers a
//! foreign one with a 403 of its own, so it never reaches the network. wry's handler for the
//! app's schemes answers those; this one leaves them alone. (WebView2 raises no such event for
//! WebSocket connections: the init script and the CSP hold those.)

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
