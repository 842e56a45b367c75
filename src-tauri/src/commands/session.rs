//! Onboarding, unlock, lock, the policy and the passphrase.

use keepsake_core::policy;
use keepsake_core::settings::Settings;
use keepsake_core::vault::strength;
use keepsake_core::{Error, Status};
use tauri::{AppHandle, Manager, Runtime, State};
use zeroize::Zeroizing;

use super::{blocking, AppState};
use crate::dto::{
    AppStatusDto, LanguageDto, PassageDto, PolicyDto, PolicyUpdateDto, PolicyVersionDto,
    RekeyedDto, StrengthDto,
};
use crate::error::{ErrorDto, ErrorKindDto};

/// What the UI shows first. In a window opened on a diary folder that another process holds
/// (see `single_instance`), no diary is managed and the answer is `in_use`.
#[tauri::command]
pub async fn app_status<R: Runtime>(app: AppHandle<R>) -> Result<AppStatusDto, ErrorDto> {
    let Some(state) = app.try_state::<AppState>() else {
        return Err(ErrorDto::new(ErrorKindDto::InUse, Error::InUse.to_string()));
    };
    blocking(&state, |ks| {
        let settings = ks.settings();
        let state = ks.status();
        Ok(AppStatusDto {
            state: state.into(),
            language: settings.language.map(Into::into),
            unlock_retry_after_secs: u32::try_from(ks.unlock_retry_after_secs())
                .unwrap_or(u32::MAX),
            autolock_minutes: settings.autolock_minutes(),
            device_remembered: state == Status::Locked && ks.device_remembered(),
            policy_update_pending: ks.policy_state().is_ok_and(|p| p.update_pending()),
            reminder: settings.reminder,
            damaged: ks.damaged(),
            newest_backup_at: ks.newest_backup_at(),
        })
    })
    .await
}

#[tauri::command]
pub async fn set_language(
    state: State<'_, AppState>,
    language: LanguageDto,
) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| {
        ks.update_settings(|s| s.language = Some(language.into()))
    })
    .await
}

/// The policy of `version` (the current one when omitted) in `language`.
#[tauri::command]
pub fn policy(language: LanguageDto, version: Option<u32>) -> Result<PolicyDto, ErrorDto> {
    match version {
        None => Ok(policy::current(language.into()).into()),
        Some(v) => policy::get(v, language.into())
            .map(Into::into)
            .ok_or_else(|| Error::NotFound.into()),
    }
}

/// Every published version, oldest first.
#[tauri::command]
pub fn policy_history(language: LanguageDto) -> Vec<PolicyVersionDto> {
    policy::history(language.into())
        .into_iter()
        .map(Into::into)
        .collect()
}

/// The current policy's passages, marked where they changed since `since`.
#[tauri::command]
pub fn policy_changes(language: LanguageDto, since: u32) -> Vec<PassageDto> {
    policy::changes_since(since, language.into())
        .into_iter()
        .map(Into::into)
        .collect()
}

/// After an update: the new policy, marked against the version this diary accepted; `null`
/// when nothing waits for a decision.
#[tauri::command]
pub async fn policy_update(
    state: State<'_, AppState>,
    language: LanguageDto,
) -> Result<Option<PolicyUpdateDto>, ErrorDto> {
    blocking(&state, move |ks| {
        let s = ks.policy_state()?;
        Ok(s.update_pending().then(|| PolicyUpdateDto {
            accepted: s.accepted,
            current: s.current,
            effective: policy::current(language.into()).effective.into(),
            passages: policy::changes_since(s.accepted, language.into())
                .into_iter()
                .map(Into::into)
                .collect(),
        }))
    })
    .await
}

/// Accept the current policy after an update: the diary is writable again.
#[tauri::command]
pub async fn accept_policy(state: State<'_, AppState>, version: u32) -> Result<(), ErrorDto> {
    blocking(&state, move |ks| ks.accept_policy(version)).await
}

#[tauri::command]
pub fn passphrase_strength(passphrase: String) -> StrengthDto {
    let passphrase = Zeroizing::new(passphrase);
    strength(&passphrase).into()
}

/// Creates the diary and returns the recovery key, the only time it is ever shown.
#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    passphrase: String,
    accepted_policy: u32,
) -> Result<String, ErrorDto> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |ks| {
        ks.create(&passphrase, accepted_policy)
            .map(|key| key.to_string())
    })
    .await
}

#[tauri::command]
pub async fn verify_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Result<bool, ErrorDto> {
    let recovery_key = Zeroizing::new(recovery_key);
    blocking(&state, move |ks| ks.verify_recovery_key(&recovery_key)).await
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> Result<(), ErrorDto> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |ks| ks.unlock(&passphrase)).await?;
    crate::upkeep::after_unlock(&state.keepsake);
    Ok(())
}

/// Unlock with the key this device keeps in the OS keychain (remember_device). Any keychain
/// trouble comes back as an error and the UI asks for the passphrase.
#[tauri::command]
pub async fn unlock_with_device(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    blocking(&state, |ks| ks.unlock_with_device()).await?;
    crate::upkeep::after_unlock(&state.keepsake);
    Ok(())
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Result<(), ErrorDto> {
    let recovery_key = Zeroizing::new(recovery_key);
    blocking(&state, move |ks| ks.unlock_with_recovery_key(&recovery_key)).await?;
    crate::upkeep::after_unlock(&state.keepsake);
    Ok(())
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    // The user's lock: a backup first when something changed (see `lock_after_backup`).
    blocking(&state, |ks| {
        ks.lock_after_backup();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
) -> Result<(), ErrorDto> {
    let (current, new) = (Zeroizing::new(current), Zeroizing::new(new));
    blocking(&state, move |ks| ks.change_passphrase(&current, &new)).await
}

/// Re-encrypt the diary under a new data key (see `Keepsake::rekey`); the new recovery key is
/// shown once.
#[tauri::command]
pub async fn rekey_diary(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<RekeyedDto, ErrorDto> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |ks| ks.rekey(&passphrase).map(Into::into)).await
}

/// Returns the new recovery key, shown once; the old one stops working.
#[tauri::command]
pub async fn new_recovery_key(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<String, ErrorDto> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |ks| {
        ks.new_recovery_key(&passphrase).map(|key| key.to_string())
    })
    .await
}

/// Lock after `minutes` idle minutes; 0 never.
#[tauri::command]
pub async fn set_autolock(state: State<'_, AppState>, minutes: u32) -> Result<(), ErrorDto> {
    if minutes > Settings::MAX_AUTOLOCK_MINUTES {
        return Err(keepsake_core::Error::InvalidInput("auto-lock minutes").into());
    }
    blocking(&state, move |ks| {
        ks.update_settings(|s| s.autolock_minutes = Some(minutes))
    })
    .await
}

/// The user typed, clicked or scrolled: postpone auto-lock.
#[tauri::command]
pub fn record_activity(state: State<'_, AppState>) {
    state.keepsake.touch();
}
