//! Export: the members of one snapshot (`read.rs`), read on two threads and written on this
//! one into a zip (sealed when a passphrase is given) in a temporary file beside the
//! destination; then the file is read back against its manifest while it is synced, and only
//! a file that passed is renamed into place.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread;

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::format::*;
use super::read::{self, Kind, Member, Snapshot};
use super::sealed::SealingWriter;
use super::{join, zip_error, Progress};
use crate::db::now_ms;
use crate::vault::KdfParams;
use crate::{fsutil, Error, Result};

/// Members waiting between the readers and the writer: a few photos' worth at most.
const IN_FLIGHT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub entries: u64,
    pub images: u64,
    pub bytes: u64,
}

/// Bytes written between two requests to push the file towards the disk.
const SYNC_STEP: u64 = 64 * 1024 * 1024;

/// The archive file. Every `SYNC_STEP` bytes it asks a background thread to sync what is
/// written so far, so the disk works while the export does and the last sync has little left.
struct Output {
    file: Arc<File>,
    unsynced: u64,
    sync_now: SyncSender<()>,
}

impl Write for Output {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = (&*self.file).write(b)?;
        self.unsynced += n as u64;
        if self.unsynced >= SYNC_STEP {
            self.unsynced = 0;
            // Full means a sync is already asked for: that one covers these bytes too.
            let _ = self.sync_now.try_send(());
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Sink {
    Plain(BufWriter<Output>),
    Sealed(SealingWriter<BufWriter<Output>>),
}

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(b),
            Sink::Sealed(w) => w.write(b),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Sealed(w) => w.flush(),
        }
    }
}

impl Sink {
    fn finish(self) -> io::Result<Arc<File>> {
        let buffered = match self {
            Sink::Plain(w) => w,
            Sink::Sealed(w) => w.finish()?,
        };
        Ok(buffered.into_inner().map_err(|e| e.into_error())?.file)
    }
}

/// The zip being written and the checksum of every member so far.
struct Archive {
    zip: ZipWriter<zip::write::StreamWriter<Sink>>,
    sums: Vec<FileSum>,
}

impl Archive {
    /// Add `bytes` as `path`; `sha256` is theirs when already known.
    fn add(
        &mut self,
        path: &str,
        bytes: &[u8],
        compress: bool,
        sha256: Option<[u8; 32]>,
    ) -> Result<()> {
        let options = if compress {
            // Fast deflate: on entries (short text) level 6 gains almost nothing (44% of their
            // size against 45%) for more time. Photos, most of the bytes, are stored.
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
        } else {
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
        }
        .large_file(bytes.len() as u64 >= u32::MAX as u64)
        .unix_permissions(0o600);
        self.zip.start_file(path, options).map_err(zip_error)?;
        self.zip.write_all(bytes)?;
        self.sums.push(FileSum {
            path: path.to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(sha256.unwrap_or_else(|| Sha256::digest(bytes).into())),
        });
        Ok(())
    }
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Write everything in `snapshot` to `dest`.
pub fn export(
    snapshot: Snapshot,
    dest: &Path,
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
    progress: &mut Progress<'_>,
) -> Result<ExportSummary> {
    if dest.file_name().is_none() || dest.is_dir() {
        return Err(Error::InvalidInput("export file name"));
    }
    let temp = partial_path(dest);
    let result = write_archive(snapshot, &temp, passphrase, kdf, progress).and_then(|summary| {
        fs::rename(&temp, dest)?;
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            fsutil::sync_dir(dir)?;
        }
        Ok(summary)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_archive(
    snapshot: Snapshot,
    temp: &Path,
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
    progress: &mut Progress<'_>,
) -> Result<ExportSummary> {
    let (entries, images) = snapshot.counts;
    let total = entries + images + 1;
    let file = Arc::new(File::create(temp)?);
    let (documents, photos, queue) = snapshot.into_parts();
    let queue = &queue;
    let (file, manifest) = thread::scope(|s| {
        let (sync_now, sync_asked) = sync_channel(1);
        let syncer = {
            let file = Arc::clone(&file);
            s.spawn(move || sync_asked.iter().try_for_each(|()| file.sync_data()))
        };
        // Measured: 64 KiB (photos written around the buffer) and 1 MiB were both slower.
        let output = BufWriter::with_capacity(
            256 * 1024,
            Output {
                file,
                unsynced: 0,
                sync_now,
            },
        );
        let sink = match passphrase {
            Some(p) => Sink::Sealed(SealingWriter::new(output, p, kdf)?),
            None => Sink::Plain(output),
        };
        let (to, from) = sync_channel(IN_FLIGHT);
        let photos_to = to.clone();
        let photos = s.spawn(move || read::photos(&photos, queue, &photos_to));
        let documents = s.spawn(move || {
            read::entries_and_the_rest(&documents, &to)?;
            read::photos(&documents, queue, &to)
        });
        // The writer's failure (or Stop) comes first: the readers then fail only because it
        // stopped listening. A reader's own failure leaves the writer with a short stream.
        let written = write_members(sink, from, total, progress);
        let read = join(photos).and(join(documents));
        let written = written?;
        read?;
        let finished = finish(written)?;
        join(syncer)?;
        Ok::<_, Error>(finished)
    })?;
    // Read it back as an import would, while it goes to disk; a file that fails never gets
    // the final name.
    thread::scope(|s| {
        let synced = s.spawn(|| file.sync_all());
        let verified = super::check::verify(temp, passphrase);
        join(synced)?;
        verified.map(|_| ())
    })?;
    let bytes = file.metadata()?.len();
    progress.report(total, total);
    Ok(ExportSummary {
        entries: manifest.entries,
        images: manifest.images,
        bytes,
    })
}

/// Everything the readers send, each member checksummed and added; the archive and the counts.
fn write_members(
    sink: Sink,
    from: Receiver<Member>,
    total: u64,
    progress: &mut Progress<'_>,
) -> Result<(Archive, u64, u64)> {
    let mut archive = Archive {
        zip: ZipWriter::new_stream(sink),
        sums: Vec::new(),
    };
    let (mut entries, mut images) = (0, 0);
    for member in from {
        progress.check()?;
        archive.add(
            &member.path,
            &member.bytes,
            member.kind.compressed(),
            member.sha256,
        )?;
        match member.kind {
            Kind::Entry => entries += 1,
            Kind::Photo => images += 1,
            Kind::Document | Kind::Picture => continue,
        }
        progress.report(entries + images, total);
    }
    Ok((archive, entries, images))
}

/// The manifest last, then the zip's directory and the last sealed chunk.
fn finish((mut archive, entries, images): (Archive, u64, u64)) -> Result<(Arc<File>, Manifest)> {
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        created_at: now_ms(),
        entries,
        images,
        files: std::mem::take(&mut archive.sums),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|_| Error::InvalidInput("json"))?;
    archive.add("manifest.json", &json, true, None)?;
    let file = archive
        .zip
        .finish()
        .map_err(zip_error)?
        .into_inner()
        .finish()?;
    Ok((file, manifest))
}
