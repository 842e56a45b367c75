//! `Keepsake`: one diary folder and its locked/unlocked state. The shell holds one of these.

mod backups;
mod data;
mod diary;
mod keys;
mod photos;
mod privacy;
mod restore_entries;
mod session;
mod tidy;
mod upkeep;
mod wipe;

use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::backup::{self, Reason};
use crate::db::{self, now_ms, Mode};
use crate::fsutil;
use crate::keychain::{KeyStore, OsKeyStore};
use crate::paths::Paths;
use crate::settings::{FileStamp, Settings};
use crate::vault::{
    check_new_passphrase, DataKey, KdfParams, KeyFile, RecoveryKey, SlotKind, Throttle,
};
use crate::{diagnostics, Error, Result};

pub use backups::{BackupHealth, Rescue, RestoredEntries, SECOND_FOLDER_NAME};
pub use diary::Diary;
pub use keys::Rekeyed;
pub use privacy::{PolicyState, Purged};
pub(crate) use session::Session;
use session::{Job, JOBS_STOP_WITHIN};
pub use tidy::Tidied;
pub use upkeep::{CheckReport, Upkept, CHECK_EVERY_MS};
pub use wipe::{WipeReport, CONFIRMATION_WORDS};

/// The keychain service name when the shell does not choose one.
pub const DEFAULT_KEYCHAIN_SERVICE: &str = "app.keepsake.diary";
/// Errors that happen while locked wait here (kind, context) for the diagnostics log.
const MAX_PENDING_ERRORS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No diary here yet: onboarding.
    New,
    Locked,
    Unlocked,
}

pub struct Keepsake {
    paths: Paths,
    passphrase_kdf: KdfParams,
    recovery_kdf: KdfParams,
    diary: Mutex<Option<Diary>>,
    /// When the user last did something, for auto-lock.
    last_activity: Mutex<Instant>,
    key_store: Arc<dyn KeyStore>,
    pending_errors: Mutex<Vec<(i64, &'static str, String)>>,
    /// Held while settings.json is read, changed and written (see `update_settings`).
    settings_writer: Mutex<()>,
    /// A check found the diary damaged (see `upkeep`).
    damaged: AtomicBool,
    /// The last session did not end cleanly: the full check is due.
    check_due: AtomicBool,
}

/// Passphrases are compared as NFC, so the same words typed on another OS or input method
/// (which may compose characters differently) still unlock.
fn passphrase_secret(passphrase: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(passphrase.nfc().collect::<String>().into_bytes())
}

impl Keepsake {
    /// The diary in `root`, with production KDF costs.
    pub fn new(root: impl Into<std::path::PathBuf>) -> Result<Self> {
        Self::with_kdf(root, KdfParams::PASSPHRASE, KdfParams::RECOVERY)
    }

    /// Like `new` with chosen KDF costs for new slots (tests use cheap ones).
    pub fn with_kdf(
        root: impl Into<std::path::PathBuf>,
        passphrase_kdf: KdfParams,
        recovery_kdf: KdfParams,
    ) -> Result<Self> {
        let paths = Paths::new(root);
        fsutil::create_private_dir(paths.root())?;
        fsutil::remove_stale_temp(&paths.key_file())?;
        for file in paths.app_files() {
            fsutil::make_private(&file)?;
        }
        // A restore or a browsed backup that a crash interrupted: the diary itself is whole.
        for file in paths.temporary_databases() {
            let _ = fs::remove_file(file);
        }
        let keepsake = Self {
            paths,
            passphrase_kdf,
            recovery_kdf,
            diary: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            key_store: Arc::new(OsKeyStore::new(DEFAULT_KEYCHAIN_SERVICE)),
            pending_errors: Mutex::new(Vec::new()),
            settings_writer: Mutex::new(()),
            damaged: AtomicBool::new(false),
            check_due: AtomicBool::new(false),
        };
        Ok(keepsake)
    }

    /// Use `store` for remember_device (a mock in tests; the OS keychain under a test service
    /// name in end-to-end runs).
    pub fn with_key_store(mut self, store: Arc<dyn KeyStore>) -> Self {
        self.key_store = store;
        self
    }

    /// Ready for use: finishes a "delete everything" that a crash interrupted (with the key
    /// store in place, so its keychain item goes too). Call once after building.
    pub fn started(self) -> Result<Self> {
        self.resume_wipe()?;
        Ok(self)
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    fn slot(&self) -> MutexGuard<'_, Option<Diary>> {
        self.diary.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn throttle(&self) -> Throttle {
        Throttle::new(self.paths.throttle_file())
    }

    pub fn status(&self) -> Status {
        if self.slot().is_some() {
            Status::Unlocked
        } else if self.has_files() {
            Status::Locked
        } else {
            Status::New
        }
    }

    pub fn settings(&self) -> Settings {
        Settings::load(&self.paths.settings_file())
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        let _one_writer = self
            .settings_writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        settings.save(&self.paths.settings_file())
    }

    /// Change the settings in place: read, change and write as one step, so that two threads
    /// changing different settings (the language, the window's place) never undo each other.
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<()> {
        let _one_writer = self
            .settings_writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut settings = self.settings();
        change(&mut settings);
        settings.save(&self.paths.settings_file())
    }

    /// Seconds the user must wait before the next unlock attempt.
    pub fn unlock_retry_after_secs(&self) -> u64 {
        self.throttle().retry_after_secs(SystemTime::now())
    }

    /// Create the diary: a new data key, the key file (written first, atomically), then the
    /// encrypted database. Leaves the diary unlocked and returns the recovery key to show once.
    pub fn create(&self, passphrase: &str, accepted_policy: u32) -> Result<Zeroizing<String>> {
        check_new_passphrase(passphrase)?;
        let mut slot = self.slot();
        if slot.is_some() || self.has_files() {
            return Err(Error::AlreadyExists);
        }
        let key = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let secret = passphrase_secret(passphrase);
        KeyFile::new(
            &key,
            &[
                (SlotKind::Passphrase, &secret, self.passphrase_kdf),
                (SlotKind::Recovery, recovery.expose(), self.recovery_kdf),
            ],
        )?
        .save(&self.paths.key_file())?;
        let diary = match self
            .create_database(&key, accepted_policy)
            .and_then(|conn| Diary::open(conn, key))
        {
            Ok(diary) => diary,
            Err(e) => {
                // Nothing else exists yet: undo the half-made diary so onboarding can start over.
                self.remove_new_diary_files();
                return Err(e);
            }
        };
        *slot = Some(diary);
        self.touch();
        Ok(recovery.display())
    }

    fn create_database(&self, key: &DataKey, accepted_policy: u32) -> Result<Connection> {
        let conn = db::open(&self.paths.database(), key, Mode::Create)?;
        conn.execute(
            "INSERT INTO policy_acceptances (version, accepted_at) VALUES (?1, ?2)",
            (accepted_policy, now_ms()),
        )?;
        Ok(conn)
    }

    fn remove_new_diary_files(&self) {
        let db = self.paths.database();
        for path in [
            self.paths.key_file(),
            db.with_extension("db-wal"),
            db.with_extension("db-shm"),
            db,
        ] {
            let _ = fs::remove_file(path);
        }
    }

    /// True once a diary was created here (locked or not); false before onboarding and after a
    /// wipe. Cheap, and never waits for a job that holds the diary.
    pub fn exists(&self) -> bool {
        self.has_files()
    }

    fn has_files(&self) -> bool {
        self.paths.key_file().exists() || self.paths.database().exists()
    }

    /// True when `typed` is this diary's recovery key (used to confirm it was written down).
    pub fn verify_recovery_key(&self, typed: &str) -> Result<bool> {
        let Ok(recovery) = RecoveryKey::parse(typed) else {
            return Ok(false);
        };
        match KeyFile::load(&self.paths.key_file())?.unwrap(SlotKind::Recovery, recovery.expose()) {
            Ok(_) => Ok(true),
            Err(Error::WrongSecret) => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub fn unlock(&self, passphrase: &str) -> Result<()> {
        self.unlock_with(SlotKind::Passphrase, &passphrase_secret(passphrase))
    }

    pub fn unlock_with_recovery_key(&self, typed: &str) -> Result<()> {
        match RecoveryKey::parse(typed) {
            Ok(recovery) => self.unlock_with(SlotKind::Recovery, recovery.expose()),
            // A mistyped key is a failed attempt like any other.
            Err(_) => self.unlock_with(SlotKind::Recovery, &[]),
        }
    }

    fn unlock_with(&self, kind: SlotKind, secret: &[u8]) -> Result<()> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Ok(());
        }
        if !self.has_files() {
            return Err(Error::NoVault);
        }
        let throttle = self.throttle();
        throttle.check(SystemTime::now())?;
        let key_file = KeyFile::load(&self.paths.key_file())?;
        let key = match key_file.unwrap(kind, secret) {
            Err(Error::WrongSecret) => {
                throttle.record_failure(SystemTime::now())?;
                return Err(Error::WrongSecret);
            }
            other => other?,
        };
        throttle.reset()?;
        let next = self.paths.next_key_file();
        match self.open_diary(&mut slot, key) {
            // Re-encryption stopped between swapping the database and its key file: the new
            // key file opens it; put it in place.
            Err(Error::DatabaseDamaged) if next.exists() => {
                let key = KeyFile::load(&next)?.unwrap(kind, secret)?;
                self.open_diary(&mut slot, key)?;
                fs::rename(&next, self.paths.key_file())?;
                fsutil::sync_dir(self.paths.root())
            }
            // It stopped before the swap: the old key file is the one; the new goes.
            Ok(()) if next.exists() => fs::remove_file(&next).map_err(Into::into),
            other => other,
        }
    }

    /// Open the database with an unwrapped key and make it the open diary.
    ///
    /// The file is compared with the stamp the last clean lock left: changed outside the app
    /// (a sync tool, a restore by hand, damage) it is checked in full before it opens; with no
    /// stamp (the app or the machine stopped while it was open) the check runs in the
    /// background (see `upkeep`). A schema migration is preceded by a backup.
    fn open_diary(&self, slot: &mut Option<Diary>, key: DataKey) -> Result<()> {
        let db_path = self.paths.database();
        let upkeep = self.settings().upkeep;
        let changed_outside = upkeep
            .clean_close
            .is_some_and(|stamp| Some(stamp) != FileStamp::of(&db_path));
        let mut conn = db::open_unmigrated(&db_path, &key)?;
        if changed_outside {
            db::check_integrity(&conn).inspect_err(|_| self.note_damage())?;
        }
        // A backup that cannot be made (a full disk) does not keep the user out: a migration
        // runs in a transaction, and the error is logged (through the pending list: the
        // caller holds the diary, which `log_error` would wait for).
        if db::migration_pending(&conn)? {
            if let Err(e) = self.back_up_file(&conn, &key, Reason::BeforeMigration) {
                self.pending_errors
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((db::now_ms(), "backup_failed", upkeep::error_kind(&e).into()));
            }
        }
        db::migrate(&mut conn)?;
        self.update_settings(|s| s.upkeep.clean_close = None)?;
        self.check_due
            .store(upkeep.clean_close.is_none(), Ordering::SeqCst);
        let mut diary = Diary::open(conn, key)?;
        diary.trash_days = upkeep.trash_days();
        if upkeep.backup_current && upkeep.clean_close.is_some() && !changed_outside {
            diary.backed_up_at = Some(diary.changes());
        }
        for (at, kind, context) in self
            .pending_errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
        {
            let _ = diagnostics::record(diary.conn(), at, kind, &context);
        }
        *slot = Some(diary);
        self.touch();
        Ok(())
    }

    /// Note an error for the diagnostics log (kept only if that permission is granted).
    /// `kind` is a fixed identifier and `context` a place in the code, never content.
    pub fn log_error(&self, kind: &'static str, context: &str) {
        match self.slot().as_ref() {
            Some(diary) => {
                let _ = diagnostics::record_now(diary.conn(), kind, context);
            }
            None => {
                let mut pending = self
                    .pending_errors
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                if pending.len() < MAX_PENDING_ERRORS {
                    pending.push((db::now_ms(), kind, context.to_owned()));
                }
            }
        }
    }

    /// Close the database and forget the key. Every job running (export, import, share) stops
    /// with `StoppedByLock`; this returns once they dropped their connections (each holds a copy
    /// of the key), or after `JOBS_STOP_WITHIN` at most.
    pub fn lock(&self) {
        let diary = self.slot().take();
        self.end(diary);
    }

    /// Lock as the user does (the lock button, auto-lock): first a backup when the diary
    /// changed since the last one and is small enough to copy quickly (see
    /// `LOCK_BACKUP_MAX_BYTES`). A backup that fails never keeps the diary open.
    pub fn lock_after_backup(&self) {
        let changed = self
            .with_diary(|d| Ok(d.changed_since_backup()))
            .unwrap_or(false);
        let small = fs::metadata(self.paths.database())
            .is_ok_and(|m| m.len() <= backup::LOCK_BACKUP_MAX_BYTES);
        if changed && small {
            if let Err(e) = upkeep::quietly(|p| self.back_up_with(Reason::Lock, false, p)) {
                self.log_error(
                    "backup_failed",
                    if matches!(e, Error::Busy) {
                        "busy"
                    } else {
                        "lock"
                    },
                );
            }
        }
        self.lock();
    }

    /// End `diary`'s session outside the mutex, so that a job finishing up never waits for it;
    /// then remove the session's temporary databases and stamp the file as cleanly left.
    fn end(&self, diary: Option<Diary>) {
        if let Some(diary) = diary {
            let session = Arc::clone(&diary.session);
            let backup_current = !diary.changed_since_backup();
            drop(diary);
            session.wait_for_jobs(JOBS_STOP_WITHIN);
            let view = self.paths.backup_view();
            for file in [backup::wal_path(&view), backup::shm_path(&view), view] {
                let _ = fs::remove_file(file);
            }
            let stamp = FileStamp::of(&self.paths.database());
            let _ = self.update_settings(|s| {
                s.upkeep.clean_close = stamp;
                s.upkeep.backup_current = backup_current;
            });
        }
    }

    /// Start a job in the open diary's session: its connections (from `open`, with the key)
    /// are interrupted when the diary locks.
    fn start_job<T>(&self, open: impl FnOnce(&Diary, &Job) -> Result<T>) -> Result<(Job, T)> {
        self.with_diary(|d| {
            let job = Job::start(&d.session)?;
            let opened = open(d, &job)?;
            Ok((job, opened))
        })
    }

    /// The open diary's session (tests watch its jobs).
    #[cfg(test)]
    pub(crate) fn session(&self) -> Arc<Session> {
        self.with_diary(|d| Ok(Arc::clone(&d.session))).unwrap()
    }

    /// A connection of its own for a job, with the open diary's key.
    fn job_connection(&self, diary: &Diary, job: &Job) -> Result<Connection> {
        let conn = db::open(&self.paths.database(), &diary.key, Mode::Open)?;
        job.watch(&conn)?;
        Ok(conn)
    }

    /// The user did something: postpone auto-lock.
    pub fn touch(&self) {
        *self
            .last_activity
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    /// Lock when unlocked and idle for at least `max_idle` at `now`; true when it locked.
    ///
    /// The idle time is read only once the diary is held: an unlock that was under way (the
    /// KDF runs while it holds the diary) ends with a `touch`, and an idle time read before it
    /// would lock the diary the user had just opened.
    pub fn lock_if_idle(&self, max_idle: Duration, now: Instant) -> bool {
        let slot = self.slot();
        let idle = now.saturating_duration_since(
            *self
                .last_activity
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        if slot.is_some() && idle >= max_idle {
            drop(slot);
            self.lock_after_backup();
            true
        } else {
            false
        }
    }

    /// Run `f` with the open diary, or fail with `Locked`.
    pub fn with_diary<T>(&self, f: impl FnOnce(&Diary) -> Result<T>) -> Result<T> {
        match self.slot().as_ref() {
            Some(diary) => f(diary),
            None => Err(Error::Locked),
        }
    }
}

#[cfg(test)]
mod tests;
