//! Full-text search over titles, bodies and tags, in Chinese and English, newest first.

pub mod cjk;
mod highlight;
mod query;
pub mod words;

use rusqlite::{params, Connection, OptionalExtension};
use time::PrimitiveDateTime;

pub use highlight::{segments, Segment};

use crate::packed;
use crate::tags;
use crate::text::plain_text;
use crate::{Error, Result};

/// Entries that may share one minute before the index refuses more. Small, because the index
/// stores each rowid as a varint of its distance from the previous one: at 2^10 a day between
/// entries is three bytes a posting, at 2^16 it was four.
const PER_MINUTE: i64 = 1 << 10;

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
        .prepare_cached("SELECT rowid FROM search_keys WHERE entry_id = ?1")?
        .query_row([entry_id], |r| r.get(0))
        .optional()?;
    let rowid = match current {
        Some(rowid) if rowid.div_euclid(PER_MINUTE) * PER_MINUTE == base => {
            conn.prepare_cached("DELETE FROM entries_fts WHERE rowid = ?1")?
                .execute([rowid])?;
            rowid
        }
        _ => {
            if let Some(old) = current {
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
            conn.prepare_cached("INSERT INTO search_keys (rowid, entry_id) VALUES (?1, ?2)")?
                .execute(params![next, entry_id])?;
            next
        }
    };
    let texts = [
        cjk::index_text(title),
        cjk::index_text(body),
        cjk::index_text(&tags.join(" ")),
    ];
    conn.prepare_cached(
        "INSERT INTO entries_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![rowid, texts[0], texts[1], texts[2]])?;
    words::record(conn, &texts.each_ref().map(String::as_str))
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
    let plan = query::plan(conn, &query.text)?;
    if plan.impossible {
        return Ok(Vec::new());
    }
    let terms = highlight::terms(&query.text);
    let mut stmt = conn.prepare_cached(&search_sql(plan.expression.is_some()))?;
    // With runs to check, rows the index offered may be refused: no LIMIT in SQL then (the rows
    // still stream newest first, and reading stops at `limit` hits).
    let sql_limit = match plan.phrases.is_empty() {
        true => i64::from(limit),
        false => -1,
    };
    let mut rows = stmt.query(params![
        plan.expression,
        lo,
        hi,
        query.mood,
        query.tag,
        sql_limit
    ])?;
    let mut hits = Vec::new();
    while hits.len() < limit as usize {
        let Some(r) = rows.next()? else { break };
        let title: String = r.get(1)?;
        let body = packed::body_at(r, 2)?;
        let tags = tags::split(r.get(6)?);
        if !plan.phrases.iter().all(|p| {
            title.contains(p.as_str())
                || body.contains(p.as_str())
                || tags.iter().any(|t| t.contains(p.as_str()))
        }) {
            continue;
        }
        hits.push(SearchHit {
            id: r.get(0)?,
            entry_at: r.get(4)?,
            mood: r.get(5)?,
            tags,
            title: segments(&title, &terms),
            snippet: highlight::snippet(&plain_text(&body), &terms),
        });
    }
    Ok(hits)
}

/// The search statement: text queries walk the full-text index, others the rowid keys; both in
/// rowid (date) order, filtered the same way. Parameters: ?1 the FTS5 expression, ?2 and ?3 the
/// rowid range, ?4 the mood, ?5 the tag, ?6 the limit.
pub(crate) fn search_sql(text: bool) -> String {
    let (from, rowid) = if text {
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
    format!(
        "SELECT e.id, e.title, e.body, e.body_packed, e.entry_at, e.mood, {tags_of} FROM {from}
           AND {rowid} BETWEEN ?2 AND ?3
           AND (?4 IS NULL OR e.mood = ?4)
           AND (?5 IS NULL OR {has_tag})
         ORDER BY {rowid} DESC LIMIT ?6",
        tags_of = tags::TAGS_OF,
        // On the key, not the entry: rows without the tag are refused before their entry is read.
        has_tag = tags::has_tag("k.entry_id", "?5"),
    )
}

#[cfg(test)]
mod tests;
