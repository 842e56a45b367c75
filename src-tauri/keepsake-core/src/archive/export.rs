//! Export: one consistent snapshot (a read transaction on a connection of its own), streamed
//! member by member into a zip (sealed when a passphrase is given), written to a temporary file
//! beside the destination, synced, renamed into place, and verified by reading it back.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::format::*;
use super::sealed::SealingWriter;
use super::Progress;
use crate::db::now_ms;
use crate::entries;
use crate::images;
use crate::vault::KdfParams;
use crate::{fsutil, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub entries: u64,
    pub images: u64,
    pub bytes: u64,
}

enum Sink {
    Plain(BufWriter<File>),
    Sealed(SealingWriter<BufWriter<File>>),
}

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(b),
            Sink::Sealed(w) => w.write(b),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Sealed(w) => w.flush(),
        }
    }
}

impl Sink {
    fn finish(self) -> io::Result<File> {
        let buffered = match self {
            Sink::Plain(w) => w,
            Sink::Sealed(w) => w.finish()?,
        };
        buffered.into_inner().map_err(|e| e.into_error())
    }
}

struct Archive {
    zip: ZipWriter<zip::write::StreamWriter<Sink>>,
    sums: Vec<FileSum>,
}

impl Archive {
    fn add(&mut self, path: &str, bytes: &[u8], compress: bool) -> Result<()> {
        let method = if compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() as u64 >= u32::MAX as u64)
            .unix_permissions(0o600);
        self.zip.start_file(path, options).map_err(zip_error)?;
        self.zip.write_all(bytes)?;
        self.sums.push(FileSum {
            path: path.to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
        });
        Ok(())
    }

    fn add_json<T: serde::Serialize>(&mut self, path: &str, value: &T) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(value).map_err(|_| Error::InvalidInput("json"))?;
        self.add(path, &bytes, true)
    }
}

pub(super) fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => Error::Io(io),
        _ => Error::ArchiveInvalid("the zip structure is not valid"),
    }
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Write everything `conn` holds to `dest`. `conn` must be a connection of its own: the export
/// holds a read transaction on it from start to end, so it sees one instant of the diary.
pub fn export(
    conn: &Connection,
    dest: &Path,
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
    progress: &mut Progress<'_>,
) -> Result<ExportSummary> {
    if dest.file_name().is_none() || dest.is_dir() {
        return Err(Error::InvalidInput("export file name"));
    }
    let temp = partial_path(dest);
    let result = write_archive(conn, &temp, passphrase, kdf, progress).and_then(|summary| {
        fs::rename(&temp, dest)?;
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            fsutil::sync_dir(dir)?;
        }
        // Read back: every member against the manifest, as an import would.
        super::import::verify(dest, passphrase)?;
        Ok(summary)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_archive(
    conn: &Connection,
    temp: &Path,
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
    progress: &mut Progress<'_>,
) -> Result<ExportSummary> {
    conn.execute_batch("BEGIN")?;
    let result = write_snapshot(conn, temp, passphrase, kdf, progress);
    let _ = conn.execute_batch("COMMIT");
    result
}

fn write_snapshot(
    conn: &Connection,
    temp: &Path,
    passphrase: Option<&[u8]>,
    kdf: KdfParams,
    progress: &mut Progress<'_>,
) -> Result<ExportSummary> {
    let ids: Vec<String> = rows(conn, "SELECT id FROM entries ORDER BY entry_at, id", |r| {
        r.get(0)
    })?;
    let image_count: i64 = conn.query_row("SELECT count(*) FROM images", [], |r| r.get(0))?;
    let total = ids.len() as u64 + image_count.max(0) as u64 + 1;
    let mut done = 0;

    let file = BufWriter::with_capacity(256 * 1024, File::create(temp)?);
    let sink = match passphrase {
        Some(p) => Sink::Sealed(SealingWriter::new(file, p, kdf)?),
        None => Sink::Plain(file),
    };
    let mut archive = Archive {
        zip: ZipWriter::new_stream(sink),
        sums: Vec::new(),
    };
    let mut image_total = 0;
    for id in &ids {
        progress.check()?;
        let entry = entries::get(conn, id)?;
        let place = conn
            .query_row(
                "SELECT name, latitude, longitude FROM entry_places WHERE entry_id = ?1",
                [id],
                |r| {
                    Ok(PlaceRecord {
                        name: r.get(0)?,
                        latitude: r.get(1)?,
                        longitude: r.get(2)?,
                    })
                },
            )
            .optional()?;
        let mut records = Vec::new();
        for info in images::list_for_entry(conn, id)? {
            progress.check()?;
            let (mime, bytes) = images::full(conn, &info.id)?;
            let ext = if mime == "image/png" { "png" } else { "jpg" };
            let file = format!("images/{}.{ext}", info.id);
            archive.add(&file, &bytes, false)?;
            let (taken_at, latitude, longitude) = conn
                .query_row(
                    "SELECT taken_at, latitude, longitude FROM image_metadata WHERE image_id = ?1",
                    [&info.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .unwrap_or((None, None, None));
            let created_at: i64 = conn.query_row(
                "SELECT created_at FROM images WHERE id = ?1",
                [&info.id],
                |r| r.get(0),
            )?;
            records.push(ImageRecord {
                id: info.id,
                file,
                mime,
                width: info.width,
                height: info.height,
                position: info.position,
                created_at,
                taken_at,
                latitude,
                longitude,
            });
            image_total += 1;
            done += 1;
            progress.report(done, total);
        }
        let record = EntryRecord {
            id: entry.id.clone(),
            title: entry.title,
            body: entry.body,
            entry_at: entry.entry_at,
            tags: entry.tags,
            mood: entry.mood,
            created_at: entry.created_at,
            updated_at: entry.updated_at,
            place,
            images: records,
        };
        archive.add(
            &format!("entries/{}.md", markdown_name(&record)),
            markdown(&record).as_bytes(),
            true,
        )?;
        archive.add_json(&format!("entries/{}.json", record.id), &record)?;
        done += 1;
        progress.report(done, total);
    }
    write_diary_wide(conn, &mut archive)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        created_at: now_ms(),
        entries: ids.len() as u64,
        images: image_total,
        files: std::mem::take(&mut archive.sums),
    };
    archive.add_json("manifest.json", &manifest)?;
    let file = archive
        .zip
        .finish()
        .map_err(zip_error)?
        .into_inner()
        .finish()?;
    file.sync_all()?;
    let bytes = file.metadata()?.len();
    progress.report(total, total);
    Ok(ExportSummary {
        entries: manifest.entries,
        images: manifest.images,
        bytes,
    })
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
fn write_diary_wide(conn: &Connection, archive: &mut Archive) -> Result<()> {
    let p = crate::profile::get(conn)?;
    let avatar = crate::profile::avatar(conn)?;
    let avatar_file = avatar.as_ref().map(|(mime, _)| {
        format!(
            "profile/avatar.{}",
            if mime == "image/png" { "png" } else { "jpg" }
        )
    });
    if let (Some((_, bytes)), Some(file)) = (&avatar, &avatar_file) {
        archive.add(file, bytes, false)?;
    }
    archive.add_json(
        "profile.json",
        &ProfileRecord {
            display_name: p.display_name,
            email: p.email,
            birthday: p.birthday,
            gender: p.gender,
            avatar: avatar_file,
        },
    )?;
    let tags: Vec<String> = rows(conn, "SELECT name FROM tags ORDER BY name", |r| r.get(0))?;
    archive.add_json("tags.json", &tags)?;
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
    archive.add_json("consent-ledger.json", &ledger)?;
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
    archive.add_json("policy.json", &accepted)?;
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
    archive.add_json("share-log.json", &shares)
}

fn markdown_name(e: &EntryRecord) -> String {
    let date = e.entry_at.get(..10).unwrap_or("undated");
    // The whole id: ids written in the same minute share their first characters.
    format!("{date}-{}", e.id)
}

/// The entry as a Markdown file a person can read: title, date, tags, mood, place, body, photos.
fn markdown(e: &EntryRecord) -> String {
    let mut out = format!(
        "# {}\n\n",
        if e.title.is_empty() {
            &e.entry_at
        } else {
            &e.title
        }
    );
    out.push_str(&format!("*{}*", e.entry_at.replace('T', " ")));
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| format!("#{t}")).collect();
        out.push_str(&format!(" · {}", tags.join(" ")));
    }
    if let Some(mood) = e.mood {
        out.push_str(&format!(" · mood {mood}/5"));
    }
    if let Some(place) = &e.place {
        out.push_str(&format!(" · {}", place.name));
    }
    out.push_str("\n\n");
    out.push_str(&e.body);
    out.push('\n');
    for image in &e.images {
        out.push_str(&format!("\n![](../{})\n", image.file));
    }
    out
}
