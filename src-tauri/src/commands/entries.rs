//! Diary entries.

use keepsake_core::entries::{self, calendar};
use tauri::State;

use super::{blocking, AppState};
use crate::dto::{CursorDto, DayCountDto, EntryDto, EntryInputDto, EntryPageDto, EntrySummaryDto};
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

#[tauri::command]
pub async fn calendar_month(
    state: State<'_, AppState>,
    year: i32,
    month: u8,
) -> Result<Vec<DayCountDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| calendar::month(d.conn(), year, month))
            .map(|days| {
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
        ks.with_diary(|d| calendar::day(d.conn(), &date))
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
        ks.with_diary(|d| calendar::on_this_day(d.conn(), &today))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}
