//! Full-text search over titles, bodies and tags, in Chinese and English, newest first.

pub mod cjk;
mod highlight;

use rusqlite::{params, Connection, OptionalExtension};
use time::PrimitiveDateTime;

pub use highlight::{segments, Segment};

use crate::tags;
use crate::text::plain_text;
use crate::{Error, Result};

/// Entries that may share one minute before the index refuses more.
const PER_MINUTE: i64 = 1 << 16;

/// Minutes since the Unix epoch of an entry date (`YYYY-MM-DDTHH:MM`).
fn minute_of(entry_at: &str) -> Result<i64> {
    let at = PrimitiveDateTime::parse(entry_at, crate::clock::DATE_TIME)
        .map_err(|_| Error::InvalidInput("entry date"))?;
    Ok(at.assume_utc().unix_timestamp().div_euclid(60))
}

/// First search rowid of the day `date` (`YYYY-MM-DD`) at 00:00.
fn rowid_floor(date: &str) -> Result<i64> {
    Ok(minute_of(&format!("{date}T00:00"))? * PER_MINUTE)
}

/// (Re)index one entry. Keeps its rowid while its minute is unchanged.
pub fn index_entry(
    conn: &Connection,
    entry_id: &str,
    title: &str,
    body: &str,
    tags: &[String],
    entry_at: &str,
) -> Result<()> {
    let base = minute_of(entry_at)? * PER_MINUTE;
    let current: Option<i64> = conn
        .query_row(
            "SELECT rowid FROM search_keys WHERE entry_id = ?1",
            [entry_id],
            |r| r.get(0),
        )
        .optional()?;
    let rowid = match current {
        Some(rowid) if rowid.div_euclid(PER_MINUTE) * PER_MINUTE == base => {
            conn.execute("DELETE FROM entries_fts WHERE rowid = ?1", [rowid])?;
            rowid
        }
        _ => {
            if let Some(old) = current {
                conn.execute("DELETE FROM search_keys WHERE rowid = ?1", [old])?;
            }
            let next: i64 = conn.query_row(
                "SELECT coalesce(max(rowid) + 1, ?1) FROM search_keys
                 WHERE rowid >= ?1 AND rowid < ?2",
                [base, base + PER_MINUTE],
                |r| r.get(0),
            )?;
            if next >= base + PER_MINUTE {
                return Err(Error::InvalidInput("too many entries in one minute"));
            }
            conn.execute(
                "INSERT INTO search_keys (rowid, entry_id) VALUES (?1, ?2)",
                params![next, entry_id],
            )?;
            next
        }
    };
    conn.execute(
        "INSERT INTO entries_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
        params![
            rowid,
            cjk::index_text(title),
            cjk::index_text(body),
            cjk::index_text(&tags.join(" ")),
        ],
    )?;
    Ok(())
}

/// What to look for. Every part is optional; an empty query lists by the filters alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    pub tag: Option<String>,
    pub mood: Option<u8>,
    /// Inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Inclusive, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: String,
    pub entry_at: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    /// The title, split into matched and unmatched pieces.
    pub title: Vec<Segment>,
    /// A passage of the body around the first match, split likewise.
    pub snippet: Vec<Segment>,
}

const MAX_RESULTS: u32 = 200;

/// Matching entries, newest first. Text queries are answered from the index in rowid order
/// (date order), so a LIMIT stops early instead of sorting every match.
pub fn search(conn: &Connection, query: &SearchQuery) -> Result<Vec<SearchHit>> {
    let lo = match &query.from {
        Some(d) => rowid_floor(d)?,
        None => i64::MIN,
    };
    let hi = match &query.to {
        Some(d) => rowid_floor(d)? + 24 * 60 * PER_MINUTE - 1,
        None => i64::MAX,
    };
    if query.mood.is_some_and(|m| !(1..=5).contains(&m)) {
        return Err(Error::InvalidInput("mood"));
    }
    let limit = query.limit.clamp(1, MAX_RESULTS);
    let expression = cjk::match_expression(&query.text);
    let terms = highlight::terms(&query.text);
    // Text queries walk the full-text index, others the rowid keys; both in rowid (date)
    // order, filtered the same way.
    let (from, rowid) = if expression.is_some() {
        (
            "entries_fts f JOIN search_keys k ON k.rowid = f.rowid
             JOIN entries e ON e.id = k.entry_id WHERE entries_fts MATCH ?1",
            "f.rowid",
        )
    } else {
        (
            "search_keys k JOIN entries e ON e.id = k.entry_id WHERE ?1 IS NULL",
            "k.rowid",
        )
    };
    let sql = format!(
        "SELECT e.id, e.title, e.body, e.entry_at, e.mood, {tags_of} FROM {from}
           AND {rowid} BETWEEN ?2 AND ?3
           AND (?4 IS NULL OR e.mood = ?4)
           AND (?5 IS NULL OR {has_tag})
         ORDER BY {rowid} DESC LIMIT ?6",
        tags_of = tags::TAGS_OF,
        has_tag = tags::has_tag("?5"),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let hits = stmt
        .query_map(
            params![expression, lo, hi, query.mood, query.tag, limit],
            |r| {
                let title: String = r.get(1)?;
                let body: String = r.get(2)?;
                Ok(SearchHit {
                    id: r.get(0)?,
                    entry_at: r.get(3)?,
                    mood: r.get(4)?,
                    tags: tags::split(r.get(5)?),
                    title: segments(&title, &terms),
                    snippet: highlight::snippet(&plain_text(&body), &terms),
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(hits)
}

#[cfg(test)]
mod tests;
