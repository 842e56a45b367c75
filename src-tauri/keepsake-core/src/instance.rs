//! One process per diary folder. The folder itself is locked with an OS file lock while a
//! Keepsake process uses it, so a second start (another build, a stale instance, the same folder
//! spelled through a symlink or with a trailing slash) can never open the same diary twice. The
//! kernel drops the lock when the process ends, however it ends: there is no stale lock file to
//! clean up after a crash.
//!
//! - Linux and macOS: `flock` on the folder itself (no file is added to it).
//! - Windows, where a folder cannot be locked: `LockFileEx` on a file named after the folder's
//!   canonical path, under `%LOCALAPPDATA%\app.keepsake.diary\locks` (beside the web view's
//!   cache, outside the diary, so "delete everything" still leaves the folder empty; not in
//!   `%LOCALAPPDATA%\Keepsake`, which is where the per-user installer puts the program).

use std::fs::File;
use std::path::Path;
#[cfg(any(windows, test))]
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Held while this process owns the folder; dropping it (or exiting) releases the folder.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
    id: String,
}

impl FolderLock {
    /// Take `root` (which must exist) for this process, or `Error::InUse` when another process
    /// holds it.
    pub fn acquire(root: &Path) -> Result<FolderLock> {
        let id = folder_id(root)?;
        let file = lock_target(root, &id)?;
        match file.try_lock() {
            Ok(()) => Ok(FolderLock { _file: file, id }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::InUse),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }

    /// `acquire`, waiting up to `timeout` for a process that is shutting down to let go.
    pub fn acquire_within(root: &Path, timeout: Duration) -> Result<FolderLock> {
        let deadline = Instant::now() + timeout;
        loop {
            match Self::acquire(root) {
                Err(Error::InUse) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// The folder's identity (see `folder_id`).
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A short name for the folder that is the same however its path is spelled: a hash of its
/// canonical path (symlinks resolved, no trailing slash; case-folded on Windows, whose file
/// names are case-insensitive). Used to name the lock on Windows and the shell's socket that
/// brings the running window to the front.
pub fn folder_id(root: &Path) -> Result<String> {
    let canonical = std::fs::canonicalize(root)?;
    let mut bytes = canonical.as_os_str().as_encoded_bytes().to_vec();
    if cfg!(windows) {
        bytes = String::from_utf8_lossy(&bytes).to_lowercase().into_bytes();
    }
    let digest = Sha256::digest(&bytes);
    Ok(hex::encode(&digest[..8]))
}

#[cfg(not(windows))]
fn lock_target(root: &Path, _id: &str) -> Result<File> {
    Ok(File::open(root)?)
}

#[cfg(windows)]
fn lock_target(_root: &Path, id: &str) -> Result<File> {
    let dir = windows_lock_dir();
    std::fs::create_dir_all(&dir)?;
    Ok(std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(format!("{id}.lock")))?)
}

#[cfg(windows)]
fn windows_lock_dir() -> PathBuf {
    std::env::var_os("LOCALAPPDATA")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join("app.keepsake.diary")
        .join("locks")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_is_refused_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        assert!(matches!(FolderLock::acquire(dir.path()), Err(Error::InUse)));
        drop(first);
        FolderLock::acquire(dir.path()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_the_same_through_a_symlink_and_with_a_trailing_slash() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("diary");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let slashed = PathBuf::from(format!("{}/", real.display()));
        let dotted = dir.path().join(".").join("diary");

        let held = FolderLock::acquire(&real).unwrap();
        for other in [&link, &slashed, &dotted] {
            assert!(
                matches!(FolderLock::acquire(other), Err(Error::InUse)),
                "{}",
                other.display()
            );
            assert_eq!(folder_id(other).unwrap(), held.id(), "{}", other.display());
        }
        let elsewhere = tempfile::tempdir().unwrap();
        assert_ne!(folder_id(elsewhere.path()).unwrap(), held.id());
        FolderLock::acquire(elsewhere.path()).unwrap();
    }

    #[test]
    fn waiting_takes_the_folder_once_its_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        let path = dir.path().to_owned();
        let waiter =
            std::thread::spawn(move || FolderLock::acquire_within(&path, Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        waiter.join().unwrap().unwrap();
        let still = FolderLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            FolderLock::acquire_within(dir.path(), Duration::from_millis(200)),
            Err(Error::InUse)
        ));
        drop(still);
    }

    #[cfg(not(windows))]
    #[test]
    fn locking_adds_no_file_to_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let _held = FolderLock::acquire(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
