//! Helpers shared by the unit tests of several modules.

use rusqlite::Connection;

use crate::db::{self, Mode};
use crate::vault::DataKey;

/// A new encrypted diary database in a temporary folder (kept alive by the returned guard).
pub fn open_test_diary() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(
        &dir.path().join("diary.db"),
        &DataKey::generate().unwrap(),
        Mode::Create,
    )
    .unwrap();
    (dir, conn)
}

/// Search results for `text`, with no filters, newest first.
pub fn search_text(conn: &Connection, text: &str) -> Vec<crate::search::SearchHit> {
    crate::search::search(
        conn,
        &crate::search::SearchQuery {
            text: text.into(),
            tag: None,
            mood: None,
            from: None,
            to: None,
            limit: 10,
        },
    )
    .unwrap()
}
