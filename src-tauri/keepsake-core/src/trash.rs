//! Recently deleted: a deleted entry (with its photos) or photo is moved to tables of its own
//! (see migration 06) for a while, 30 days unless the user chose otherwise, then deleted for
//! good. Nothing there shows anywhere else, and an entry there has no search-index row; restoring
//! puts it back as it was, indexed again.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::{self, atomically};
use crate::entries::{self, EntryInput};
use crate::{tags, Error, Result};

/// How long deleted things are kept unless the user changes it; 0 means "delete at once".
pub const DEFAULT_KEEP_DAYS: u32 = 30;
pub const MAX_KEEP_DAYS: u32 = 365;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrashKind {
    Entry,
    Photo,
}

/// One thing in Recently deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct TrashItem {
    pub id: String,
    pub kind: TrashKind,
    /// The entry's title (for a photo: the title of the entry it belongs to, if known).
    pub title: String,
    pub entry_at: String,
    pub deleted_at: i64,
    /// Photos that come back with it.
    pub photos: i64,
}

/// The columns a photo has in the diary and in the trash, in the same order.
const PHOTO_COLUMNS: &str =
    "position, mime, width, height, byte_size, thumb_mime, thumb, created_at";

/// Move entry `id` with its photos to the trash at `now`.
pub fn put_entry(conn: &Connection, id: &str, now: i64) -> Result<()> {
    atomically(conn, || {
        let entry = entries::get(conn, id)?;
        let place: Option<(String, Option<f64>, Option<f64>)> = conn
            .query_row(
                "SELECT name, latitude, longitude FROM entry_places WHERE entry_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (place_name, lat, lon) = match place {
            Some((n, a, b)) => (Some(n), a, b),
            None => (None, None, None),
        };
        conn.execute(
            "INSERT INTO trash_entries (id, deleted_at, title, body, entry_at, created_at,
                 updated_at, mood, tags, place_name, place_latitude, place_longitude)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id,
                now,
                entry.title,
                entry.body,
                entry.entry_at,
                entry.created_at,
                entry.updated_at,
                entry.mood,
                entry.tags.join("\n"),
                place_name,
                lat,
                lon
            ],
        )?;
        move_photos_to_trash(conn, "i.entry_id = ?1", id, true, now)?;
        // Cascades to its tags, place, remaining rows and search-index row.
        conn.execute("DELETE FROM entries WHERE id = ?1", [id])?;
        tags::forget_unused(conn)
    })
}

/// Move photo `id` (alone) to the trash at `now`.
pub fn put_photo(conn: &Connection, id: &str, now: i64) -> Result<()> {
    atomically(conn, || {
        if move_photos_to_trash(conn, "i.id = ?1", id, false, now)? == 0 {
            return Err(Error::NotFound);
        }
        conn.execute("DELETE FROM images WHERE id = ?1", [id])?;
        Ok(())
    })
}

fn move_photos_to_trash(
    conn: &Connection,
    filter: &str,
    value: &str,
    with_entry: bool,
    now: i64,
) -> Result<usize> {
    Ok(conn.execute(
        &format!(
            "INSERT INTO trash_images (id, entry_id, with_entry, deleted_at, {PHOTO_COLUMNS},
                 bytes, sha256, taken_at, latitude, longitude)
             SELECT i.id, i.entry_id, ?2, ?3, i.position, i.mime, i.width, i.height,
                 i.byte_size, i.thumb_mime, i.thumb, i.created_at, d.bytes, d.sha256,
                 m.taken_at, m.latitude, m.longitude
             FROM images i JOIN image_data d ON d.image_id = i.id
             LEFT JOIN image_metadata m ON m.image_id = i.id WHERE {filter}"
        ),
        params![value, with_entry, now],
    )?)
}

/// Everything in the trash, most recently deleted first.
pub fn list(conn: &Connection) -> Result<Vec<TrashItem>> {
    let mut stmt = conn.prepare(
        "SELECT id, 'entry', title, entry_at, deleted_at,
                (SELECT count(*) FROM trash_images p WHERE p.entry_id = t.id AND p.with_entry)
           FROM trash_entries t
         UNION ALL
         SELECT p.id, 'photo', coalesce(e.title, ''), coalesce(e.entry_at, ''), p.deleted_at, 1
           FROM trash_images p LEFT JOIN entries e ON e.id = p.entry_id
          WHERE NOT p.with_entry
         ORDER BY 5 DESC, 1",
    )?;
    let items = stmt
        .query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(TrashItem {
                id: r.get(0)?,
                kind: if kind == "entry" {
                    TrashKind::Entry
                } else {
                    TrashKind::Photo
                },
                title: r.get(2)?,
                entry_at: r.get(3)?,
                deleted_at: r.get(4)?,
                photos: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

fn kind_of(conn: &Connection, id: &str) -> Result<TrashKind> {
    let entry: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM trash_entries WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if entry {
        return Ok(TrashKind::Entry);
    }
    let photo: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM trash_images WHERE id = ?1 AND NOT with_entry)",
        [id],
        |r| r.get(0),
    )?;
    photo.then_some(TrashKind::Photo).ok_or(Error::NotFound)
}

/// Put `id` back where it was: an entry with its place, tags and photos, indexed again; a photo
/// into its entry (which must be in the diary: restore the entry first).
pub fn restore(conn: &Connection, id: &str) -> Result<TrashKind> {
    let kind = kind_of(conn, id)?;
    atomically(conn, || {
        match kind {
            TrashKind::Entry => {
                let (input, created_at, updated_at, place) = conn.query_row(
                    "SELECT title, body, entry_at, mood, tags, created_at, updated_at,
                            place_name, place_latitude, place_longitude
                       FROM trash_entries WHERE id = ?1",
                    [id],
                    |r| {
                        let tags: String = r.get(4)?;
                        let place: Option<String> = r.get(7)?;
                        Ok((
                            EntryInput {
                                title: r.get(0)?,
                                body: r.get(1)?,
                                entry_at: r.get(2)?,
                                mood: r.get(3)?,
                                tags: tags.lines().map(str::to_owned).collect(),
                            },
                            r.get::<_, i64>(5)?,
                            r.get::<_, i64>(6)?,
                            place.map(|p| -> rusqlite::Result<_> {
                                Ok((p, r.get::<_, Option<f64>>(8)?, r.get::<_, Option<f64>>(9)?))
                            }),
                        ))
                    },
                )?;
                if !entries::restore(conn, id, &input, created_at, updated_at)? {
                    return Err(Error::AlreadyExists);
                }
                if let Some((name, lat, lon)) = place.transpose()? {
                    conn.execute(
                        "INSERT INTO entry_places (entry_id, name, latitude, longitude)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![id, name, lat, lon],
                    )?;
                }
                photos_back(conn, "entry_id = ?1 AND with_entry", id)?;
                conn.execute("DELETE FROM trash_entries WHERE id = ?1", [id])?;
            }
            TrashKind::Photo => {
                let entry: String = conn.query_row(
                    "SELECT entry_id FROM trash_images WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                entries::require_exists(conn, &entry)
                    .map_err(|_| Error::InvalidInput("restore the photo's entry first"))?;
                photos_back(conn, "id = ?1", id)?;
            }
        }
        Ok(kind)
    })
}

fn photos_back(conn: &Connection, filter: &str, value: &str) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO images (id, entry_id, {PHOTO_COLUMNS})
             SELECT id, entry_id, {PHOTO_COLUMNS} FROM trash_images WHERE {filter}"
        ),
        [value],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO image_data (image_id, bytes, sha256)
             SELECT id, bytes, sha256 FROM trash_images WHERE {filter}"
        ),
        [value],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO image_metadata (image_id, taken_at, latitude, longitude)
             SELECT id, taken_at, latitude, longitude FROM trash_images
              WHERE ({filter}) AND (taken_at IS NOT NULL OR latitude IS NOT NULL)"
        ),
        [value],
    )?;
    conn.execute(&format!("DELETE FROM trash_images WHERE {filter}"), [value])?;
    Ok(())
}

/// Delete `id` for good (an entry with every photo of it in the trash).
pub fn purge(conn: &Connection, id: &str) -> Result<()> {
    let kind = kind_of(conn, id)?;
    atomically(conn, || {
        match kind {
            TrashKind::Entry => {
                conn.execute("DELETE FROM trash_images WHERE entry_id = ?1", [id])?;
                conn.execute("DELETE FROM trash_entries WHERE id = ?1", [id])?;
            }
            TrashKind::Photo => {
                conn.execute("DELETE FROM trash_images WHERE id = ?1", [id])?;
            }
        }
        Ok(())
    })?;
    db::truncate_wal(conn);
    Ok(())
}

/// Delete for good what was deleted more than `keep_days` before `now`. Returns how many.
pub fn expire(conn: &Connection, now: i64, keep_days: u32) -> Result<usize> {
    let before = now - i64::from(keep_days) * DAY_MS;
    let gone = atomically(conn, || {
        let photos = conn.execute(
            "DELETE FROM trash_images WHERE deleted_at < ?1
                 OR (with_entry AND entry_id IN
                     (SELECT id FROM trash_entries WHERE deleted_at < ?1))",
            [before],
        )?;
        let entries = conn.execute("DELETE FROM trash_entries WHERE deleted_at < ?1", [before])?;
        Ok(photos + entries)
    })?;
    if gone > 0 {
        db::truncate_wal(conn);
    }
    Ok(gone)
}

/// Empty the trash of entries (with their photos) and, with `photos`, of every photo.
pub fn empty(conn: &Connection, entries: bool, photos: bool) -> Result<usize> {
    let mut n = 0;
    if entries {
        n += conn.execute("DELETE FROM trash_images WHERE with_entry", [])?;
        n += conn.execute("DELETE FROM trash_entries", [])?;
    }
    if photos {
        n += conn.execute("DELETE FROM trash_images", [])?;
    }
    Ok(n)
}

/// Items and bytes in the trash (for the privacy dashboard's sizes).
pub fn size(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM trash_entries)
              + (SELECT count(*) FROM trash_images WHERE NOT with_entry),
                (SELECT coalesce(sum(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB))), 0)
                   FROM trash_entries)
              + (SELECT coalesce(sum(length(bytes) + length(thumb)), 0) FROM trash_images)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

#[cfg(test)]
mod tests;
