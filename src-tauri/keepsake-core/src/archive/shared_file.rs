//! A file read at explicit positions: clones share one open handle and each keeps its own
//! position (and read-ahead), so one opened archive gives a reader per core without opening or
//! parsing it again. Small reads (a zip's headers, small members) come from a read-ahead block
//! instead of a system call each; large ones go straight to the caller's buffer.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

/// Reads shorter than this fill a block this large and are served from it.
const READ_AHEAD: usize = 16 * 1024;

#[derive(Clone)]
pub struct SharedFile {
    file: Arc<File>,
    len: u64,
    position: u64,
    /// Bytes of the file from `ahead_at` on.
    ahead: Vec<u8>,
    ahead_at: u64,
}

impl SharedFile {
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        Ok(Self {
            file: Arc::new(file),
            len,
            position: 0,
            ahead: Vec::new(),
            ahead_at: 0,
        })
    }

    pub fn len(&self) -> u64 {
        self.len
    }
}

#[cfg(unix)]
fn read_at(file: &File, out: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, out, at)
}

#[cfg(windows)]
fn read_at(file: &File, out: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, out, at)
}

impl Read for SharedFile {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.len() >= READ_AHEAD {
            let n = read_at(&self.file, out, self.position)?;
            self.position += n as u64;
            return Ok(n);
        }
        let end = self.ahead_at + self.ahead.len() as u64;
        if !(self.ahead_at..end).contains(&self.position) {
            self.ahead.resize(READ_AHEAD, 0);
            let n = read_at(&self.file, &mut self.ahead, self.position)?;
            self.ahead.truncate(n);
            self.ahead_at = self.position;
        }
        let start = (self.position - self.ahead_at) as usize;
        let n = out.len().min(self.ahead.len() - start);
        out[..n].copy_from_slice(&self.ahead[start..start + n]);
        self.position += n as u64;
        Ok(n)
    }
}

/// Where a seek from `position` in something `len` long lands (before the start is an error).
pub fn seek_target(to: SeekFrom, position: u64, len: u64) -> io::Result<u64> {
    match to {
        SeekFrom::Start(n) => Some(n),
        SeekFrom::End(d) => len.checked_add_signed(d),
        SeekFrom::Current(d) => position.checked_add_signed(d),
    }
    .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = seek_target(to, self.position, self.len)?;
        Ok(self.position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_read_at_their_own_positions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut a = SharedFile::open(&path).unwrap();
        let mut b = a.clone();
        a.seek(SeekFrom::Start(6)).unwrap();
        let (mut x, mut y) = ([0u8; 3], [0u8; 3]);
        a.read_exact(&mut x).unwrap();
        b.read_exact(&mut y).unwrap();
        assert_eq!((&x, &y), (b"678", b"012"));
        assert_eq!(a.seek(SeekFrom::End(-1)).unwrap(), 9);
        assert_eq!(a.len(), 10);
        let mut rest = Vec::new();
        a.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"9");
        assert!(b.seek(SeekFrom::Current(-10)).is_err());
    }

    #[test]
    fn small_and_large_reads_agree_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..3 * READ_AHEAD + 123)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut f = SharedFile::open(&path).unwrap();
        let mut back = Vec::new();
        // Odd small reads across read-ahead blocks, a seek back into the block, a large read.
        let mut small = [0u8; 1000];
        while back.len() < READ_AHEAD + 5000 {
            let n = f.read(&mut small).unwrap();
            back.extend_from_slice(&small[..n]);
        }
        f.seek(SeekFrom::Start(back.len() as u64 - 10)).unwrap();
        back.truncate(back.len() - 10);
        let mut large = vec![0u8; READ_AHEAD + 100];
        f.read_exact(&mut large).unwrap();
        back.extend_from_slice(&large);
        f.read_to_end(&mut back).unwrap();
        assert_eq!(back, bytes);
    }
}
