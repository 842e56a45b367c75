//! WebKitGTK: the rules, compiled by a `WebKitUserContentFilterStore`, added to the web view's
//! `WebKitUserContentManager`; the web process then refuses a matching load before it makes any
//! request. (Of WebKitGTK's other hooks, `resource-load-started` only reports a load, and
//! `WebKitWebPage::send-request` exists only in a web-process extension.) The `webkit2gtk` crate
//! leaves the filter store unbound, hence these few calls through its `ffi`.

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
