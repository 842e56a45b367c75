//! Import: an archive opened and checked (`check.rs`) is written in one transaction, so a bad
//! archive changes nothing. Entries and photos already in the diary (same id) are skipped:
//! importing twice adds nothing. Photos go through the image pipeline, a batch at a time on
//! every core. Nothing is ever written outside the database.

use std::path::Path;
use std::thread;

use rusqlite::Connection;

use super::check::{open, Checked};
use super::format::*;
use super::{join, Progress, Stop};
use crate::db::atomically;
use crate::entries::{self, EntryInput};
use crate::images::{self, ImageInfo, PhotoMetadata, Prepared};
use crate::profile::{self, Field};
use crate::Result;

/// Photos decoded together, shared among the cores: enough to keep them all busy, few enough
/// that memory stays small.
pub(super) const DECODE_BATCH: usize = 16;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub entries_added: u64,
    pub entries_skipped: u64,
    pub images_added: u64,
}

/// Import the archive at `path` into the diary behind `conn`, all or nothing.
pub fn import(
    conn: &Connection,
    path: &Path,
    passphrase: Option<&[u8]>,
    progress: &mut Progress<'_>,
) -> Result<ImportSummary> {
    let mut checked = open(path, passphrase)?;
    let entry_files: Vec<String> = checked
        .sums
        .keys()
        .filter(|n| n.starts_with("entries/") && n.ends_with(".json"))
        .cloned()
        .collect();
    let total = checked.manifest.entries + checked.manifest.images + 1;
    let mut done = 0;
    let mut summary = ImportSummary::default();
    let mut batch = Vec::with_capacity(DECODE_BATCH);
    atomically(conn, || {
        for name in &entry_files {
            progress.check()?;
            let record: EntryRecord = checked.json(name)?;
            let input = EntryInput {
                title: record.title.clone(),
                body: record.body.clone(),
                entry_at: record.entry_at.clone(),
                tags: record.tags.clone(),
                mood: record.mood,
            };
            if !entries::restore(
                conn,
                &record.id,
                &input,
                record.created_at,
                record.updated_at,
            )? {
                summary.entries_skipped += 1;
                done += 1 + record.images.len() as u64;
                progress.report(done, total);
                continue;
            }
            summary.entries_added += 1;
            if let Some(place) = &record.place {
                conn.execute(
                    "INSERT INTO entry_places (entry_id, name, latitude, longitude)
                     VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![record.id, place.name, place.latitude, place.longitude],
                )?;
            }
            for image in record.images {
                progress.check()?;
                batch.push(Pending {
                    bytes: checked.read(&image.file)?,
                    entry_id: record.id.clone(),
                    entry_at: record.entry_at.clone(),
                    image,
                });
                if batch.len() == DECODE_BATCH {
                    done += batch.len() as u64;
                    summary.images_added += restore_photos(conn, &mut batch, progress.stop())?;
                    progress.report(done, total);
                }
            }
            done += 1;
            progress.report(done, total);
        }
        summary.images_added += restore_photos(conn, &mut batch, progress.stop())?;
        import_profile(conn, &mut checked)?;
        let shares: Vec<ShareRecord> = checked.json("share-log.json")?;
        for s in shares {
            conn.execute(
                "INSERT INTO share_log (at, entry_id, format, destination)
                 SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM share_log
                     WHERE at = ?1 AND entry_id = ?2 AND format = ?3 AND destination = ?4)",
                rusqlite::params![s.at, s.entry_id, s.format, s.destination],
            )?;
        }
        // The consent ledger and policy acceptances stay in the archive as the record of the
        // original diary's decisions: an import never grants a permission here.
        let _: Vec<LedgerRecord> = checked.json("consent-ledger.json")?;
        Ok(())
    })?;
    progress.report(total, total);
    Ok(summary)
}

/// A photo read from the archive, waiting to be decoded with others.
struct Pending {
    entry_id: String,
    entry_at: String,
    image: ImageRecord,
    bytes: Vec<u8>,
}

/// Decode the photos in `batch` through the image pipeline, a share on each core, then store
/// them in order; empties `batch` and says how many were new.
fn restore_photos(conn: &Connection, batch: &mut Vec<Pending>, stop: &Stop<'_>) -> Result<u64> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let per_core = batch.len().div_ceil(cores).max(1);
    let prepared: Vec<Result<Prepared>> = thread::scope(|s| {
        let shares: Vec<_> = batch
            .chunks(per_core)
            .map(|share| {
                s.spawn(move || {
                    share
                        .iter()
                        // Checked before each photo: a lock stops a batch within one decode.
                        .map(|p| {
                            stop.check()
                                .and_then(|()| images::prepare_restored(&p.bytes))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        shares.into_iter().flat_map(join).collect()
    });
    let mut added = 0;
    for (p, prepared) in batch.drain(..).zip(prepared) {
        let image = p.image;
        let info = ImageInfo {
            id: image.id,
            entry_id: p.entry_id,
            entry_at: p.entry_at,
            position: image.position,
            mime: image.mime,
            width: image.width,
            height: image.height,
            byte_size: p.bytes.len() as i64,
        };
        let metadata =
            (image.taken_at.is_some() || image.latitude.is_some()).then_some(PhotoMetadata {
                taken_at: image.taken_at,
                latitude: image.latitude,
                longitude: image.longitude,
            });
        if images::restore(
            conn,
            &info.entry_id,
            &info,
            image.created_at,
            &prepared?,
            metadata.as_ref(),
        )? {
            added += 1;
        }
    }
    Ok(added)
}

/// Fill the profile fields this diary does not have yet; never overwrite one.
fn import_profile(conn: &Connection, checked: &mut Checked) -> Result<()> {
    let record: ProfileRecord = checked.json("profile.json")?;
    let current = profile::get(conn)?;
    for (field, have, value) in [
        (
            Field::DisplayName,
            &current.display_name,
            &record.display_name,
        ),
        (Field::Email, &current.email, &record.email),
        (Field::Birthday, &current.birthday, &record.birthday),
        (Field::Gender, &current.gender, &record.gender),
    ] {
        if let (None, Some(value)) = (have, value) {
            profile::set(conn, field, value)?;
        }
    }
    if let (false, Some(file)) = (current.has_avatar, &record.avatar) {
        let bytes = checked.read(file)?;
        profile::set_avatar(conn, &images::prepare(&bytes)?)?;
    }
    Ok(())
}
