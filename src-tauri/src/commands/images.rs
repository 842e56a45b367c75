//! Photos: upload (raw bytes, no base64), list, delete. Bytes reach the web view through the
//! `keepsake:` scheme (see protocol.rs), never over IPC.

use keepsake_core::{Error, Keepsake, Status};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use super::{blocking, AppState};
use crate::dto::{ImageDto, PhotoMetadataDto};
use crate::error::ErrorDto;

/// The request body is the file's bytes; the `x-entry-id` header names the entry.
#[tauri::command]
pub async fn attach_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<ImageDto, ErrorDto> {
    let entry_id = request
        .headers()
        .get("x-entry-id")
        .and_then(|v| v.to_str().ok())
        .ok_or(Error::InvalidInput("entry id"))?
        .to_owned();
    upload(&state, &request, move |ks, bytes| {
        ks.add_photo(&entry_id, bytes).map(Into::into)
    })
    .await
}

/// Hand an uploaded image (the raw request body) to `store`. Decoding is CPU-bound: at most
/// one photo per core at a time, each on a blocking thread.
pub(super) async fn upload<T: Send + 'static>(
    state: &AppState,
    request: &Request<'_>,
    store: impl FnOnce(&Keepsake, &[u8]) -> keepsake_core::Result<T> + Send + 'static,
) -> Result<T, ErrorDto> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::InvalidInput("image body").into());
    };
    if state.keepsake.status() != Status::Unlocked {
        return Err(Error::Locked.into());
    }
    let bytes = bytes.clone();
    let _permit = state
        .image_workers
        .acquire()
        .await
        .map_err(|_| ErrorDto::internal())?;
    blocking(state, move |ks| store(ks, &bytes)).await
}

/// Capture date and place kept from the photo's EXIF (photo_metadata); `null` when none.
#[tauri::command]
pub async fn image_metadata(
    state: State<'_, AppState>,
    image_id: String,
) -> Result<Option<PhotoMetadataDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.photo_metadata(&image_id))
            .map(|m| m.map(Into::into))
    })
    .await
}

#[tauri::command]
pub async fn entry_images(
    state: State<'_, AppState>,
    entry_id: String,
) -> Result<Vec<ImageDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.entry_photos(&entry_id))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn gallery(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
) -> Result<Vec<ImageDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.gallery(offset, limit))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
/// True when the photo waits in Recently deleted, false when it is deleted for good.
pub async fn delete_image(state: State<'_, AppState>, id: String) -> Result<bool, ErrorDto> {
    blocking(&state, move |ks| ks.with_diary(|d| d.delete_photo(&id))).await
}
