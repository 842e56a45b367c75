//! IPC types of Settings → Data and sharing: delete everything, export and import progress and
//! results, shares and the share log.

use serde::Serialize;
use ts_rs::TS;

/// What "delete everything" removed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WipeReportDto {
    pub removed_files: Vec<String>,
    pub keychain_item_removed: bool,
    pub webview_data_cleared: bool,
    /// The backups folder went, with every backup in it.
    pub backups_removed: bool,
    /// The second backup folder, if one was chosen.
    pub second_backup_folder: Option<SecondFolderWipeDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecondFolderWipeDto {
    pub path: String,
    /// False: out of reach (not mounted); the user is told to delete it there.
    pub removed: bool,
}

impl WipeReportDto {
    pub fn new(r: keepsake_core::WipeReport, webview_data_cleared: bool) -> Self {
        Self {
            removed_files: r.removed_files,
            keychain_item_removed: r.keychain_item_removed,
            webview_data_cleared,
            backups_removed: r.backups_removed,
            second_backup_folder: r.second_backup_folder.map(|(path, removed)| {
                SecondFolderWipeDto {
                    path: path.display().to_string(),
                    removed,
                }
            }),
        }
    }
}

/// How far a long job (export, import) has come.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgressDto {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummaryDto {
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub images: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<keepsake_core::archive::ExportSummary> for ExportSummaryDto {
    fn from(s: keepsake_core::archive::ExportSummary) -> Self {
        Self {
            entries: s.entries,
            images: s.images,
            bytes: s.bytes,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummaryDto {
    #[ts(type = "number")]
    pub entries_added: u64,
    #[ts(type = "number")]
    pub entries_skipped: u64,
    #[ts(type = "number")]
    pub images_added: u64,
}

impl From<keepsake_core::archive::ImportSummary> for ImportSummaryDto {
    fn from(s: keepsake_core::archive::ImportSummary) -> Self {
        Self {
            entries_added: s.entries_added,
            entries_skipped: s.entries_skipped,
            images_added: s.images_added,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareResultDto {
    /// For the clipboard format: the text to copy.
    pub text: Option<String>,
    /// The files written.
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareLogRowDto {
    #[ts(type = "number")]
    pub at: i64,
    pub entry_id: String,
    pub title: Option<String>,
    pub format: String,
    pub destination: String,
}

impl From<keepsake_core::share::ShareLogRow> for ShareLogRowDto {
    fn from(r: keepsake_core::share::ShareLogRow) -> Self {
        Self {
            at: r.at,
            entry_id: r.entry_id,
            title: r.title,
            format: r.format,
            destination: r.destination,
        }
    }
}
