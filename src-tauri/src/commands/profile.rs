//! The optional local profile: each field set, corrected or deleted on its own; the avatar goes
//! through the image pipeline (metadata stripped) and is served by the `keepsake:` scheme.

use keepsake_core::profile::{self, Field};
use keepsake_core::Error;
use tauri::ipc::Request;
use tauri::State;

use super::images::prepare_upload;
use super::{blocking, AppState};
use crate::dto::ProfileDto;
use crate::error::ErrorDto;

#[tauri::command]
pub async fn get_profile(state: State<'_, AppState>) -> Result<ProfileDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| profile::get(d.conn())).map(Into::into)
    })
    .await
}

/// Set one field; an empty value deletes it.
#[tauri::command]
pub async fn set_profile_field(
    state: State<'_, AppState>,
    field: String,
    value: String,
) -> Result<ProfileDto, ErrorDto> {
    let field = Field::from_id(&field).ok_or(Error::InvalidInput("profile field"))?;
    blocking(&state, move |ks| {
        ks.with_diary(|d| {
            profile::set(d.conn(), field, &value)?;
            profile::get(d.conn())
        })
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
    let prepared = prepare_upload(&state, &request).await?;
    blocking(&state, move |ks| {
        ks.with_diary(|d| {
            profile::set_avatar(d.conn(), &prepared)?;
            profile::get(d.conn())
        })
        .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn delete_avatar(state: State<'_, AppState>) -> Result<ProfileDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| {
            profile::delete_avatar(d.conn())?;
            profile::get(d.conn())
        })
        .map(Into::into)
    })
    .await
}
