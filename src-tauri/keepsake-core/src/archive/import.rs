//! Import: refuse anything that is not this format before reading it (names, links, sizes,
//! compression ratios), check every member against the manifest's SHA-256 as it is read, and
//! write everything in one transaction, so a bad archive changes nothing. Entries and photos
//! already in the diary (same id) are skipped: importing twice adds nothing. Photos go through
//! the image pipeline. Nothing is ever written outside the database.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::export::zip_error;
use super::format::*;
use super::sealed::{self, OpeningReader};
use super::Progress;
use crate::db::atomically;
use crate::entries::{self, EntryInput};
use crate::images::{self, ImageInfo, PhotoMetadata};
use crate::profile::{self, Field};
use crate::{Error, Result};

const MAX_MEMBERS: usize = 500_000;
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

enum Source {
    Plain(File),
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
struct Checked {
    zip: ZipArchive<Source>,
    manifest: Manifest,
    sums: BTreeMap<String, FileSum>,
}

fn invalid(why: &'static str) -> Error {
    Error::ArchiveInvalid(why)
}

fn open(path: &Path, passphrase: Option<&[u8]>) -> Result<Checked> {
    let source = if sealed::is_sealed(path)? {
        let passphrase = passphrase.ok_or(Error::WrongSecret)?;
        Source::Sealed(Box::new(OpeningReader::open(path, passphrase)?))
    } else {
        Source::Plain(File::open(path)?)
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
        if !names.insert(name) {
            return Err(invalid("it names a file twice"));
        }
    }
    let manifest: Manifest = serde_json::from_slice(&read_member(&mut zip, "manifest.json", None)?)
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
    Ok(Checked {
        zip,
        manifest,
        sums,
    })
}

/// Read one member whole, checking its size and (when `sum` is given) its SHA-256.
fn read_member(zip: &mut ZipArchive<Source>, name: &str, sum: Option<&FileSum>) -> Result<Vec<u8>> {
    let mut member = zip
        .by_name(name)
        .map_err(|_| invalid("a file its manifest lists is missing"))?;
    let declared = member.size();
    let mut bytes =
        Vec::with_capacity(usize::try_from(declared.min(MAX_DOCUMENT_BYTES)).unwrap_or(0));
    (&mut member)
        .take(declared + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData => invalid("a file in it is damaged"),
            _ => Error::Io(e),
        })?;
    if bytes.len() as u64 != declared {
        return Err(invalid("a file in it is not the size it claims"));
    }
    if let Some(sum) = sum {
        if sum.size != declared || hex::encode(Sha256::digest(&bytes)) != sum.sha256 {
            return Err(invalid("a file in it does not match its checksum"));
        }
    }
    Ok(bytes)
}

impl Checked {
    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let sum = self
            .sums
            .get(name)
            .cloned()
            .ok_or(invalid("a file is not in its manifest"))?;
        read_member(&mut self.zip, name, Some(&sum))
    }

    fn json<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T> {
        serde_json::from_slice(&self.read(name)?).map_err(|_| invalid("a file in it is not valid"))
    }
}

/// Check an archive completely (names, sizes, every checksum) without importing it.
pub fn verify(path: &Path, passphrase: Option<&[u8]>) -> Result<Manifest> {
    let mut checked = open(path, passphrase)?;
    let names: Vec<String> = checked.sums.keys().cloned().collect();
    for name in names {
        checked.read(&name)?;
    }
    Ok(checked.manifest)
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
            for image in &record.images {
                progress.check()?;
                let bytes = checked.read(&image.file)?;
                let prepared = images::prepare_restored(&bytes)?;
                let info = ImageInfo {
                    id: image.id.clone(),
                    entry_id: record.id.clone(),
                    entry_at: record.entry_at.clone(),
                    position: image.position,
                    mime: image.mime.clone(),
                    width: image.width,
                    height: image.height,
                    byte_size: bytes.len() as i64,
                };
                let metadata =
                    (image.taken_at.is_some() || image.latitude.is_some()).then(|| PhotoMetadata {
                        taken_at: image.taken_at.clone(),
                        latitude: image.latitude,
                        longitude: image.longitude,
                    });
                if images::restore(
                    conn,
                    &record.id,
                    &info,
                    image.created_at,
                    &prepared,
                    metadata.as_ref(),
                )? {
                    summary.images_added += 1;
                }
                done += 1;
                progress.report(done, total);
            }
            done += 1;
            progress.report(done, total);
        }
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
