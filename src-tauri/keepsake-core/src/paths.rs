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
}
