//! Full-text search over titles, bodies and tags, in Chinese and English, newest first.

pub mod cjk;
mod highlight;
mod index;
mod query;
pub mod words;

use rusqlite::{params, Connection, Row};

pub use highlight::{segments, Segment};
pub use index::{index_entry, index_waiting, merge_step, place_entry, rebuild};

use crate::packed;
use crate::tags;
use crate::text::plain_text;
use crate::{Error, Result};
use index::{rowid_floor, PER_MINUTE};

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
/// (date order), so a LIMIT stops early instead of sorting every match; the few entries saved
/// since the index last caught up are read and checked here, and take their places among them.
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
    let limit = query.limit.clamp(1, MAX_RESULTS) as usize;
    let plan = query::plan(conn, &query.text)?;
    let terms = highlight::terms(&query.text);
    let walk = match plan.terms.is_empty() {
        true => Walk::Keys,
        false => Walk::Index,
    };
    // With runs to check, rows the index offered may be refused: no LIMIT in SQL then (the rows
    // still stream newest first, and reading stops at `limit` hits).
    let sql_limit = match plan.phrases.is_empty() {
        true => limit as i64,
        false => -1,
    };
    let expression = plan.expression();
    let filters = params![expression, lo, hi, query.mood, query.tag, sql_limit];
    let mut waiting = Vec::new();
    if walk == Walk::Index {
        let mut stmt = conn.prepare_cached(&search_sql(Walk::Waiting))?;
        // Each is checked here: no LIMIT in SQL.
        let mut rows = stmt.query(params![None::<String>, lo, hi, query.mood, query.tag, -1])?;
        while waiting.len() < limit {
            let Some(r) = rows.next()? else { break };
            let (title, body, tags) = texts_of(r)?;
            let texts = index::indexed_texts(&title, &body, &tags);
            if plan.matches(&words::tokens(&texts.each_ref().map(String::as_str))?) {
                waiting.extend(hit(r, &plan.phrases, &terms, (title, body, tags))?);
            }
        }
    }
    let mut waiting = waiting.into_iter().peekable();
    let mut hits = Vec::new();
    let mut stmt = conn.prepare_cached(&search_sql(walk))?;
    // No indexed entry can match: only those waiting may.
    let mut rows = match walk == Walk::Index && expression.is_none() {
        true => None,
        false => Some(stmt.query(filters)?),
    };
    while hits.len() < limit {
        let indexed = match rows.as_mut() {
            Some(rows) => match rows.next()? {
                Some(r) => match hit(r, &plan.phrases, &terms, texts_of(r)?)? {
                    Some(found) => Some(found),
                    None => continue,
                },
                None => None,
            },
            None => None,
        };
        let newer = indexed.as_ref().map(|(rowid, _)| *rowid);
        while let Some((_, found)) = waiting.next_if(|(rowid, _)| newer.is_none_or(|n| *rowid > n))
        {
            hits.push(found);
        }
        match indexed {
            Some((_, found)) => hits.push(found),
            None => break,
        }
    }
    hits.truncate(limit);
    Ok(hits)
}

/// Title, body and tags of a row of `search_sql`.
fn texts_of(r: &Row<'_>) -> Result<(String, String, Vec<String>)> {
    Ok((r.get(1)?, packed::body_at(r, 2)?, tags::split(r.get(6)?)))
}

/// The row's key and hit, unless a phrase is missing from its texts.
fn hit(
    r: &Row<'_>,
    phrases: &[String],
    terms: &[String],
    (title, body, tags): (String, String, Vec<String>),
) -> Result<Option<(i64, SearchHit)>> {
    if !phrases.iter().all(|p| {
        title.contains(p.as_str())
            || body.contains(p.as_str())
            || tags.iter().any(|t| t.contains(p.as_str()))
    }) {
        return Ok(None);
    }
    Ok(Some((
        r.get(7)?,
        SearchHit {
            id: r.get(0)?,
            entry_at: r.get(4)?,
            mood: r.get(5)?,
            tags,
            title: segments(&title, terms),
            snippet: highlight::snippet(&plain_text(&body), terms),
        },
    )))
}

/// What a search reads, in rowid (date) order, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// The full-text index, for the entries whose words it holds.
    Index,
    /// The entries whose words the index does not hold yet (a few, saved a moment ago), to be
    /// checked against the terms; SQLite sorts them.
    Waiting,
    /// Every key, for a query of filters alone.
    Keys,
}

/// The search statement of a walk, filtered the same way for each. Parameters: ?1 the FTS5
/// expression, ?2 and ?3 the rowid range, ?4 the mood, ?5 the tag, ?6 the limit.
pub(crate) fn search_sql(walk: Walk) -> String {
    let from = match walk {
        Walk::Index => {
            "entries_fts f JOIN search_keys k ON k.rowid = f.rowid
             JOIN entries e ON e.id = k.entry_id WHERE entries_fts MATCH ?1 AND k.state = 0"
        }
        Walk::Waiting => {
            "search_keys k INDEXED BY search_keys_waiting JOIN entries e ON e.id = k.entry_id
             WHERE k.state > 0"
        }
        Walk::Keys => "search_keys k JOIN entries e ON e.id = k.entry_id WHERE ?1 IS NULL",
    };
    let rowid = match walk {
        Walk::Index => "f.rowid",
        Walk::Waiting | Walk::Keys => "k.rowid",
    };
    format!(
        "SELECT e.id, e.title, e.body, e.body_packed, e.entry_at, e.mood, {tags_of}, {rowid}
         FROM {from}
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
