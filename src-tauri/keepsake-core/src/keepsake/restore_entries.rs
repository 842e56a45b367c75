//! Copy chosen entries, with their tags, place and photos, from a backup's database into the
//! diary, all or nothing. An entry the diary still has (or holds in Recently deleted) is never
//! overwritten: the backup's version comes back as a copy with new ids.

use rusqlite::{params, Connection, OptionalExtension};

use super::backups::RestoredEntries;
use crate::db::atomically;
use crate::entries::{self, EntryInput};
use crate::permissions::{self, Permission};
use crate::{ids, Result};

struct Photo {
    id: String,
    position: i64,
    mime: String,
    width: i64,
    height: i64,
    byte_size: i64,
    thumb_mime: String,
    thumb: Vec<u8>,
    created_at: i64,
    bytes: Vec<u8>,
    sha256: Option<Vec<u8>>,
    taken_at: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

type Place = (String, Option<f64>, Option<f64>);

fn place(conn: &Connection, entry_id: &str) -> Result<Option<Place>> {
    Ok(conn
        .query_row(
            "SELECT name, latitude, longitude FROM entry_places WHERE entry_id = ?1",
            [entry_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn photos(conn: &Connection, entry_id: &str) -> Result<Vec<Photo>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.position, i.mime, i.width, i.height, i.byte_size, i.thumb_mime, i.thumb,
                i.created_at, d.bytes, d.sha256, m.taken_at, m.latitude, m.longitude
           FROM images i JOIN image_data d ON d.image_id = i.id
           LEFT JOIN image_metadata m ON m.image_id = i.id
          WHERE i.entry_id = ?1 ORDER BY i.position",
    )?;
    let photos = stmt
        .query_map([entry_id], |r| {
            Ok(Photo {
                id: r.get(0)?,
                position: r.get(1)?,
                mime: r.get(2)?,
                width: r.get(3)?,
                height: r.get(4)?,
                byte_size: r.get(5)?,
                thumb_mime: r.get(6)?,
                thumb: r.get(7)?,
                created_at: r.get(8)?,
                bytes: r.get(9)?,
                sha256: r.get(10)?,
                taken_at: r.get(11)?,
                latitude: r.get(12)?,
                longitude: r.get(13)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(photos)
}

fn taken(conn: &Connection, sql: &str, id: &str) -> Result<bool> {
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

const ENTRY_TAKEN: &str = "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)
                            OR EXISTS (SELECT 1 FROM trash_entries WHERE id = ?1)";
const PHOTO_TAKEN: &str = "SELECT EXISTS (SELECT 1 FROM images WHERE id = ?1)
                            OR EXISTS (SELECT 1 FROM trash_images WHERE id = ?1)";

pub(super) fn copy(from: &Connection, to: &Connection, ids: &[String]) -> Result<RestoredEntries> {
    let mut done = RestoredEntries::default();
    // What an optional permission produced comes back only while it is granted: a place or a
    // photo's capture data the user withdrew stays withdrawn.
    let places = permissions::is_granted(to, Permission::Location)?;
    let metadata = permissions::is_granted(to, Permission::PhotoMetadata)?;
    atomically(to, || {
        for id in ids {
            let entry = entries::get(from, id)?;
            let input = EntryInput {
                title: entry.title,
                body: entry.body,
                entry_at: entry.entry_at,
                tags: entry.tags,
                mood: entry.mood,
            };
            let copy = taken(to, ENTRY_TAKEN, id)?;
            let target = if copy { ids::new_id() } else { id.clone() };
            entries::restore(to, &target, &input, entry.created_at, entry.updated_at)?;
            if let Some((name, lat, lon)) = place(from, id)?.filter(|_| places) {
                to.execute(
                    "INSERT INTO entry_places (entry_id, name, latitude, longitude)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![target, name, lat, lon],
                )?;
            }
            for p in photos(from, id)? {
                let photo_id = if copy || taken(to, PHOTO_TAKEN, &p.id)? {
                    ids::new_id()
                } else {
                    p.id.clone()
                };
                to.execute(
                    "INSERT INTO images (id, entry_id, position, mime, width, height, byte_size,
                                         thumb_mime, thumb, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        photo_id,
                        target,
                        p.position,
                        p.mime,
                        p.width,
                        p.height,
                        p.byte_size,
                        p.thumb_mime,
                        p.thumb,
                        p.created_at
                    ],
                )?;
                to.execute(
                    "INSERT INTO image_data (image_id, bytes, sha256) VALUES (?1, ?2, ?3)",
                    params![photo_id, p.bytes, p.sha256],
                )?;
                if metadata && (p.taken_at.is_some() || p.latitude.is_some()) {
                    to.execute(
                        "INSERT INTO image_metadata (image_id, taken_at, latitude, longitude)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![photo_id, p.taken_at, p.latitude, p.longitude],
                    )?;
                }
                done.photos += 1;
            }
            done.restored += 1;
            if copy {
                done.as_copies += 1;
            }
        }
        Ok(())
    })?;
    Ok(done)
}
