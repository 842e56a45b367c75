//! The diary's upkeep while it is open: backups by themselves, Recently deleted emptied of what
//! is older than the user's period, and the full integrity check (weekly, after an unclean
//! end, or on demand). The shell calls `maintain` now and then; nothing here blocks the diary
//! for longer than a checkpoint.

use std::sync::atomic::{AtomicBool, Ordering};

use super::Keepsake;
use crate::archive::Progress;
use crate::backup::{self, Reason, Summary};
use crate::db::{self, now_ms};
use crate::trash::{self, TrashItem, TrashKind};
use crate::{Error, Result, Status};

/// The full check runs by itself at most this often (and after an unclean end).
pub const CHECK_EVERY_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// What the full check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Every page's HMAC (`cipher_integrity_check`).
    pub pages_ok: bool,
    /// SQLite's own structure check (`integrity_check`).
    pub structure_ok: bool,
    pub photos_checked: u64,
    /// Photos whose bytes no longer match the checksum stored with them.
    pub photos_damaged: u64,
    pub backup_chunks_checked: u64,
    /// Backup chunks that did not match their name (removed: the next backup writes them).
    pub backup_chunks_damaged: u64,
}

impl CheckReport {
    pub fn diary_healthy(&self) -> bool {
        self.pages_ok && self.structure_ok && self.photos_damaged == 0
    }
}

/// What one round of upkeep did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Upkept {
    pub backed_up: Option<Summary>,
    pub trash_expired: usize,
    pub checked: Option<CheckReport>,
}

impl Keepsake {
    /// One round of upkeep (see the module). Errors of a round are logged, not raised: the
    /// next round tries again.
    pub fn maintain(&self) -> Upkept {
        let mut done = Upkept::default();
        if self.status() != Status::Unlocked {
            return done;
        }
        let now = now_ms();
        done.trash_expired = self
            .with_diary(|d| d.erasing(|conn| trash::expire(conn, now, d.trash_days)))
            .unwrap_or(0);
        let changed = self
            .with_diary(|d| Ok(d.changed_since_backup()))
            .unwrap_or(false);
        if self.backup_due() && changed {
            match quietly(|p| self.back_up(Reason::Unlock, p)) {
                Ok(summary) => done.backed_up = Some(summary),
                Err(e) => self.log_error("backup_failed", error_kind(&e)),
            }
        }
        let last = self.settings().upkeep.last_full_check;
        let due = self.check_due.load(Ordering::SeqCst)
            || last.is_none_or(|at| now - at >= CHECK_EVERY_MS);
        if due {
            match quietly(|p| self.check_diary(false, p)) {
                Ok(report) => done.checked = Some(report),
                Err(e) => self.log_error("check_failed", error_kind(&e)),
            }
        }
        done
    }

    /// The full check, on a frozen state of the file (see `backup::freeze`) in a job of its
    /// own: every page's HMAC, SQLite's integrity check, every photo's checksum, and with
    /// `backups` every chunk the backups name. Damage found marks the diary damaged.
    pub fn check_diary(&self, backups: bool, progress: &mut Progress<'_>) -> Result<CheckReport> {
        let db_path = self.paths.database();
        let (job, (reader, key)) = self.start_job(|d, job| {
            super::backups::checkpoint_now(&d.conn)?;
            let reader = self.job_connection(d, job)?;
            backup::freeze(&reader, &db_path)?;
            Ok((reader, backup::ManifestKey::derive(&d.key)?))
        })?;
        progress.within(job.session());
        let checked = (|| {
            let photos: i64 = reader.query_row(
                "SELECT count(*) FROM image_data WHERE sha256 IS NOT NULL",
                [],
                |r| r.get(0),
            )?;
            let total = photos.unsigned_abs() + 2;
            let mut report = CheckReport::default();
            progress.report(0, total);
            report.pages_ok = !db::pages_damaged(&reader)?;
            progress.check()?;
            progress.report(1, total);
            report.structure_ok = db::structure_ok(&reader)?;
            progress.check()?;
            progress.report(2, total);
            if report.structure_ok {
                let mut stmt = reader
                    .prepare("SELECT bytes, sha256 FROM image_data WHERE sha256 IS NOT NULL")?;
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    let bytes: Vec<u8> = row.get(0)?;
                    let sum: Vec<u8> = row.get(1)?;
                    if crate::images::checksum(&bytes) != sum {
                        report.photos_damaged += 1;
                    }
                    report.photos_checked += 1;
                    progress.check()?;
                    progress.report(2 + report.photos_checked, total);
                }
            }
            if backups {
                let (checked, damaged) =
                    backup::verify_chunks(&self.primary_repo(), &key, progress)?;
                report.backup_chunks_checked = checked;
                report.backup_chunks_damaged = damaged;
            }
            Ok(report)
        })();
        drop(reader);
        let report = job.finish(checked)?;
        self.check_due.store(false, Ordering::SeqCst);
        let _ = self.update_settings(|s| s.upkeep.last_full_check = Some(now_ms()));
        self.damaged
            .store(!report.diary_healthy(), Ordering::SeqCst);
        Ok(report)
    }

    /// True once a check (or a backup's check, or a page met in use) found the diary damaged,
    /// until a restore replaces it.
    pub fn damaged(&self) -> bool {
        self.damaged.load(Ordering::SeqCst)
    }

    /// Note that an operation met a damaged page.
    pub fn note_damage(&self) {
        self.damaged.store(true, Ordering::SeqCst);
    }

    /// The full check as one verdict (tests).
    #[cfg(test)]
    pub(crate) fn check_integrity(&self) -> Result<()> {
        match quietly(|p| self.check_diary(false, p))?.diary_healthy() {
            true => Ok(()),
            false => Err(Error::DatabaseDamaged),
        }
    }

    // Recently deleted.

    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        self.with_diary(|d| trash::list(&d.conn))
    }

    pub fn restore_from_trash(&self, id: &str) -> Result<TrashKind> {
        self.with_diary(|d| {
            if d.read_only() {
                return Err(Error::ReadOnly);
            }
            trash::restore(&d.conn, id)
        })
    }

    /// Delete `id` from Recently deleted for good.
    pub fn delete_forever(&self, id: &str) -> Result<()> {
        self.with_diary(|d| d.erasing(|conn| trash::purge(conn, id)))
    }

    pub fn trash_days(&self) -> u32 {
        self.settings().upkeep.trash_days()
    }

    /// Keep deleted things `days` days (0: delete at once). What is older goes now.
    pub fn set_trash_days(&self, days: u32) -> Result<()> {
        if days > trash::MAX_KEEP_DAYS {
            return Err(Error::InvalidInput("days in Recently deleted"));
        }
        self.update_settings(|s| s.upkeep.trash_days = Some(days))?;
        self.with_open(|d| {
            d.trash_days = days;
            d.erasing(|conn| trash::expire(conn, now_ms(), days))?;
            Ok(())
        })
    }
}

/// Run long work with nobody watching its progress and no cancel button.
pub(super) fn quietly<T>(work: impl FnOnce(&mut Progress<'_>) -> Result<T>) -> Result<T> {
    let cancel = AtomicBool::new(false);
    let mut ignore = |_: u64, _: u64| {};
    let mut progress = Progress::new(&mut ignore, &cancel);
    work(&mut progress)
}

/// A fixed name for an error, for the diagnostics log (never content).
pub(super) fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Busy => "busy",
        Error::StoppedByLock => "stopped_by_lock",
        Error::DatabaseDamaged => "database_damaged",
        Error::Io(_) => "io",
        _ => "other",
    }
}
