//! The local error log (diagnostics): the kind of each error and where in the app it happened,
//! never diary content, paths or secrets. Written only while the permission is granted.

use rusqlite::{params, Connection};

use crate::db::now_ms;
use crate::permissions::{is_granted, require, Permission};
use crate::Result;

/// The log keeps at most this many lines; older ones are dropped.
pub const MAX_LINES: i64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at: i64,
    pub kind: String,
    pub context: String,
}

/// Append a line if diagnostics is granted. `kind` and `context` must be fixed identifiers.
pub fn record(conn: &Connection, at: i64, kind: &str, context: &str) -> Result<()> {
    if !is_granted(conn, Permission::Diagnostics)? {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO error_log (at, kind, context) VALUES (?1, ?2, ?3)",
        params![at, kind, context],
    )?;
    conn.execute(
        "DELETE FROM error_log WHERE seq <= (SELECT max(seq) FROM error_log) - ?1",
        [MAX_LINES],
    )?;
    Ok(())
}

pub fn record_now(conn: &Connection, kind: &str, context: &str) -> Result<()> {
    record(conn, now_ms(), kind, context)
}

/// Newest first.
pub fn lines(conn: &Connection) -> Result<Vec<LogLine>> {
    require(conn, Permission::Diagnostics)?;
    let mut stmt = conn.prepare("SELECT at, kind, context FROM error_log ORDER BY seq DESC")?;
    let lines = stmt
        .query_map([], |r| {
            Ok(LogLine {
                at: r.get(0)?,
                kind: r.get(1)?,
                context: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

/// Delete every line; returns how many there were.
pub fn clear(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("DELETE FROM error_log", [])?)
}
