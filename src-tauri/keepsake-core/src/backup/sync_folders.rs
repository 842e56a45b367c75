//! Is a folder inside one that a sync service keeps in step across machines? A live database
//! there gets damaged when two machines write it (or one writes while the service copies), so
//! the app says so once and suggests the second backup folder instead: snapshots are files
//! written once, which these services move safely.
//!
//! Each service is recognised by what it leaves in the folder it syncs (a marker file or
//! folder) or by the folder's well-known name.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncService {
    Dropbox,
    OneDrive,
    ICloudDrive,
    GoogleDrive,
    Nextcloud,
    Syncthing,
}

impl SyncService {
    pub fn name(self) -> &'static str {
        match self {
            SyncService::Dropbox => "Dropbox",
            SyncService::OneDrive => "OneDrive",
            SyncService::ICloudDrive => "iCloud Drive",
            SyncService::GoogleDrive => "Google Drive",
            SyncService::Nextcloud => "Nextcloud",
            SyncService::Syncthing => "Syncthing",
        }
    }
}

/// Marker files or folders a service keeps at the top of what it syncs.
const MARKERS: &[(&str, SyncService)] = &[
    (".dropbox", SyncService::Dropbox),
    (".dropbox.cache", SyncService::Dropbox),
    (".stfolder", SyncService::Syncthing),
    (".nextcloudsync.log", SyncService::Nextcloud),
    (".owncloudsync.log", SyncService::Nextcloud),
    (".sync_journal.db", SyncService::Nextcloud),
    (".tmp.drivedownload", SyncService::GoogleDrive),
    (".tmp.driveupload", SyncService::GoogleDrive),
];

/// Folder names that are the synced folder itself.
fn by_name(name: &str) -> Option<SyncService> {
    let lower = name.to_lowercase();
    if lower == "dropbox" || lower.starts_with("dropbox (") {
        Some(SyncService::Dropbox)
    } else if lower == "onedrive" || lower.starts_with("onedrive - ") {
        Some(SyncService::OneDrive)
    } else if lower == "com~apple~clouddocs" || lower == "icloud drive" {
        Some(SyncService::ICloudDrive)
    } else if lower == "google drive" || lower == "my drive" || lower == "googledrive" {
        Some(SyncService::GoogleDrive)
    } else if lower == "nextcloud" {
        Some(SyncService::Nextcloud)
    } else {
        None
    }
}

/// The sync service whose folder holds `dir` (or is it), if any.
pub fn service_syncing(dir: &Path) -> Option<SyncService> {
    for folder in dir.ancestors() {
        for (marker, service) in MARKERS {
            if folder.join(marker).exists() {
                return Some(*service);
            }
        }
        if folder
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(by_name)
            .is_some()
        {
            return folder
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(by_name);
        }
        // Nextcloud and ownCloud keep a journal named .sync_<hex>.db.
        if let Ok(entries) = std::fs::read_dir(folder) {
            let journal = entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(".sync_") && n.ends_with(".db"))
            });
            if journal {
                return Some(SyncService::Nextcloud);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_is_found_from_its_marker_or_folder_name() {
        let cases: &[(&str, bool, SyncService)] = &[
            (".dropbox", false, SyncService::Dropbox),
            (".stfolder", true, SyncService::Syncthing),
            (".nextcloudsync.log", false, SyncService::Nextcloud),
            (".sync_2f3a9c.db", false, SyncService::Nextcloud),
            (".tmp.drivedownload", true, SyncService::GoogleDrive),
        ];
        for (marker, is_dir, service) in cases {
            let root = tempfile::tempdir().unwrap();
            let diary = root.path().join("Documents/Keepsake");
            std::fs::create_dir_all(&diary).unwrap();
            let at = root.path().join(marker);
            if *is_dir {
                std::fs::create_dir(&at).unwrap();
            } else {
                std::fs::write(&at, b"").unwrap();
            }
            assert_eq!(service_syncing(&diary), Some(*service), "{marker}");
        }
        for (folder, service) in [
            ("OneDrive - Contoso", SyncService::OneDrive),
            ("Dropbox", SyncService::Dropbox),
            (
                "Library/Mobile Documents/com~apple~CloudDocs",
                SyncService::ICloudDrive,
            ),
            ("Google Drive/My Drive", SyncService::GoogleDrive),
        ] {
            let root = tempfile::tempdir().unwrap();
            let diary = root.path().join(folder).join("Keepsake");
            std::fs::create_dir_all(&diary).unwrap();
            assert_eq!(service_syncing(&diary), Some(service), "{folder}");
        }
    }

    #[test]
    fn an_ordinary_folder_is_not_synced() {
        let root = tempfile::tempdir().unwrap();
        let diary = root.path().join("home/ana/.local/share/keepsake");
        std::fs::create_dir_all(&diary).unwrap();
        // A file that merely mentions a service is no marker.
        std::fs::write(root.path().join("home/ana/dropbox-notes.txt"), b"").unwrap();
        assert_eq!(service_syncing(&diary), None);
    }
}
