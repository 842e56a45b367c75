//! Export everything to an open, documented archive (`format.rs`), optionally sealed with a
//! passphrase (`sealed.rs`): read (`read.rs`) and written (`export.rs`) on several threads;
//! check it (`check.rs`) and import it back (`import.rs`).

mod check;
mod export;
pub mod format;
mod import;
mod read;
pub mod sealed;
mod shared_file;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use check::verify;
pub use export::{export, ExportSummary};
pub use import::{import, ImportSummary};
pub use read::Snapshot;

use crate::keepsake::Session;
use crate::{Error, Result};

/// Reports progress of long work and lets the user stop it.
pub struct Progress<'a> {
    on_progress: &'a mut dyn FnMut(u64, u64),
    stop: Stop<'a>,
}

/// Why long work must stop: the user cancelled it, or the diary locked under it. Shared with
/// the threads that do the work.
#[derive(Clone)]
pub(crate) struct Stop<'a> {
    cancel: &'a AtomicBool,
    session: Option<Arc<Session>>,
}

impl Stop<'_> {
    pub fn check(&self) -> Result<()> {
        if self.session.as_ref().is_some_and(|s| s.ended()) {
            Err(Error::StoppedByLock)
        } else if self.cancel.load(Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

impl<'a> Progress<'a> {
    pub fn new(on_progress: &'a mut dyn FnMut(u64, u64), cancel: &'a AtomicBool) -> Self {
        Self {
            on_progress,
            stop: Stop {
                cancel,
                session: None,
            },
        }
    }

    /// Stop also when `session` ends (the diary locks).
    pub(crate) fn within(&mut self, session: &Arc<Session>) {
        self.stop.session = Some(Arc::clone(session));
    }

    pub(crate) fn stop(&self) -> &Stop<'a> {
        &self.stop
    }

    pub(crate) fn check(&self) -> Result<()> {
        self.stop.check()
    }

    pub(crate) fn report(&mut self, done: u64, total: u64) {
        (self.on_progress)(done, total);
    }
}

fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) if sealed::is_damage(&io) => {
            Error::ArchiveDamaged("the encrypted file is damaged")
        }
        zip::result::ZipError::Io(io) => Error::Io(io),
        _ => Error::ArchiveInvalid("the zip structure is not valid"),
    }
}

/// A scoped thread's result; its panic goes on up.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests;
