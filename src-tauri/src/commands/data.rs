//! Settings → Data: export everything, import an export, delete everything. Export and import
//! run off the main thread, report progress over a channel, and can be cancelled.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use keepsake_core::archive::Progress;
use keepsake_core::{Keepsake, WipeReport};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use super::{blocking, AppState};
use crate::dto::{ExportSummaryDto, ImportSummaryDto, ProgressDto, WipeReportDto};
use crate::error::ErrorDto;
use crate::grants::{self, PathGrantDto, PathKindDto};

/// Run an export or import on a blocking thread: its grant turned into its path, its
/// passphrase wiped after, its progress sent over `on_progress`, stoppable with
/// `cancel_data_job` (and stopped by a lock).
async fn data_job<T, D>(
    state: &AppState,
    grant: (&str, PathKindDto),
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
    let path = state.grants.take(grant.0, grant.1)?;
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(Zeroizing::new);
    progress_job(state, on_progress, move |ks, progress| {
        job(
            ks,
            &path,
            passphrase.as_deref().map(String::as_str),
            progress,
        )
    })
    .await
}

/// Run long work on a blocking thread with its progress sent over `on_progress`, stoppable
/// with `cancel_data_job` (and stopped by a lock).
pub(super) async fn progress_job<T, D>(
    state: &AppState,
    on_progress: Channel<ProgressDto>,
    job: impl FnOnce(&Keepsake, &mut Progress<'_>) -> keepsake_core::Result<T> + Send + 'static,
) -> Result<D, ErrorDto>
where
    T: Into<D>,
    D: Send + 'static,
{
    let cancel = state.data_job_cancel.clone();
    cancel.store(false, Ordering::Relaxed);
    blocking(state, move |ks| {
        let mut report = |done, total| {
            let _ = on_progress.send(ProgressDto { done, total });
        };
        let mut progress = Progress::new(&mut report, &cancel);
        job(ks, &mut progress).map(Into::into)
    })
    .await
}

/// Export everything to the file the user chose (`grant`), sealed with `passphrase` when
/// given.
#[tauri::command]
pub async fn export_all(
    state: State<'_, AppState>,
    grant: String,
    passphrase: Option<String>,
    on_progress: Channel<ProgressDto>,
) -> Result<ExportSummaryDto, ErrorDto> {
    data_job(
        &state,
        (&grant, PathKindDto::Save),
        passphrase,
        on_progress,
        |ks, path, pass, progress| ks.export_to(path, pass, progress),
    )
    .await
}

/// Import the export the user chose (`grant`; its passphrase when it is sealed), all or
/// nothing.
#[tauri::command]
pub async fn import_archive(
    state: State<'_, AppState>,
    grant: String,
    passphrase: Option<String>,
    on_progress: Channel<ProgressDto>,
) -> Result<ImportSummaryDto, ErrorDto> {
    data_job(
        &state,
        (&grant, PathKindDto::Open),
        passphrase,
        on_progress,
        |ks, path, pass, progress| ks.import_from(path, pass, progress),
    )
    .await
}

/// Stop the export, import, backup or check under way; it cleans up after itself.
#[tauri::command]
pub fn cancel_data_job(state: State<'_, AppState>) {
    state.data_job_cancel.store(true, Ordering::Relaxed);
}

/// The native file dialog, opened by the back end (the web view has no dialog or file access):
/// a file to write (suggesting `suggested` as its name), a file to read, or a folder. A grant
/// for what the user chose; `null` when they cancel.
#[tauri::command]
pub async fn choose_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: PathKindDto,
    suggested: String,
) -> Result<Option<PathGrantDto>, ErrorDto> {
    Ok(ask_user(app, &state, kind, None, Some(suggested)).await)
}

/// A grant for a path the user typed into a `<name>-path` field. In a test run (see
/// `grants`) the path itself; otherwise the native dialog opens there for the user to confirm,
/// so script that types a path gets nothing the user did not see and choose.
#[tauri::command]
pub async fn grant_typed_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: PathKindDto,
    path: String,
) -> Result<Option<PathGrantDto>, ErrorDto> {
    if let Some(grant) = state.grants.issue_typed(kind, &path)? {
        return Ok(Some(grant));
    }
    let (folder, name) = grants::dialog_start(kind, &path);
    Ok(ask_user(app, &state, kind, folder, name).await)
}

/// The native dialog for `kind`, titled in the app's language, opening in `folder` (when it is
/// one) with `name` filled in; a grant for what the user chose.
async fn ask_user<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    kind: PathKindDto,
    folder: Option<PathBuf>,
    name: Option<String>,
) -> Option<PathGrantDto> {
    let language = state.keepsake.settings().language.unwrap_or_default();
    let (title, exports) = grants::dialog_words(kind, language);
    tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_title(title);
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        let chosen = match kind {
            PathKindDto::Save => dialog
                .set_file_name(name.unwrap_or_default())
                .blocking_save_file(),
            PathKindDto::Folder => dialog.blocking_pick_folder(),
            PathKindDto::Open => dialog
                .add_filter(exports, &["zip", "keepsake"])
                .blocking_pick_file(),
        };
        chosen.and_then(|p| p.into_path().ok())
    })
    .await
    .ok()
    .flatten()
    .map(|path| state.grants.issue(kind, path))
}

/// Crypto-erase the diary and remove every file the app wrote, then the web view's own data.
/// `confirmation` is the word the user typed; the core checks it.
#[tauri::command]
pub async fn delete_everything<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
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
