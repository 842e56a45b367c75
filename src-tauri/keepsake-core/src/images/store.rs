use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::Prepared;
use crate::db::{atomically, now_ms};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    pub id: String,
    pub entry_id: String,
    /// The entry's date, for galleries.
    pub entry_at: String,
    pub position: i64,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: i64,
}

const COLUMNS: &str = "i.id, i.entry_id, e.entry_at, i.position, i.mime, i.width, i.height, \
                       i.byte_size FROM images i JOIN entries e ON e.id = i.entry_id";

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<ImageInfo> {
    Ok(ImageInfo {
        id: r.get(0)?,
        entry_id: r.get(1)?,
        entry_at: r.get(2)?,
        position: r.get(3)?,
        mime: r.get(4)?,
        width: r.get(5)?,
        height: r.get(6)?,
        byte_size: r.get(7)?,
    })
}

fn get(conn: &Connection, id: &str) -> Result<ImageInfo> {
    conn.query_row(
        &format!("SELECT {COLUMNS} WHERE i.id = ?1"),
        [id],
        info_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound)
}

/// The checksum stored with a photo: its SHA-256.
pub fn checksum(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// The photo's bytes with their SHA-256 (which an export's manifest takes from here).
fn insert_bytes(conn: &Connection, id: &str, bytes: &[u8]) -> Result<()> {
    conn.execute(
        "INSERT INTO image_data (image_id, bytes, sha256) VALUES (?1, ?2, ?3)",
        params![id, bytes, checksum(bytes)],
    )?;
    Ok(())
}

/// Put back a photo from an export with its id, position, time and kept metadata. False when
/// a photo with that id exists already.
pub fn restore(
    conn: &Connection,
    entry_id: &str,
    info: &ImageInfo,
    created_at: i64,
    image: &Prepared,
    metadata: Option<&super::PhotoMetadata>,
) -> Result<bool> {
    atomically(conn, || {
        crate::entries::require_exists(conn, entry_id)?;
        let added = conn.execute(
            "INSERT INTO images (id, entry_id, position, mime, width, height, byte_size,
                                 thumb_mime, thumb, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING",
            params![
                info.id,
                entry_id,
                info.position,
                image.mime,
                image.width,
                image.height,
                image.bytes.len() as i64,
                image.thumb_mime,
                image.thumb,
                created_at
            ],
        )?;
        if added == 0 {
            return Ok(false);
        }
        insert_bytes(conn, &info.id, &image.bytes)?;
        if let Some(m) = metadata {
            conn.execute(
                "INSERT INTO image_metadata (image_id, taken_at, latitude, longitude)
                 VALUES (?1, ?2, ?3, ?4)",
                params![info.id, m.taken_at, m.latitude, m.longitude],
            )?;
        }
        Ok(true)
    })
}

/// Store a prepared photo as the last image of `entry_id`.
pub fn attach(conn: &Connection, entry_id: &str, image: &Prepared) -> Result<ImageInfo> {
    let id = crate::ids::new_id();
    atomically(conn, || {
        crate::entries::require_exists(conn, entry_id)?;
        conn.execute(
            "INSERT INTO images (id, entry_id, position, mime, width, height, byte_size,
                                 thumb_mime, thumb, created_at)
             VALUES (?1, ?2,
                     (SELECT coalesce(max(position) + 1, 0) FROM images WHERE entry_id = ?2),
                     ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                entry_id,
                image.mime,
                image.width,
                image.height,
                image.bytes.len() as i64,
                image.thumb_mime,
                image.thumb,
                now_ms()
            ],
        )?;
        insert_bytes(conn, &id, &image.bytes)?;
        super::metadata::keep_if_granted(conn, &id, image.metadata.as_ref())
    })?;
    get(conn, &id)
}

pub fn list_for_entry(conn: &Connection, entry_id: &str) -> Result<Vec<ImageInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} WHERE i.entry_id = ?1 ORDER BY i.position"
    ))?;
    let rows = stmt
        .query_map([entry_id], info_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// All images, newest entry first, a page at a time.
pub fn gallery(conn: &Connection, offset: u32, limit: u32) -> Result<Vec<ImageInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} ORDER BY e.entry_at DESC, e.id DESC, i.position LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt
        .query_map(params![limit.clamp(1, 500), offset], info_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The photo's bytes and MIME type.
pub fn full(conn: &Connection, id: &str) -> Result<(String, Vec<u8>)> {
    conn.query_row(
        "SELECT i.mime, d.bytes FROM images i JOIN image_data d ON d.image_id = i.id
         WHERE i.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::NotFound)
}

pub fn thumbnail(conn: &Connection, id: &str) -> Result<(String, Vec<u8>)> {
    conn.query_row(
        "SELECT thumb_mime, thumb FROM images WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::NotFound)
}

/// Delete a photo and its thumbnail for good (secure_delete zeroes the pages; the checkpoint
/// carries that into the main file and empties the WAL).
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM images WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound);
    }
    crate::db::truncate_wal(conn);
    Ok(())
}
