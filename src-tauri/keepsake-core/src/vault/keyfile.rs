//! The key file: a small, versioned JSON document beside the database. Each slot wraps the data
//! key with XChaCha20-Poly1305 under a key derived from one secret (passphrase or recovery key).
//! The slot's header (kind, KDF parameters, salt) is the AEAD's associated data, so the tag both
//! proves the secret and detects tampering with the parameters. A SHA-256 checksum over the
//! whole content tells accidental damage apart from a wrong passphrase.

use std::fs;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::kdf::KdfParams;
use super::secret::{random_array, DataKey};
use crate::fsutil::{self, CrashPoint};
use crate::{Error, Result};

const FORMAT: &str = "keepsake-keyfile";
const VERSION: u32 = 1;
/// A key file is a few hundred bytes; anything far larger is not one.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Passphrase,
    Recovery,
    /// Wraps the data key under a random secret kept in the OS keychain (remember_device).
    Device,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    kind: SlotKind,
    /// For a device slot: the keychain item's account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    kdf: KdfParams,
    salt: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    slots: Vec<Slot>,
    checksum: String,
}

fn decode(field: &str) -> Result<Vec<u8>> {
    B64.decode(field)
        .map_err(|_| Error::KeyFileDamaged("bad base64"))
}

impl Slot {
    fn associated_data(
        kind: SlotKind,
        account: Option<&str>,
        kdf: &KdfParams,
        salt_b64: &str,
    ) -> Vec<u8> {
        let mut aad = format!(
            "{FORMAT}/v{VERSION}/{kind:?}/argon2id/m={}/t={}/p={}/salt={salt_b64}",
            kdf.memory_kib, kdf.iterations, kdf.parallelism
        );
        if let Some(account) = account {
            aad.push_str("/account=");
            aad.push_str(account);
        }
        aad.into_bytes()
    }

    fn seal(kind: SlotKind, key: &DataKey, secret: &[u8], kdf: KdfParams) -> Result<Slot> {
        Self::seal_for(kind, None, key, secret, kdf)
    }

    fn seal_for(
        kind: SlotKind,
        account: Option<String>,
        key: &DataKey,
        secret: &[u8],
        kdf: KdfParams,
    ) -> Result<Slot> {
        let salt: [u8; 16] = random_array()?;
        let nonce: [u8; 24] = random_array()?;
        let salt_b64 = B64.encode(salt);
        let kek = kdf.derive(secret, &salt)?;
        let aad = Self::associated_data(kind, account.as_deref(), &kdf, &salt_b64);
        let wrapped = XChaCha20Poly1305::new(kek.as_ref().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.expose(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Crypto)?;
        Ok(Slot {
            kind,
            account,
            kdf,
            salt: salt_b64,
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(wrapped),
        })
    }

    fn open(&self, secret: &[u8]) -> Result<DataKey> {
        let salt = decode(&self.salt)?;
        let nonce = decode(&self.nonce)?;
        let wrapped = decode(&self.wrapped_key)?;
        if nonce.len() != 24 || salt.len() < 8 {
            return Err(Error::KeyFileDamaged("bad slot"));
        }
        let kek = self.kdf.derive(secret, &salt)?;
        let aad = Self::associated_data(self.kind, self.account.as_deref(), &self.kdf, &self.salt);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(kek.as_ref().into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: &aad,
                    },
                )
                .map_err(|_| Error::WrongSecret)?,
        );
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| Error::KeyFileDamaged("bad key length"))?;
        Ok(DataKey::from_bytes(bytes))
    }
}

impl KeyFile {
    /// A new key file with one slot per secret.
    pub fn new(key: &DataKey, slots: &[(SlotKind, &[u8], KdfParams)]) -> Result<KeyFile> {
        let slots = slots
            .iter()
            .map(|(kind, secret, kdf)| Slot::seal(*kind, key, secret, *kdf))
            .collect::<Result<Vec<_>>>()?;
        Ok(KeyFile::with_slots(slots))
    }

    fn with_slots(slots: Vec<Slot>) -> KeyFile {
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            slots,
            checksum: String::new(),
        };
        file.checksum = file.compute_checksum();
        file
    }

    fn compute_checksum(&self) -> String {
        let body =
            serde_json::to_vec(&(&self.format, self.version, &self.slots)).unwrap_or_default();
        hex::encode(Sha256::digest(body))
    }

    pub fn load(path: &Path) -> Result<KeyFile> {
        let meta = fs::metadata(path).map_err(|_| Error::KeyFileDamaged("missing"))?;
        if meta.len() > MAX_KEY_FILE_BYTES {
            return Err(Error::KeyFileDamaged("too large"));
        }
        Self::load_bytes(&fs::read(path)?)
    }

    /// A key file from its bytes (a backup carries one), checked like `load`.
    pub fn load_bytes(bytes: &[u8]) -> Result<KeyFile> {
        if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
            return Err(Error::KeyFileDamaged("too large"));
        }
        let file: KeyFile =
            serde_json::from_slice(bytes).map_err(|_| Error::KeyFileDamaged("unreadable"))?;
        if file.format != FORMAT {
            return Err(Error::KeyFileDamaged("not a Keepsake key file"));
        }
        if file.version != VERSION {
            return Err(Error::KeyFileDamaged("unsupported version"));
        }
        if file.checksum != file.compute_checksum() {
            return Err(Error::KeyFileDamaged("checksum mismatch"));
        }
        for slot in &file.slots {
            slot.kdf.check_plausible()?;
        }
        Ok(file)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        self.save_until(path, None)
    }

    /// `save`, stopping at `crash` (fault injection for crash tests).
    pub(crate) fn save_until(&self, path: &Path, crash: Option<CrashPoint>) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|_| Error::Crypto)?;
        fsutil::replace_file_until(path, &bytes, crash)
    }

    /// Unwrap the data key with the secret for the slot of `kind`.
    pub fn unwrap(&self, kind: SlotKind, secret: &[u8]) -> Result<DataKey> {
        self.slots
            .iter()
            .find(|s| s.kind == kind)
            .ok_or(Error::KeyFileDamaged("slot missing"))?
            .open(secret)
    }

    /// A copy of this key file whose slot of `kind` wraps `key` under a new secret.
    pub fn rewrapped(
        &self,
        kind: SlotKind,
        key: &DataKey,
        secret: &[u8],
        kdf: KdfParams,
    ) -> Result<KeyFile> {
        let mut slots = self.without(kind).slots;
        slots.push(Slot::seal(kind, key, secret, kdf)?);
        Ok(KeyFile::with_slots(slots))
    }

    /// A copy with a device slot (replacing any earlier one) that wraps `key` under `secret`,
    /// a random key kept in the OS keychain under `account`.
    pub fn with_device_slot(&self, key: &DataKey, account: &str, secret: &[u8]) -> Result<KeyFile> {
        let mut slots = self.without(SlotKind::Device).slots;
        slots.push(Slot::seal_for(
            SlotKind::Device,
            Some(account.to_owned()),
            key,
            secret,
            KdfParams::DEVICE,
        )?);
        Ok(KeyFile::with_slots(slots))
    }

    /// A copy without the slot of `kind`.
    pub fn without(&self, kind: SlotKind) -> KeyFile {
        KeyFile::with_slots(
            self.slots
                .iter()
                .filter(|s| s.kind != kind)
                .cloned()
                .collect(),
        )
    }

    /// The keychain account of the device slot, when there is one.
    pub fn device_account(&self) -> Option<&str> {
        self.slots
            .iter()
            .find(|s| s.kind == SlotKind::Device)
            .and_then(|s| s.account.as_deref())
    }

    pub fn slot_kinds(&self) -> Vec<SlotKind> {
        self.slots.iter().map(|s| s.kind).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::FAST_INSECURE;

    fn sample() -> (DataKey, KeyFile) {
        let key = DataKey::generate().unwrap();
        let file = KeyFile::new(
            &key,
            &[
                (SlotKind::Passphrase, b"correct horse", FAST),
                (SlotKind::Recovery, b"recovery bytes", FAST),
            ],
        )
        .unwrap();
        (key, file)
    }

    #[test]
    fn each_slot_unwraps_the_same_key_with_its_own_secret_only() {
        let (key, file) = sample();
        let a = file.unwrap(SlotKind::Passphrase, b"correct horse").unwrap();
        let b = file.unwrap(SlotKind::Recovery, b"recovery bytes").unwrap();
        assert_eq!(a.expose(), key.expose());
        assert_eq!(b.expose(), key.expose());
        assert!(matches!(
            file.unwrap(SlotKind::Passphrase, b"recovery bytes"),
            Err(Error::WrongSecret)
        ));
    }

    #[test]
    fn weakening_the_kdf_parameters_breaks_the_tag() {
        let (_, mut file) = sample();
        file.slots[0].kdf.iterations += 1;
        file.checksum = file.compute_checksum();
        assert!(matches!(
            file.unwrap(SlotKind::Passphrase, b"correct horse"),
            Err(Error::WrongSecret)
        ));
    }

    #[test]
    fn damaged_files_are_told_apart_from_wrong_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyfile.json");
        let (_, file) = sample();
        file.save(&path).unwrap();
        let good = fs::read_to_string(&path).unwrap();

        let flipped = good.replacen(&file.slots[0].wrapped_key[..6], "AAAAAA", 1);
        for (name, bytes) in [
            ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
            ("empty", Vec::new()),
            ("garbage", vec![0xff; 300]),
            ("bit-flipped slot", flipped.into_bytes()),
        ] {
            fs::write(&path, &bytes).unwrap();
            match KeyFile::load(&path) {
                Err(Error::KeyFileDamaged(_)) => {}
                other => panic!("{name}: expected KeyFileDamaged, got {other:?}"),
            }
        }
        fs::remove_file(&path).unwrap();
        assert!(matches!(
            KeyFile::load(&path),
            Err(Error::KeyFileDamaged("missing"))
        ));
    }

    #[test]
    fn rewrapping_replaces_one_slot_and_keeps_the_other() {
        let (key, file) = sample();
        let new = file
            .rewrapped(SlotKind::Passphrase, &key, b"new secret", FAST)
            .unwrap();
        assert!(new.unwrap(SlotKind::Passphrase, b"correct horse").is_err());
        assert_eq!(
            new.unwrap(SlotKind::Passphrase, b"new secret")
                .unwrap()
                .expose(),
            key.expose()
        );
        assert!(new.unwrap(SlotKind::Recovery, b"recovery bytes").is_ok());
        assert_eq!(new.slot_kinds().len(), 2);
    }

    #[test]
    fn a_device_slot_opens_with_its_keychain_secret_and_names_its_account() {
        let (key, file) = sample();
        assert_eq!(file.device_account(), None);
        let with = file.with_device_slot(&key, "vault-1", &[7; 32]).unwrap();
        assert_eq!(with.device_account(), Some("vault-1"));
        assert_eq!(
            with.unwrap(SlotKind::Device, &[7; 32]).unwrap().expose(),
            key.expose()
        );
        assert!(matches!(
            with.unwrap(SlotKind::Device, &[8; 32]),
            Err(Error::WrongSecret)
        ));
        // The account is bound to the slot: renaming it breaks the tag.
        let mut renamed = with.clone();
        renamed.slots[2].account = Some("vault-2".into());
        assert!(renamed.unwrap(SlotKind::Device, &[7; 32]).is_err());
        let without = with.without(SlotKind::Device);
        assert_eq!(without.device_account(), None);
        assert_eq!(without.slot_kinds(), file.slot_kinds());
    }
}
