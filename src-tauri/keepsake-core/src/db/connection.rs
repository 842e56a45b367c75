use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::vault::DataKey;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create a new database; fails if one exists.
    Create,
    /// Open an existing database; fails if there is none.
    Open,
}

/// Open the diary database with `key`, apply the pragmas and bring the schema up to date.
///
/// Order matters: the key comes before anything touches the file; `cipher_version` must answer
/// (fail closed when SQLCipher is not linked); only then is the file read, so a key that
/// unwrapped correctly but meets "not a database" means the file is damaged.
pub fn open(path: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    let mut conn = open_with(path, key, mode)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// `open` an existing database without bringing its schema up to date (see `migrate`), so
/// that a backup can be made of it first.
pub fn open_unmigrated(path: &Path, key: &DataKey) -> Result<Connection> {
    open_with(path, key, Mode::Open)
}

/// True when the schema is older than this build's.
pub fn migration_pending(conn: &Connection) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((version as usize) < super::migrations::count())
}

/// Bring the schema up to date, then derive what a migration asked for and SQL cannot make.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    super::migrations().to_latest(conn)?;
    rebuild_derived(conn)
}

/// What a migration asks Rust to derive, as SQL cannot: it leaves the marker table, and this
/// runs the step once, in one transaction with dropping the marker. Bodies are packed before
/// the index is rebuilt (either reads them both ways).
type Derive = fn(&Connection) -> Result<()>;

const DERIVED: &[(&str, Derive)] = &[
    // Migration 08: bodies deflated (packed.rs).
    ("pack_bodies", crate::entries::pack_all),
    // Migration 07: the search index, its vocabulary and the timeline's excerpts.
    ("search_rebuild", crate::search::rebuild),
];

fn rebuild_derived(conn: &Connection) -> Result<()> {
    for (marker, derive) in DERIVED {
        let pending: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [marker],
            |r| r.get(0),
        )?;
        if pending {
            let tx = conn.unchecked_transaction()?;
            derive(&tx)?;
            tx.execute_batch(&format!("DROP TABLE {marker}"))?;
            tx.commit()?;
        }
    }
    Ok(())
}

fn open_with(path: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    match (mode, path.exists()) {
        (Mode::Create, true) => return Err(Error::AlreadyExists),
        (Mode::Open, false) => return Err(Error::DatabaseMissing),
        _ => {}
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if mode == Mode::Create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
        // SQLite would create it 0644 (less the umask); its WAL and SHM files copy the mode of
        // the database, so making it private first keeps all three the user's own.
        crate::fsutil::create_private_file(path)?;
    }
    let conn = Connection::open_with_flags(path, flags)?;

    let key_pragma = zeroize::Zeroizing::new(format!(
        "PRAGMA key = {}; PRAGMA cipher_hmac_algorithm = HMAC_SHA256;",
        key.sqlcipher_literal().as_str()
    ));
    conn.execute_batch(&key_pragma)?;
    drop(key_pragma);

    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()?;
    if version.is_none_or(|v| v.is_empty()) {
        return Err(Error::CipherUnavailable);
    }

    // First read of the file: a wrong key or a damaged header fails here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;

    // A page read from the file is decrypted and its HMAC checked; one found in SQLite's cache
    // is not. 32 MiB (the default is 2 MiB) holds the pages a session keeps going back to (the
    // timeline, the index's upper levels, the entries being searched as a word is typed).
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(
        "PRAGMA cache_size = -32768;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA busy_timeout = 5000;",
    )?;
    let journal: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(Error::InvalidInput("the database refused WAL mode"));
    }
    Ok(conn)
}

/// Write everything `conn` holds into a new database at `dest`, encrypted under `key` (SQLCipher's
/// `sqlcipher_export`, which is how a database changes its key without rewriting it in place).
pub fn export_encrypted(conn: &Connection, dest: &Path, key: &DataKey) -> Result<()> {
    crate::fsutil::create_private_file(dest)?;
    let attach = zeroize::Zeroizing::new(format!(
        "ATTACH DATABASE {} AS rekeyed KEY {};",
        quote(&dest.to_string_lossy()),
        key.sqlcipher_literal().as_str()
    ));
    conn.execute_batch(&attach)?;
    drop(attach);
    let result = (|| {
        conn.execute_batch(
            "PRAGMA rekeyed.cipher_hmac_algorithm = HMAC_SHA256;
             SELECT sqlcipher_export('rekeyed');",
        )?;
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
        Ok(())
    })();
    conn.execute_batch("DETACH DATABASE rekeyed")?;
    result
}

/// `text` as an SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Every page's HMAC (`cipher_integrity_check`), then SQLite's structural `quick_check`.
pub fn check_integrity(conn: &Connection) -> Result<()> {
    if pages_damaged(conn)? || !sound(conn, "quick_check")? {
        return Err(Error::DatabaseDamaged);
    }
    Ok(())
}

/// True when a page of the database file fails its HMAC (SQLCipher reads the file itself).
pub fn pages_damaged(conn: &Connection) -> Result<bool> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let damaged = stmt.query([])?.next()?.is_some();
    Ok(damaged)
}

/// SQLite's full `integrity_check` (b-trees, indexes, constraints).
pub fn structure_ok(conn: &Connection) -> Result<bool> {
    sound(conn, "integrity_check")
}

fn sound(conn: &Connection, pragma: &str) -> Result<bool> {
    match conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get::<_, String>(0)) {
        Ok(verdict) => Ok(verdict == "ok"),
        // A page that fails to decrypt stops the walk itself.
        Err(e) => match Error::from(e) {
            Error::DatabaseDamaged => Ok(false),
            other => Err(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma<T: rusqlite::types::FromSql>(conn: &Connection, name: &str) -> T {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn connections_are_encrypted_and_configured() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        let key = DataKey::generate().unwrap();
        let conn = open(&path, &key, Mode::Create).unwrap();
        assert!(!pragma::<String>(&conn, "cipher_version").is_empty());
        assert_eq!(pragma::<i64>(&conn, "temp_store"), 2, "MEMORY");
        assert_eq!(pragma::<i64>(&conn, "secure_delete"), 1);
        assert_eq!(pragma::<i64>(&conn, "foreign_keys"), 1);
        assert_eq!(pragma::<i64>(&conn, "synchronous"), 2, "FULL");
        assert_eq!(pragma::<String>(&conn, "journal_mode"), "wal");
        drop(conn);

        let header = std::fs::read(&path).unwrap();
        assert!(header.len() >= 16);
        assert_ne!(&header[..16], b"SQLite format 3\0");
    }

    #[test]
    fn create_refuses_to_overwrite_and_open_refuses_to_invent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        let key = DataKey::generate().unwrap();
        assert!(matches!(
            open(&path, &key, Mode::Open),
            Err(Error::DatabaseMissing)
        ));
        drop(open(&path, &key, Mode::Create).unwrap());
        assert!(matches!(
            open(&path, &key, Mode::Create),
            Err(Error::AlreadyExists)
        ));
        assert!(open(&path, &key, Mode::Open).is_ok());
    }

    #[test]
    fn another_key_reads_as_damage_at_this_layer() {
        // The key file's AEAD tag catches a wrong passphrase before the database is touched;
        // a key that unwrapped but does not fit the database therefore means damage.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        drop(open(&path, &DataKey::generate().unwrap(), Mode::Create).unwrap());
        let other = DataKey::generate().unwrap();
        assert!(matches!(
            open(&path, &other, Mode::Open),
            Err(Error::DatabaseDamaged)
        ));
    }
}
