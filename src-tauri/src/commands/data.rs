//! Settings → Data: export everything, import an export, delete everything. Export and import
//! run off the main thread, report progress over a channel, and can be cancelled.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use keepsake_core::archive::Progress;
use keepsake_core::{Error, Keepsake, WipeReport};
use tauri::ipc::Channel;
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use super::{blocking, AppState};
use crate::dto::{ExportSummaryDto, ImportSummaryDto, ProgressDto, WipeReportDto};
use crate::error::ErrorDto;

pub(super) fn path(text: &str) -> Result<PathBuf, ErrorDto> {
    let path = PathBuf::from(text.trim());
    if !path.is_absolute() {
        return Err(Error::InvalidInput("a full path to the file").into());
    }
    Ok(path)
}

/// Run an export or import on a blocking thread: its path checked, its passphrase wiped after,
/// its progress sent over `on_progress`, stoppable with `cancel_data_job`.
async fn data_job<T, D>(
    state: &AppState,
    path: &str,
    passphrase: Option<String>,
    on_progress: Channel<ProgressDto>,
    job: impl FnOnce(&Keepsake, &Path, Option<&str>, &mut Progress<'_>) -> keepsake_core::Result<T>
        + Send
        + 'static,
) -> Result<D, ErrorDto>
where
    T: Into<D>,
    D: Send + 'static,
{
    let path = self::path(path)?;
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(Zeroizing::new);
    let cancel = state.data_job_cancel.clone();
    cancel.store(false, Ordering::Relaxed);
    blocking(state, move |ks| {
        let mut report = |done, total| {
            let _ = on_progress.send(ProgressDto { done, total });
        };
        let mut progress = Progress::new(&mut report, &cancel);
        job(
            ks,
            &path,
            passphrase.as_deref().map(String::as_str),
            &mut progress,
        )
        .map(Into::into)
    })
    .await
}

/// Export everything to `path`, sealed with `passphrase` when given.
#[tauri::command]
pub async fn export_all(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
    on_progress: Channel<ProgressDto>,
) -> Result<ExportSummaryDto, ErrorDto> {
    data_job(
        &state,
        &path,
        passphrase,
        on_progress,
        |ks, path, pass, progress| ks.export_to(path, pass, progress),
    )
    .await
}

/// Import the export at `path` (its passphrase when it is sealed), all or nothing.
#[tauri::command]
pub async fn import_archive(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
    on_progress: Channel<ProgressDto>,
) -> Result<ImportSummaryDto, ErrorDto> {
    data_job(
        &state,
        &path,
        passphrase,
        on_progress,
        |ks, path, pass, progress| ks.import_from(path, pass, progress),
    )
    .await
}

/// Stop the export or import under way; it cleans up after itself.
#[tauri::command]
pub fn cancel_data_job(state: State<'_, AppState>) {
    state.data_job_cancel.store(true, Ordering::Relaxed);
}

/// The native file dialog, opened by the back end (the web view has no dialog or file access).
/// `kind`: "save" (where to write, suggesting `suggested`), "open" (a file to read) or
/// "folder". `null` when the user cancels.
#[tauri::command]
pub async fn choose_path(app: AppHandle, kind: String, suggested: String) -> Option<String> {
    tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file();
        let chosen = match kind.as_str() {
            "save" => dialog.set_file_name(suggested).blocking_save_file(),
            "folder" => dialog.blocking_pick_folder(),
            _ => dialog
                .add_filter("Keepsake export", &["zip", "keepsake"])
                .blocking_pick_file(),
        };
        chosen.and_then(|p| p.as_path().map(|p| p.display().to_string()))
    })
    .await
    .ok()
    .flatten()
}

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
