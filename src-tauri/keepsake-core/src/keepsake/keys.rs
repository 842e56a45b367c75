//! Changing the keys of an open diary: a new passphrase, a new recovery key. Each proves the
//! passphrase, rewraps one slot of the key file and replaces the file atomically; the data key
//! and the database stay as they are.

use super::{passphrase_secret, Keepsake};
use crate::fsutil::CrashPoint;
use crate::vault::{check_new_passphrase, KdfParams, KeyFile, RecoveryKey, SlotKind};
use crate::{Error, Result};
use zeroize::Zeroizing;

impl Keepsake {
    pub fn change_passphrase(&self, current: &str, new: &str) -> Result<()> {
        self.change_passphrase_until(current, new, None)
    }

    /// `change_passphrase`, stopping at `crash` while replacing the key file (crash tests).
    pub(crate) fn change_passphrase_until(
        &self,
        current: &str,
        new: &str,
        crash: Option<CrashPoint>,
    ) -> Result<()> {
        check_new_passphrase(new)?;
        let secret = passphrase_secret(new);
        self.rewrap(
            current,
            SlotKind::Passphrase,
            &secret,
            self.passphrase_kdf,
            crash,
        )
    }

    /// Replace the recovery key; the old one stops working. Asks for the passphrase again, as
    /// anyone at an unlocked machine could otherwise take over the diary's second key.
    pub fn new_recovery_key(&self, passphrase: &str) -> Result<Zeroizing<String>> {
        let recovery = RecoveryKey::generate()?;
        self.rewrap(
            passphrase,
            SlotKind::Recovery,
            recovery.expose(),
            self.recovery_kdf,
            None,
        )?;
        Ok(recovery.display())
    }

    /// Prove `passphrase`, then rewrap the slot of `kind` under `secret` and replace the key
    /// file atomically. Only while unlocked.
    fn rewrap(
        &self,
        passphrase: &str,
        kind: SlotKind,
        secret: &[u8],
        kdf: KdfParams,
        crash: Option<CrashPoint>,
    ) -> Result<()> {
        let slot = self.slot();
        if slot.is_none() {
            return Err(Error::Locked);
        }
        let path = self.paths.key_file();
        let key_file = KeyFile::load(&path)?;
        let key = key_file.unwrap(SlotKind::Passphrase, &passphrase_secret(passphrase))?;
        let new = key_file.rewrapped(kind, &key, secret, kdf)?;
        new.save_until(&path, crash)?;
        // The backups' copy follows, so they open with the new secret even without this
        // folder's key file (the copies inside older manifests still hold the old slots: see
        // the README on what a passphrase change does not do).
        for repo in self.repos() {
            if repo.exists() {
                let _ = repo.save_key_file(&new);
            }
        }
        Ok(())
    }
}
