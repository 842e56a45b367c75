//! Diary entries.

use tauri::State;

use super::{blocking, AppState};
use crate::dto::{CursorDto, DayCountDto, EntryDto, EntryInputDto, EntryPageDto, EntrySummaryDto};
use crate::error::ErrorDto;

#[tauri::command]
pub async fn entry_page(
    state: State<'_, AppState>,
    after: Option<CursorDto>,
    limit: u32,
) -> Result<EntryPageDto, ErrorDto> {
    blocking(&state, move |ks| {
        let after = after.map(Into::into);
        ks.with_diary(|d| d.entry_page(after.as_ref(), limit))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn entry(state: State<'_, AppState>, id: String) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.entry(&id)).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn create_entry(
    state: State<'_, AppState>,
    input: EntryInputDto,
) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.create_entry(&input.into()))
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
        ks.with_diary(|d| d.update_entry(&id, &input.into()))
            .map(Into::into)
    })
    .await
}

#[tauri::command]
/// True when the entry waits in Recently deleted, false when it is deleted for good.
pub async fn delete_entry(state: State<'_, AppState>, id: String) -> Result<bool, ErrorDto> {
    blocking(&state, move |ks| ks.with_diary(|d| d.delete_entry(&id))).await
}

#[tauri::command]
pub async fn calendar_month(
    state: State<'_, AppState>,
    year: i32,
    month: u8,
) -> Result<Vec<DayCountDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.month(year, month)).map(|days| {
            days.into_iter()
                .map(|(day, count)| DayCountDto { day, count })
                .collect()
        })
    })
    .await
}

#[tauri::command]
pub async fn entries_on_day(
    state: State<'_, AppState>,
    date: String,
) -> Result<Vec<EntrySummaryDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.entries_on(&date))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}

/// `today` is the user's local date, `YYYY-MM-DD`.
#[tauri::command]
pub async fn on_this_day(
    state: State<'_, AppState>,
    today: String,
) -> Result<Vec<EntrySummaryDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.on_this_day(&today))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}
