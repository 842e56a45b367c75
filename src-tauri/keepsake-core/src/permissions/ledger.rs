//! The append-only consent ledger (triggers in migration 04 refuse UPDATE and DELETE).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Permission;
use crate::db::now_ms;
use crate::{policy, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User,
    /// A parent or guardian consenting for a user under 14.
    Guardian {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub seq: i64,
    pub at: i64,
    pub permission: Permission,
    pub granted: bool,
    pub policy_version: u32,
    pub actor: Actor,
}

const COLUMNS: &str = "seq, at, permission, granted, policy_version, guardian_name";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Option<LedgerRow>> {
    let id: String = r.get(2)?;
    let Some(permission) = Permission::from_id(&id) else {
        return Ok(None);
    };
    let guardian: Option<String> = r.get(5)?;
    Ok(Some(LedgerRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        permission,
        granted: r.get(3)?,
        policy_version: r.get(4)?,
        actor: match guardian {
            Some(name) => Actor::Guardian { name },
            None => Actor::User,
        },
    }))
}

/// Append a grant or revoke under the policy version the user has accepted.
pub fn record(
    conn: &Connection,
    permission: Permission,
    granted: bool,
    actor: &Actor,
) -> Result<()> {
    let (actor_kind, guardian) = match actor {
        Actor::User => ("user", None),
        Actor::Guardian { name } => ("guardian", Some(name.trim())),
    };
    conn.execute(
        "INSERT INTO consent_ledger (at, permission, granted, policy_version, actor, guardian_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            now_ms(),
            permission.id(),
            granted,
            policy::accepted_version(conn)?,
            actor_kind,
            guardian
        ],
    )?;
    Ok(())
}

/// The newest row for `permission`.
pub fn latest(conn: &Connection, permission: Permission) -> Result<Option<LedgerRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM consent_ledger WHERE permission = ?1
                 ORDER BY seq DESC LIMIT 1"
            ),
            [permission.id()],
            from_row,
        )
        .optional()?
        .flatten())
}

/// Every row, newest first.
pub fn ledger(conn: &Connection) -> Result<Vec<LedgerRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM consent_ledger ORDER BY seq DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}
