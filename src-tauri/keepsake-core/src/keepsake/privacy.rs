//! The privacy center's operations that span the database, the key file, the keychain and the
//! settings file: the policy update, granting and revoking permissions (with what revoking
//! deletes), remembering the key on this device, the reminder schedule.

use rusqlite::Connection;
use zeroize::Zeroizing;

use super::{Diary, Keepsake};
use crate::db::{self, atomically};
use crate::images::metadata as photo_metadata;
use crate::keychain::KeychainError;
use crate::permissions::{self, Actor, Permission};
use crate::vault::{KeyFile, SlotKind};
use crate::{dashboard, diagnostics, places, policy, usage, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyState {
    pub accepted: u32,
    pub current: u32,
}

impl PolicyState {
    /// A newer policy waits for the user's decision; until then the diary is read-only.
    pub fn update_pending(&self) -> bool {
        self.accepted < self.current
    }
}

/// What a revoke deleted, for the confirmation the user sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    pub places: usize,
    pub photo_metadata: usize,
    pub statistics_days: usize,
    pub log_lines: usize,
    pub reminder: bool,
    pub keychain_item: bool,
}

impl Keepsake {
    pub(super) fn with_open<T>(&self, f: impl FnOnce(&mut Diary) -> Result<T>) -> Result<T> {
        match self.slot().as_mut() {
            Some(diary) => f(diary),
            None => Err(Error::Locked),
        }
    }

    pub fn policy_state(&self) -> Result<PolicyState> {
        self.with_open(|d| {
            Ok(PolicyState {
                accepted: d.accepted_policy,
                current: policy::CURRENT_VERSION,
            })
        })
    }

    /// Accept the current policy: the diary becomes writable again.
    pub fn accept_policy(&self, version: u32) -> Result<()> {
        if version != policy::CURRENT_VERSION {
            return Err(Error::InvalidInput(
                "only the current policy can be accepted",
            ));
        }
        self.with_open(|d| {
            if !d.read_only() {
                return Ok(());
            }
            d.erasing(|conn| policy::accept(conn, version))?;
            d.accepted_policy = version;
            d.set_query_only(false)
        })
    }

    /// Grant `permission`. Under 14 (by the profile's birthday) only a guardian may grant.
    /// remember_device also puts a secret in the OS keychain and a device slot in the key file;
    /// if the keychain refuses, nothing is granted and nothing is written.
    pub fn grant(&self, permission: Permission, actor: &Actor) -> Result<()> {
        self.with_open(|d| {
            if d.read_only() {
                return Err(Error::ReadOnly);
            }
            let conn = d.conn();
            permissions::check_actor(conn, actor)?;
            if permissions::is_granted(conn, permission)? {
                return Ok(());
            }
            atomically(conn, || {
                permissions::record(conn, permission, true, actor)?;
                if permission == Permission::RememberDevice {
                    self.remember_device(d)?;
                }
                Ok(())
            })
        })
    }

    /// Revoke `permission` and delete what it produced. For location and photo_metadata the
    /// stored data goes only when `purge` is true (the UI offers it, checked by default); the
    /// others always delete theirs. Allowed while read-only: withdrawing consent always is.
    pub fn revoke(&self, permission: Permission, purge: bool) -> Result<Purged> {
        self.with_open(|d| {
            let mut purged = Purged::default();
            d.erasing(|conn| {
                atomically(conn, || {
                    if was_granted(conn, permission)? {
                        permissions::record(conn, permission, false, &Actor::User)?;
                    }
                    match permission {
                        Permission::Location if purge => purged.places = places::delete_all(conn)?,
                        Permission::PhotoMetadata if purge => {
                            purged.photo_metadata = photo_metadata::delete_all(conn)?
                        }
                        Permission::UsageStats => purged.statistics_days = usage::delete_all(conn)?,
                        Permission::Diagnostics => purged.log_lines = diagnostics::clear(conn)?,
                        _ => {}
                    }
                    Ok(())
                })
            })?;
            db::truncate_wal(&d.conn);
            match permission {
                Permission::Reminders => purged.reminder = self.clear_reminder()?,
                Permission::RememberDevice => purged.keychain_item = self.forget_device()?,
                _ => {}
            }
            Ok(purged)
        })
    }

    /// Delete one dashboard category. Allowed while read-only (deletion always is).
    pub fn delete_category(&self, category: dashboard::Category) -> Result<usize> {
        self.back_up_before(crate::backup::Reason::BeforeDeleteCategory);
        self.with_open(|d| d.erasing(|conn| dashboard::delete(conn, category)))
    }

    /// Whether the key file has a device slot (remember_device is on for this diary).
    pub fn device_remembered(&self) -> bool {
        KeyFile::load(&self.paths.key_file())
            .map(|f| f.device_account().is_some())
            .unwrap_or(false)
    }

    /// Unlock with the secret kept in the OS keychain. Any keychain trouble is an error that
    /// sends the user to the passphrase; nothing is ever read from or written to a file instead.
    pub fn unlock_with_device(&self) -> Result<()> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Ok(());
        }
        let key_file = KeyFile::load(&self.paths.key_file())?;
        let account = key_file.device_account().ok_or(Error::NotRemembered)?;
        let secret = self.key_store.get(account)?.ok_or_else(|| {
            KeychainError::Failed("the keychain no longer has this diary's item".into())
        })?;
        let key = key_file.unwrap(SlotKind::Device, &secret)?;
        self.open_diary(&mut slot, key)
    }

    /// Put a new random secret in the keychain, then a device slot wrapping the data key under
    /// it in the key file. The keychain comes first: if it refuses, the key file is untouched.
    fn remember_device(&self, d: &Diary) -> Result<()> {
        let path = self.paths.key_file();
        let key_file = KeyFile::load(&path)?;
        let old_account = key_file.device_account().map(str::to_owned);
        let account = format!("diary-{}", uuid::Uuid::new_v4());
        let secret = Zeroizing::new(crate::vault::random_array::<32>()?);
        self.key_store.put(&account, secret.as_ref())?;
        let saved = key_file
            .with_device_slot(&d.key, &account, secret.as_ref())
            .and_then(|f| f.save(&path));
        if let Err(e) = saved {
            let _ = self.key_store.delete(&account);
            return Err(e);
        }
        if let Some(old) = old_account {
            let _ = self.key_store.delete(&old);
        }
        Ok(())
    }

    /// Remove the device slot, then the keychain item. True when an item was removed.
    fn forget_device(&self) -> Result<bool> {
        let path = self.paths.key_file();
        let key_file = KeyFile::load(&path)?;
        let Some(account) = key_file.device_account().map(str::to_owned) else {
            return Ok(false);
        };
        key_file.without(SlotKind::Device).save(&path)?;
        // The slot is gone, so a leftover item no longer opens anything; still, say so.
        self.key_store.delete(&account)?;
        Ok(true)
    }

    /// Set (or with `None` cancel) the daily reminder, `HH:MM` local time. Needs reminders.
    pub fn set_reminder(&self, time: Option<&str>) -> Result<()> {
        self.with_diary(|d| permissions::require(d.conn(), Permission::Reminders))?;
        let time = time.map(parse_hhmm).transpose()?;
        self.update_settings(|s| s.reminder = time)
    }

    fn clear_reminder(&self) -> Result<bool> {
        if self.settings().reminder.is_none() {
            return Ok(false);
        }
        self.update_settings(|s| s.reminder = None)?;
        Ok(true)
    }
}

/// `H:MM` or `HH:MM` (24-hour) as `HH:MM`.
fn parse_hhmm(text: &str) -> Result<String> {
    let bad = || Error::InvalidInput("reminder time (HH:MM)");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let valid = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !valid(h, 1..=2) || !valid(m, 2..=2) {
        return Err(bad());
    }
    let (h, m): (u8, u8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(format!("{h:02}:{m:02}"))
}

/// Whether the latest ledger row for `permission` is a grant (in effect or not).
fn was_granted(conn: &Connection, permission: Permission) -> Result<bool> {
    Ok(permissions::latest(conn, permission)?.is_some_and(|row| row.granted))
}
