//! Diary entries: create, read, update, delete, and the timeline's keyset pagination.

pub mod calendar;

use rusqlite::{params, Connection, OptionalExtension, Row};
use time::macros::format_description;
use time::PrimitiveDateTime;

use crate::db::{self, atomically, now_ms};
use crate::packed;
use crate::search;
use crate::tags;
use crate::text::excerpt;
use crate::{clock, usage, Error, Result};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 1_000_000;
pub const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub body: String,
    /// Local date and time the entry is about, `YYYY-MM-DDTHH:MM`.
    pub entry_at: String,
    pub tags: Vec<String>,
    /// 1 (awful) to 5 (great).
    pub mood: Option<u8>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryInput {
    pub title: String,
    pub body: String,
    pub entry_at: String,
    pub tags: Vec<String>,
    pub mood: Option<u8>,
}

/// What the timeline shows of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySummary {
    pub id: String,
    pub title: String,
    pub excerpt: String,
    pub entry_at: String,
    pub tags: Vec<String>,
    pub mood: Option<u8>,
    /// The entry's first photo, for the timeline's thumbnail.
    pub cover_image: Option<String>,
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
        if self.mood.is_some_and(|m| !(1..=5).contains(&m)) {
            return Err(Error::InvalidInput("mood"));
        }
        Ok(EntryInput {
            title,
            body: self.body.clone(),
            entry_at: normalize_entry_at(&self.entry_at)?,
            tags: tags::normalize(&self.tags)?,
            mood: self.mood,
        })
    }
}

/// Accepts `YYYY-MM-DDTHH:MM` (and `:SS`, which is dropped) and returns `YYYY-MM-DDTHH:MM`.
pub fn normalize_entry_at(value: &str) -> Result<String> {
    let minutes = crate::clock::DATE_TIME;
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let parsed = PrimitiveDateTime::parse(value, minutes)
        .or_else(|_| PrimitiveDateTime::parse(value, seconds))
        .map_err(|_| Error::InvalidInput("entry date"))?;
    parsed
        .format(minutes)
        .map_err(|_| Error::InvalidInput("entry date"))
}

/// Whole entries (read by `entry_from_row`) from `entries e`, then `rest`.
fn select_entries(rest: &str) -> String {
    format!(
        "SELECT e.id, e.title, e.body, e.body_packed, e.entry_at, e.mood, {tags_of}, e.created_at,
                e.updated_at
         FROM entries e {rest}",
        tags_of = tags::TAGS_OF
    )
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        title: row.get(1)?,
        body: packed::body_at(row, 2)?,
        entry_at: row.get(4)?,
        mood: row.get(5)?,
        tags: tags::split(row.get(6)?),
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Entry> {
    conn.query_row(&select_entries("WHERE e.id = ?1"), [id], entry_from_row)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Every entry, oldest first (date, then id), one at a time: memory stays flat however many
/// there are.
pub fn for_each(conn: &Connection, mut f: impl FnMut(Entry) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(&select_entries("ORDER BY e.entry_at, e.id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        f(entry_from_row(row)?)?;
    }
    Ok(())
}

/// When an entry's words reach the search index.
#[derive(Clone, Copy)]
enum Indexing {
    /// In the same transaction (restores and imports: many entries at once).
    Now,
    /// At the tidy-up, a moment later (a save: see search/index.rs); its key, and so its place
    /// in search results, follows at once.
    Later,
}

/// Tags and the search index follow the entry in the same transaction.
fn save_related(conn: &Connection, id: &str, input: &EntryInput, indexing: Indexing) -> Result<()> {
    tags::set(conn, id, &input.tags)?;
    match indexing {
        Indexing::Now => search::index_entry(
            conn,
            id,
            &input.title,
            &input.body,
            &input.tags,
            &input.entry_at,
        ),
        Indexing::Later => search::place_entry(conn, id, &input.entry_at),
    }
}

pub fn create(conn: &Connection, input: &EntryInput) -> Result<Entry> {
    let input = input.validated()?;
    // v7 ids grow with time, so entries dated the same minute list newest-written first.
    let id = crate::ids::new_id();
    let now = now_ms();
    atomically(conn, || {
        if !insert(conn, &id, &input, now, now)? {
            return Err(Error::AlreadyExists);
        }
        save_related(conn, &id, &input, Indexing::Later)?;
        usage::record_save(
            conn,
            clock::local_now(),
            true,
            usage::words(&input.title) + usage::words(&input.body),
        )
    })?;
    get(conn, &id)
}

/// The entry's row (body packed, excerpt made); false when an entry with `id` exists already.
fn insert(
    conn: &Connection,
    id: &str,
    input: &EntryInput,
    created_at: i64,
    updated_at: i64,
) -> Result<bool> {
    let (body, body_packed) = packed::pack(&input.body);
    let added = conn
        .prepare_cached(
            "INSERT INTO entries (id, title, body, body_packed, entry_at, mood, created_at,
                 updated_at, excerpt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id,
            input.title,
            body,
            body_packed,
            input.entry_at,
            input.mood,
            created_at,
            updated_at,
            excerpt(&input.body)
        ])?;
    Ok(added == 1)
}

/// Insert an entry from an export with its own id and times (validated like any input).
/// Returns false, writing nothing, when an entry with that id already exists.
pub fn restore(
    conn: &Connection,
    id: &str,
    input: &EntryInput,
    created_at: i64,
    updated_at: i64,
) -> Result<bool> {
    let input = input.validated()?;
    if !crate::ids::is_id(id) {
        return Err(Error::InvalidInput("entry id"));
    }
    atomically(conn, || {
        let added = insert(conn, id, &input, created_at, updated_at)?;
        if added {
            save_related(conn, id, &input, Indexing::Now)?;
        }
        Ok(added)
    })
}

pub fn update(conn: &Connection, id: &str, input: &EntryInput) -> Result<Entry> {
    let input = input.validated()?;
    let (body, body_packed) = packed::pack(&input.body);
    atomically(conn, || {
        let words_before = match usage::enabled(conn)? {
            true => get(conn, id).map(|e| usage::words(&e.title) + usage::words(&e.body))?,
            false => 0,
        };
        let changed = conn.prepare_cached(
            "UPDATE entries SET title = ?2, body = ?3, body_packed = ?4, entry_at = ?5, mood = ?6,
                 updated_at = ?7, excerpt = ?8
             WHERE id = ?1",
        )?
        .execute(
            params![
                id,
                input.title,
                body,
                body_packed,
                input.entry_at,
                input.mood,
                now_ms(),
                excerpt(&input.body)
            ],
        )?;
        if changed == 0 {
            return Err(Error::NotFound);
        }
        save_related(conn, id, &input, Indexing::Later)?;
        let words_after = usage::words(&input.title) + usage::words(&input.body);
        usage::record_save(conn, clock::local_now(), false, words_after - words_before)
    })?;
    get(conn, id)
}

/// Pack every body still kept as it is that packing makes smaller (after migration 08).
pub(crate) fn pack_all(conn: &Connection) -> Result<()> {
    let mut rows = conn.prepare("SELECT id, body FROM entries WHERE body_packed IS NULL")?;
    let mut rows = rows.query([])?;
    let mut write = conn.prepare("UPDATE entries SET body = ?2, body_packed = ?3 WHERE id = ?1")?;
    while let Some(row) = rows.next()? {
        let (id, body): (String, String) = (row.get(0)?, row.get(1)?);
        if let (kept, Some(body_packed)) = packed::pack(&body) {
            write.execute(params![id, kept, body_packed])?;
        }
    }
    Ok(())
}

/// Delete an entry for good: `secure_delete` zeroes its pages, and a checkpoint moves that into
/// the main file and truncates the WAL, so the old bytes do not linger.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    atomically(conn, || {
        // Cascades to its tags, photos and search-index row.
        if conn.execute("DELETE FROM entries WHERE id = ?1", [id])? == 0 {
            return Err(Error::NotFound);
        }
        tags::forget_unused(conn)
    })?;
    db::truncate_wal(conn);
    Ok(())
}

/// `NotFound` unless the entry exists (for things attached to an entry).
pub fn require_exists(conn: &Connection, id: &str) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    exists.then_some(()).ok_or(Error::NotFound)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
}

/// What the timeline shows of an entry, from `entries e`: all in the `entries_cards` index, so a
/// page never reads the entries' bodies.
const SUMMARY_COLUMNS: &str = "e.id, e.title, e.excerpt, e.entry_at, e.mood";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<EntrySummary> {
    Ok(EntrySummary {
        id: row.get(0)?,
        title: row.get(1)?,
        excerpt: row.get(2)?,
        entry_at: row.get(3)?,
        mood: row.get(4)?,
        tags: tags::split(row.get(5)?),
        cover_image: row.get(6)?,
    })
}

fn summaries_sql(filter: &str, limit: u32) -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS}, {tags_of},
                (SELECT i.id FROM images i WHERE i.entry_id = e.id ORDER BY i.position LIMIT 1)
         FROM entries e WHERE {filter}
         ORDER BY e.entry_at DESC, e.id DESC LIMIT {limit}",
        tags_of = tags::TAGS_OF
    )
}

/// Summaries of at most `limit` entries matching `filter` (SQL over `e`), newest first.
fn summaries(
    conn: &Connection,
    filter: &str,
    limit: u32,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<EntrySummary>> {
    let mut stmt = conn.prepare_cached(&summaries_sql(filter, limit))?;
    let rows = stmt
        .query_map(args, summary_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One timeline page, newest first, starting after `after`.
pub fn page(conn: &Connection, after: Option<&Cursor>, limit: u32) -> Result<Page> {
    let limit = limit.clamp(1, MAX_PAGE);
    // Two statements, so that the planner sees the range: with `?1 IS NULL OR ...` it would walk
    // the index from the top for every page.
    let mut entries = match after {
        None => summaries(conn, "1", limit + 1, &[])?,
        Some(c) => summaries(
            conn,
            // `entry_at <= ?1` is the index range; the rest breaks ties within that minute.
            "e.entry_at <= ?1 AND (e.entry_at < ?1 OR e.id < ?2)",
            limit + 1,
            &[&c.entry_at, &c.id],
        )?,
    };
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

/// Remove every tag from every entry, and from the search index; returns how many tags there
/// were.
pub fn delete_all_tags(conn: &Connection) -> Result<usize> {
    atomically(conn, || {
        let tagged = tags::tagged_entries(conn)?;
        let removed = tags::delete_all(conn)?;
        // Recently deleted entries lose their tags too.
        conn.execute("UPDATE trash_entries SET tags = '' WHERE tags != ''", [])?;
        for id in tagged {
            let entry = get(conn, &id)?;
            search::index_entry(conn, &id, &entry.title, &entry.body, &[], &entry.entry_at)?;
        }
        Ok(removed)
    })
}

#[cfg(test)]
mod tests;
