//! Diary entries: create, read, update, delete, and the timeline's keyset pagination.

use rusqlite::{params, Connection, OptionalExtension, Row};
use time::macros::format_description;
use time::PrimitiveDateTime;

use crate::db::now_ms;
use crate::{Error, Result};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 1_000_000;
const EXCERPT_CHARS: usize = 160;
pub const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub body: String,
    /// Local date and time the entry is about, `YYYY-MM-DDTHH:MM`.
    pub entry_at: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInput {
    pub title: String,
    pub body: String,
    pub entry_at: String,
}

/// What the timeline shows of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySummary {
    pub id: String,
    pub title: String,
    pub excerpt: String,
    pub entry_at: String,
}

/// Where the next timeline page starts: just after this (entry_at, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub entry_at: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub entries: Vec<EntrySummary>,
    pub next: Option<Cursor>,
}

impl EntryInput {
    /// Trimmed title, validated date, sizes within bounds.
    fn validated(&self) -> Result<EntryInput> {
        let title = self.title.trim().to_owned();
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::InvalidInput("title too long"));
        }
        if self.body.chars().count() > MAX_BODY_CHARS {
            return Err(Error::InvalidInput("entry too long"));
        }
        if title.is_empty() && self.body.trim().is_empty() {
            return Err(Error::InvalidInput("empty entry"));
        }
        Ok(EntryInput {
            title,
            body: self.body.clone(),
            entry_at: normalize_entry_at(&self.entry_at)?,
        })
    }
}

/// Accepts `YYYY-MM-DDTHH:MM` (and `:SS`, which is dropped) and returns `YYYY-MM-DDTHH:MM`.
pub fn normalize_entry_at(value: &str) -> Result<String> {
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let parsed = PrimitiveDateTime::parse(value, minutes)
        .or_else(|_| PrimitiveDateTime::parse(value, seconds))
        .map_err(|_| Error::InvalidInput("entry date"))?;
    parsed
        .format(minutes)
        .map_err(|_| Error::InvalidInput("entry date"))
}

fn excerpt(body_start: &str) -> String {
    let collapsed = body_start.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        title: row.get(1)?,
        body: row.get(2)?,
        entry_at: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

const SELECT_ENTRY: &str =
    "SELECT id, title, body, entry_at, created_at, updated_at FROM entries WHERE id = ?1";

pub fn get(conn: &Connection, id: &str) -> Result<Entry> {
    conn.query_row(SELECT_ENTRY, [id], entry_from_row)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn create(conn: &Connection, input: &EntryInput) -> Result<Entry> {
    let input = input.validated()?;
    // v7 ids grow with time, so entries dated the same minute list newest-written first.
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    conn.execute(
        "INSERT INTO entries (id, title, body, entry_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, input.title, input.body, input.entry_at, now],
    )?;
    get(conn, &id)
}

pub fn update(conn: &Connection, id: &str, input: &EntryInput) -> Result<Entry> {
    let input = input.validated()?;
    let changed = conn.execute(
        "UPDATE entries SET title = ?2, body = ?3, entry_at = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, input.title, input.body, input.entry_at, now_ms()],
    )?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    get(conn, id)
}

/// Delete an entry for good: `secure_delete` zeroes its pages, and a checkpoint moves that into
/// the main file and truncates the WAL, so the old bytes do not linger.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM entries WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound);
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
}

/// One timeline page, newest first, starting after `after`.
pub fn page(conn: &Connection, after: Option<&Cursor>, limit: u32) -> Result<Page> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, substr(body, 1, 400), entry_at FROM entries
         WHERE ?1 IS NULL OR (entry_at, id) < (?1, ?2)
         ORDER BY entry_at DESC, id DESC
         LIMIT ?3",
    )?;
    let (at, id) = after.map(|c| (&c.entry_at, &c.id)).unzip();
    let mut entries = stmt
        .query_map(params![at, id, limit + 1], |row| {
            Ok(EntrySummary {
                id: row.get(0)?,
                title: row.get(1)?,
                excerpt: excerpt(&row.get::<_, String>(2)?),
                entry_at: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if entries.len() > limit as usize {
        entries.truncate(limit as usize);
        entries.last().map(|e| Cursor {
            entry_at: e.entry_at.clone(),
            id: e.id.clone(),
        })
    } else {
        None
    };
    Ok(Page { entries, next })
}

#[cfg(test)]
mod tests;
