//! Writing the index. Each entry has a key (`search_keys`): a rowid that encodes its date, so
//! the index streams newest first and a date range is a rowid range. A save gives the entry its
//! key at once and leaves its words for the tidy-up (`index_waiting`) a moment later: FTS5
//! writes a new segment at every commit that adds words, and that, not the disk, was most of a
//! save's time. Until then the key's state says the index is behind for that entry, and search
//! reads the entry itself (see `search`).

use rusqlite::{params, Connection, OptionalExtension};
use time::PrimitiveDateTime;

use super::{cjk, words};
use crate::packed;
use crate::tags;
use crate::{Error, Result};

/// Entries that may share one minute before the index refuses more. Small, because the index
/// stores each rowid as a varint of its distance from the previous one: at 2^10 a day between
/// entries is three bytes a posting, at 2^16 it was four.
pub(super) const PER_MINUTE: i64 = 1 << 10;

/// What the index holds for a key (`search_keys.state`, migration 09).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The entry's words as they are.
    Current = 0,
    /// Older words of the entry.
    Outdated = 1,
    /// Nothing yet.
    Missing = 2,
}

impl State {
    fn of(value: i64) -> State {
        match value {
            0 => State::Current,
            1 => State::Outdated,
            _ => State::Missing,
        }
    }
}

/// Minutes since the Unix epoch of an entry date (`YYYY-MM-DDTHH:MM`).
fn minute_of(entry_at: &str) -> Result<i64> {
    let at = PrimitiveDateTime::parse(entry_at, crate::clock::DATE_TIME)
        .map_err(|_| Error::InvalidInput("entry date"))?;
    Ok(at.assume_utc().unix_timestamp().div_euclid(60))
}

/// First rowid of the day `date` (`YYYY-MM-DD`) at 00:00.
pub(super) fn rowid_floor(date: &str) -> Result<i64> {
    Ok(minute_of(&format!("{date}T00:00"))? * PER_MINUTE)
}

/// The texts the index holds for an entry: title, body and tags (see `cjk::index_text`).
pub(super) fn indexed_texts(title: &str, body: &str, tags: &[String]) -> [String; 3] {
    [
        cjk::index_text(title),
        cjk::index_text(body),
        cjk::index_text(&tags.join(" ")),
    ]
}

/// Give the entry its key, and leave its words to `index_waiting`: what a save does.
pub fn place_entry(conn: &Connection, entry_id: &str, entry_at: &str) -> Result<()> {
    key(conn, entry_id, entry_at).map(drop)
}

/// Give the entry its key and index its words now (imports, restores, rebuilds).
pub fn index_entry(
    conn: &Connection,
    entry_id: &str,
    title: &str,
    body: &str,
    tags: &[String],
    entry_at: &str,
) -> Result<()> {
    let (rowid, state) = key(conn, entry_id, entry_at)?;
    write_words(conn, rowid, state, &indexed_texts(title, body, tags))
}

/// The entry's key, kept while its minute is unchanged, and what the index holds for it now
/// that its text is changing.
fn key(conn: &Connection, entry_id: &str, entry_at: &str) -> Result<(i64, State)> {
    let base = minute_of(entry_at)? * PER_MINUTE;
    let current: Option<(i64, i64)> = conn
        .prepare_cached("SELECT rowid, state FROM search_keys WHERE entry_id = ?1")?
        .query_row([entry_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match current {
        Some((rowid, state)) if rowid.div_euclid(PER_MINUTE) * PER_MINUTE == base => {
            let state = State::of(state);
            if state == State::Current {
                conn.prepare_cached("UPDATE search_keys SET state = ?2 WHERE rowid = ?1")?
                    .execute([rowid, State::Outdated as i64])?;
                return Ok((rowid, State::Outdated));
            }
            Ok((rowid, state))
        }
        _ => {
            if let Some((old, _)) = current {
                // Its words, if the index has any, go with it (trigger search_keys_forget).
                conn.prepare_cached("DELETE FROM search_keys WHERE rowid = ?1")?
                    .execute([old])?;
            }
            let next: i64 = conn
                .prepare_cached(
                    "SELECT coalesce(max(rowid) + 1, ?1) FROM search_keys
                     WHERE rowid >= ?1 AND rowid < ?2",
                )?
                .query_row([base, base + PER_MINUTE], |r| r.get(0))?;
            if next >= base + PER_MINUTE {
                return Err(Error::InvalidInput("too many entries in one minute"));
            }
            conn.prepare_cached(
                "INSERT INTO search_keys (rowid, entry_id, state) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![next, entry_id, State::Missing as i64])?;
            Ok((next, State::Missing))
        }
    }
}

/// Put `texts` (`indexed_texts`) in the index under `rowid`, replacing what it held there.
fn write_words(conn: &Connection, rowid: i64, state: State, texts: &[String; 3]) -> Result<()> {
    if state == State::Outdated {
        conn.prepare_cached("DELETE FROM entries_fts WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    conn.prepare_cached(
        "INSERT INTO entries_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![rowid, texts[0], texts[1], texts[2]])?;
    words::record(conn, &texts.each_ref().map(String::as_str))?;
    conn.prepare_cached("UPDATE search_keys SET state = 0 WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}

/// Index the words of up to `budget` entries saved since the index last caught up, in one
/// transaction (one new segment); returns how many it indexed (fewer than `budget`: none is
/// left).
pub fn index_waiting(conn: &Connection, budget: usize) -> Result<usize> {
    let waiting: Vec<(i64, State, [String; 3])> = conn
        .prepare_cached(&format!(
            "SELECT k.rowid, k.state, e.title, e.body, e.body_packed, {tags_of}
             FROM search_keys k INDEXED BY search_keys_waiting JOIN entries e ON e.id = k.entry_id
             WHERE k.state > 0 LIMIT ?1",
            tags_of = tags::TAGS_OF
        ))?
        .query_map([i64::try_from(budget).unwrap_or(i64::MAX)], |r| {
            let body = packed::body_at(r, 3)?;
            let tags = tags::split(r.get(5)?);
            Ok((
                r.get(0)?,
                State::of(r.get(1)?),
                indexed_texts(&r.get::<_, String>(2)?, &body, &tags),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    crate::db::atomically(conn, || {
        for (rowid, state, texts) in &waiting {
            write_words(conn, *rowid, *state, texts)?;
        }
        Ok(waiting.len())
    })
}

/// Index every entry again, with its excerpt (after a migration that changed the index).
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM search_keys; DELETE FROM search_words;
         INSERT INTO entries_fts (entries_fts) VALUES ('delete-all');",
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, e.title, e.body, e.body_packed, e.entry_at, {tags} FROM entries e",
        tags = tags::TAGS_OF
    ))?;
    let mut rows = stmt.query([])?;
    let mut excerpt = conn.prepare("UPDATE entries SET excerpt = ?2 WHERE id = ?1")?;
    while let Some(row) = rows.next()? {
        let (id, title, at): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(4)?);
        let body = packed::body_at(row, 2)?;
        index_entry(conn, &id, &title, &body, &tags::split(row.get(5)?), &at)?;
        excerpt.execute(params![id, crate::text::excerpt(&body)])?;
    }
    Ok(())
}

/// One bounded step (about `pages` leaf pages) of FTS5's incremental merge of the index's
/// segments, which saves leave to the tidy-up; false when there was nothing to merge (FTS5
/// reports work done as two or more changes).
pub fn merge_step(conn: &Connection, pages: u32) -> Result<bool> {
    let before = conn.total_changes();
    conn.prepare_cached("INSERT INTO entries_fts (entries_fts, rank) VALUES ('merge', ?1)")?
        .execute([pages])?;
    Ok(conn.total_changes() - before >= 2)
}
