//! The optional local profile: each field set, corrected or deleted on its own; the avatar goes
//! through the image pipeline (metadata stripped) and is served by the `keepsake:` scheme.

use tauri::ipc::Request;
use tauri::State;

use super::images::upload;
use super::{blocking, AppState};
use crate::dto::{ProfileDto, ProfileFieldDto};
use crate::error::ErrorDto;

#[tauri::command]
pub async fn profile(state: State<'_, AppState>) -> Result<ProfileDto, ErrorDto> {
    blocking(&state, |ks| ks.with_diary(|d| d.profile()).map(Into::into)).await
}

/// Set one field; an empty value deletes it.
#[tauri::command]
pub async fn set_profile_field(
    state: State<'_, AppState>,
    field: ProfileFieldDto,
    value: String,
) -> Result<ProfileDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.set_profile_field(field.into(), &value))
            .map(Into::into)
    })
    .await
}

/// The request body is the image file's bytes.
#[tauri::command]
pub async fn set_avatar(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<ProfileDto, ErrorDto> {
    upload(&state, &request, |ks, bytes| {
        ks.set_avatar(bytes).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn delete_avatar(state: State<'_, AppState>) -> Result<ProfileDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| d.delete_avatar()).map(Into::into)
    })
    .await
}
