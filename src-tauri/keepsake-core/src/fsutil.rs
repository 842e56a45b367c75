//! Crash-safe file replacement: write a temporary file, fsync it, rename it over the target,
//! fsync the directory. After a crash at any point the target holds either the old or the new
//! bytes, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// A point at which a test can stop `replace_file` as if the process had died there. Crate
/// only: production code always passes `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CrashPoint {
    /// Half of the new bytes are in the temporary file.
    TempHalfWritten,
    /// The temporary file holds all the new bytes but was not synced.
    TempWritten,
    /// The temporary file is synced; the rename has not happened.
    TempSynced,
    /// The rename happened; the directory was not synced.
    Renamed,
}

#[cfg(test)]
impl CrashPoint {
    pub const ALL: [CrashPoint; 4] = [
        CrashPoint::TempHalfWritten,
        CrashPoint::TempWritten,
        CrashPoint::TempSynced,
        CrashPoint::Renamed,
    ];
}

pub fn temp_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    target.with_file_name(name)
}

/// Atomically replace `target` with `bytes`.
pub fn replace_file(target: &Path, bytes: &[u8]) -> Result<()> {
    replace_file_until(target, bytes, None)
}

/// The error a crash test's stop point returns (see `CrashPoint`, `WipeStep`).
pub(crate) fn simulated_crash() -> Error {
    #[cfg(test)]
    return Error::SimulatedCrash;
    #[cfg(not(test))]
    unreachable!("crash points are only ever passed by tests")
}

#[cfg(test)]
thread_local! {
    /// Crash points left to pass before `crash_point` stops as if the app died there; `None`
    /// never stops. Set by crash tests on their own thread.
    pub(crate) static CRASH_AFTER: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

/// A place where a crash test may stop a backup or a restore (see `CRASH_AFTER`); once it
/// stopped, every later point stops too, as nothing runs after a crash. Nothing in builds.
pub(crate) fn crash_point() -> Result<()> {
    #[cfg(test)]
    {
        let stop = CRASH_AFTER.with(|c| match c.get() {
            Some(0) => true,
            Some(n) => {
                c.set(Some(n - 1));
                false
            }
            None => false,
        });
        if stop {
            return Err(Error::SimulatedCrash);
        }
    }
    Ok(())
}

/// `replace_file`, stopping with `Error::SimulatedCrash` at `crash` (for crash tests).
pub(crate) fn replace_file_until(
    target: &Path,
    bytes: &[u8],
    crash: Option<CrashPoint>,
) -> Result<()> {
    let stop = |point| {
        if crash == Some(point) {
            Err(simulated_crash())
        } else {
            Ok(())
        }
    };
    let tmp = temp_path(target);
    let mut file = private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)?;
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half])?;
    stop(CrashPoint::TempHalfWritten)?;
    file.write_all(&bytes[half..])?;
    stop(CrashPoint::TempWritten)?;
    file.sync_all()?;
    drop(file);
    stop(CrashPoint::TempSynced)?;
    fs::rename(&tmp, target)?;
    stop(CrashPoint::Renamed)?;
    sync_dir(target.parent().unwrap_or(Path::new(".")))
}

/// Make a rename or a new file in `dir` durable (a no-op where directories cannot be opened).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Options that create files readable and writable by the user only (0600 on Unix; on Windows a
/// new file takes the per-user ACL of its folder, which under `%APPDATA%` is the user's alone).
pub fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Create `path` as a new, empty file that only the user may read (see `private_options`).
pub fn create_private_file(path: &Path) -> Result<()> {
    private_options().write(true).create_new(true).open(path)?;
    Ok(())
}

/// Make `dir` (its parents as usual) and keep it readable by the user only: 0700 on Unix, also
/// when it already existed with looser bits (a diary folder is nobody else's business). Windows
/// folders under `%APPDATA%` inherit the user's own ACL, which is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    restrict(dir, 0o700)?;
    Ok(())
}

/// Tighten an existing file of the diary to 0600 (files written before this rule existed).
pub fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    match fs::metadata(path) {
        Ok(_) => restrict(path, 0o600)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if fs::metadata(path)?.permissions().mode() & 0o777 != mode {
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Remove a leftover temporary file from an interrupted `replace_file`.
pub fn remove_stale_temp(target: &Path) -> Result<()> {
    match fs::remove_file(temp_path(target)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
