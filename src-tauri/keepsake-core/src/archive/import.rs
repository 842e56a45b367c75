//! Import: refuse anything that is not this format before reading it (names, links, sizes,
//! compression ratios), check every member against the manifest's SHA-256 as it is read, and
//! write everything in one transaction, so a bad archive changes nothing. Entries and photos
//! already in the diary (same id) are skipped: importing twice adds nothing. Photos go through
//! the image pipeline. Nothing is ever written outside the database.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::thread;

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::export::zip_error;
use super::format::*;
use super::sealed::{self, OpeningReader};
use super::shared_file::SharedFile;
use super::{join, Progress};
use crate::db::atomically;
use crate::entries::{self, EntryInput};
use crate::images::{self, ImageInfo, PhotoMetadata, Prepared};
use crate::profile::{self, Field};
use crate::{Error, Result};

const MAX_MEMBERS: usize = 500_000;
/// Photos decoded together, shared among the cores: enough to keep them all busy, few enough
/// that memory stays small.
pub(super) const DECODE_BATCH: usize = 16;
const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024 * 1024;
/// Deflate of real text reaches 10-20:1; far beyond is a decompression bomb.
const MAX_RATIO: u64 = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub entries_added: u64,
    pub entries_skipped: u64,
    pub images_added: u64,
}

/// The archive's bytes; clones read the same opened file at their own positions.
#[derive(Clone)]
enum Source {
    Plain(SharedFile),
    Sealed(Box<OpeningReader>),
}

impl Read for Source {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(f) => f.read(b),
            Source::Sealed(r) => r.read(b),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            Source::Plain(f) => f.seek(to),
            Source::Sealed(r) => r.seek(to),
        }
    }
}

/// An opened, checked archive: every member's name, size and ratio passed, the manifest read.
/// A clone is another reader of it (for another core) that parses nothing again.
#[derive(Clone)]
struct Checked {
    zip: ZipArchive<Source>,
    manifest: Manifest,
    sums: BTreeMap<String, FileSum>,
    /// The manifest's files in the order they lie in the archive, with their stored sizes.
    in_file_order: Vec<(String, u64)>,
    /// Where members are read, a piece at a time.
    buffer: Vec<u8>,
}

fn invalid(why: &'static str) -> Error {
    Error::ArchiveInvalid(why)
}

fn open(path: &Path, passphrase: Option<&[u8]>) -> Result<Checked> {
    let source = if sealed::is_sealed(path)? {
        let passphrase = passphrase.ok_or(Error::WrongSecret)?;
        Source::Sealed(Box::new(OpeningReader::open(path, passphrase)?))
    } else {
        Source::Plain(SharedFile::open(path)?)
    };
    let mut zip = ZipArchive::new(source).map_err(|e| match e {
        zip::result::ZipError::Io(io) if io.kind() == io::ErrorKind::InvalidData => {
            invalid("the encrypted file is damaged")
        }
        _ => invalid("it is not a Keepsake export (not a zip file)"),
    })?;
    if zip.len() > MAX_MEMBERS {
        return Err(invalid("it has too many files"));
    }
    let mut names = BTreeSet::new();
    let mut in_file_order = Vec::with_capacity(zip.len());
    let mut total = 0u64;
    for i in 0..zip.len() {
        let member = zip.by_index_raw(i).map_err(zip_error)?;
        let name = member
            .name()
            .map_err(|_| invalid("it names a file in an unreadable encoding"))?
            .into_owned();
        if member.is_symlink() {
            return Err(invalid("it contains a symbolic link"));
        }
        if member.enclosed_name().is_none() || !allowed_name(&name) {
            return Err(invalid(
                "it contains a file outside the export format (a path that could escape)",
            ));
        }
        let limit = if name.starts_with("images/") || name.starts_with("profile/") {
            images::MAX_INPUT_BYTES as u64
        } else {
            MAX_DOCUMENT_BYTES
        };
        if member.size() > limit {
            return Err(invalid("a file in it is too large"));
        }
        if member.size() > 1024 * 1024
            && member.size() / member.compressed_size().max(1) > MAX_RATIO
        {
            return Err(invalid(
                "a file in it is compressed beyond any real document (a zip bomb)",
            ));
        }
        total = total.saturating_add(member.size());
        if total > MAX_TOTAL_BYTES {
            return Err(invalid("it is too large"));
        }
        in_file_order.push((name.clone(), member.compressed_size()));
        if !names.insert(name) {
            return Err(invalid("it names a file twice"));
        }
    }
    let mut buffer = vec![0; PIECE];
    let manifest: Manifest =
        serde_json::from_slice(&read_member(&mut zip, "manifest.json", None, &mut buffer)?)
            .map_err(|_| invalid("its manifest is not readable"))?;
    if manifest.format != FORMAT {
        return Err(invalid("it is not a Keepsake export"));
    }
    if manifest.version != VERSION {
        return Err(invalid("it was made by a newer Keepsake"));
    }
    let sums: BTreeMap<String, FileSum> = manifest
        .files
        .iter()
        .map(|f| (f.path.clone(), f.clone()))
        .collect();
    names.remove("manifest.json");
    if sums.keys().cloned().collect::<BTreeSet<_>>() != names {
        return Err(invalid("its files do not match its manifest"));
    }
    in_file_order.retain(|(name, _)| name != "manifest.json");
    Ok(Checked {
        zip,
        manifest,
        sums,
        in_file_order,
        buffer,
    })
}

/// Stream one member through `take` in `buffer`-sized pieces, checking its size and (when
/// `sum` is given) its SHA-256.
fn stream_member(
    zip: &mut ZipArchive<Source>,
    name: &str,
    sum: Option<&FileSum>,
    buffer: &mut [u8],
    mut take: impl FnMut(&[u8]),
) -> Result<()> {
    let mut member = zip
        .by_name(name)
        .map_err(|_| invalid("a file its manifest lists is missing"))?;
    let declared = member.size();
    let mut limited = (&mut member).take(declared + 1);
    let (mut hasher, mut seen) = (Sha256::new(), 0u64);
    loop {
        let n = match limited.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(invalid("a file in it is damaged"))
            }
            Err(e) => return Err(Error::Io(e)),
        };
        hasher.update(&buffer[..n]);
        take(&buffer[..n]);
        seen += n as u64;
    }
    if seen != declared {
        return Err(invalid("a file in it is not the size it claims"));
    }
    if let Some(sum) = sum {
        if sum.size != declared || hex::encode(hasher.finalize()) != sum.sha256 {
            return Err(invalid("a file in it does not match its checksum"));
        }
    }
    Ok(())
}

/// Read one member whole (see `stream_member`).
fn read_member(
    zip: &mut ZipArchive<Source>,
    name: &str,
    sum: Option<&FileSum>,
    buffer: &mut [u8],
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    stream_member(zip, name, sum, buffer, |piece| {
        bytes.extend_from_slice(piece)
    })?;
    Ok(bytes)
}

/// Pieces members are read in: large enough to go straight from the file.
const PIECE: usize = 64 * 1024;

impl Checked {
    fn sum(&self, name: &str) -> Result<FileSum> {
        self.sums
            .get(name)
            .cloned()
            .ok_or(invalid("a file is not in its manifest"))
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let sum = self.sum(name)?;
        read_member(&mut self.zip, name, Some(&sum), &mut self.buffer)
    }

    /// Check every one of `files` against the manifest, keeping none of their bytes.
    fn check_all(&mut self, files: &[(String, u64)]) -> Result<()> {
        files.iter().try_for_each(|(name, _)| {
            let sum = self.sum(name)?;
            stream_member(&mut self.zip, name, Some(&sum), &mut self.buffer, |_| {})
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T> {
        serde_json::from_slice(&self.read(name)?).map_err(|_| invalid("a file in it is not valid"))
    }
}

/// Check an archive completely (names, sizes, every checksum) without importing it: one
/// stretch of the file per core.
pub fn verify(path: &Path, passphrase: Option<&[u8]>) -> Result<Manifest> {
    let mut checked = open(path, passphrase)?;
    let files = std::mem::take(&mut checked.in_file_order);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let parts = split_by_size(&files, cores.min(4));
    thread::scope(|s| {
        let others: Vec<_> = parts[1..]
            .iter()
            .map(|part| {
                let mut reader = checked.clone();
                s.spawn(move || reader.check_all(part))
            })
            .collect();
        let mine = checked.check_all(parts[0]);
        others.into_iter().map(join).fold(mine, Result::and)
    })?;
    Ok(checked.manifest)
}

/// What checking one member costs beyond its bytes (finding it, its header, a decompressor), as
/// bytes of hashing: measured at about 20 µs a member.
const MEMBER_COST: u64 = 32 * 1024;

/// `files` cut into at most `parts` contiguous runs of about the same work.
fn split_by_size(files: &[(String, u64)], parts: usize) -> Vec<&[(String, u64)]> {
    let work = |size: &u64| size + MEMBER_COST;
    let total: u64 = files.iter().map(|(_, size)| work(size)).sum();
    let mut runs = Vec::with_capacity(parts);
    let (mut start, mut so_far) = (0, 0u64);
    for (i, (_, size)) in files.iter().enumerate() {
        so_far += work(size);
        let cut = runs.len() as u64 + 1;
        if runs.len() + 1 < parts && so_far.saturating_mul(parts as u64) >= total * cut {
            runs.push(&files[start..=i]);
            start = i + 1;
        }
    }
    runs.push(&files[start..]);
    runs
}

/// Import the archive at `path` into the diary behind `conn`, all or nothing.
pub fn import(
    conn: &Connection,
    path: &Path,
    passphrase: Option<&[u8]>,
    progress: &mut Progress<'_>,
) -> Result<ImportSummary> {
    let mut checked = open(path, passphrase)?;
    let entry_files: Vec<String> = checked
        .sums
        .keys()
        .filter(|n| n.starts_with("entries/") && n.ends_with(".json"))
        .cloned()
        .collect();
    let total = checked.manifest.entries + checked.manifest.images + 1;
    let mut done = 0;
    let mut summary = ImportSummary::default();
    let mut batch = Vec::with_capacity(DECODE_BATCH);
    atomically(conn, || {
        for name in &entry_files {
            progress.check()?;
            let record: EntryRecord = checked.json(name)?;
            let input = EntryInput {
                title: record.title.clone(),
                body: record.body.clone(),
                entry_at: record.entry_at.clone(),
                tags: record.tags.clone(),
                mood: record.mood,
            };
            if !entries::restore(
                conn,
                &record.id,
                &input,
                record.created_at,
                record.updated_at,
            )? {
                summary.entries_skipped += 1;
                done += 1 + record.images.len() as u64;
                progress.report(done, total);
                continue;
            }
            summary.entries_added += 1;
            if let Some(place) = &record.place {
                conn.execute(
                    "INSERT INTO entry_places (entry_id, name, latitude, longitude)
                     VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![record.id, place.name, place.latitude, place.longitude],
                )?;
            }
            for image in record.images {
                progress.check()?;
                batch.push(Pending {
                    bytes: checked.read(&image.file)?,
                    entry_id: record.id.clone(),
                    entry_at: record.entry_at.clone(),
                    image,
                });
                if batch.len() == DECODE_BATCH {
                    done += batch.len() as u64;
                    summary.images_added += restore_photos(conn, &mut batch)?;
                    progress.report(done, total);
                }
            }
            done += 1;
            progress.report(done, total);
        }
        summary.images_added += restore_photos(conn, &mut batch)?;
        import_profile(conn, &mut checked)?;
        let shares: Vec<ShareRecord> = checked.json("share-log.json")?;
        for s in shares {
            conn.execute(
                "INSERT INTO share_log (at, entry_id, format, destination)
                 SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM share_log
                     WHERE at = ?1 AND entry_id = ?2 AND format = ?3 AND destination = ?4)",
                rusqlite::params![s.at, s.entry_id, s.format, s.destination],
            )?;
        }
        // The consent ledger and policy acceptances stay in the archive as the record of the
        // original diary's decisions: an import never grants a permission here.
        let _: Vec<LedgerRecord> = checked.json("consent-ledger.json")?;
        Ok(())
    })?;
    progress.report(total, total);
    Ok(summary)
}

/// A photo read from the archive, waiting to be decoded with others.
struct Pending {
    entry_id: String,
    entry_at: String,
    image: ImageRecord,
    bytes: Vec<u8>,
}

/// Decode the photos in `batch` through the image pipeline, a share on each core, then store
/// them in order; empties `batch` and says how many were new.
fn restore_photos(conn: &Connection, batch: &mut Vec<Pending>) -> Result<u64> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let per_core = batch.len().div_ceil(cores).max(1);
    let prepared: Vec<Result<Prepared>> = thread::scope(|s| {
        let shares: Vec<_> = batch
            .chunks(per_core)
            .map(|share| {
                s.spawn(move || {
                    share
                        .iter()
                        .map(|p| images::prepare_restored(&p.bytes))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        shares.into_iter().flat_map(join).collect()
    });
    let mut added = 0;
    for (p, prepared) in batch.drain(..).zip(prepared) {
        let image = p.image;
        let info = ImageInfo {
            id: image.id,
            entry_id: p.entry_id,
            entry_at: p.entry_at,
            position: image.position,
            mime: image.mime,
            width: image.width,
            height: image.height,
            byte_size: p.bytes.len() as i64,
        };
        let metadata =
            (image.taken_at.is_some() || image.latitude.is_some()).then_some(PhotoMetadata {
                taken_at: image.taken_at,
                latitude: image.latitude,
                longitude: image.longitude,
            });
        if images::restore(
            conn,
            &info.entry_id,
            &info,
            image.created_at,
            &prepared?,
            metadata.as_ref(),
        )? {
            added += 1;
        }
    }
    Ok(added)
}

/// Fill the profile fields this diary does not have yet; never overwrite one.
fn import_profile(conn: &Connection, checked: &mut Checked) -> Result<()> {
    let record: ProfileRecord = checked.json("profile.json")?;
    let current = profile::get(conn)?;
    for (field, have, value) in [
        (
            Field::DisplayName,
            &current.display_name,
            &record.display_name,
        ),
        (Field::Email, &current.email, &record.email),
        (Field::Birthday, &current.birthday, &record.birthday),
        (Field::Gender, &current.gender, &record.gender),
    ] {
        if let (None, Some(value)) = (have, value) {
            profile::set(conn, field, value)?;
        }
    }
    if let (false, Some(file)) = (current.has_avatar, &record.avatar) {
        let bytes = checked.read(file)?;
        profile::set_avatar(conn, &images::prepare(&bytes)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_by_size;

    #[test]
    fn runs_are_contiguous_cover_everything_and_balance_size() {
        let k = super::MEMBER_COST;
        // One large member, then many small ones: the small ones' count weighs too.
        let files: Vec<(String, u64)> = [vec![10 * k], vec![0; 10]]
            .concat()
            .into_iter()
            .enumerate()
            .map(|(i, s)| (i.to_string(), s))
            .collect();
        let runs = split_by_size(&files, 2);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs.concat(), files);
        assert_eq!(runs[0].len(), 1, "the large member alone is half the work");
        assert_eq!(split_by_size(&files, 1), vec![&files[..]]);
        assert_eq!(split_by_size(&[], 4).concat(), Vec::<(String, u64)>::new());
        assert!(split_by_size(&files[..1], 4).len() <= 4);
    }
}
