use std::path::{Path, PathBuf};

const DAMAGED_PREFIX: &str = "diary-damaged-";

/// Where each file of a diary lives inside its data directory.
#[derive(Debug, Clone)]
pub struct Paths {
    root: PathBuf,
}

impl Paths {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The SQLCipher database: entries and everything else the user writes.
    pub fn database(&self) -> PathBuf {
        self.root.join("diary.db")
    }

    /// The key slots that wrap the database key. Holds no plaintext.
    pub fn key_file(&self) -> PathBuf {
        self.root.join("keyfile.json")
    }

    /// A key file for a new data key, present only while "re-encrypt with a new key" swaps the
    /// database: the unlock after a crash there knows which of the two opens the database.
    pub fn next_key_file(&self) -> PathBuf {
        self.root.join("keyfile.next.json")
    }

    /// The database re-encrypted under a new key, before it takes the diary's place.
    pub fn rekeying(&self) -> PathBuf {
        self.root.join("rekeying.db")
    }

    /// Failed-unlock counter, so that the backoff survives a restart.
    pub fn throttle_file(&self) -> PathBuf {
        self.root.join("unlock-throttle.json")
    }

    /// Non-secret preferences needed before unlock (language).
    pub fn settings_file(&self) -> PathBuf {
        self.root.join("settings.json")
    }

    /// The encrypted backups (see `backup`).
    pub fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// A backup being put together before it replaces the database (restore, rescue).
    pub fn restoring(&self) -> PathBuf {
        self.root.join("restoring.db")
    }

    /// A backup put together to be browsed read-only (removed at lock).
    pub fn backup_view(&self) -> PathBuf {
        self.root.join("backup-view.db")
    }

    /// Where a damaged database is kept when a backup replaced it (ciphertext, as it was).
    pub fn damaged_copy(&self, at: i64) -> PathBuf {
        self.root.join(format!("{DAMAGED_PREFIX}{at}.db"))
    }

    /// Damaged databases kept by earlier rescues.
    pub fn damaged_copies(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(DAMAGED_PREFIX))
            })
            .collect();
        found.sort();
        found
    }

    /// Temporary databases of restores and browsing, with their WAL and SHM.
    pub fn temporary_databases(&self) -> Vec<PathBuf> {
        [self.restoring(), self.backup_view(), self.rekeying()]
            .into_iter()
            .flat_map(|db| {
                [
                    crate::backup::wal_path(&db),
                    crate::backup::shm_path(&db),
                    db,
                ]
            })
            .collect()
    }

    /// Present only while "delete everything" runs: the next start finishes the wipe.
    pub fn wipe_journal(&self) -> PathBuf {
        self.root.join("wipe-journal.json")
    }

    /// Every file the app writes in its data directory, in the order a wipe removes them: the
    /// key file first (crypto-erase), the journal last.
    pub fn app_files(&self) -> Vec<PathBuf> {
        let db = self.database();
        let mut files = vec![
            self.key_file(),
            crate::fsutil::temp_path(&self.key_file()),
            self.next_key_file(),
            crate::fsutil::temp_path(&self.next_key_file()),
            db.with_extension("db-wal"),
            db.with_extension("db-shm"),
            db.clone(),
            self.throttle_file(),
            crate::fsutil::temp_path(&self.throttle_file()),
            self.settings_file(),
            crate::fsutil::temp_path(&self.settings_file()),
        ];
        files.dedup();
        files
    }
}
