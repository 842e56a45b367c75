//! Optional permissions and the consent ledger. All are off on a new diary; the state of each is
//! its latest ledger row. Features check `require` here, in the core, so a permission that is off
//! holds whatever the web view asks. Granting, revoking and purging live in `Keepsake`, which
//! also owns the key file and the keychain that `remember_device` touches.

mod ledger;

use rusqlite::Connection;

pub use ledger::{latest, ledger, record, Actor, LedgerRow};

use crate::{profile, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    RememberDevice,
    PhotoMetadata,
    Location,
    Sharing,
    UsageStats,
    Diagnostics,
    Reminders,
}

impl Permission {
    /// In the order product.md's catalog lists them.
    pub const ALL: [Permission; 7] = [
        Permission::RememberDevice,
        Permission::PhotoMetadata,
        Permission::Location,
        Permission::Sharing,
        Permission::UsageStats,
        Permission::Diagnostics,
        Permission::Reminders,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Permission::RememberDevice => "remember_device",
            Permission::PhotoMetadata => "photo_metadata",
            Permission::Location => "location",
            Permission::Sharing => "sharing",
            Permission::UsageStats => "usage_stats",
            Permission::Diagnostics => "diagnostics",
            Permission::Reminders => "reminders",
        }
    }

    pub fn from_id(id: &str) -> Option<Permission> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Revoking these asks whether to delete what they gathered (the others always delete
    /// theirs, or gathered nothing).
    pub fn offers_purge(self) -> bool {
        matches!(self, Permission::Location | Permission::PhotoMetadata)
    }
}

/// One permission as the Settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionState {
    pub permission: Permission,
    /// In effect now: granted, and by a guardian when the user is a minor.
    pub granted: bool,
    /// When the grant in effect was given (ms since the epoch).
    pub granted_at: Option<i64>,
    pub granted_by: Option<Actor>,
    /// Granted by the user alone, but the profile now says they are under 14.
    pub needs_guardian: bool,
}

/// The state of every permission, in catalog order.
pub fn states(conn: &Connection) -> Result<Vec<PermissionState>> {
    let minor = profile::is_minor(conn)?;
    Permission::ALL
        .into_iter()
        .map(|permission| {
            let latest = ledger::latest(conn, permission)?.filter(|row| row.granted);
            let by_guardian = latest
                .as_ref()
                .is_some_and(|row| matches!(row.actor, Actor::Guardian { .. }));
            let needs_guardian = latest.is_some() && minor && !by_guardian;
            Ok(PermissionState {
                permission,
                granted: latest.is_some() && !needs_guardian,
                granted_at: latest.as_ref().map(|row| row.at),
                granted_by: latest.map(|row| row.actor),
                needs_guardian,
            })
        })
        .collect()
}

pub fn is_granted(conn: &Connection, permission: Permission) -> Result<bool> {
    let Some(row) = ledger::latest(conn, permission)? else {
        return Ok(false);
    };
    Ok(row.granted && (matches!(row.actor, Actor::Guardian { .. }) || !profile::is_minor(conn)?))
}

/// Fail with `PermissionOff` unless `permission` is in effect.
pub fn require(conn: &Connection, permission: Permission) -> Result<()> {
    if is_granted(conn, permission)? {
        Ok(())
    } else {
        Err(Error::PermissionOff(permission))
    }
}

/// The minors rule, checked before a grant is written: under 14, only a guardian may grant.
pub fn check_actor(conn: &Connection, actor: &Actor) -> Result<()> {
    match actor {
        Actor::Guardian { name } if name.trim().is_empty() => {
            Err(Error::InvalidInput("guardian name"))
        }
        Actor::Guardian { .. } => Ok(()),
        Actor::User if profile::is_minor(conn)? => Err(Error::GuardianRequired),
        Actor::User => Ok(()),
    }
}

#[cfg(test)]
mod tests;
