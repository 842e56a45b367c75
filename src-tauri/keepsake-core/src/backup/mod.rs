//! Automatic encrypted backups of the whole diary, deduplicated by page runs.
//!
//! A backup is the database file as SQLCipher wrote it: ciphertext under the diary's data key,
//! which a backup therefore never decrypts or re-encrypts. SQLCipher encrypts each 4 KiB page
//! on its own and rewrites only the pages a change touches, so between two backups almost every
//! 256 KiB run of pages ("chunk") is byte-for-byte the same, and is stored once (see repo.rs).
//! The manifest of each backup lists its chunks and is sealed under a key derived from the data
//! key (see manifest.rs); retention keeps tiers within a budget (see retention.rs).
//!
//! A backup copies a consistent state while the diary stays usable: the diary's WAL is
//! checkpointed into the file and emptied, then a read transaction is opened on a connection of
//! the backup's own before anyone can write again. A reader that started on an empty WAL reads
//! the database file alone, and SQLite never writes into that file (checkpoints wait) until it
//! ends; writes meanwhile go to the WAL. So the file is frozen while it is copied, and the same
//! reader checks what was copied (`cipher_integrity_check`, `quick_check`).

mod manifest;
mod repo;
pub mod retention;
pub mod sync_folders;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use manifest::Summary;
pub(crate) use manifest::{Manifest, ManifestKey};
pub(crate) use repo::{ChunkId, Repo};

use crate::archive::Progress;
use crate::db::{self, now_ms};
use crate::vault::random_array;
use crate::{fsutil, Error, Result};

/// Bytes per chunk: 64 SQLCipher pages.
pub const CHUNK: usize = 256 * 1024;
/// The default budget for the backups folder.
pub const DEFAULT_BUDGET_BYTES: u64 = 5 * 1024 * 1024 * 1024;
/// A lock backs up first only up to this size: the copy reads the whole file, about 2 s per
/// GiB here, and a lock must stay quick. Larger diaries rely on the hourly backups.
pub const LOCK_BACKUP_MAX_BYTES: u64 = 1 << 30;
/// Automatic backups after unlock are at least this far apart.
pub const UNLOCK_BACKUP_EVERY_MS: i64 = 60 * 60 * 1000;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// After unlock, at most once an hour.
    Unlock,
    /// At lock, when the diary changed since the last backup.
    Lock,
    /// "Back up now".
    Manual,
    BeforeImport,
    BeforeDeleteCategory,
    BeforeRestore,
    BeforeMigration,
    /// The first backup under a new data key ("re-encrypt with a new key").
    AfterRekey,
}

/// A snapshot id: the time in ms (16 digits, so names sort by time) and 8 random hex digits.
pub(crate) fn new_snapshot_id(at: i64) -> Result<String> {
    let random: [u8; 4] = random_array()?;
    Ok(format!("{at:016}-{}", hex::encode(random)))
}

pub fn is_snapshot_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 25
        && b[16] == b'-'
        && b[..16].iter().all(u8::is_ascii_digit)
        && b[17..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

/// The time in a snapshot id (readable without the key: the unlock screen shows it).
pub fn snapshot_time(id: &str) -> Option<i64> {
    is_snapshot_id(id).then(|| id[..16].parse().ok()).flatten()
}

/// Open a read transaction on `reader` that sees the database file alone (the WAL must be empty
/// when it starts; the caller checkpointed it and holds the diary so nobody wrote since).
pub(crate) fn freeze(reader: &Connection, db_path: &Path) -> Result<()> {
    reader.execute_batch("BEGIN")?;
    reader.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    let wal = fs_len(&wal_path(db_path));
    if wal != 0 {
        reader.execute_batch("ROLLBACK")?;
        return Err(Error::Busy);
    }
    Ok(())
}

pub fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

pub fn shm_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-shm");
    PathBuf::from(name)
}

fn fs_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// What `take` needs beyond the frozen reader.
pub(crate) struct Take<'a> {
    pub db_path: &'a Path,
    pub repos: &'a [Repo],
    pub key: &'a ManifestKey,
    pub key_file: &'a [u8],
    pub reason: Reason,
    pub verify: bool,
}

/// Copy the frozen database file into every repo (the first must work; the others are
/// best effort and reported), check it when asked (on the second core, while the copy runs),
/// and write the manifest last.
pub(crate) fn take(
    reader: Connection,
    t: Take<'_>,
    progress: &mut Progress<'_>,
) -> Result<(Summary, Vec<PathBuf>)> {
    let (first, others) = t.repos.split_first().ok_or(Error::NotFound)?;
    first.create()?;
    let mut reachable: Vec<&Repo> = vec![first];
    let mut unreachable = Vec::new();
    for repo in others {
        match repo.create() {
            Ok(()) => reachable.push(repo),
            Err(_) => unreachable.push(repo.root().to_path_buf()),
        }
    }
    let count = |sql: &str| -> Result<i64> { Ok(reader.query_row(sql, [], |r| r.get(0))?) };
    let (entries, photos, schema_version) = (
        count("SELECT count(*) FROM entries")?,
        count("SELECT count(*) FROM images")?,
        count("PRAGMA user_version")?,
    );
    // "Checked": every copied page's HMAC verified, on exactly what is copied. (SQLite's
    // structure check decrypts every page, several times the cost of the copy: it runs in the
    // weekly full check, and on any backup before it replaces the diary.)
    let verify = t.verify;
    let (copied, verified) = std::thread::scope(|s| {
        let check = s.spawn(move || -> Result<bool> { Ok(verify && !db::pages_damaged(&reader)?) });
        let copied = copy_chunks(&reachable, t.db_path, progress);
        let verified = check
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (copied, verified)
    });
    let (chunks, total, added) = copied?;
    let verified = verified?;
    let created_at = now_ms();
    let summary = Summary {
        id: new_snapshot_id(created_at)?,
        created_at,
        reason: t.reason,
        db_bytes: total,
        added_bytes: added,
        entries,
        photos,
        verified,
        schema_version,
    };
    let sealed = Manifest {
        key_file: t.key_file.to_vec(),
        summary: summary.clone(),
        chunks,
    }
    .seal(t.key)?;
    progress.check()?;
    fsutil::crash_point()?;
    first.write_snapshot(&summary.id, &sealed)?;
    for repo in &reachable[1..] {
        if repo.write_snapshot(&summary.id, &sealed).is_err() {
            unreachable.push(repo.root().to_path_buf());
        }
    }
    Ok((summary, unreachable))
}

/// The file's chunks into every repo that lacks them, made durable and named together: the
/// chunk ids in order, the file's length, and the bytes the first repo gained.
fn copy_chunks(
    repos: &[&Repo],
    db_path: &Path,
    progress: &mut Progress<'_>,
) -> Result<(Vec<ChunkId>, u64, u64)> {
    let mut file = File::open(db_path)?;
    let total = file.metadata()?.len();
    let mut chunks = Vec::with_capacity(total.div_ceil(CHUNK as u64) as usize);
    let mut added = 0u64;
    let mut staged: Vec<repo::Staged> = repos.iter().map(|_| repo::Staged::default()).collect();
    let mut seen: HashSet<ChunkId> = HashSet::new();
    let mut buf = vec![0u8; CHUNK];
    let mut done = 0u64;
    progress.report(0, total);
    // Exactly the length the file had when it froze: a file that changed (it cannot while the
    // reader lives) would be caught here rather than read without end.
    while done < total {
        progress.check()?;
        let want = (total - done).min(CHUNK as u64) as usize;
        let n = read_full(&mut file, &mut buf[..want])?;
        if n != want {
            return Err(Error::Busy);
        }
        let bytes = &buf[..n];
        let id = repo::chunk_id(bytes);
        if seen.insert(id) {
            for (i, (repo, staged)) in repos.iter().zip(&mut staged).enumerate() {
                if repo.stage_chunk(&id, bytes, staged)? && i == 0 {
                    added += n as u64;
                }
            }
        }
        chunks.push(id);
        done += n as u64;
        progress.report(done, total);
    }
    drop(file);
    for (repo, staged) in repos.iter().zip(staged) {
        repo.commit_chunks(staged)?;
    }
    Ok((chunks, total, added))
}

fn read_full(file: &mut File, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Write snapshot `id`'s database file to `dest` (synced), checking every chunk on the way.
pub(crate) fn reassemble(
    repo: &Repo,
    manifest: &Manifest,
    dest: &Path,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let total = manifest.summary.db_bytes;
    let result = (|| {
        let mut out = fsutil::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(dest)?;
        let mut done = 0u64;
        for id in &manifest.chunks {
            progress.check()?;
            let bytes = repo.read_chunk(id).inspect_err(|e| {
                if matches!(e, Error::BackupDamaged) {
                    let _ = repo.forget_chunk(id);
                }
            })?;
            let want = (total - done).min(CHUNK as u64) as usize;
            if bytes.len() != want {
                return Err(Error::BackupDamaged);
            }
            out.write_all(&bytes)?;
            fsutil::crash_point()?;
            done += want as u64;
            progress.report(done, total);
        }
        out.sync_all()?;
        Ok(())
    })();
    if matches!(result, Err(ref e) if !is_crash(e)) {
        let _ = std::fs::remove_file(dest);
    }
    result
}

/// A simulated crash leaves everything as it is (nothing runs after a real one).
pub(crate) fn is_crash(e: &Error) -> bool {
    #[cfg(test)]
    return matches!(e, Error::SimulatedCrash);
    #[cfg(not(test))]
    {
        let _ = e;
        false
    }
}

/// The summaries of every backup in `repo` that opens with `key`, oldest first; damaged
/// manifests are listed by id in the second value.
pub(crate) fn list(repo: &Repo, key: &ManifestKey) -> Result<(Vec<Summary>, Vec<String>)> {
    let mut good = Vec::new();
    let mut damaged = Vec::new();
    for id in repo.snapshot_ids()? {
        let summary = repo
            .read_snapshot_head(&id, manifest::HEAD_BYTES)
            .and_then(|head| Manifest::summary_of(&head, &id, key));
        match summary {
            Ok(s) => good.push(s),
            Err(_) => damaged.push(id),
        }
    }
    Ok((good, damaged))
}

/// The key files the newest backups carry, newest first (for a rescue that lost the others).
pub(crate) fn carried_key_files(repo: &Repo) -> Vec<crate::vault::KeyFile> {
    let ids = repo.snapshot_ids().unwrap_or_default();
    ids.iter()
        .rev()
        .take(3)
        .filter_map(|id| repo.read_snapshot_head(id, manifest::HEAD_BYTES).ok())
        .filter_map(|head| Manifest::key_file_of(&head).ok())
        .filter_map(|bytes| crate::vault::KeyFile::load_bytes(&bytes).ok())
        .collect()
}

pub(crate) fn open_manifest(repo: &Repo, id: &str, key: &ManifestKey) -> Result<Manifest> {
    Manifest::open(&repo.read_snapshot(id)?, id, key)
}

/// Apply retention to `repo` at `now` within `budget`: drop the backups it does not keep and
/// every chunk no kept backup names. Returns the ids removed.
pub(crate) fn prune(repo: &Repo, key: &ManifestKey, now: i64, budget: u64) -> Result<Vec<String>> {
    let mut manifests = Vec::new();
    for id in repo.snapshot_ids()? {
        // A manifest that does not open (damaged, or made under another key) is left alone:
        // retention only removes what it can account for.
        if let Ok(m) = open_manifest(repo, &id, key) {
            manifests.push(m);
        }
    }
    let candidates: Vec<retention::Candidate<'_>> = manifests
        .iter()
        .map(|m| retention::Candidate {
            id: &m.summary.id,
            created_at: m.summary.created_at,
            verified: m.summary.verified,
            chunks: chunk_sizes(m),
        })
        .collect();
    let kept = retention::keep(&candidates, now, budget);
    let mut removed = Vec::new();
    for m in &manifests {
        if !kept.contains(m.summary.id.as_str()) {
            repo.remove_snapshot(&m.summary.id)?;
            removed.push(m.summary.id.clone());
        }
    }
    // Chunks still named by a kept backup, or by a manifest that did not open (kept above).
    let mut live: HashSet<ChunkId> = HashSet::new();
    for m in manifests
        .iter()
        .filter(|m| kept.contains(m.summary.id.as_str()))
    {
        live.extend(m.chunks.iter().copied());
    }
    let unopened = repo
        .snapshot_ids()?
        .into_iter()
        .filter(|id| !manifests.iter().any(|m| &m.summary.id == id))
        .count();
    if unopened == 0 {
        repo.sweep(&live)?;
    }
    Ok(removed)
}

fn chunk_sizes(m: &Manifest) -> Vec<(ChunkId, u64)> {
    let total = m.summary.db_bytes;
    m.chunks
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, (total - i as u64 * CHUNK as u64).min(CHUNK as u64)))
        .collect()
}

/// For the check: every chunk the backups in `repo` name, read back and hashed. Damaged chunks
/// are removed (the next backup writes them again). Returns (chunks checked, damaged).
pub(crate) fn verify_chunks(
    repo: &Repo,
    key: &ManifestKey,
    progress: &mut Progress<'_>,
) -> Result<(u64, u64)> {
    let mut named: HashMap<ChunkId, ()> = HashMap::new();
    for id in repo.snapshot_ids()? {
        if let Ok(m) = open_manifest(repo, &id, key) {
            named.extend(m.chunks.iter().map(|c| (*c, ())));
        }
    }
    let mut damaged = 0;
    let total = named.len() as u64;
    for (i, id) in named.keys().enumerate() {
        progress.check()?;
        progress.report(i as u64, total);
        if matches!(repo.read_chunk(id), Err(Error::BackupDamaged)) {
            repo.forget_chunk(id)?;
            damaged += 1;
        }
    }
    Ok((named.len() as u64, damaged))
}
