//! WKWebView: the same rules, compiled by `WKContentRuleListStore` into a `WKContentRuleList`
//! added to the web view's `WKUserContentController`. Not built nor run here (no Mac): the
//! calls follow the objc2-web-kit 0.3 bindings; a failure to compile the rules only leaves the
//! CSP and the init script in charge.

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
