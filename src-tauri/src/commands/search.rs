//! Search and tag autocomplete.

use tauri::State;

use super::{blocking, AppState};
use crate::dto::{SearchHitDto, SearchQueryDto};
use crate::error::ErrorDto;

#[tauri::command]
pub async fn search_entries(
    state: State<'_, AppState>,
    query: SearchQueryDto,
) -> Result<Vec<SearchHitDto>, ErrorDto> {
    blocking(&state, move |ks| {
        let query = query.into();
        ks.with_diary(|d| d.search(&query))
            .map(|hits| hits.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn tag_suggestions(
    state: State<'_, AppState>,
    prefix: String,
) -> Result<Vec<String>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.tag_suggestions(&prefix))
    })
    .await
}
