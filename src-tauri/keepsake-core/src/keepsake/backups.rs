//! Backups through `Keepsake`: made as jobs of the unlocked session (see `backup` for how the
//! file is frozen while the diary stays usable), restored whole or entry by entry, and the
//! rescue of a damaged diary from the unlock screen.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use rusqlite::Connection;

use super::{Diary, Keepsake};
use crate::archive::Progress;
use crate::backup::sync_folders::{self, SyncService};
use crate::backup::{self, ManifestKey, Reason, Repo, Summary, Take};
use crate::db::{self, now_ms, Mode};
use crate::entries::{Cursor, Page};
use crate::settings::FileStamp;
use crate::vault::{DataKey, KeyFile, SlotKind};
use crate::{entries, fsutil, Error, Result};

/// The name of the folder made inside a second backup folder the user chose.
pub const SECOND_FOLDER_NAME: &str = "Keepsake backups";

/// What Settings → Data shows above the list.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupHealth {
    pub newest: Option<Summary>,
    pub count: usize,
    /// Manifests that do not open (damaged, or of another diary).
    pub damaged: usize,
    pub folder_bytes: u64,
    pub budget_bytes: u64,
    pub second_folder: Option<PathBuf>,
    /// False when the second folder is chosen but cannot be written (a disk not plugged in).
    pub second_folder_reachable: bool,
    /// The diary's own folder is inside one a sync service syncs.
    pub synced_by: Option<SyncService>,
    pub sync_warning_seen: bool,
}

/// What a per-entry restore did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoredEntries {
    pub restored: usize,
    /// Entries still in the diary (perhaps edited since): the backup's version came back as a
    /// copy beside them, so nothing is overwritten.
    pub as_copies: usize,
    pub photos: usize,
}

/// What a rescue of a damaged diary did.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescue {
    pub restored: Summary,
    /// The damaged database, kept as it was (ciphertext) in the diary's folder.
    pub damaged_copy: Option<String>,
}

/// A backup opened read-only: its database put together beside the diary, migrated to the
/// current schema. Closed (and removed) at lock or when another is opened.
pub(super) struct BackupView {
    pub id: String,
    pub conn: Connection,
}

impl Keepsake {
    pub(super) fn primary_repo(&self) -> Repo {
        Repo::new(self.paths.backups())
    }

    /// The second backup folder's repo, when the user chose one.
    fn second_repo(&self) -> Option<Repo> {
        self.settings()
            .upkeep
            .second_backup_folder
            .map(|dir| Repo::new(dir.join(SECOND_FOLDER_NAME)))
    }

    pub(super) fn repos(&self) -> Vec<Repo> {
        std::iter::once(self.primary_repo())
            .chain(self.second_repo())
            .collect()
    }

    /// Back up now (checked). See `backup` for the format and `back_up_with` for the steps.
    pub fn back_up(&self, reason: Reason, progress: &mut Progress<'_>) -> Result<Summary> {
        self.back_up_with(reason, true, progress)
    }

    /// Freeze the file (under the diary, for an instant), copy it in a job of the session
    /// (the diary answers meanwhile), check it when `verify`, then apply retention.
    pub(super) fn back_up_with(
        &self,
        reason: Reason,
        verify: bool,
        progress: &mut Progress<'_>,
    ) -> Result<Summary> {
        let db_path = self.paths.database();
        let (job, (reader, key, changes)) = self.start_job(|d, job| {
            checkpoint_now(&d.conn)?;
            let reader = self.job_connection(d, job)?;
            backup::freeze(&reader, &db_path)?;
            Ok((reader, ManifestKey::derive(&d.key)?, d.changes()))
        })?;
        progress.within(job.session());
        let stored = self.store_backup(reader, &key, reason, verify, progress);
        let summary = job.finish(stored)?;
        let _ = self.with_open(|d| {
            d.backed_up_at = Some(changes);
            Ok(())
        });
        if !summary.verified && verify {
            self.damaged.store(true, Ordering::SeqCst);
        }
        Ok(summary)
    }

    /// Copy the file `reader` froze into every backup folder, then apply retention there.
    fn store_backup(
        &self,
        reader: Connection,
        key: &ManifestKey,
        reason: Reason,
        verify: bool,
        progress: &mut Progress<'_>,
    ) -> Result<Summary> {
        let key_file = fs::read(self.paths.key_file())?;
        let repos = self.repos();
        let (summary, _unreachable) = backup::take(
            reader,
            Take {
                db_path: &self.paths.database(),
                repos: &repos,
                key,
                key_file: &key_file,
                reason,
                verify,
            },
            progress,
        )?;
        if let Ok(file) = KeyFile::load(&self.paths.key_file()) {
            for repo in &repos {
                let _ = repo.save_key_file(&file);
            }
        }
        let budget = self.settings().upkeep.backup_budget_bytes();
        for repo in &repos {
            let _ = backup::prune(repo, key, now_ms(), budget);
        }
        Ok(summary)
    }

    /// Back up the database `conn` has open before the diary is (before a migration).
    pub(super) fn back_up_file(
        &self,
        conn: &Connection,
        key: &DataKey,
        reason: Reason,
    ) -> Result<Summary> {
        checkpoint_now(conn)?;
        let db_path = self.paths.database();
        let reader = db::open_unmigrated(&db_path, key)?;
        backup::freeze(&reader, &db_path)?;
        let key = ManifestKey::derive(key)?;
        super::upkeep::quietly(|p| self.store_backup(reader, &key, reason, true, p))
    }

    /// A backup before a destructive operation. One that cannot be made (the disk is full, an
    /// export holds the file) is logged and the operation goes ahead: the user asked for it.
    pub(super) fn back_up_before(&self, reason: Reason) {
        if let Err(e) = super::upkeep::quietly(|p| self.back_up_with(reason, true, p)) {
            self.log_error("backup_failed", super::upkeep::error_kind(&e));
        }
    }

    /// Remove every backup that does not open with the open diary's key (made before it was
    /// re-encrypted), from every backup folder. Returns how many went.
    pub(super) fn remove_backups_of_old_keys(&self) -> Result<usize> {
        let key = self.with_diary(|d| ManifestKey::derive(&d.key))?;
        let mut removed = 0;
        for repo in self.repos() {
            for id in repo.snapshot_ids()? {
                if backup::open_manifest(&repo, &id, &key).is_err() {
                    repo.remove_snapshot(&id)?;
                    removed += 1;
                }
            }
            let _ = backup::prune(
                &repo,
                &key,
                now_ms(),
                self.settings().upkeep.backup_budget_bytes(),
            );
        }
        Ok(removed)
    }

    /// Delete one backup (from every backup folder), and the chunks only it used.
    pub fn delete_backup(&self, id: &str) -> Result<()> {
        let key = self.with_diary(|d| ManifestKey::derive(&d.key))?;
        let repos = self.repos();
        backup::open_manifest(&repos[0], id, &key)?;
        for repo in &repos {
            repo.remove_snapshot(id)?;
            let _ = backup::prune(repo, &key, now_ms(), u64::MAX);
        }
        Ok(())
    }

    /// Every backup in the diary's backups folder, newest first.
    pub fn backups(&self) -> Result<Vec<Summary>> {
        let key = self.with_diary(|d| ManifestKey::derive(&d.key))?;
        let (mut list, _) = backup::list(&self.primary_repo(), &key)?;
        list.reverse();
        Ok(list)
    }

    pub fn backup_health(&self) -> Result<BackupHealth> {
        let key = self.with_diary(|d| ManifestKey::derive(&d.key))?;
        let repo = self.primary_repo();
        let (list, damaged) = backup::list(&repo, &key)?;
        let upkeep = self.settings().upkeep;
        let second = self.second_repo();
        Ok(BackupHealth {
            newest: list.last().cloned(),
            count: list.len(),
            damaged: damaged.len(),
            folder_bytes: repo.size(),
            budget_bytes: upkeep.backup_budget_bytes(),
            second_folder_reachable: second.as_ref().is_some_and(|r| r.create().is_ok()),
            second_folder: upkeep.second_backup_folder,
            synced_by: sync_folders::service_syncing(self.paths.root()),
            sync_warning_seen: upkeep.sync_warning_seen,
        })
    }

    /// When the newest backup was made, readable while locked (from its file name).
    pub fn newest_backup_at(&self) -> Option<i64> {
        self.primary_repo()
            .snapshot_ids()
            .ok()?
            .last()
            .and_then(|id| backup::snapshot_time(id))
    }

    /// True when a backup is due after unlock (none within the hour).
    pub fn backup_due(&self) -> bool {
        self.newest_backup_at()
            .is_none_or(|at| now_ms() - at >= backup::UNLOCK_BACKUP_EVERY_MS)
    }

    /// Choose (or clear) the second backup folder. The next backup fills it.
    pub fn set_second_backup_folder(&self, folder: Option<&Path>) -> Result<()> {
        if let Some(dir) = folder {
            if !dir.is_dir() {
                return Err(Error::InvalidInput("the backup folder does not exist"));
            }
            Repo::new(dir.join(SECOND_FOLDER_NAME)).create()?;
        }
        self.update_settings(|s| s.upkeep.second_backup_folder = folder.map(Path::to_path_buf))
    }

    pub fn set_backup_budget_mib(&self, mib: u64) -> Result<()> {
        if !(64..=10 * 1024 * 1024).contains(&mib) {
            return Err(Error::InvalidInput("backup budget"));
        }
        self.update_settings(|s| s.upkeep.backup_budget_mib = Some(mib))
    }

    pub fn dismiss_sync_warning(&self) -> Result<()> {
        self.update_settings(|s| s.upkeep.sync_warning_seen = true)
    }

    /// Replace the whole diary with backup `id`: a backup of the diary as it is now first (so
    /// this can be undone), then the chosen one put together, opened and checked beside the
    /// diary, and swapped in by one rename.
    pub fn restore_backup(&self, id: &str, progress: &mut Progress<'_>) -> Result<Summary> {
        let (key, repo_key) = self.with_diary(|d| {
            if d.read_only() {
                return Err(Error::ReadOnly);
            }
            Ok((copy_key(&d.key), ManifestKey::derive(&d.key)?))
        })?;
        let repo = self.primary_repo();
        let manifest = backup::open_manifest(&repo, id, &repo_key)?;
        // The progress shown runs twice: this backup, then the restore.
        self.back_up_with(Reason::BeforeRestore, true, progress)?;
        let restoring = self.paths.restoring();
        backup::reassemble(&repo, &manifest, &restoring, progress)?;
        check_database(&restoring, &key)?;
        self.swap_in(&restoring, key, None)?;
        Ok(manifest.summary)
    }

    /// Lock, then replace the database with `restoring` (checked already) in one rename; the
    /// old one is removed or, when `keep_old_as` is given, kept under that name.
    fn swap_in(&self, restoring: &Path, key: DataKey, keep_old_as: Option<&Path>) -> Result<()> {
        self.swap_in_held(&mut self.slot(), restoring, key, keep_old_as, None)
    }

    /// `swap_in` with the diary held already; `key_file`, when given, replaces the key file
    /// right after the database (a new data key: see `rekey`).
    pub(super) fn swap_in_held(
        &self,
        slot: &mut Option<Diary>,
        restoring: &Path,
        key: DataKey,
        keep_old_as: Option<&Path>,
        key_file: Option<&Path>,
    ) -> Result<()> {
        if let Some(diary) = slot.take() {
            let _ = checkpoint_now(&diary.conn);
            self.end(Some(diary));
        }
        fsutil::crash_point()?;
        let db = self.paths.database();
        remove_wal(restoring)?;
        match keep_old_as {
            Some(aside) if db.exists() => fs::rename(&db, aside)?,
            _ => {}
        }
        fsutil::crash_point()?;
        // The old database's WAL is empty (checkpointed, then closed): it goes before the new
        // file takes the name, so no frame of the old one is ever applied to the new one.
        remove_wal(&db)?;
        fsutil::crash_point()?;
        fs::rename(restoring, &db)?;
        if let Some(next) = key_file {
            fsutil::crash_point()?;
            fs::rename(next, self.paths.key_file())?;
        }
        fsutil::sync_dir(self.paths.root())?;
        // Checked already: the new file is as the app left it.
        let stamp = FileStamp::of(&db);
        self.update_settings(|s| s.upkeep.clean_close = stamp)?;
        fsutil::crash_point()?;
        self.open_diary(slot, key)?;
        // The database in place now was checked before it took the name.
        self.damaged.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// Open backup `id` read-only to browse its entries (replacing any backup open before).
    pub fn open_backup(&self, id: &str, progress: &mut Progress<'_>) -> Result<Summary> {
        self.close_backup();
        let (key, repo_key) =
            self.with_diary(|d| Ok((copy_key(&d.key), ManifestKey::derive(&d.key)?)))?;
        let repo = self.primary_repo();
        let manifest = backup::open_manifest(&repo, id, &repo_key)?;
        let view = self.paths.backup_view();
        backup::reassemble(&repo, &manifest, &view, progress)?;
        let conn = db::open(&view, &key, Mode::Open).inspect_err(|_| remove_database(&view))?;
        conn.pragma_update(None, "query_only", true)?;
        let summary = manifest.summary;
        self.with_open(|d| {
            d.view = Some(BackupView {
                id: summary.id.clone(),
                conn,
            });
            Ok(())
        })?;
        Ok(summary)
    }

    /// Close the backup being browsed and remove its file.
    pub fn close_backup(&self) {
        let _ = self.with_open(|d| {
            d.view = None;
            Ok(())
        });
        remove_database(&self.paths.backup_view());
    }

    /// A page of the open backup's entries (newest first).
    pub fn backup_entries(&self, id: &str, after: Option<&Cursor>, limit: u32) -> Result<Page> {
        self.with_diary(|d| match d.view.as_ref() {
            Some(view) if view.id == id => entries::page(&view.conn, after, limit),
            _ => Err(Error::NotFound),
        })
    }

    /// One entry of the open backup, whole.
    pub fn backup_entry(&self, id: &str, entry_id: &str) -> Result<entries::Entry> {
        self.with_diary(|d| match d.view.as_ref() {
            Some(view) if view.id == id => entries::get(&view.conn, entry_id),
            _ => Err(Error::NotFound),
        })
    }

    /// Put `entry_ids` of the open backup (with their photos, tags and places) into the diary,
    /// all or nothing. An entry that is still in the diary comes back as a copy beside it.
    pub fn restore_entries(&self, id: &str, entry_ids: &[String]) -> Result<RestoredEntries> {
        self.with_open(|d| {
            let view = match d.view.as_ref() {
                Some(view) if view.id == id => view,
                _ => return Err(Error::NotFound),
            };
            super::restore_entries::copy(&view.conn, &d.conn, entry_ids)
        })
    }

    /// For the unlock screen of a damaged diary: restore the newest backup that opens and
    /// checks, with the passphrase (or recovery key) the user typed. The live key file is used
    /// when it opens, else the backups' copy (the key file itself may be what was lost). The
    /// damaged database is kept aside, never deleted.
    pub fn rescue(
        &self,
        secret: &str,
        recovery: bool,
        progress: &mut Progress<'_>,
    ) -> Result<Rescue> {
        if self.slot().is_some() {
            return Err(Error::InvalidInput("the diary is open"));
        }
        let repo = self.primary_repo();
        let (kind, secret) = if recovery {
            let parsed =
                crate::vault::RecoveryKey::parse(secret).map_err(|_| Error::WrongSecret)?;
            (
                SlotKind::Recovery,
                zeroize::Zeroizing::new(parsed.expose().to_vec()),
            )
        } else {
            (SlotKind::Passphrase, super::passphrase_secret(secret))
        };
        let throttle = self.throttle();
        throttle.check(std::time::SystemTime::now())?;
        // The live key file, the backups' copy of the current one, then those the newest
        // backups carry (the slots as they were when each was made).
        let live = KeyFile::load(&self.paths.key_file());
        let candidates: Vec<KeyFile> = repo
            .key_file()
            .into_iter()
            .chain(backup::carried_key_files(&repo))
            .collect();
        let mut key = None;
        let mut wrong = false;
        for file in live.as_ref().into_iter().chain(&candidates) {
            match file.unwrap(kind, &secret) {
                Ok(k) => {
                    key = Some((k, file));
                    break;
                }
                Err(Error::WrongSecret) => wrong = true,
                Err(_) => {}
            }
        }
        let Some((key, key_file)) = key else {
            if wrong {
                throttle.record_failure(std::time::SystemTime::now())?;
                return Err(Error::WrongSecret);
            }
            return Err(Error::NoBackup);
        };
        throttle.reset()?;
        let repo_key = ManifestKey::derive(&key)?;
        let (mut list, _) = backup::list(&repo, &repo_key)?;
        // Newest first, checked ones before the others of the same age order.
        list.sort_by(|a, b| {
            b.verified
                .cmp(&a.verified)
                .then(b.created_at.cmp(&a.created_at))
        });
        let restoring = self.paths.restoring();
        for summary in list {
            let Ok(manifest) = backup::open_manifest(&repo, &summary.id, &repo_key) else {
                continue;
            };
            if backup::reassemble(&repo, &manifest, &restoring, progress).is_err() {
                continue;
            }
            if check_database(&restoring, &key).is_err() {
                remove_database(&restoring);
                continue;
            }
            if live.is_err() {
                // The key file that opened the backups takes the place of the lost one.
                key_file.save(&self.paths.key_file())?;
            }
            let aside = self.paths.damaged_copy(now_ms());
            let kept = self.paths.database().exists().then(|| file_name(&aside));
            self.swap_in(&restoring, key, Some(&aside))?;
            return Ok(Rescue {
                restored: manifest.summary,
                damaged_copy: kept,
            });
        }
        Err(Error::NoBackup)
    }
}

impl Diary {
    /// Rows this session changed (the tidy-up's own writes left out: they are derived), and
    /// whether another connection (an import) wrote: a backup at lock is made only when this
    /// moved since the last one.
    pub(super) fn changes(&self) -> (u64, i64) {
        let version = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(0);
        (self.conn.total_changes() - self.tidy.writes, version)
    }

    /// True when the diary changed since its last backup in this session (or none was made).
    pub(super) fn changed_since_backup(&self) -> bool {
        self.backed_up_at != Some(self.changes())
    }
}

/// Checkpoint the WAL into the database file and empty it, without waiting: a job reading an
/// older state (an export) makes this `Busy` rather than holding up the diary.
pub(super) fn checkpoint_now(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::ZERO)?;
    let result: Result<i64> = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .map_err(Error::from);
    conn.busy_timeout(Duration::from_secs(5))?;
    match result? {
        0 => Ok(()),
        _ => Err(Error::Busy),
    }
}

/// Open `path` with `key` and run the full check: a database about to replace the diary.
pub(super) fn check_database(path: &Path, key: &DataKey) -> Result<()> {
    let result = db::open(path, key, Mode::Open).and_then(|conn| {
        db::check_integrity(&conn)?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    });
    if result.is_err() {
        remove_database(path);
    }
    result
}

fn remove_wal(db: &Path) -> Result<()> {
    for path in [backup::wal_path(db), backup::shm_path(db)] {
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

pub(super) fn remove_database(db: &Path) {
    let _ = remove_wal(db);
    let _ = fs::remove_file(db);
}

pub(super) fn copy_key(key: &DataKey) -> DataKey {
    DataKey::from_bytes(*key.expose())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
