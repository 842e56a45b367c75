//! What an export reads: one instant of the diary, seen through two connections, so photos
//! (most of the bytes, every page decrypted and authenticated by SQLCipher) are read on one
//! core while entries are read and turned into JSON and Markdown on another, which then helps
//! with the photos left. Both send the archive's members, in a bounded channel, to the writer
//! (`export.rs`); memory stays flat.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::SyncSender;

use rusqlite::{Connection, OptionalExtension};

use super::format::*;
use crate::{entries, profile, Error, Result};

/// One file of the archive.
pub(super) struct Member {
    pub path: String,
    pub bytes: Vec<u8>,
    pub kind: Kind,
    /// The bytes' SHA-256 when the diary has it already (photos stored with theirs).
    pub sha256: Option<[u8; 32]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// An entry's JSON record: one entry done.
    Entry,
    /// A photo: one image done. Stored as it is (JPEG/PNG do not compress).
    Photo,
    /// Any other text document, compressed.
    Document,
    /// The profile picture, stored as it is.
    Picture,
}

impl Kind {
    pub fn compressed(self) -> bool {
        matches!(self, Kind::Entry | Kind::Document)
    }
}

/// Where readers send members. A send fails only when the writer has stopped (cancelled or
/// failed), which the writer reports: the reader just stops.
pub(super) type Members = SyncSender<Member>;

fn send(to: &Members, path: String, bytes: Vec<u8>, kind: Kind) -> Result<()> {
    send_member(
        to,
        Member {
            path,
            bytes,
            kind,
            sha256: None,
        },
    )
}

fn send_member(to: &Members, member: Member) -> Result<()> {
    to.send(member).map_err(|_| Error::Cancelled)
}

fn send_json<T: serde::Serialize>(to: &Members, path: &str, value: &T, kind: Kind) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|_| Error::InvalidInput("json"))?;
    send(to, path.to_owned(), bytes, kind)
}

/// Two connections in read transactions that see the same instant.
pub struct Snapshot {
    entries: Connection,
    photos: Connection,
    /// Entries and photos in the snapshot.
    pub counts: (u64, u64),
    queue: PhotoQueue,
}

/// The photos to read, shared by the readers: each takes the next, so a reader that is done
/// with its other work helps with the rest.
pub(super) struct PhotoQueue {
    rowids: Vec<i64>,
    next: AtomicUsize,
}

impl PhotoQueue {
    fn take(&self) -> Option<i64> {
        self.rowids
            .get(self.next.fetch_add(1, Ordering::Relaxed))
            .copied()
    }
}

impl Snapshot {
    /// Open the readers with `open` and start their transactions while a third connection
    /// holds the write lock: no commit can land between their first reads, so both see one
    /// instant, and neither holds up the diary afterwards (WAL readers block no writer).
    pub fn take(open: impl Fn() -> Result<Connection>) -> Result<Self> {
        let gate = open()?;
        gate.execute_batch("BEGIN IMMEDIATE")?;
        let begin = || -> Result<Connection> {
            let conn = open()?;
            // A read transaction's snapshot is fixed by its first read.
            conn.execute_batch("BEGIN")?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(conn)
        };
        let (entries, photos) = (begin()?, begin()?);
        gate.execute_batch("ROLLBACK")?;
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                entries.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        let counts = (count("entries")?, count("images")?);
        let queue = PhotoQueue {
            rowids: entries
                .prepare("SELECT rowid FROM image_data ORDER BY rowid")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            next: AtomicUsize::new(0),
        };
        Ok(Self {
            entries,
            photos,
            counts,
            queue,
        })
    }

    /// The two readers (entries and everything else, photos) and the photos to share.
    pub(super) fn into_parts(self) -> (Connection, Connection, PhotoQueue) {
        (self.entries, self.photos, self.queue)
    }
}

/// Photos from `queue` until none is left: bytes and stored checksum, taken in the order
/// they lie in the database file.
pub(super) fn photos(conn: &Connection, queue: &PhotoQueue, to: &Members) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT d.image_id, i.mime, d.bytes, d.sha256
         FROM image_data d JOIN images i ON i.id = d.image_id WHERE d.rowid = ?1",
    )?;
    while let Some(rowid) = queue.take() {
        let member = stmt.query_row([rowid], |row| {
            let (id, mime): (String, String) = (row.get(0)?, row.get(1)?);
            Ok(Member {
                path: image_file(&id, &mime),
                bytes: row.get(2)?,
                kind: Kind::Photo,
                sha256: row.get(3)?,
            })
        })?;
        send_member(to, member)?;
    }
    Ok(())
}

/// Every entry (as JSON and Markdown) with its place and its photos' details, then the
/// diary-wide files.
pub(super) fn entries_and_the_rest(conn: &Connection, to: &Members) -> Result<()> {
    let mut place =
        conn.prepare("SELECT name, latitude, longitude FROM entry_places WHERE entry_id = ?1")?;
    let mut images = conn.prepare(
        "SELECT i.id, i.mime, i.width, i.height, i.position, i.created_at,
                m.taken_at, m.latitude, m.longitude
         FROM images i LEFT JOIN image_metadata m ON m.image_id = i.id
         WHERE i.entry_id = ?1 ORDER BY i.position",
    )?;
    entries::for_each(conn, |entry| {
        let place = place
            .query_row([&entry.id], |r| {
                Ok(PlaceRecord {
                    name: r.get(0)?,
                    latitude: r.get(1)?,
                    longitude: r.get(2)?,
                })
            })
            .optional()?;
        let images = images
            .query_map([&entry.id], |r| {
                let (id, mime): (String, String) = (r.get(0)?, r.get(1)?);
                Ok(ImageRecord {
                    file: image_file(&id, &mime),
                    id,
                    mime,
                    width: r.get(2)?,
                    height: r.get(3)?,
                    position: r.get(4)?,
                    created_at: r.get(5)?,
                    taken_at: r.get(6)?,
                    latitude: r.get(7)?,
                    longitude: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let record = EntryRecord {
            id: entry.id,
            title: entry.title,
            body: entry.body,
            entry_at: entry.entry_at,
            tags: entry.tags,
            mood: entry.mood,
            created_at: entry.created_at,
            updated_at: entry.updated_at,
            place,
            images,
        };
        send(
            to,
            record.markdown_file(),
            record.markdown().into_bytes(),
            Kind::Document,
        )?;
        send_json(to, &record.json_file(), &record, Kind::Entry)
    })?;
    diary_wide(conn, to)
}

/// Every row of `sql`, mapped.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    Ok(conn
        .prepare(sql)?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Profile, tags, ledger, policy acceptances, share log.
fn diary_wide(conn: &Connection, to: &Members) -> Result<()> {
    let p = profile::get(conn)?;
    let avatar = profile::avatar(conn)?.map(|(mime, bytes)| (avatar_file(&mime), bytes));
    let record = ProfileRecord {
        display_name: p.display_name,
        email: p.email,
        birthday: p.birthday,
        gender: p.gender,
        avatar: avatar.as_ref().map(|(file, _)| file.clone()),
    };
    if let Some((file, bytes)) = avatar {
        send(to, file, bytes, Kind::Picture)?;
    }
    send_json(to, "profile.json", &record, Kind::Document)?;
    let tags: Vec<String> = rows(conn, "SELECT name FROM tags ORDER BY name", |r| r.get(0))?;
    send_json(to, "tags.json", &tags, Kind::Document)?;
    let ledger = rows(
        conn,
        "SELECT at, permission, granted, policy_version, guardian_name FROM consent_ledger
         ORDER BY seq",
        |r| {
            Ok(LedgerRecord {
                at: r.get(0)?,
                permission: r.get(1)?,
                granted: r.get(2)?,
                policy_version: r.get(3)?,
                guardian_name: r.get(4)?,
            })
        },
    )?;
    send_json(to, "consent-ledger.json", &ledger, Kind::Document)?;
    let accepted = rows(
        conn,
        "SELECT version, accepted_at FROM policy_acceptances ORDER BY accepted_at",
        |r| {
            Ok(AcceptanceRecord {
                version: r.get(0)?,
                accepted_at: r.get(1)?,
            })
        },
    )?;
    send_json(to, "policy.json", &accepted, Kind::Document)?;
    let shares = rows(
        conn,
        "SELECT at, entry_id, format, destination FROM share_log ORDER BY seq",
        |r| {
            Ok(ShareRecord {
                at: r.get(0)?,
                entry_id: r.get(1)?,
                format: r.get(2)?,
                destination: r.get(3)?,
            })
        },
    )?;
    send_json(to, "share-log.json", &shares, Kind::Document)
}
