//! A backup folder on disk: runs of the database's encrypted pages ("chunks"), each stored once
//! under the SHA-256 of its bytes, and one sealed manifest per backup.
//!
//! ```text
//! <folder>/keyfile.json            the diary's key slots when the newest backup was made
//! <folder>/snapshots/<id>.snap     one per backup (see manifest.rs)
//! <folder>/chunks/<ab>/<sha-256>   256 KiB of the database file, as SQLCipher wrote it
//! ```
//!
//! Every file is written as `<name>.partial`, synced, then renamed, so a name only ever holds a
//! whole file; a crash leaves at most a `.partial`, which the next backup removes.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::vault::KeyFile;
use crate::{fsutil, Error, Result};

pub(crate) type ChunkId = [u8; 32];

pub(crate) const PARTIAL: &str = "partial";

/// One backup folder.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    root: PathBuf,
}

pub(crate) fn chunk_id(bytes: &[u8]) -> ChunkId {
    Sha256::digest(bytes).into()
}

impl Repo {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn chunks_dir(&self) -> PathBuf {
        self.root.join("chunks")
    }

    fn snapshots_dir(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    fn key_file_path(&self) -> PathBuf {
        self.root.join("keyfile.json")
    }

    fn chunk_path(&self, id: &ChunkId) -> PathBuf {
        let hex = hex::encode(id);
        self.chunks_dir().join(&hex[..2]).join(hex)
    }

    fn snapshot_path(&self, id: &str) -> PathBuf {
        self.snapshots_dir().join(format!("{id}.snap"))
    }

    /// Make the folder (private) if it is not there.
    pub fn create(&self) -> Result<()> {
        for dir in [self.root.clone(), self.chunks_dir(), self.snapshots_dir()] {
            fsutil::create_private_dir(&dir)?;
        }
        Ok(())
    }

    pub fn exists(&self) -> bool {
        self.snapshots_dir().is_dir()
    }

    /// Write `bytes` as chunk `id`'s `.partial` unless a chunk of that name is there; true when
    /// written. `commit_chunks` makes the staged chunks durable and names them, all at once: one
    /// sync for thousands of chunks rather than one each.
    pub fn stage_chunk(&self, id: &ChunkId, bytes: &[u8], staged: &mut Staged) -> Result<bool> {
        let path = self.chunk_path(id);
        if path.is_file() {
            return Ok(false);
        }
        let dir = path.parent().unwrap_or(&self.root);
        if !dir.is_dir() {
            fsutil::create_private_dir(dir)?;
        }
        let (partial, _) = write_partial(&path, bytes)?;
        staged.0.push((partial, path));
        Ok(true)
    }

    /// Make the staged chunks durable, then give them their names, then make the names
    /// durable: a chunk's name never stands for bytes a crash could still lose.
    pub fn commit_chunks(&self, staged: Staged) -> Result<()> {
        if staged.0.is_empty() {
            return Ok(());
        }
        durable(
            &self.root,
            staged.0.iter().map(|(partial, _)| partial.as_path()),
        )?;
        let mut dirs = HashSet::new();
        for (partial, path) in &staged.0 {
            fs::rename(partial, path)?;
            fsutil::crash_point()?;
            dirs.insert(path.parent().unwrap_or(&self.root).to_path_buf());
        }
        durable_names(&self.root, &dirs)
    }

    /// A chunk's bytes, checked against its name: a damaged chunk is `DatabaseDamaged`.
    pub fn read_chunk(&self, id: &ChunkId) -> Result<Vec<u8>> {
        let bytes = fs::read(self.chunk_path(id)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::BackupDamaged,
            _ => e.into(),
        })?;
        if chunk_id(&bytes) != *id {
            return Err(Error::BackupDamaged);
        }
        Ok(bytes)
    }

    /// Remove a chunk found damaged, so the next backup writes it again.
    pub fn forget_chunk(&self, id: &ChunkId) -> Result<()> {
        remove_if_present(&self.chunk_path(id))
    }

    pub fn write_snapshot(&self, id: &str, bytes: &[u8]) -> Result<()> {
        let path = self.snapshot_path(id);
        write_whole(&path, bytes)?;
        fsutil::sync_dir(&self.snapshots_dir())
    }

    pub fn read_snapshot(&self, id: &str) -> Result<Vec<u8>> {
        if !crate::backup::is_snapshot_id(id) {
            return Err(Error::NotFound);
        }
        fs::read(self.snapshot_path(id)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound,
            _ => e.into(),
        })
    }

    /// The first `len` bytes of a snapshot file (its clear key file and sealed summary).
    pub fn read_snapshot_head(&self, id: &str, len: usize) -> Result<Vec<u8>> {
        let mut head = Vec::with_capacity(len);
        File::open(self.snapshot_path(id))?
            .take(len as u64)
            .read_to_end(&mut head)?;
        Ok(head)
    }

    pub fn remove_snapshot(&self, id: &str) -> Result<()> {
        remove_if_present(&self.snapshot_path(id))
    }

    /// Snapshot ids, oldest first (an id starts with its time).
    pub fn snapshot_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let Ok(dir) = fs::read_dir(self.snapshots_dir()) else {
            return Ok(ids);
        };
        for entry in dir {
            let name = entry?.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".snap")) else {
                continue;
            };
            if crate::backup::is_snapshot_id(id) {
                ids.push(id.to_owned());
            }
        }
        ids.sort();
        Ok(ids)
    }

    pub fn save_key_file(&self, key_file: &KeyFile) -> Result<()> {
        key_file.save(&self.key_file_path())
    }

    pub fn key_file(&self) -> Result<KeyFile> {
        KeyFile::load(&self.key_file_path())
    }

    /// Remove every chunk no snapshot in `live` names, and leftovers of interrupted writes.
    /// Returns the bytes freed.
    pub fn sweep(&self, live: &HashSet<ChunkId>) -> Result<u64> {
        let mut freed = 0;
        for (path, id) in self.chunk_files()? {
            let keep = id.is_some_and(|id| live.contains(&id));
            if !keep {
                freed += fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                remove_if_present(&path)?;
            }
        }
        if let Ok(dir) = fs::read_dir(self.snapshots_dir()) {
            for entry in dir {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == PARTIAL) {
                    remove_if_present(&path)?;
                }
            }
        }
        Ok(freed)
    }

    /// Every file under chunks/, with its id when its name is one.
    pub fn chunk_files(&self) -> Result<Vec<(PathBuf, Option<ChunkId>)>> {
        let mut files = Vec::new();
        let Ok(fans) = fs::read_dir(self.chunks_dir()) else {
            return Ok(files);
        };
        for fan in fans {
            let fan = fan?.path();
            if !fan.is_dir() {
                continue;
            }
            for entry in fs::read_dir(&fan)? {
                let path = entry?.path();
                let id = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| hex::decode(n).ok())
                    .and_then(|v| ChunkId::try_from(v).ok());
                files.push((path, id));
            }
        }
        Ok(files)
    }

    /// Bytes the folder holds.
    pub fn size(&self) -> u64 {
        fn walk(dir: &Path) -> u64 {
            let Ok(entries) = fs::read_dir(dir) else {
                return 0;
            };
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => walk(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        }
        walk(&self.root)
    }

    /// Remove the whole folder (delete everything).
    pub fn remove_all(&self) -> Result<bool> {
        match fs::remove_dir_all(&self.root) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Chunks written but not yet named (see `Repo::stage_chunk`).
#[derive(Default)]
pub(crate) struct Staged(Vec<(PathBuf, PathBuf)>);

/// Flush `files` to the disk. On Linux one `syncfs` of the folder's file system does it for all
/// (the app's own disk, or the second folder's); elsewhere each file is synced.
fn durable<'a>(root: &Path, files: impl Iterator<Item = &'a Path>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        rustix::fs::syncfs(File::open(root)?).map_err(std::io::Error::from)?;
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        for file in files {
            // Windows flushes only a handle opened for writing.
            fs::OpenOptions::new().write(true).open(file)?.sync_all()?;
        }
    }
    Ok(())
}

/// Flush the renames in `dirs`.
fn durable_names(root: &Path, dirs: &HashSet<PathBuf>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = dirs;
        rustix::fs::syncfs(File::open(root)?).map_err(std::io::Error::from)?;
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        for dir in dirs {
            fsutil::sync_dir(dir)?;
        }
    }
    Ok(())
}

/// `bytes` written to `<path>.partial` (not synced), with a crash point halfway.
fn write_partial(path: &Path, bytes: &[u8]) -> Result<(PathBuf, File)> {
    let partial = path.with_extension(PARTIAL);
    let mut file = fsutil::private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&partial)?;
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half])?;
    fsutil::crash_point()?;
    file.write_all(&bytes[half..])?;
    Ok((partial, file))
}

/// Write `bytes` to `path` whole or not at all: `<path>.partial`, synced, renamed.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let (partial, file) = write_partial(path, bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&partial, path)?;
    fsutil::crash_point()
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
