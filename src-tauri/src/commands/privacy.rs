//! The privacy center: permissions and the consent ledger, places, statistics, the error log,
//! the reminder and the dashboard. Every rule (who may grant, what revoking deletes, what each
//! permission allows) is enforced in keepsake-core; these only translate.

use tauri::State;

use super::{blocking, AppState};
use crate::dto::{
    ActorDto, CategoryDto, CategoryIdDto, LedgerRowDto, LogLineDto, PermissionIdDto,
    PermissionsDto, PlaceDto, PurgedDto, StatsDto,
};
use crate::error::ErrorDto;

#[tauri::command]
pub async fn permissions(state: State<'_, AppState>) -> Result<PermissionsDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| {
            Ok(PermissionsDto {
                minor: d.is_minor()?,
                permissions: d.permissions()?.into_iter().map(Into::into).collect(),
            })
        })
    })
    .await
}

/// `actor.guardianName` is set when a guardian consents for a user under 14.
#[tauri::command]
pub async fn grant_permission(
    state: State<'_, AppState>,
    id: PermissionIdDto,
    actor: ActorDto,
) -> Result<(), ErrorDto> {
    let permission = id.into();
    blocking(&state, move |ks| ks.grant(permission, &actor.into())).await
}

/// `purge`: also delete the stored places or photo fields (the others always delete theirs).
#[tauri::command]
pub async fn revoke_permission(
    state: State<'_, AppState>,
    id: PermissionIdDto,
    purge: bool,
) -> Result<PurgedDto, ErrorDto> {
    let permission = id.into();
    blocking(&state, move |ks| {
        ks.revoke(permission, purge).map(Into::into)
    })
    .await
}

/// Newest first.
#[tauri::command]
pub async fn consent_ledger(state: State<'_, AppState>) -> Result<Vec<LedgerRowDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| d.consent_ledger())
            .map(|rows| rows.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn privacy_dashboard(state: State<'_, AppState>) -> Result<Vec<CategoryDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| d.dashboard())
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}

/// Delete everything in one category; returns how many items went.
#[tauri::command]
pub async fn delete_category(
    state: State<'_, AppState>,
    id: CategoryIdDto,
) -> Result<u32, ErrorDto> {
    blocking(&state, move |ks| {
        ks.delete_category(id.into())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    })
    .await
}

#[tauri::command]
pub async fn entry_place(
    state: State<'_, AppState>,
    entry_id: String,
) -> Result<Option<PlaceDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| d.place(&entry_id))
            .map(|p| p.map(Into::into))
    })
    .await
}

/// `place: null` clears it.
#[tauri::command]
pub async fn set_entry_place(
    state: State<'_, AppState>,
    entry_id: String,
    place: Option<PlaceDto>,
) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| {
        let place = place.map(Into::into);
        ks.with_diary(|d| d.set_place(&entry_id, place.as_ref()))
    })
    .await
}

#[tauri::command]
pub async fn usage_stats(state: State<'_, AppState>) -> Result<StatsDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| d.usage_stats()).map(Into::into)
    })
    .await
}

/// Newest first.
#[tauri::command]
pub async fn error_log(state: State<'_, AppState>) -> Result<Vec<LogLineDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| d.error_log())
            .map(|lines| lines.into_iter().map(Into::into).collect())
    })
    .await
}

/// `time` is `HH:MM` local time; `null` cancels the reminder.
#[tauri::command]
pub async fn set_reminder(
    state: State<'_, AppState>,
    time: Option<String>,
) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.set_reminder(time.as_deref())).await
}
