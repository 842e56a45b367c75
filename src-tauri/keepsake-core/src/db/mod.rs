//! The one way to open the diary database: SQLCipher keyed first, then the pragmas every
//! connection needs, then the schema migrations.

mod connection;
mod migrations;

pub use connection::{check_integrity, open, Mode};
pub use migrations::migrations;
/// The SQL error type, for callers that need to name it without depending on rusqlite.
pub use rusqlite::Error as SqlError;

/// Milliseconds since the Unix epoch, as stored in `*_at` columns.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
