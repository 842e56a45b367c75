//! The index's vocabulary: every word of four characters or more, folded as the tokenizer folds
//! it. A prefix that the prefix indexes (two and three characters) do not cover is expanded to
//! the words it starts, and the query asks for those words: FTS5 streams an OR of whole words in
//! rowid order, so a LIMIT stops early, where a prefix query would first merge the doclist of
//! every matching word in full (tens of milliseconds for a common word in a large diary).
//!
//! Folding is FTS5's own: text goes through a scratch full-text table in an in-memory database
//! of the thread's (never a file, and writable even while the diary is read-only) and its terms
//! are read back, so a word here is exactly the token the index holds, diacritics and case
//! included.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// The shortest word kept: shorter prefixes have prefix indexes of their own.
pub const MIN_CHARS: usize = 4;

/// A prefix that starts more words than this is left to FTS5's own prefix query.
pub const MAX_EXPANSION: usize = 64;

const SCRATCH: &str = "
    CREATE VIRTUAL TABLE scratch USING fts5 (
        text, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE scratch_terms USING fts5vocab (scratch, row);";

thread_local! {
    static SCRATCH_DB: std::result::Result<Connection, String> = Connection::open_in_memory()
        .and_then(|c| c.execute_batch(SCRATCH).map(|()| c))
        .map_err(|e| e.to_string());
}

/// The tokens FTS5 makes of `texts`, each once, in byte order.
pub fn tokens(texts: &[&str]) -> Result<Vec<String>> {
    SCRATCH_DB.with(|db| {
        let conn = db
            .as_ref()
            .map_err(|e| crate::Error::Io(std::io::Error::other(e.clone())))?;
        conn.execute("INSERT INTO scratch (scratch) VALUES ('delete-all')", [])?;
        let mut insert = conn.prepare_cached("INSERT INTO scratch (text) VALUES (?1)")?;
        for text in texts {
            insert.execute([text])?;
        }
        let mut terms = conn.prepare_cached("SELECT term FROM scratch_terms")?;
        let tokens = terms
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(tokens)
    })
}

/// Add the words of an entry's indexed text (title, body, tags) to the vocabulary: one
/// statement for all of them (most are known already and cost one look-up each).
pub fn record(conn: &Connection, texts: &[&str]) -> Result<()> {
    let long: Vec<String> = tokens(texts)?
        .into_iter()
        .filter(|t| t.chars().count() >= MIN_CHARS)
        .collect();
    if !long.is_empty() {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO search_words (word) SELECT value FROM json_each(?1)",
        )?
        .execute([serde_json::Value::from(long).to_string()])?;
    }
    Ok(())
}

/// What a folded prefix of `MIN_CHARS` or more stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    /// No indexed word starts so: nothing can match.
    Nothing,
    /// These words, at most `MAX_EXPANSION`.
    Words(Vec<String>),
    /// More words than `MAX_EXPANSION`.
    Many,
}

pub fn expand(conn: &Connection, prefix: &str) -> Result<Expansion> {
    let mut stmt =
        conn.prepare_cached("SELECT word FROM search_words WHERE word >= ?1 ORDER BY word")?;
    let mut rows = stmt.query([prefix])?;
    let mut words = Vec::new();
    while let Some(row) = rows.next()? {
        let word: String = row.get(0)?;
        if !word.starts_with(prefix) {
            break;
        }
        if words.len() == MAX_EXPANSION {
            return Ok(Expansion::Many);
        }
        words.push(word);
    }
    Ok(match words.is_empty() {
        true => Expansion::Nothing,
        false => Expansion::Words(words),
    })
}

/// True while some indexed entry still has `word`.
fn in_use(conn: &Connection, word: &str) -> Result<bool> {
    let found = conn
        .query_row(
            "SELECT 1 FROM entries_fts WHERE entries_fts MATCH ?1 LIMIT 1",
            [super::cjk::quote(word)],
            |_| Ok(()),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Forget up to `budget` words, from the first after `after`, that no entry has any more (their
/// entries were edited or deleted). Returns the last word looked at, to go on from next time
/// (`None` once the end of the vocabulary is reached).
pub fn sweep(conn: &Connection, after: &str, budget: usize) -> Result<Option<String>> {
    let words: Vec<String> = conn
        .prepare_cached("SELECT word FROM search_words WHERE word > ?1 ORDER BY word LIMIT ?2")?
        .query_map(rusqlite::params![after, budget as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut forget = conn.prepare_cached("DELETE FROM search_words WHERE word = ?1")?;
    for word in &words {
        if !in_use(conn, word)? {
            forget.execute([word])?;
        }
    }
    Ok(match words.len() < budget {
        true => None,
        false => words.last().cloned(),
    })
}

/// Forget every unused word now (after deleting data for good).
pub fn sweep_all(conn: &Connection) -> Result<()> {
    let mut after = String::new();
    while let Some(last) = sweep(conn, &after, 512)? {
        after = last;
    }
    Ok(())
}
