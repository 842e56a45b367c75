//! Share one entry (Markdown folder, HTML file, clipboard text, sealed HTML) and the share log.
//! The sharing permission and the minors rule are enforced in keepsake-core.

use keepsake_core::share::{ShareFormat, ShareOptions, Shared};
use keepsake_core::Error;
use tauri::State;
use zeroize::Zeroizing;

use super::{blocking, AppState};
use crate::dto::{ShareFormatDto, ShareLogRowDto, ShareResultDto};
use crate::error::ErrorDto;
use crate::grants::PathKindDto;

/// `grant`: the folder (Markdown) or file (HTML) the user chose; none for text, which comes
/// back to be put on the clipboard by the web view.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // the share dialog's fields, as the web view sends them
pub async fn share_entry(
    state: State<'_, AppState>,
    entry_id: String,
    format: ShareFormatDto,
    grant: Option<String>,
    include_tags: bool,
    include_mood: bool,
    passphrase: Option<String>,
) -> Result<ShareResultDto, ErrorDto> {
    let format = ShareFormat::from(format);
    let dest = match (format, grant) {
        (ShareFormat::Text, _) => None,
        (ShareFormat::Markdown, Some(g)) => Some(state.grants.take(&g, PathKindDto::Folder)?),
        (ShareFormat::Html | ShareFormat::SealedHtml, Some(g)) => {
            Some(state.grants.take(&g, PathKindDto::Save)?)
        }
        (_, None) => return Err(Error::NotGranted.into()),
    };
    let passphrase = passphrase.map(Zeroizing::new);
    let options = ShareOptions {
        include_tags,
        include_mood,
    };
    blocking(&state, move |ks| {
        ks.share_entry(
            &entry_id,
            format,
            options,
            dest.as_deref(),
            passphrase.as_deref().map(String::as_str),
        )
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
        ks.with_diary(|d| d.share_log())
            .map(|rows| rows.into_iter().map(Into::into).collect())
    })
    .await
}
