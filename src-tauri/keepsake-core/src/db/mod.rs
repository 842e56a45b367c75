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

/// A PASSIVE checkpoint (it never waits for a reader, such as a backup's copy: what it cannot
/// carry now, the next one does); true when it carried the whole WAL. The WAL is then started
/// over by the next commit, which also syncs its new header: this makes that commit here, on the
/// `checkpoints` row, so that the extra sync is not the next save's (migration 09).
pub fn checkpoint(conn: &rusqlite::Connection) -> crate::Result<bool> {
    let (busy, frames, carried): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy == 0 && frames > 0 && carried == frames {
        conn.execute("UPDATE checkpoints SET count = count + 1", [])?;
    }
    Ok(busy == 0)
}

/// Milliseconds since the Unix epoch, as stored in `*_at` columns.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use crate::entries::{self, EntryInput};
    use crate::test_support::open_test_diary;

    #[test]
    fn a_checkpoint_that_empties_the_wal_makes_the_commit_that_starts_it_over() {
        let (_dir, conn) = open_test_diary();
        for i in 0..20 {
            let input = EntryInput {
                title: format!("Entry {i}"),
                body: "words to fill the write-ahead log ".repeat(40),
                entry_at: "2026-12-01T09:00".into(),
                ..Default::default()
            };
            entries::create(&conn, &input).unwrap();
        }
        let state = |conn: &rusqlite::Connection| -> (i64, i64) {
            let count = conn
                .query_row("SELECT count FROM checkpoints", [], |r| r.get(0))
                .unwrap();
            // A second PASSIVE checkpoint, to read how many frames the WAL holds now.
            let frames = conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
                .unwrap();
            (count, frames)
        };
        assert!(super::checkpoint(&conn).unwrap());
        let (count, frames) = state(&conn);
        assert_eq!(count, 1);
        assert!(
            (1..=3).contains(&frames),
            "the WAL started over with the checkpoints row alone: {frames} frames"
        );
    }
}
