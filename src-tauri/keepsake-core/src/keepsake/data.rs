//! Export and import through `Keepsake`, each a job on connections of its own: neither holds
//! up the diary (its mutex stays free for lock, status and photos), and both stop when it
//! locks.

use std::path::Path;
use std::sync::Arc;

use super::Keepsake;
use crate::archive::{self, ExportSummary, ImportSummary, Progress, Snapshot};
use crate::share::{self, ShareFormat, ShareOptions, Shared};
use crate::{Error, Result};

impl Keepsake {
    /// Export everything to `dest`, sealed with `passphrase` when given.
    pub fn export_to(
        &self,
        dest: &Path,
        passphrase: Option<&str>,
        progress: &mut Progress<'_>,
    ) -> Result<ExportSummary> {
        let passphrase = passphrase.map(super::passphrase_secret);
        let (job, snapshot) =
            self.start_job(|d, job| Snapshot::take(|| self.job_connection(d, job)))?;
        progress.within(job.session());
        let exported = archive::export(
            snapshot,
            dest,
            passphrase.as_ref().map(|p| p.as_slice()),
            self.passphrase_kdf,
            progress,
        );
        job.finish(exported)
    }

    /// One instant of the diary on connections of its own, outside any job (tests only).
    #[cfg(test)]
    pub(crate) fn snapshot(&self) -> Result<Snapshot> {
        self.start_job(|d, job| Snapshot::take(|| self.job_connection(d, job)))
            .map(|(_, snapshot)| snapshot)
    }

    /// Import the export at `src` (its passphrase when it is sealed), all or nothing.
    pub fn import_from(
        &self,
        src: &Path,
        passphrase: Option<&str>,
        progress: &mut Progress<'_>,
    ) -> Result<ImportSummary> {
        let passphrase = passphrase.map(super::passphrase_secret);
        if self.with_diary(|d| Ok(d.read_only()))? {
            return Err(Error::ReadOnly);
        }
        self.back_up_before(crate::backup::Reason::BeforeImport);
        let (job, conn) = self.start_job(|d, job| {
            if d.read_only() {
                return Err(Error::ReadOnly);
            }
            self.job_connection(d, job)
        })?;
        progress.within(job.session());
        let imported = archive::import(
            &conn,
            src,
            passphrase.as_ref().map(|p| p.as_slice()),
            progress,
        );
        drop(conn);
        job.finish(imported)
    }

    /// Share one entry as `format` to `dest` (see `share`), and log it. Read inside the diary,
    /// written outside it (a sealed copy's key derivation holds nothing up), logged only if the
    /// diary stayed open: a lock in between takes the copy back and says so.
    pub fn share_entry(
        &self,
        entry_id: &str,
        format: ShareFormat,
        options: ShareOptions,
        dest: Option<&Path>,
        passphrase: Option<&str>,
    ) -> Result<Shared> {
        let (session, gathered) =
            self.with_diary(|d| Ok((Arc::clone(&d.session), share::gather(&d.conn, entry_id)?)))?;
        let (shared, destination) = share::write(&gathered, format, options, dest, passphrase)?;
        drop(gathered);
        let logged = self.with_diary(|d| {
            if !Arc::ptr_eq(&d.session, &session) {
                return Err(Error::StoppedByLock);
            }
            share::record(&d.conn, entry_id, format, destination)
        });
        match logged {
            Ok(()) => Ok(shared),
            Err(e) => {
                share::remove(&shared);
                Err(if session.ended() {
                    Error::StoppedByLock
                } else {
                    e
                })
            }
        }
    }
}
