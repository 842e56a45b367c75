use std::path::{Path, PathBuf};

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

    /// Failed-unlock counter, so that the backoff survives a restart.
    pub fn throttle_file(&self) -> PathBuf {
        self.root.join("unlock-throttle.json")
    }

    /// Non-secret preferences needed before unlock (language).
    pub fn settings_file(&self) -> PathBuf {
        self.root.join("settings.json")
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
