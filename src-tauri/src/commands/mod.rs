//! IPC commands, one file per feature. Each command parses its arguments, calls the core off the
//! main thread and maps errors; nothing else.

pub mod about;
pub mod backups;
pub mod data;
pub mod entries;
pub mod images;
pub mod names;
pub mod privacy;
pub mod profile;
pub mod search;
pub mod session;
pub mod share;

use std::future::Future;
use std::sync::Arc;

use keepsake_core::Keepsake;

use crate::error::ErrorDto;
use crate::grants::Grants;

/// The managed state: the one diary folder and its locked/unlocked state, and the permits that
/// bound how many photos are decoded at once (one per core).
pub struct AppState {
    pub keepsake: Arc<Keepsake>,
    pub image_workers: Arc<tokio::sync::Semaphore>,
    /// Set to stop the export or import under way.
    pub data_job_cancel: Arc<std::sync::atomic::AtomicBool>,
    /// The paths the user chose, until a command uses them.
    pub grants: Grants,
}

impl AppState {
    pub fn new(keepsake: Keepsake, grants: Grants) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            keepsake: Arc::new(keepsake),
            image_workers: Arc::new(tokio::sync::Semaphore::new(cores)),
            data_job_cancel: Arc::default(),
            grants,
        }
    }
}

/// Run `f` against the diary on a blocking thread (KDFs and SQLite must not stall the UI).
/// A failure is noted in the local error log (kept only under the diagnostics permission) with
/// its kind and the command's place in this crate, never its message.
#[track_caller]
pub fn blocking<T, F>(state: &AppState, f: F) -> impl Future<Output = Result<T, ErrorDto>>
where
    T: Send + 'static,
    F: FnOnce(&Keepsake) -> keepsake_core::Result<T> + Send + 'static,
{
    let caller = std::panic::Location::caller();
    let keepsake = Arc::clone(&state.keepsake);
    async move {
        let worker = Arc::clone(&keepsake);
        let result = tauri::async_runtime::spawn_blocking(move || f(&worker))
            .await
            .map_err(|_| ErrorDto::internal())?
            .map_err(ErrorDto::from);
        if let Err(e) = &result {
            if e.kind == crate::error::ErrorKindDto::DatabaseDamaged {
                // A damaged page met in use: the UI offers the rescue, as after a check.
                keepsake.note_damage();
            }
            log_error(&keepsake, e, caller);
        }
        result
    }
}

pub fn log_error(keepsake: &Keepsake, error: &ErrorDto, at: &std::panic::Location<'_>) {
    use crate::error::ErrorKindDto;
    // Not faults: the diary was (or became) locked.
    if !matches!(
        error.kind,
        ErrorKindDto::Locked | ErrorKindDto::StoppedByLock
    ) {
        let file = at.file().rsplit("src/").next().unwrap_or_default();
        keepsake.log_error(error.kind.as_str(), &format!("{file}:{}", at.line()));
    }
}
