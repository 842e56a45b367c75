//! Passphrase-sealed files: a header line, then the content in 64 KiB chunks, each sealed with
//! XChaCha20-Poly1305 under a key derived with Argon2id. A chunk's nonce is a random prefix and
//! its index, and its associated data is the header and whether it is the last chunk, so
//! reordering, dropping or truncating chunks fails authentication. Fixed-size chunks make the
//! reader seekable, which is what a zip reader needs: an encrypted export is imported straight
//! from the file, never decrypted to disk and never held whole in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::shared_file::{seek_target, SharedFile};
use crate::vault::{random_array, KdfParams};
use crate::{Error, Result};

pub const MAGIC: &[u8] = b"KEEPSAKE-SEALED ";
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const MAX_HEADER: usize = 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    version: u32,
    kdf: KdfParams,
    salt: String,
    nonce_prefix: String,
    /// The tag of nothing sealed under the key (nonce index `u64::MAX`): proves the passphrase
    /// on its own, so a damaged or cut-short file is never taken for a wrong passphrase.
    /// Absent from files written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    check: Option<String>,
}

const CHECK_AAD: &[u8] = b"keepsake-sealed passphrase check";

fn check_tag(cipher: &XChaCha20Poly1305, prefix: &[u8; 16]) -> Result<Vec<u8>> {
    let mut tag = Vec::with_capacity(TAG);
    cipher
        .encrypt_in_place(&nonce(prefix, u64::MAX), CHECK_AAD, &mut tag)
        .map_err(|_| Error::Crypto)?;
    Ok(tag)
}

/// Why reading a sealed file failed past its passphrase: the bytes are not what was sealed.
/// Carried inside the `io::Error`, so readers above (zip) can tell damage from other trouble.
#[derive(Debug)]
pub(super) struct Damaged;

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the encrypted file is damaged")
    }
}

impl std::error::Error for Damaged {}

/// True when `e` is a sealed file's damage (see `Damaged`).
pub(super) fn is_damage(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Damaged>())
}

fn nonce(prefix: &[u8; 16], index: u64) -> XNonce {
    let mut n = [0u8; 24];
    n[..16].copy_from_slice(prefix);
    n[16..].copy_from_slice(&index.to_be_bytes());
    XNonce::from(n)
}

fn aad(header: &[u8], last: bool) -> Vec<u8> {
    let mut aad = header.to_vec();
    aad.push(u8::from(last));
    aad
}

/// True when `path` starts like a sealed file.
pub fn is_sealed(path: &std::path::Path) -> Result<bool> {
    let mut start = [0u8; 16];
    let mut file = File::open(path)?;
    let n = file.read(&mut start)?;
    Ok(n == MAGIC.len() && start == MAGIC)
}

/// Seals everything written to it; `finish` writes the last chunk.
pub struct SealingWriter<W: Write> {
    inner: W,
    cipher: XChaCha20Poly1305,
    header: Vec<u8>,
    prefix: [u8; 16],
    index: u64,
    buffer: Vec<u8>,
}

impl<W: Write> SealingWriter<W> {
    pub fn new(mut inner: W, passphrase: &[u8], kdf: KdfParams) -> Result<Self> {
        let salt: [u8; 16] = random_array()?;
        let prefix: [u8; 16] = random_array()?;
        let key = kdf.derive(passphrase, &salt)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let header = serde_json::to_vec(&Header {
            version: 1,
            kdf,
            salt: B64.encode(salt),
            nonce_prefix: B64.encode(prefix),
            check: Some(B64.encode(check_tag(&cipher, &prefix)?)),
        })
        .map_err(|_| Error::Crypto)?;
        inner.write_all(MAGIC)?;
        inner.write_all(&header)?;
        inner.write_all(b"\n")?;
        Ok(Self {
            inner,
            cipher,
            header,
            prefix,
            index: 0,
            buffer: Vec::with_capacity(CHUNK + TAG),
        })
    }

    /// Encrypt the buffer in place (no plaintext copy is left behind) and write it.
    fn seal_chunk(&mut self, last: bool) -> io::Result<()> {
        self.cipher
            .encrypt_in_place(
                &nonce(&self.prefix, self.index),
                &aad(&self.header, last),
                &mut self.buffer,
            )
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.inner.write_all(&self.buffer)?;
        self.index += 1;
        self.buffer.clear();
        Ok(())
    }

    /// Seal the last (possibly empty) chunk and return the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal_chunk(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, mut data: &[u8]) -> io::Result<usize> {
        let written = data.len();
        while !data.is_empty() {
            let room = CHUNK - self.buffer.len();
            let take = room.min(data.len());
            self.buffer.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buffer.len() == CHUNK {
                self.seal_chunk(false)?;
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Reads a sealed file as its plaintext, with seeking; one chunk in memory at a time. Clones
/// read the same file with the same key, each at its own position.
#[derive(Clone)]
pub struct OpeningReader {
    file: SharedFile,
    cipher: XChaCha20Poly1305,
    header: Vec<u8>,
    prefix: [u8; 16],
    body_start: u64,
    body_len: u64,
    chunks: u64,
    plain_len: u64,
    position: u64,
    /// Which chunk `buffer` holds, opened; the buffer is reused for every chunk.
    cached: Option<u64>,
    buffer: Zeroizing<Vec<u8>>,
}

impl OpeningReader {
    /// Opens `path` with `passphrase`: `WrongSecret` when the passphrase is not the one it was
    /// sealed with, `ArchiveDamaged` when it is but the file is not as it was written.
    pub fn open(path: &std::path::Path, passphrase: &[u8]) -> Result<Self> {
        let damaged = || Error::ArchiveInvalid("the encrypted file is damaged");
        let mut reader = BufReader::new(SharedFile::open(path)?);
        let mut magic = [0u8; 16];
        reader.read_exact(&mut magic).map_err(|_| damaged())?;
        if magic != MAGIC {
            return Err(damaged());
        }
        let mut line = Vec::new();
        reader
            .by_ref()
            .take(MAX_HEADER as u64)
            .read_until(b'\n', &mut line)?;
        if line.pop() != Some(b'\n') {
            return Err(damaged());
        }
        let header: Header = serde_json::from_slice(&line).map_err(|_| damaged())?;
        header.kdf.check_plausible().map_err(|_| damaged())?;
        let salt = B64.decode(&header.salt).map_err(|_| damaged())?;
        let prefix: [u8; 16] = B64
            .decode(&header.nonce_prefix)
            .ok()
            .and_then(|p| p.try_into().ok())
            .ok_or_else(damaged)?;
        if header.version != 1 {
            return Err(Error::ArchiveInvalid(
                "this encrypted file needs a newer Keepsake",
            ));
        }
        let key = header.kdf.derive(passphrase, &salt)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let proven = match &header.check {
            Some(check) => {
                let expected = B64.decode(check).map_err(|_| damaged())?;
                if check_tag(&cipher, &prefix)? != expected {
                    return Err(Error::WrongSecret);
                }
                true
            }
            None => false,
        };
        let body_start = (MAGIC.len() + line.len() + 1) as u64;
        let file = reader.into_inner();
        let body_len = file.len().saturating_sub(body_start);
        let sealed_chunk = (CHUNK + TAG) as u64;
        let chunks = body_len.div_ceil(sealed_chunk).max(1);
        let last_len = body_len - (chunks - 1) * sealed_chunk;
        let cut_short = || Error::ArchiveDamaged("the encrypted file is cut short");
        if last_len < TAG as u64 {
            return Err(if proven { cut_short() } else { damaged() });
        }
        let plain_len = (chunks - 1) * CHUNK as u64 + (last_len - TAG as u64);
        let mut reader = Self {
            file,
            cipher,
            header: line,
            prefix,
            body_start,
            body_len,
            chunks,
            plain_len,
            position: 0,
            cached: None,
            buffer: Zeroizing::new(Vec::with_capacity(CHUNK + TAG)),
        };
        // Without a check in the header, the first chunk proves the passphrase (or shows damage,
        // which reads the same).
        reader.chunk(0).map_err(|_| {
            if proven {
                cut_short()
            } else {
                Error::WrongSecret
            }
        })?;
        Ok(reader)
    }

    fn chunk(&mut self, index: u64) -> io::Result<&[u8]> {
        if self.cached != Some(index) {
            self.cached = None;
            let sealed_chunk = (CHUNK + TAG) as u64;
            let start = index * sealed_chunk;
            let len = sealed_chunk.min(self.body_len.saturating_sub(start));
            self.buffer.resize(len as usize, 0);
            self.file.seek(SeekFrom::Start(self.body_start + start))?;
            self.file.read_exact(&mut self.buffer)?;
            let last = index + 1 == self.chunks;
            self.cipher
                .decrypt_in_place(
                    &nonce(&self.prefix, index),
                    &aad(&self.header, last),
                    &mut *self.buffer,
                )
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, Damaged))?;
            self.cached = Some(index);
        }
        Ok(&self.buffer)
    }
}

impl Read for OpeningReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.position >= self.plain_len || out.is_empty() {
            return Ok(0);
        }
        let index = self.position / CHUNK as u64;
        let offset = (self.position % CHUNK as u64) as usize;
        let chunk = self.chunk(index)?;
        let n = (chunk.len().saturating_sub(offset)).min(out.len());
        out[..n].copy_from_slice(&chunk[offset..offset + n]);
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for OpeningReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = seek_target(to, self.position, self.plain_len)?;
        Ok(self.position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(dir: &std::path::Path, plain: &[u8]) -> std::path::PathBuf {
        let path = dir.join("x.sealed");
        let mut w = SealingWriter::new(
            File::create(&path).unwrap(),
            b"pass",
            KdfParams::FAST_INSECURE,
        )
        .unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap();
        path
    }

    #[test]
    fn round_trips_and_seeks_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 77] {
            let plain: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            let path = sealed(dir.path(), &plain);
            assert!(is_sealed(&path).unwrap());
            let mut r = OpeningReader::open(&path, b"pass").unwrap();
            let mut back = Vec::new();
            r.read_to_end(&mut back).unwrap();
            assert_eq!(back, plain, "size {size}");
            if size > CHUNK + 10 {
                r.seek(SeekFrom::Start(CHUNK as u64 - 3)).unwrap();
                let mut six = [0u8; 6];
                r.read_exact(&mut six).unwrap();
                assert_eq!(&six[..], &plain[CHUNK - 3..CHUNK + 3]);
            }
        }
    }

    #[test]
    fn wrong_passphrase_truncation_and_tampering_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plain = vec![7u8; 2 * CHUNK + 5];
        let path = sealed(dir.path(), &plain);
        assert!(matches!(
            OpeningReader::open(&path, b"nope"),
            Err(Error::WrongSecret)
        ));
        let bytes = std::fs::read(&path).unwrap();
        let read_all = |bytes: &[u8]| -> std::result::Result<Vec<u8>, String> {
            std::fs::write(&path, bytes).unwrap();
            let mut r = OpeningReader::open(&path, b"pass").map_err(|e| e.to_string())?;
            let mut out = Vec::new();
            r.read_to_end(&mut out).map_err(|e| e.to_string())?;
            Ok(out)
        };
        assert_eq!(read_all(&bytes).unwrap(), plain);
        // Cut at a chunk boundary: the new last chunk was not sealed as last.
        let header_len = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
        let cut = header_len + CHUNK + TAG;
        assert!(read_all(&bytes[..cut]).is_err(), "truncated");
        let mut flipped = bytes.clone();
        let at = header_len + CHUNK + TAG + 100;
        flipped[at] ^= 1;
        assert!(read_all(&flipped).is_err(), "tampered");
        assert!(!is_sealed(&dir.path().join("missing")).unwrap_or(false));
    }
}
