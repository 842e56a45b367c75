//! Settings → Data: backups (list, back up now, restore, browse and restore entries, a second
//! folder, the budget), the full check, Recently deleted, and the rescue of a damaged diary
//! from the unlock screen. Long work runs off the main thread with progress (see `data`).

use keepsake_core::backup::Reason;
use keepsake_core::trash;
use tauri::ipc::Channel;
use tauri::State;
use zeroize::Zeroizing;

use super::data::progress_job;
use super::{blocking, AppState};
use crate::dto::{
    BackupDto, BackupHealthDto, CheckReportDto, CursorDto, EntryDto, EntryPageDto, ProgressDto,
    RescueDto, RestoredEntriesDto, TrashDto,
};
use crate::error::ErrorDto;
use crate::grants::PathKindDto;

#[tauri::command]
pub async fn back_up_now(
    state: State<'_, AppState>,
    on_progress: Channel<ProgressDto>,
) -> Result<BackupDto, ErrorDto> {
    progress_job(&state, on_progress, |ks, progress| {
        ks.back_up(Reason::Manual, progress)
    })
    .await
}

/// Every backup, newest first.
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Result<Vec<BackupDto>, ErrorDto> {
    blocking(&state, |ks| {
        Ok(ks.backups()?.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn backup_health(state: State<'_, AppState>) -> Result<BackupHealthDto, ErrorDto> {
    blocking(&state, |ks| ks.backup_health().map(Into::into)).await
}

#[tauri::command]
pub async fn delete_backup(state: State<'_, AppState>, id: String) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.delete_backup(&id)).await
}

/// Replace the whole diary with backup `id` (the diary as it is now is backed up first).
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    id: String,
    on_progress: Channel<ProgressDto>,
) -> Result<BackupDto, ErrorDto> {
    progress_job(&state, on_progress, move |ks, progress| {
        ks.restore_backup(&id, progress)
    })
    .await
}

/// Open backup `id` read-only to browse its entries.
#[tauri::command]
pub async fn open_backup(
    state: State<'_, AppState>,
    id: String,
    on_progress: Channel<ProgressDto>,
) -> Result<BackupDto, ErrorDto> {
    progress_job(&state, on_progress, move |ks, progress| {
        ks.open_backup(&id, progress)
    })
    .await
}

#[tauri::command]
pub async fn close_backup(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    blocking(&state, |ks| {
        ks.close_backup();
        Ok(())
    })
    .await
}

/// A page of the open backup's entries, newest first.
#[tauri::command]
pub async fn backup_entries(
    state: State<'_, AppState>,
    id: String,
    after: Option<CursorDto>,
    limit: u32,
) -> Result<EntryPageDto, ErrorDto> {
    blocking(&state, move |ks| {
        let after = after.map(Into::into);
        ks.backup_entries(&id, after.as_ref(), limit)
            .map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn backup_entry(
    state: State<'_, AppState>,
    id: String,
    entry_id: String,
) -> Result<EntryDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.backup_entry(&id, &entry_id).map(Into::into)
    })
    .await
}

/// Put the chosen entries of the open backup back into the diary, all or nothing.
#[tauri::command]
pub async fn restore_backup_entries(
    state: State<'_, AppState>,
    id: String,
    entry_ids: Vec<String>,
) -> Result<RestoredEntriesDto, ErrorDto> {
    blocking(&state, move |ks| {
        ks.restore_entries(&id, &entry_ids).map(Into::into)
    })
    .await
}

/// Choose the second backup folder (a folder grant), or stop using one (`null`).
#[tauri::command]
pub async fn set_backup_folder(
    state: State<'_, AppState>,
    grant: Option<String>,
) -> Result<BackupHealthDto, ErrorDto> {
    let folder = match grant {
        Some(grant) => Some(state.grants.take(&grant, PathKindDto::Folder)?),
        None => None,
    };
    blocking(&state, move |ks| {
        ks.set_second_backup_folder(folder.as_deref())?;
        ks.backup_health().map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn set_backup_budget(state: State<'_, AppState>, mib: u64) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.set_backup_budget_mib(mib)).await
}

#[tauri::command]
pub async fn dismiss_sync_warning(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    blocking(&state, |ks| ks.dismiss_sync_warning()).await
}

/// Settings → Data → "Check the diary": every page, the structure, every photo, the backups.
#[tauri::command]
pub async fn check_diary(
    state: State<'_, AppState>,
    on_progress: Channel<ProgressDto>,
) -> Result<CheckReportDto, ErrorDto> {
    progress_job(&state, on_progress, |ks, progress| {
        ks.check_diary(true, progress)
    })
    .await
}

/// On the unlock screen of a damaged diary: restore the newest backup that checks, with the
/// passphrase (or, with `recovery`, the recovery key) the user typed.
#[tauri::command]
pub async fn rescue_diary(
    state: State<'_, AppState>,
    secret: String,
    recovery: bool,
    on_progress: Channel<ProgressDto>,
) -> Result<RescueDto, ErrorDto> {
    let secret = Zeroizing::new(secret);
    progress_job(&state, on_progress, move |ks, progress| {
        ks.rescue(&secret, recovery, progress)
    })
    .await
}

#[tauri::command]
pub async fn trash(state: State<'_, AppState>) -> Result<TrashDto, ErrorDto> {
    blocking(&state, |ks| {
        Ok(TrashDto {
            items: ks.trash()?.into_iter().map(Into::into).collect(),
            keep_days: ks.trash_days(),
        })
    })
    .await
}

#[tauri::command]
pub async fn restore_from_trash(state: State<'_, AppState>, id: String) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.restore_from_trash(&id).map(drop)).await
}

#[tauri::command]
pub async fn delete_forever(state: State<'_, AppState>, id: String) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.delete_forever(&id)).await
}

/// Keep deleted things `days` days (0: delete at once).
#[tauri::command]
pub async fn set_trash_days(state: State<'_, AppState>, days: u32) -> Result<(), ErrorDto> {
    if days > trash::MAX_KEEP_DAYS {
        return Err(keepsake_core::Error::InvalidInput("days").into());
    }
    blocking(&state, move |ks| ks.set_trash_days(days)).await
}
