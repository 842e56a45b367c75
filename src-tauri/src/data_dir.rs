use std::path::PathBuf;

use tauri::{AppHandle, Manager};

/// `KEEPSAKE_DATA_DIR` when set (tests, portable installs), else the OS's app data folder.
pub fn resolve(app: &AppHandle) -> tauri::Result<PathBuf> {
    match std::env::var_os("KEEPSAKE_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir(),
    }
}

/// `KEEPSAKE_KEYCHAIN_SERVICE` when set (tests never touch a real user's item), else the app's.
pub fn keychain_service() -> String {
    std::env::var("KEEPSAKE_KEYCHAIN_SERVICE")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| keepsake_core::DEFAULT_KEYCHAIN_SERVICE.to_owned())
}
