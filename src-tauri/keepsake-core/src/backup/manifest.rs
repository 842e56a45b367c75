//! A backup's manifest: which chunks, in order, make the database file, and what it held.
//!
//! ```text
//! "KEEPSAKE-BACKUP1"                       16 bytes
//! u32 LE length, the key file              as keyfile.json was (wrapped keys, no plaintext)
//! u32 LE length, the sealed summary        nonce (24) + XChaCha20-Poly1305 of its JSON
//! the sealed chunk list                    nonce (24) + XChaCha20-Poly1305 of 32-byte ids
//! ```
//!
//! Both sealed parts use a key derived from the diary's data key (HKDF-SHA256) and carry the
//! snapshot id and the part's name as associated data, so a manifest cannot be renamed into
//! another backup or have its parts swapped. The key file stays readable because it is what
//! opens the rest: with the passphrase or the recovery key it gives the data key.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::repo::ChunkId;
use super::Reason;
use crate::vault::{random_array, DataKey};
use crate::{Error, Result};

const MAGIC: &[u8; 16] = b"KEEPSAKE-BACKUP1";
const NONCE: usize = 24;
const MAX_KEY_FILE: usize = 64 * 1024;
const MAX_SUMMARY: usize = 64 * 1024;

/// What the list of backups shows, sealed in each manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub created_at: i64,
    pub reason: Reason,
    /// The database file's length: the chunks joined, cut to this.
    pub db_bytes: u64,
    /// Bytes this backup stored that no earlier one had.
    pub added_bytes: u64,
    pub entries: i64,
    pub photos: i64,
    /// Every page's HMAC and SQLite's structure were checked on the copied state.
    pub verified: bool,
    pub schema_version: i64,
}

pub(crate) struct Manifest {
    pub key_file: Vec<u8>,
    pub summary: Summary,
    pub chunks: Vec<ChunkId>,
}

/// The key that seals manifests, derived from the data key.
pub(crate) struct ManifestKey(Zeroizing<[u8; 32]>);

impl ManifestKey {
    pub fn derive(key: &DataKey) -> Result<Self> {
        let mut out = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, key.expose())
            .expand(b"keepsake backup manifest v1", out.as_mut())
            .map_err(|_| Error::Crypto)?;
        Ok(Self(out))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }
}

/// The associated data of a sealed part: the magic, the snapshot id, the part's name and the
/// SHA-256 of the key file in the clear part (so that cannot be swapped either).
fn aad(id: &str, part: &str, key_file: &[u8]) -> Vec<u8> {
    let mut aad = MAGIC.to_vec();
    aad.extend_from_slice(id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(part.as_bytes());
    aad.push(0);
    aad.extend_from_slice(&Sha256::digest(key_file));
    aad
}

fn seal(key: &ManifestKey, id: &str, part: &str, key_file: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
    let nonce: [u8; NONCE] = random_array()?;
    let sealed = key
        .cipher()
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad(id, part, key_file),
            },
        )
        .map_err(|_| Error::Crypto)?;
    Ok([nonce.as_slice(), &sealed].concat())
}

fn open(
    key: &ManifestKey,
    id: &str,
    part: &str,
    key_file: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>> {
    if sealed.len() < NONCE {
        return Err(Error::BackupDamaged);
    }
    let (nonce, body) = sealed.split_at(NONCE);
    key.cipher()
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: &aad(id, part, key_file),
            },
        )
        // The key is the diary's: a tag that does not match is damage (or another diary's
        // backup), never a wrong passphrase.
        .map_err(|_| Error::BackupDamaged)
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u32).to_le_bytes());
}

/// Split off a u32-length-prefixed part of at most `max` bytes.
fn take_part<'a>(bytes: &mut &'a [u8], max: usize) -> Result<&'a [u8]> {
    if bytes.len() < 4 {
        return Err(Error::BackupDamaged);
    }
    let len = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    if len > max || bytes.len() < 4 + len {
        return Err(Error::BackupDamaged);
    }
    let part = &bytes[4..4 + len];
    *bytes = &bytes[4 + len..];
    Ok(part)
}

/// How many bytes at the head of a manifest to read for its summary alone.
pub(crate) const HEAD_BYTES: usize = 16 + 4 + MAX_KEY_FILE + 4 + MAX_SUMMARY;

impl Manifest {
    pub fn seal(&self, key: &ManifestKey) -> Result<Vec<u8>> {
        let id = &self.summary.id;
        let summary = serde_json::to_vec(&self.summary).map_err(|_| Error::Crypto)?;
        let sealed_summary = seal(key, id, "summary", &self.key_file, &summary)?;
        let chunks = self.chunks.concat();
        let mut out = MAGIC.to_vec();
        put_len(&mut out, self.key_file.len());
        out.extend_from_slice(&self.key_file);
        put_len(&mut out, sealed_summary.len());
        out.extend_from_slice(&sealed_summary);
        out.extend_from_slice(&seal(key, id, "chunks", &self.key_file, &chunks)?);
        Ok(out)
    }

    /// The key file a manifest carries (readable without the key: it is what gives the key).
    pub fn key_file_of(head: &[u8]) -> Result<Vec<u8>> {
        let mut rest = head.strip_prefix(MAGIC).ok_or(Error::BackupDamaged)?;
        Ok(take_part(&mut rest, MAX_KEY_FILE)?.to_vec())
    }

    /// The summary alone, from the head of the file (see `HEAD_BYTES`).
    pub fn summary_of(bytes: &[u8], id: &str, key: &ManifestKey) -> Result<Summary> {
        let mut rest = bytes.strip_prefix(MAGIC).ok_or(Error::BackupDamaged)?;
        let key_file = take_part(&mut rest, MAX_KEY_FILE)?;
        let summary = open(
            key,
            id,
            "summary",
            key_file,
            take_part(&mut rest, MAX_SUMMARY)?,
        )?;
        let summary: Summary =
            serde_json::from_slice(&summary).map_err(|_| Error::BackupDamaged)?;
        if summary.id != id {
            return Err(Error::BackupDamaged);
        }
        Ok(summary)
    }

    pub fn open(bytes: &[u8], id: &str, key: &ManifestKey) -> Result<Manifest> {
        let summary = Self::summary_of(bytes, id, key)?;
        let mut rest = bytes.strip_prefix(MAGIC).ok_or(Error::BackupDamaged)?;
        let key_file = take_part(&mut rest, MAX_KEY_FILE)?.to_vec();
        take_part(&mut rest, MAX_SUMMARY)?;
        let list = open(key, id, "chunks", &key_file, rest)?;
        if list.len() % 32 != 0 {
            return Err(Error::BackupDamaged);
        }
        let chunks = list
            .chunks_exact(32)
            .map(|c| ChunkId::try_from(c).map_err(|_| Error::BackupDamaged))
            .collect::<Result<Vec<_>>>()?;
        let expected = summary.db_bytes.div_ceil(super::CHUNK as u64);
        if chunks.len() as u64 != expected {
            return Err(Error::BackupDamaged);
        }
        Ok(Manifest {
            key_file,
            summary,
            chunks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            key_file: b"{\"slots\":[]}".to_vec(),
            summary: Summary {
                id: "0001764590000000-00aa11bb".into(),
                created_at: 1_764_590_000_000,
                reason: Reason::Manual,
                db_bytes: (super::super::CHUNK * 2 + 10) as u64,
                added_bytes: 5,
                entries: 3,
                photos: 1,
                verified: true,
                schema_version: 6,
            },
            chunks: vec![[1; 32], [2; 32], [3; 32]],
        }
    }

    #[test]
    fn a_manifest_opens_with_its_key_and_id_only() {
        let key = ManifestKey::derive(&DataKey::generate().unwrap()).unwrap();
        let m = manifest();
        let bytes = m.seal(&key).unwrap();
        let id = &m.summary.id;
        let back = Manifest::open(&bytes, id, &key).unwrap();
        assert_eq!(back.summary, m.summary);
        assert_eq!(back.chunks, m.chunks);
        assert_eq!(back.key_file, m.key_file);

        let other = ManifestKey::derive(&DataKey::generate().unwrap()).unwrap();
        assert!(matches!(
            Manifest::open(&bytes, id, &other),
            Err(Error::BackupDamaged)
        ));
        assert!(matches!(
            Manifest::open(&bytes, "0001764590000001-00aa11bb", &key),
            Err(Error::BackupDamaged)
        ));
        for at in [20, bytes.len() / 2, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1;
            assert!(Manifest::open(&flipped, id, &key).is_err(), "flip at {at}");
        }
        assert!(Manifest::open(&bytes[..bytes.len() - 40], id, &key).is_err());
    }

    #[test]
    fn nothing_in_a_manifest_is_readable_but_the_key_file() {
        let key = ManifestKey::derive(&DataKey::generate().unwrap()).unwrap();
        let bytes = manifest().seal(&key).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for word in ["manual", "entries", "verified", "created_at"] {
            assert!(!text.contains(word), "{word} is readable");
        }
    }
}
