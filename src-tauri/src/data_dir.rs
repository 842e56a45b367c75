use std::path::PathBuf;

/// The app's identifier (`tauri.conf.json`), which names its folders on Linux and macOS.
const IDENTIFIER: &str = "app.keepsake.diary";

/// `KEEPSAKE_DATA_DIR` when set (tests, portable installs), else the OS's per-user data folder:
/// `~/.local/share/app.keepsake.diary` (Linux), `~/Library/Application Support/app.keepsake.diary`
/// (macOS), `%APPDATA%\Keepsake` (Windows). Resolved before Tauri starts, so that a second start
/// can find the running one before it opens a window.
///
/// On Windows the diary is deliberately not in `%APPDATA%\app.keepsake.diary`: that is the folder
/// the NSIS uninstaller's "delete the application data" box removes, and uninstalling an app must
/// never delete a diary. (The box still clears the web view's cache in `%LOCALAPPDATA%`.)
pub fn resolve() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KEEPSAKE_DATA_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = dirs::data_dir()?;
    Some(if cfg!(windows) {
        base.join("Keepsake")
    } else {
        base.join(IDENTIFIER)
    })
}

/// `KEEPSAKE_KEYCHAIN_SERVICE` when set (tests never touch a real user's item), else the app's.
pub fn keychain_service() -> String {
    std::env::var("KEEPSAKE_KEYCHAIN_SERVICE")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| keepsake_core::DEFAULT_KEYCHAIN_SERVICE.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_identifier_is_the_one_tauri_conf_names() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], super::IDENTIFIER);
    }
}
