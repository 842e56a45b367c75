//! Settings → About: the version and licences, and Help → Send feedback (a report the user
//! reads first, then saves to a file or opens as a draft in their own mail app).

use keepsake_core::feedback::{self, System};
use keepsake_core::fsutil;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{blocking, AppState};
use crate::dto::AboutDto;
use crate::error::ErrorDto;
use crate::grants::PathKindDto;

/// Where feedback goes: set when a release is built (`KEEPSAKE_FEEDBACK_TO`); otherwise the
/// draft opens without a recipient and the user fills it in.
const FEEDBACK_TO: Option<&str> = option_env!("KEEPSAKE_FEEDBACK_TO");

#[tauri::command]
pub fn about<R: Runtime>(app: AppHandle<R>) -> AboutDto {
    AboutDto {
        version: app.package_info().version.to_string(),
        licence: env!("CARGO_PKG_LICENSE").to_owned(),
        system: system_name(),
        webview: tauri::webview_version().unwrap_or_default(),
        tauri: tauri::VERSION.to_owned(),
        feedback_to: FEEDBACK_TO.unwrap_or_default().to_owned(),
    }
}

fn system_name() -> String {
    format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
}

fn system<R: Runtime>(app: &AppHandle<R>, language: String) -> System {
    System {
        app_version: app.package_info().version.to_string(),
        os: system_name(),
        language,
    }
}

/// The report exactly as it would leave, for the user to read.
#[tauri::command]
pub async fn feedback_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    language: String,
    message: String,
) -> Result<String, ErrorDto> {
    let system = system(&app, language);
    blocking(&state, move |ks| Ok(ks.feedback_report(&system, &message))).await
}

/// Write the report to `path` (a file the user chose), readable by the user only.
#[tauri::command]
pub async fn save_feedback<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    language: String,
    message: String,
    grant: String,
) -> Result<(), ErrorDto> {
    let target = state.grants.take(&grant, PathKindDto::Save)?;
    let system = system(&app, language);
    blocking(&state, move |ks| {
        fsutil::replace_file(&target, ks.feedback_report(&system, &message).as_bytes())
    })
    .await
}

/// Open the report as a new e-mail in the user's own mail app. Keepsake sends nothing.
#[tauri::command]
pub async fn email_feedback<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    language: String,
    message: String,
) -> Result<(), ErrorDto> {
    let system = system(&app, language);
    let report = blocking(&state, move |ks| Ok(ks.feedback_report(&system, &message))).await?;
    let link = feedback::mailto(FEEDBACK_TO.unwrap_or_default(), &report);
    app.opener().open_url(link, None::<&str>).map_err(|_| {
        ErrorDto::new(
            crate::error::ErrorKindDto::NoMailApp,
            "no mail app opened the draft",
        )
    })
}
