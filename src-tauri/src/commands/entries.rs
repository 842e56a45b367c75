//! Diary entries.

use keepsake_core::entries;
use tauri::State;

use super::{blocking, AppState};
use crate::dto::{CursorDto, EntryDto, EntryInputDto, EntryPageDto};
use crate::error::ErrorDto;

#[tauri::command]
pub async fn list_entries(
    state: State<'_, AppState>,
    after: Option<CursorDto>,
    limit: u32,
) -> Result<EntryPageDto, ErrorDto> {
    blocking(&state, move |ks| {
        let after = after.map(Into::into);
        ks.with_diary(|d| entries::page(d.conn(), after.as_ref(), limit))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn get_entry(state: State<'_, AppState>, id: String) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| entries::get(d.conn(), &id))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn create_entry(
    state: State<'_, AppState>,
    input: EntryInputDto,
) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| entries::create(d.conn(), &input.into()))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn update_entry(
    state: State<'_, AppState>,
    id: String,
    input: EntryInputDto,
) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| entries::update(d.conn(), &id, &input.into()))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn delete_entry(state: State<'_, AppState>, id: String) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| entries::delete(d.conn(), &id))
    })
    .await
}
