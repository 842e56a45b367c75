//! Settings → Data: delete everything (and, next, export and import).

use keepsake_core::WipeReport;
use tauri::{State, WebviewWindow};

use super::{blocking, AppState};
use crate::dto::WipeReportDto;
use crate::error::ErrorDto;

/// Crypto-erase the diary and remove every file the app wrote, then the web view's own data.
/// `confirmation` is the word the user typed; the core checks it.
#[tauri::command]
pub async fn delete_everything(
    state: State<'_, AppState>,
    window: WebviewWindow,
    confirmation: String,
) -> Result<WipeReportDto, ErrorDto> {
    let report: WipeReport = blocking(&state, move |ks| {
        ks.delete_everything_confirmed(&confirmation)
    })
    .await?;
    // The web view keeps nothing of the diary (no storage is used), but its caches and storage
    // are the app's files too.
    let webview_data_cleared = window.clear_all_browsing_data().is_ok();
    Ok(WipeReportDto::new(report, webview_data_cleared))
}
