//! Share one entry (Markdown folder, HTML file, clipboard text, sealed HTML) and the share log.
//! The sharing permission and the minors rule are enforced in keepsake-core.

use std::path::PathBuf;

use keepsake_core::share::{self, ShareFormat, ShareOptions, Shared};
use keepsake_core::Error;
use tauri::State;
use zeroize::Zeroizing;

use super::{blocking, AppState};
use crate::dto::{ShareLogRowDto, ShareResultDto};
use crate::error::ErrorDto;

/// `path`: a folder for Markdown, a file for HTML; unused for text, which comes back to be put
/// on the clipboard by the web view.
#[tauri::command]
pub async fn share_entry(
    state: State<'_, AppState>,
    entry_id: String,
    format: String,
    path: Option<String>,
    include_tags: bool,
    include_mood: bool,
    passphrase: Option<String>,
) -> Result<ShareResultDto, ErrorDto> {
    let format = ShareFormat::from_id(&format).ok_or(Error::InvalidInput("share format"))?;
    let dest = match path.map(|p| PathBuf::from(p.trim())) {
        Some(p) if !p.is_absolute() => return Err(Error::InvalidInput("a full path").into()),
        other => other,
    };
    let passphrase = passphrase.map(Zeroizing::new);
    let options = ShareOptions {
        include_tags,
        include_mood,
    };
    blocking(&state, move |ks| {
        ks.with_diary(|d| {
            share::share(
                d.conn(),
                &entry_id,
                format,
                options,
                dest.as_deref(),
                passphrase.as_deref().map(String::as_str),
            )
        })
        .map(|shared| match shared {
            Shared::Text(text) => ShareResultDto {
                text: Some(text),
                files: Vec::new(),
            },
            Shared::Files(files) => ShareResultDto {
                text: None,
                files: files.iter().map(|f| f.display().to_string()).collect(),
            },
        })
    })
    .await
}

/// Newest first. Cleared through the dashboard's `share_log` category.
#[tauri::command]
pub async fn share_log(state: State<'_, AppState>) -> Result<Vec<ShareLogRowDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| share::log(d.conn()))
            .map(|rows| rows.into_iter().map(Into::into).collect())
    })
    .await
}
