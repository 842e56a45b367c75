use std::path::PathBuf;

use tauri::{AppHandle, Manager};

/// `KEEPSAKE_DATA_DIR` when set (tests, portable installs), else the OS's app data folder.
pub fn resolve(app: &AppHandle) -> tauri::Result<PathBuf> {
    match std::env::var_os("KEEPSAKE_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir(),
    }
}
