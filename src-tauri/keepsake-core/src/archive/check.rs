//! Opening an archive and checking it: anything that is not this format is refused before a
//! byte of it is read (names, links, sizes, compression ratios, the manifest), and every member
//! is checked against the manifest's SHA-256 as it is read. `verify` checks a whole archive on
//! every core; the import reads through the same checks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::thread;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::format::*;
use super::sealed::{self, OpeningReader};
use super::shared_file::SharedFile;
use super::{join, zip_error};
use crate::{images, Error, Result};

const MAX_MEMBERS: usize = 500_000;
const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024 * 1024;
/// Deflate of real text reaches 10-20:1; far beyond is a decompression bomb.
const MAX_RATIO: u64 = 200;

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
pub(super) struct Checked {
    zip: ZipArchive<Source>,
    pub manifest: Manifest,
    pub sums: BTreeMap<String, FileSum>,
    /// The manifest's files in the order they lie in the archive, with their stored sizes.
    in_file_order: Vec<(String, u64)>,
    /// Where members are read, a piece at a time.
    buffer: Vec<u8>,
}

fn invalid(why: &'static str) -> Error {
    Error::ArchiveInvalid(why)
}

pub(super) fn open(path: &Path, passphrase: Option<&[u8]>) -> Result<Checked> {
    let source = if sealed::is_sealed(path)? {
        let passphrase = passphrase.ok_or(Error::WrongSecret)?;
        Source::Sealed(Box::new(OpeningReader::open(path, passphrase)?))
    } else {
        Source::Plain(SharedFile::open(path)?)
    };
    let mut zip = ZipArchive::new(source).map_err(|e| match e {
        zip::result::ZipError::Io(io) if sealed::is_damage(&io) => {
            Error::ArchiveDamaged("the encrypted file is damaged or cut short")
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
    let mut member = zip.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => invalid("a file its manifest lists is missing"),
        other => zip_error(other),
    })?;
    let declared = member.size();
    let mut limited = (&mut member).take(declared + 1);
    let (mut hasher, mut seen) = (Sha256::new(), 0u64);
    loop {
        let n = match limited.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if sealed::is_damage(&e) => {
                return Err(Error::ArchiveDamaged("a file in it is damaged"))
            }
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

    pub fn read(&mut self, name: &str) -> Result<Vec<u8>> {
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

    pub fn json<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T> {
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
