//! Delete everything: crypto-erase, then remove every file the app wrote. Journaled, so that a
//! wipe interrupted by a crash or power loss is finished at the next start.
//!
//! Order: write the journal (naming the keychain item, which no other file will name once the
//! key file is gone), lock, destroy the key file (overwritten with random bytes, synced, then
//! removed; without it the database is noise), delete the keychain item, remove the database
//! with its WAL and SHM, then the settings and the unlock counter, and last the journal.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Keepsake;
use crate::backup::Repo;
use crate::db::now_ms;
use crate::settings::Language;
use crate::vault::KeyFile;
use crate::{fsutil, Error, Result};

/// The word a user types to confirm "delete everything", in each language the app speaks.
/// Either is accepted, in any case, whatever the language shown.
pub const CONFIRMATION_WORDS: [(Language, &str); 2] =
    [(Language::En, "DELETE"), (Language::ZhCn, "删除")];

pub fn confirms_wipe(typed: &str) -> bool {
    let typed = typed.trim();
    CONFIRMATION_WORDS
        .iter()
        .any(|(_, w)| w.eq_ignore_ascii_case(typed) || *w == typed)
}

/// Where a test may stop a wipe, as a crash would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WipeStep {
    JournalWritten,
    KeyFileDestroyed,
    KeychainItemDeleted,
    DatabaseRemoved,
    FilesRemoved,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    started_at: i64,
    keychain_account: Option<String>,
}

/// What the wipe removed, for the report the user sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WipeReport {
    /// File names (within the data folder) that were removed.
    pub removed_files: Vec<String>,
    pub keychain_item_removed: bool,
    /// True when this finished a wipe that an earlier run had started.
    pub resumed: bool,
    /// The backups folder (and every backup in it) was removed.
    pub backups_removed: bool,
    /// The second backup folder the user chose, and whether its backups were removed (false:
    /// out of reach, e.g. a disk not plugged in; its files open nothing without a key file
    /// copy and a secret, and the user is told to delete them).
    pub second_backup_folder: Option<(std::path::PathBuf, bool)>,
}

impl Keepsake {
    /// Destroy the diary: every key, then every file. Needs no passphrase beyond the unlocked
    /// diary (the UI asks for a typed confirmation word). Afterwards the folder is as on a first
    /// run.
    pub fn delete_everything(&self) -> Result<WipeReport> {
        self.delete_everything_until(None)
    }

    /// `delete_everything` behind the typed confirmation word, checked here whatever the UI
    /// does.
    pub fn delete_everything_confirmed(&self, typed: &str) -> Result<WipeReport> {
        if !confirms_wipe(typed) {
            return Err(Error::InvalidInput(
                "type the confirmation word to delete everything",
            ));
        }
        self.delete_everything()
    }

    /// `delete_everything`, stopping after `stop` as if the app died there (crash tests).
    pub(crate) fn delete_everything_until(&self, stop: Option<WipeStep>) -> Result<WipeReport> {
        if self.slot().is_none() {
            return Err(Error::Locked);
        }
        let account = KeyFile::load(&self.paths.key_file())
            .ok()
            .and_then(|f| f.device_account().map(str::to_owned));
        let journal = Journal {
            started_at: now_ms(),
            keychain_account: account,
        };
        let bytes = serde_json::to_vec(&journal).map_err(|_| Error::InvalidInput("journal"))?;
        fsutil::replace_file(&self.paths.wipe_journal(), &bytes)?;
        self.lock();
        self.run_wipe(&journal, stop, false)
    }

    /// Finish a wipe that was interrupted; `None` when none was under way. Runs at start.
    pub fn resume_wipe(&self) -> Result<Option<WipeReport>> {
        let path = self.paths.wipe_journal();
        let Ok(bytes) = fs::read(&path) else {
            return Ok(None);
        };
        // A journal damaged by the crash still means "wipe": only the keychain name is lost.
        let journal = serde_json::from_slice(&bytes).unwrap_or(Journal {
            started_at: 0,
            keychain_account: None,
        });
        self.lock();
        self.run_wipe(&journal, None, true).map(Some)
    }

    fn run_wipe(
        &self,
        journal: &Journal,
        stop: Option<WipeStep>,
        resumed: bool,
    ) -> Result<WipeReport> {
        let halt = |step| {
            if stop == Some(step) {
                Err(fsutil::simulated_crash())
            } else {
                Ok(())
            }
        };
        let mut report = WipeReport {
            resumed,
            ..WipeReport::default()
        };
        halt(WipeStep::JournalWritten)?;

        let key_file = self.paths.key_file();
        let next_key_file = self.paths.next_key_file();
        for file in [&key_file, &next_key_file] {
            if destroy(file)? {
                report.removed_files.push(file_name(file));
            }
        }
        halt(WipeStep::KeyFileDestroyed)?;

        if let Some(account) = &journal.keychain_account {
            self.key_store.delete(account)?;
            report.keychain_item_removed = true;
        }
        halt(WipeStep::KeychainItemDeleted)?;

        // Backups carry copies of the key file: they go next, with everything in them.
        report.backups_removed = Repo::new(self.paths.backups()).remove_all()?;
        if let Some(folder) = self.settings().upkeep.second_backup_folder {
            let repo = Repo::new(folder.join(super::SECOND_FOLDER_NAME));
            let removed = repo.remove_all().is_ok() && !repo.root().exists();
            report.second_backup_folder = Some((folder, removed));
        }
        for path in self
            .paths
            .damaged_copies()
            .iter()
            .chain(&self.paths.temporary_databases())
        {
            if remove(path)? {
                report.removed_files.push(file_name(path));
            }
        }

        let files = self.paths.app_files();
        let (database_files, others): (Vec<_>, Vec<_>) = files
            .iter()
            .filter(|p| **p != key_file && **p != next_key_file)
            .partition(|p| file_name(p).starts_with("diary.db"));
        for path in database_files {
            if remove(path)? {
                report.removed_files.push(file_name(path));
            }
        }
        halt(WipeStep::DatabaseRemoved)?;
        for path in others {
            if remove(path)? {
                report.removed_files.push(file_name(path));
            }
        }
        halt(WipeStep::FilesRemoved)?;

        remove(&self.paths.wipe_journal())?;
        fsutil::sync_dir(self.paths.root())?;
        Ok(report)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Remove a file; true when it existed.
fn remove(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Overwrite a file with random bytes, sync, then remove it; true when it existed. On a disk
/// that rewrites in place this erases the wrapped keys; on SSDs and copy-on-write file systems
/// the old blocks may survive, which is why the keys are wrapped in the first place: without a
/// passphrase or recovery key they open nothing.
fn destroy(path: &Path) -> Result<bool> {
    let len = match fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut file = OpenOptions::new().write(true).open(path)?;
    let mut noise = vec![0u8; usize::try_from(len).unwrap_or(0).min(1 << 20)];
    getrandom::fill(&mut noise).map_err(|_| Error::Crypto)?;
    file.write_all(&noise)?;
    file.sync_all()?;
    drop(file);
    remove(path)
}
