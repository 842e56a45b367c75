//! The privacy center: permissions and the consent ledger, places, statistics, the error log,
//! the reminder and the dashboard. Every rule (who may grant, what revoking deletes, what each
//! permission allows) is enforced in keepsake-core; these only translate.

use keepsake_core::dashboard::{self, Category};
use keepsake_core::permissions::{self, Permission};
use keepsake_core::{clock, diagnostics, places, profile, usage, Error};
use tauri::State;

use super::{blocking, AppState};
use crate::dto::{
    ActorDto, CategoryDto, LedgerRowDto, LogLineDto, PermissionsDto, PlaceDto, PurgedDto, StatsDto,
};
use crate::error::ErrorDto;

fn permission(id: &str) -> Result<Permission, ErrorDto> {
    Permission::from_id(id).ok_or_else(|| Error::InvalidInput("permission").into())
}

#[tauri::command]
pub async fn list_permissions(state: State<'_, AppState>) -> Result<PermissionsDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| {
            Ok(PermissionsDto {
                minor: profile::is_minor(d.conn())?,
                permissions: permissions::states(d.conn())?
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            })
        })
    })
    .await
}

/// `actor.guardianName` is set when a guardian consents for a user under 14.
#[tauri::command]
pub async fn grant_permission(
    state: State<'_, AppState>,
    id: String,
    actor: ActorDto,
) -> Result<(), ErrorDto> {
    let permission = permission(&id)?;
    blocking(&state, move |ks| ks.grant(permission, &actor.into())).await
}

/// `purge`: also delete the stored places or photo fields (the others always delete theirs).
#[tauri::command]
pub async fn revoke_permission(
    state: State<'_, AppState>,
    id: String,
    purge: bool,
) -> Result<PurgedDto, ErrorDto> {
    let permission = permission(&id)?;
    blocking(&state, move |ks| {
        ks.revoke(permission, purge).map(Into::into)
    })
    .await
}

/// Newest first.
#[tauri::command]
pub async fn consent_ledger(state: State<'_, AppState>) -> Result<Vec<LedgerRowDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| permissions::ledger(d.conn()))
            .map(|rows| rows.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn privacy_dashboard(state: State<'_, AppState>) -> Result<Vec<CategoryDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| dashboard::summary(d.conn()))
            .map(|list| list.into_iter().map(Into::into).collect())
    })
    .await
}

/// Delete everything in one category; returns how many items went.
#[tauri::command]
pub async fn delete_category(state: State<'_, AppState>, id: String) -> Result<u32, ErrorDto> {
    let category = Category::from_id(&id).ok_or(Error::InvalidInput("category"))?;
    blocking(&state, move |ks| {
        ks.delete_category(category)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    })
    .await
}

#[tauri::command]
pub async fn get_entry_place(
    state: State<'_, AppState>,
    entry_id: String,
) -> Result<Option<PlaceDto>, ErrorDto> {
    blocking(&state, move |ks| {
        ks.with_diary(|d| places::get(d.conn(), &entry_id))
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
        ks.with_diary(|d| places::set(d.conn(), &entry_id, place.as_ref()))
    })
    .await
}

#[tauri::command]
pub async fn usage_stats(state: State<'_, AppState>) -> Result<StatsDto, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| usage::stats(d.conn(), clock::today()))
            .map(Into::into)
    })
    .await
}

/// Newest first.
#[tauri::command]
pub async fn error_log(state: State<'_, AppState>) -> Result<Vec<LogLineDto>, ErrorDto> {
    blocking(&state, |ks| {
        ks.with_diary(|d| diagnostics::lines(d.conn()))
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
