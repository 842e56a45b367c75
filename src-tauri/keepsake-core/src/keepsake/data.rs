//! Export and import through `Keepsake`: the export reads from connections of its own (its
//! snapshot does not hold up the diary), the import writes through the diary's.

use std::path::Path;

use super::Keepsake;
use crate::archive::{self, ExportSummary, ImportSummary, Progress, Snapshot};
use crate::db::{self, Mode};
use crate::Result;

impl Keepsake {
    /// Export everything to `dest`, sealed with `passphrase` when given.
    pub fn export_to(
        &self,
        dest: &Path,
        passphrase: Option<&str>,
        progress: &mut Progress<'_>,
    ) -> Result<ExportSummary> {
        let passphrase = passphrase.map(super::passphrase_secret);
        archive::export(
            self.snapshot()?,
            dest,
            passphrase.as_ref().map(|p| p.as_slice()),
            self.passphrase_kdf,
            progress,
        )
    }

    /// One instant of the diary on connections of its own, for an export.
    pub(crate) fn snapshot(&self) -> Result<Snapshot> {
        self.with_diary(|d| Snapshot::take(|| db::open(&self.paths.database(), &d.key, Mode::Open)))
    }

    /// Import the export at `src` (its passphrase when it is sealed), all or nothing.
    pub fn import_from(
        &self,
        src: &Path,
        passphrase: Option<&str>,
        progress: &mut Progress<'_>,
    ) -> Result<ImportSummary> {
        let passphrase = passphrase.map(super::passphrase_secret);
        self.with_diary(|d| {
            archive::import(
                d.conn(),
                src,
                passphrase.as_ref().map(|p| p.as_slice()),
                progress,
            )
        })
    }
}
