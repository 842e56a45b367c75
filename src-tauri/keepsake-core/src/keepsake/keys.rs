//! Changing the keys of an open diary: a new passphrase, a new recovery key. Each proves the
//! passphrase, rewraps one slot of the key file and replaces the file atomically; the data key
//! and the database stay as they are.

use super::backups::{check_database, remove_database};
use super::upkeep::quietly;
use super::{passphrase_secret, Keepsake};
use crate::backup::Reason;
use crate::db;
use crate::fsutil::{self, CrashPoint};
use crate::permissions::Permission;
use crate::vault::{check_new_passphrase, DataKey, KdfParams, KeyFile, RecoveryKey, SlotKind};
use crate::{Error, Result};
use zeroize::Zeroizing;

/// What "re-encrypt with a new key" did, for the user.
#[derive(Debug)]
pub struct Rekeyed {
    /// The new recovery key, shown once (the old one opens nothing any more).
    pub recovery_key: Zeroizing<String>,
    /// Backups made under the old key, removed (a new one was made under the new key).
    pub backups_removed: usize,
    /// The device slot could not follow the new key: remember_device must be turned on again.
    pub device_forgotten: bool,
}

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

    /// Re-encrypt the whole diary under a new data key, for when an old secret or an old copy of
    /// the key file may be known: a passphrase change keeps the data key, so that pair would
    /// still open the diary. The database is exported under the new key beside the diary and
    /// checked; then a key file for the new key is written beside the old one, the database
    /// swapped in by one rename, and the new key file put in place. A crash between the two
    /// renames is finished at the next unlock (see `unlock_with`). The backups made before are
    /// removed once one is made under the new key; the recovery key is new.
    pub fn rekey(&self, passphrase: &str) -> Result<Rekeyed> {
        let secret = passphrase_secret(passphrase);
        let mut slot = self.slot();
        let diary = slot.as_ref().ok_or(Error::Locked)?;
        let old = KeyFile::load(&self.paths.key_file())?;
        old.unwrap(SlotKind::Passphrase, &secret)?;
        let key = DataKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let next = KeyFile::new(
            &key,
            &[
                (SlotKind::Passphrase, &secret, self.passphrase_kdf),
                (SlotKind::Recovery, recovery.expose(), self.recovery_kdf),
            ],
        )?;
        let rekeying = self.paths.rekeying();
        remove_database(&rekeying);
        db::truncate_wal(&diary.conn);
        db::export_encrypted(&diary.conn, &rekeying, &key)
            .inspect_err(|_| remove_database(&rekeying))?;
        check_database(&rekeying, &key)?;
        let next_path = self.paths.next_key_file();
        next.save(&next_path)?;
        fsutil::crash_point()?;
        self.swap_in_held(&mut slot, &rekeying, key, None, Some(&next_path))?;
        drop(slot);

        // The device slot wrapped the old key: remember_device is withdrawn (and recorded so);
        // the user can turn it on again.
        let device_forgotten = old.device_account().is_some();
        if device_forgotten && self.revoke(Permission::RememberDevice, true).is_err() {
            if let Some(account) = old.device_account() {
                let _ = self.key_store.delete(account);
            }
        }
        let backups_removed = match quietly(|p| self.back_up_with(Reason::AfterRekey, true, p)) {
            Ok(_) => self.remove_backups_of_old_keys()?,
            // Without a backup under the new key the old ones stay: they are the way back.
            Err(e) => {
                self.log_error("backup_failed", super::upkeep::error_kind(&e));
                0
            }
        };
        Ok(Rekeyed {
            recovery_key: recovery.display(),
            backups_removed,
            device_forgotten,
        })
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
