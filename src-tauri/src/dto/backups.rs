//! IPC types of backups, the full check and Recently deleted.

use keepsake_core::backup::Summary;
use keepsake_core::trash::TrashItem;
use keepsake_core::{BackupHealth, CheckReport, Rescue, RestoredEntries};
use serde::Serialize;
use ts_rs::TS;

use super::{BackupReasonDto, TrashKindDto};

/// One backup, as the list in Settings → Data shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    pub id: String,
    /// Milliseconds since the epoch.
    #[ts(type = "number")]
    pub created_at: i64,
    pub reason: BackupReasonDto,
    /// The diary's size in this backup.
    #[ts(type = "number")]
    pub db_bytes: u64,
    /// What this backup added to the folder (the rest is shared with other backups).
    #[ts(type = "number")]
    pub added_bytes: u64,
    #[ts(type = "number")]
    pub entries: i64,
    #[ts(type = "number")]
    pub photos: i64,
    pub verified: bool,
}

impl From<Summary> for BackupDto {
    fn from(s: Summary) -> Self {
        Self {
            id: s.id,
            created_at: s.created_at,
            reason: s.reason.into(),
            db_bytes: s.db_bytes,
            added_bytes: s.added_bytes,
            entries: s.entries,
            photos: s.photos,
            verified: s.verified,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupHealthDto {
    pub newest: Option<BackupDto>,
    pub count: usize,
    /// Backups whose manifest does not open (damaged).
    pub damaged: usize,
    #[ts(type = "number")]
    pub folder_bytes: u64,
    #[ts(type = "number")]
    pub budget_bytes: u64,
    /// The second backup folder the user chose, as a path to show.
    pub second_folder: Option<String>,
    pub second_folder_reachable: bool,
    /// The name of the sync service whose folder holds the diary's folder.
    pub synced_by: Option<String>,
    pub sync_warning_seen: bool,
}

impl From<BackupHealth> for BackupHealthDto {
    fn from(h: BackupHealth) -> Self {
        Self {
            newest: h.newest.map(Into::into),
            count: h.count,
            damaged: h.damaged,
            folder_bytes: h.folder_bytes,
            budget_bytes: h.budget_bytes,
            second_folder: h.second_folder.map(|p| p.display().to_string()),
            second_folder_reachable: h.second_folder_reachable,
            synced_by: h.synced_by.map(|s| s.name().to_owned()),
            sync_warning_seen: h.sync_warning_seen,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredEntriesDto {
    pub restored: usize,
    /// Came back as a copy beside an entry the diary still has.
    pub as_copies: usize,
    pub photos: usize,
}

impl From<RestoredEntries> for RestoredEntriesDto {
    fn from(r: RestoredEntries) -> Self {
        Self {
            restored: r.restored,
            as_copies: r.as_copies,
            photos: r.photos,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RescueDto {
    pub restored: BackupDto,
    /// The damaged database's file name, kept in the diary's folder.
    pub damaged_copy: Option<String>,
}

impl From<Rescue> for RescueDto {
    fn from(r: Rescue) -> Self {
        Self {
            restored: r.restored.into(),
            damaged_copy: r.damaged_copy,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckReportDto {
    pub healthy: bool,
    pub pages_ok: bool,
    pub structure_ok: bool,
    #[ts(type = "number")]
    pub photos_checked: u64,
    #[ts(type = "number")]
    pub photos_damaged: u64,
    #[ts(type = "number")]
    pub backup_chunks_checked: u64,
    #[ts(type = "number")]
    pub backup_chunks_damaged: u64,
}

impl From<CheckReport> for CheckReportDto {
    fn from(r: CheckReport) -> Self {
        Self {
            healthy: r.diary_healthy(),
            pages_ok: r.pages_ok,
            structure_ok: r.structure_ok,
            photos_checked: r.photos_checked,
            photos_damaged: r.photos_damaged,
            backup_chunks_checked: r.backup_chunks_checked,
            backup_chunks_damaged: r.backup_chunks_damaged,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashItemDto {
    pub id: String,
    pub kind: TrashKindDto,
    pub title: String,
    pub entry_at: String,
    #[ts(type = "number")]
    pub deleted_at: i64,
    #[ts(type = "number")]
    pub photos: i64,
}

impl From<TrashItem> for TrashItemDto {
    fn from(t: TrashItem) -> Self {
        Self {
            id: t.id,
            kind: t.kind.into(),
            title: t.title,
            entry_at: t.entry_at,
            deleted_at: t.deleted_at,
            photos: t.photos,
        }
    }
}

/// What re-encrypting with a new key did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RekeyedDto {
    /// The new recovery key, shown once.
    pub recovery_key: String,
    /// Backups made under the old key, removed.
    pub backups_removed: usize,
    /// remember_device was withdrawn (its slot wrapped the old key).
    pub device_forgotten: bool,
}

impl From<keepsake_core::Rekeyed> for RekeyedDto {
    fn from(r: keepsake_core::Rekeyed) -> Self {
        Self {
            recovery_key: r.recovery_key.to_string(),
            backups_removed: r.backups_removed,
            device_forgotten: r.device_forgotten,
        }
    }
}

/// Recently deleted, and how long things stay there.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashDto {
    pub items: Vec<TrashItemDto>,
    /// 0: deleted at once.
    pub keep_days: u32,
}
