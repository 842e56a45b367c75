//! Export → import round trips; sealed exports; a stopped export leaves no file under its name;
//! an export is one instant. Hostile and damaged archives are in `hostile.rs`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::*;
use crate::entries::{self, EntryInput};
use crate::keychain::MockKeyStore;
use crate::permissions::{Actor, Permission};
use crate::places::{self, Place};
use crate::profile::{self, Field};
use crate::vault::KdfParams;
use crate::{images, Keepsake};

const PASS: &str = "correct horse 1";
const FAST: KdfParams = KdfParams::FAST_INSECURE;

fn diary(dir: &Path) -> Keepsake {
    let ks = Keepsake::with_kdf(dir, FAST, FAST)
        .unwrap()
        .with_key_store(Arc::new(MockKeyStore::default()));
    ks.create(PASS, crate::policy::CURRENT_VERSION).unwrap();
    ks
}

fn fixture() -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/portrait-exif-gps.jpg"),
    )
    .unwrap()
}

/// A diary with every kind of data an export carries.
fn full_diary(dir: &Path) -> Keepsake {
    let ks = diary(dir);
    for p in [Permission::Location, Permission::PhotoMetadata] {
        ks.grant(p, &Actor::User).unwrap();
    }
    ks.with_diary(|d| {
        let c = d.conn();
        let a = entries::create(
            c,
            &EntryInput {
                title: "西湖 walk".into(),
                body: "Rain on the lake. 雨中的西湖。\n\n- a list\n- canary-5c1b".into(),
                entry_at: "2026-11-20T08:30".into(),
                tags: vec!["旅行".into(), "walks".into()],
                mood: Some(4),
            },
        )?;
        entries::create(
            c,
            &EntryInput {
                title: "Second, same day and minute".into(),
                body: "Short.".into(),
                entry_at: "2026-11-20T08:30".into(),
                ..Default::default()
            },
        )?;
        places::set(
            c,
            &a.id,
            Some(&Place {
                name: "Hangzhou".into(),
                latitude: Some(30.25),
                longitude: Some(120.14),
            }),
        )?;
        images::attach(c, &a.id, &images::prepare(&fixture())?)?;
        profile::set(c, Field::DisplayName, "Mei")?;
        profile::set(c, Field::Birthday, "1990-02-03")?;
        profile::set_avatar(c, &images::prepare(&fixture())?)?;
        c.execute(
            "INSERT INTO share_log (at, entry_id, format, destination) VALUES (1, ?1, 'html', 'file')",
            [&a.id],
        )?;
        Ok(())
    })
    .unwrap();
    ks
}

fn no_progress() -> (impl FnMut(u64, u64), AtomicBool) {
    (|_, _| {}, AtomicBool::new(false))
}

fn export(ks: &Keepsake, dest: &Path, passphrase: Option<&str>) -> Result<ExportSummary> {
    let (mut on, cancel) = no_progress();
    ks.export_to(dest, passphrase, &mut Progress::new(&mut on, &cancel))
}

fn import(ks: &Keepsake, src: &Path, passphrase: Option<&str>) -> Result<ImportSummary> {
    let (mut on, cancel) = no_progress();
    ks.import_from(src, passphrase, &mut Progress::new(&mut on, &cancel))
}

/// Everything a round trip must keep, read straight from the database.
fn contents(ks: &Keepsake) -> Vec<String> {
    ks.with_diary(|d| {
        let c = d.conn();
        let mut out = Vec::new();
        for sql in [
            "SELECT id, title, body, entry_at, mood, created_at, updated_at FROM entries ORDER BY id",
            "SELECT e.entry_id, t.name FROM entry_tags e JOIN tags t ON t.id = e.tag_id ORDER BY 1, 2",
            "SELECT entry_id, name, latitude, longitude FROM entry_places ORDER BY 1",
            "SELECT id, entry_id, position, mime, width, height, byte_size, created_at FROM images ORDER BY id",
            "SELECT image_id, hex(bytes) FROM image_data ORDER BY 1",
            "SELECT image_id, taken_at, latitude, longitude FROM image_metadata ORDER BY 1",
            "SELECT field, value FROM profile ORDER BY 1",
            "SELECT at, entry_id, format, destination FROM share_log ORDER BY 1",
        ] {
            let mut stmt = c.prepare(sql)?;
            let n = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    })
    .unwrap()
}

#[test]
fn export_then_import_into_an_empty_diary_gives_back_the_same_diary() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = full_diary(a.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("diary.keepsake.zip");
    let summary = export(&source, &file, None).unwrap();
    assert_eq!((summary.entries, summary.images), (2, 1));
    assert!(summary.bytes > 0);
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    let manifest = verify(&file, None).unwrap();
    assert_eq!(manifest.format, "keepsake-export");
    assert!(manifest.files.iter().any(|f| f.path.ends_with(".md")));

    let target = diary(b.path());
    let imported = import(&target, &file, None).unwrap();
    assert_eq!((imported.entries_added, imported.images_added), (2, 1));
    let (want, got) = (contents(&source), contents(&target));
    assert!(want.len() > 10);
    assert_eq!(want, got, "every field and image byte");
    assert!(
        target
            .with_diary(|d| profile::get(d.conn()))
            .unwrap()
            .has_avatar
    );

    // Twice: nothing is duplicated.
    let again = import(&target, &file, None).unwrap();
    assert_eq!(
        (
            again.entries_added,
            again.entries_skipped,
            again.images_added
        ),
        (0, 2, 0)
    );
    assert_eq!(contents(&target), want);
    // Search works on what came in.
    let hits = target
        .with_diary(|d| Ok(crate::test_support::search_text(d.conn(), "西湖")))
        .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn an_encrypted_export_opens_only_with_its_passphrase_and_shows_nothing() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = full_diary(a.path());
    let file = a.path().join("sealed.keepsake");
    export(&source, &file, Some("export secret 9")).unwrap();
    let bytes = fs::read(&file).unwrap();
    assert!(bytes.starts_with(sealed::MAGIC));
    for needle in [&b"canary-5c1b"[..], b"PK\x03\x04", b"manifest"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{needle:?} visible"
        );
    }
    let target = diary(b.path());
    for wrong in [None, Some("export secret 8")] {
        assert!(matches!(
            import(&target, &file, wrong),
            Err(crate::Error::WrongSecret)
        ));
    }
    assert!(contents(&target).is_empty());
    import(&target, &file, Some("export secret 9")).unwrap();
    assert_eq!(contents(&target), contents(&source));
}

#[test]
fn a_stopped_export_leaves_no_file_under_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_diary(dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("stopped.zip");
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let mut on = |_: u64, _: u64| {
        calls += 1;
        cancel.store(true, Ordering::Relaxed);
    };
    let result = source.export_to(&file, None, &mut Progress::new(&mut on, &cancel));
    assert!(matches!(result, Err(crate::Error::Cancelled)));
    assert!(calls >= 1);
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        0,
        "neither the file nor a partial"
    );
}

/// How many entries and photos an import of `file` into a fresh diary brings.
fn imported_counts(file: &Path) -> (u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let summary = import(&diary(dir.path()), file, None).unwrap();
    (summary.entries_added, summary.images_added)
}

#[test]
fn an_export_is_the_instant_it_began_though_the_diary_is_written_to_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_diary(dir.path());
    let snapshot = source.snapshot().unwrap();
    // After the readers began, before they read: a new entry with a photo lands in the diary,
    // not held up by them.
    source
        .with_diary(|d| {
            let e = entries::create(
                d.conn(),
                &EntryInput {
                    title: "written during the export".into(),
                    entry_at: "2026-11-21T09:00".into(),
                    ..Default::default()
                },
            )?;
            images::attach(d.conn(), &e.id, &images::prepare(&fixture())?)?;
            Ok(())
        })
        .unwrap();
    let file = dir.path().join("during.zip");
    let (mut on, cancel) = no_progress();
    let summary = super::export(
        snapshot,
        &file,
        None,
        FAST,
        &mut Progress::new(&mut on, &cancel),
    )
    .unwrap();
    assert_eq!(
        (summary.entries, summary.images),
        (2, 1),
        "the instant it began"
    );
    assert_eq!(imported_counts(&file), (2, 1), "entries and photos agree");
    // The next export has it.
    let later = dir.path().join("later.zip");
    assert_eq!(export(&source, &later, None).unwrap().images, 2);
}

#[test]
fn photos_stored_before_their_checksums_were_kept_still_export() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = full_diary(a.path());
    let stored: Vec<u8> = source
        .with_diary(|d| {
            Ok(d.conn()
                .query_row("SELECT sha256 FROM image_data", [], |r| r.get(0))?)
        })
        .unwrap();
    let bytes: Vec<u8> = source
        .with_diary(|d| {
            Ok(d.conn()
                .query_row("SELECT bytes FROM image_data", [], |r| r.get(0))?)
        })
        .unwrap();
    use sha2::Digest;
    assert_eq!(
        stored,
        sha2::Sha256::digest(&bytes).to_vec(),
        "kept when stored"
    );

    source
        .with_diary(|d| {
            Ok(d.conn()
                .execute("UPDATE image_data SET sha256 = NULL", [])?)
        })
        .unwrap();
    let file = a.path().join("old.zip");
    export(&source, &file, None).unwrap();
    let target = diary(b.path());
    import(&target, &file, None).unwrap();
    assert_eq!(contents(&target), contents(&source));
}

#[test]
fn an_export_that_does_not_read_back_right_never_gets_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_diary(dir.path());
    // A stored checksum that does not match the photo: the manifest says one thing, the file
    // holds another, and reading it back finds out.
    source
        .with_diary(|d| {
            Ok(d.conn()
                .execute("UPDATE image_data SET sha256 = zeroblob(32)", [])?)
        })
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("bad.zip");
    let result = export(&source, &file, None);
    assert!(
        matches!(result, Err(crate::Error::ArchiveInvalid(why)) if why.contains("checksum")),
        "{result:?}"
    );
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        0,
        "neither the file nor a partial"
    );
}

#[test]
fn an_import_stores_every_photo_across_decoding_batches() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = diary(a.path());
    let photos = 2 * import::DECODE_BATCH + 1;
    source
        .with_diary(|d| {
            let prepared = images::prepare(&fixture())?;
            for day in 0..3 {
                let e = entries::create(
                    d.conn(),
                    &EntryInput {
                        title: format!("day {day}"),
                        entry_at: format!("2026-11-1{day}T12:00"),
                        ..Default::default()
                    },
                )?;
                for _ in (day..photos).step_by(3) {
                    images::attach(d.conn(), &e.id, &prepared)?;
                }
            }
            Ok(())
        })
        .unwrap();
    let file = a.path().join("many.zip");
    assert_eq!(export(&source, &file, None).unwrap().images, photos as u64);
    let target = diary(b.path());
    let summary = import(&target, &file, None).unwrap();
    assert_eq!(summary.images_added, photos as u64);
    assert_eq!(contents(&target), contents(&source), "positions and bytes");
}

mod hostile;
mod locking;
