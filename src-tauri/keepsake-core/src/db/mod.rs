//! The one way to open the diary database: SQLCipher keyed first, then the pragmas every
//! connection needs, then the schema migrations.

mod connection;
mod migrations;

pub use connection::{
    check_integrity, export_encrypted, migrate, migration_pending, open, open_unmigrated,
    pages_damaged, structure_ok, Mode,
};
pub use migrations::migrations;
/// The SQL error type, for callers that need to name it without depending on rusqlite.
pub use rusqlite::Error as SqlError;

/// Run `f` atomically. A savepoint rather than a transaction, so that it also nests inside an
/// outer transaction (an import or a bulk load runs many saves as one unit).
pub fn atomically<T>(
    conn: &rusqlite::Connection,
    f: impl FnOnce() -> crate::Result<T>,
) -> crate::Result<T> {
    conn.execute_batch("SAVEPOINT keepsake_save")?;
    match f() {
        Ok(value) => {
            conn.execute_batch("RELEASE keepsake_save")?;
            Ok(value)
        }
        Err(e) => {
            // Undo this unit only; an outer transaction carries on.
            let _ = conn.execute_batch("ROLLBACK TO keepsake_save; RELEASE keepsake_save");
            Err(e)
        }
    }
}

/// Carry what the WAL holds into the main file and empty it: after a deletion, so the zeroed
/// pages (`secure_delete`) replace the old ones on disk, and nothing deleted lingers in the WAL.
/// The deletion is committed already: a checkpoint that cannot run now (a reader holds an old
/// snapshot) is not its failure, and the next checkpoint does the work.
pub fn truncate_wal(conn: &rusqlite::Connection) {
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
}

/// Milliseconds since the Unix epoch, as stored in `*_at` columns.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
