//! Backups, restores, the rescue of a damaged diary, and the full check.

use super::*;
use crate::backup::{Reason, Repo};
use crate::fsutil::CRASH_AFTER;
use crate::images;
use crate::keepsake::upkeep::quietly;

fn back_up(ks: &Keepsake) -> crate::backup::Summary {
    quietly(|p| ks.back_up(Reason::Manual, p)).unwrap()
}

fn photo(ks: &Keepsake, entry_id: &str, shade: u8) -> String {
    let mut png = Vec::new();
    // Noise, so the photo spans pages that no other photo shares.
    let img = image::RgbImage::from_fn(64, 64, |x, y| {
        image::Rgb([shade, (x * 7 + y * 13) as u8, (x * y) as u8])
    });
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    ks.with_diary(|d| images::attach(d.conn(), entry_id, &images::prepare(&png)?))
        .unwrap()
        .id
}

/// A photo of noise that stays about 1 MB once stored.
fn big_photo(ks: &Keepsake, entry_id: &str, seed: u32) {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img = image::RgbImage::from_fn(900, 700, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [a, b, c, _] = state.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    ks.with_diary(|d| images::attach(d.conn(), entry_id, &images::prepare(&png)?))
        .unwrap();
}

/// Every row of every table (search-index shadow tables included), in a stable order.
fn dump(ks: &Keepsake) -> Vec<String> {
    ks.with_diary(|d| {
        let conn = d.conn();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let mut row = format!("{table}:");
                    for i in 0..n {
                        row.push_str(&format!("{:?}|", r.get_ref(i)?));
                    }
                    Ok(row)
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.sort();
            out.extend(rows);
        }
        Ok(out)
    })
    .unwrap()
}

fn diary_with_photos(dir: &Path) -> (Keepsake, Vec<entries::Entry>) {
    let (ks, _) = new_diary(dir);
    let mut made = Vec::new();
    for i in 0..12 {
        let input = EntryInput {
            title: format!("Day {i}"),
            body: format!("{} 今天去了海边 {i}", "words ".repeat(300)),
            entry_at: format!("2026-11-{:02}T09:00", i + 1),
            tags: vec![format!("tag{}", i % 3), "旅行".into()],
            mood: Some((i % 5 + 1) as u8),
        };
        made.push(
            ks.with_diary(|d| entries::create(d.conn(), &input))
                .unwrap(),
        );
    }
    photo(&ks, &made[0].id, 10);
    photo(&ks, &made[0].id, 20);
    photo(&ks, &made[5].id, 30);
    (ks, made)
}

#[test]
fn a_restore_gives_back_every_field_and_photo_byte_and_keeps_a_way_back() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, made) = diary_with_photos(dir.path());
    let before = dump(&ks);
    let backup = back_up(&ks);
    assert!(backup.verified);
    assert_eq!((backup.entries, backup.photos), (12, 3));

    // Change everything after the backup: edit, delete, add.
    ks.with_diary(|d| d.delete_entry(&made[0].id)).unwrap();
    ks.with_diary(|d| entries::delete(d.conn(), &made[1].id))
        .unwrap();
    write(&ks, "after the backup", "new", "2026-11-30T09:00");
    let changed = dump(&ks);
    assert_ne!(changed, before);

    quietly(|p| ks.restore_backup(&backup.id, p)).unwrap();
    assert_eq!(
        dump(&ks),
        before,
        "restored state equals the backed-up state"
    );
    // The state it replaced was backed up first, and restores too.
    let list = ks.backups().unwrap();
    let safety = list
        .iter()
        .find(|b| b.reason == Reason::BeforeRestore)
        .expect("a backup before the restore");
    quietly(|p| ks.restore_backup(&safety.id, p)).unwrap();
    assert_eq!(dump(&ks), changed);
    // And it survives a restart.
    ks.lock();
    let ks = fast(dir.path());
    ks.unlock(OLD).unwrap();
    assert_eq!(dump(&ks), changed);
}

#[test]
fn a_second_backup_after_ten_edits_stores_a_small_fraction_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, made) = diary_with_photos(dir.path());
    for i in 0..300 {
        write(
            &ks,
            &format!("More {i}"),
            &"text ".repeat(500),
            "2026-10-01T09:00",
        );
    }
    // Photos make most of a real diary's bytes, and a text edit never touches their pages.
    for (i, e) in made.iter().enumerate() {
        big_photo(&ks, &e.id, i as u32);
    }
    let first = back_up(&ks);
    assert!(first.db_bytes > 6 << 20, "{}", first.db_bytes);
    assert_eq!(
        first.added_bytes, first.db_bytes,
        "the first stores everything"
    );
    for e in made.iter().take(10) {
        let input = EntryInput {
            title: format!("{} edited", e.title),
            body: e.body.clone(),
            entry_at: e.entry_at.clone(),
            tags: e.tags.clone(),
            mood: e.mood,
        };
        ks.with_diary(|d| entries::update(d.conn(), &e.id, &input))
            .unwrap();
    }
    let second = back_up(&ks);
    assert!(
        second.added_bytes * 5 < first.db_bytes,
        "second added {} of {}",
        second.added_bytes,
        first.db_bytes
    );
    // Nothing is stored twice: the folder holds about one copy plus the changes.
    let repo = Repo::new(dir.path().join("backups"));
    assert!(repo.size() < first.db_bytes + second.added_bytes + 64 * 1024);
}

#[test]
fn one_entry_comes_back_from_a_backup_with_its_photos_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, made) = diary_with_photos(dir.path());
    let backup = back_up(&ks);
    // Deleted for good, and another edited since the backup.
    ks.with_diary(|d| entries::delete(d.conn(), &made[0].id))
        .unwrap();
    let edited = EntryInput {
        title: "edited since".into(),
        body: "the newer words".into(),
        entry_at: made[5].entry_at.clone(),
        ..Default::default()
    };
    ks.with_diary(|d| entries::update(d.conn(), &made[5].id, &edited))
        .unwrap();
    let untouched = ks.with_diary(|d| d.entry(&made[8].id)).unwrap();

    quietly(|p| ks.open_backup(&backup.id, p)).unwrap();
    let page = ks.backup_entries(&backup.id, None, 100).unwrap();
    assert_eq!(page.entries.len(), 12);
    let done = ks
        .restore_entries(&backup.id, &[made[0].id.clone(), made[5].id.clone()])
        .unwrap();
    assert_eq!((done.restored, done.as_copies, done.photos), (2, 1, 3));

    let back = ks.with_diary(|d| d.entry(&made[0].id)).unwrap();
    assert_eq!((back.title.as_str(), &back.tags), ("Day 0", &made[0].tags));
    let photos = ks
        .with_diary(|d| images::list_for_entry(d.conn(), &made[0].id))
        .unwrap();
    assert_eq!(photos.len(), 2);
    // Searchable again.
    let indexed: i64 = ks
        .with_diary(|d| {
            Ok(d.conn().query_row(
                "SELECT count(*) FROM search_keys WHERE entry_id = ?1",
                [&made[0].id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(indexed, 1);
    // The edited entry kept its newer words; the backup's version sits beside it.
    assert_eq!(
        ks.with_diary(|d| d.entry(&made[5].id)).unwrap().title,
        "edited since"
    );
    assert_eq!(titles(&ks).iter().filter(|t| *t == "Day 5").count(), 1);
    assert_eq!(ks.with_diary(|d| d.entry(&made[8].id)).unwrap(), untouched);

    // All or nothing: one unknown id restores none of the others.
    let before = dump(&ks);
    let outcome = ks.restore_entries(&backup.id, &[made[2].id.clone(), "nope".into()]);
    assert!(outcome.is_err());
    assert_eq!(dump(&ks), before);
    // Locking closes the backup and removes its working copy.
    ks.lock();
    assert!(!dir.path().join("backup-view.db").exists());
}

#[test]
fn a_damaged_diary_is_noticed_at_unlock_and_rescued_from_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = diary_with_photos(dir.path());
    back_up(&ks);
    write(&ks, "in the newest backup", "words", "2026-11-29T09:00");
    back_up(&ks);
    ks.lock();
    let db = dir.path().join("diary.db");
    let mut bytes = fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 16] {
        *b ^= 0x5a;
    }
    fs::write(&db, &bytes).unwrap();

    // Changed outside the app since its clean lock: checked in full before it opens.
    assert!(matches!(ks.unlock(OLD), Err(Error::DatabaseDamaged)));
    assert!(ks.damaged());
    assert!(matches!(
        quietly(|p| ks.rescue("wrong passphrase", false, p)),
        Err(Error::WrongSecret)
    ));
    let rescue = quietly(|p| ks.rescue(OLD, false, p)).unwrap();
    assert_eq!(ks.status(), Status::Unlocked);
    assert!(!ks.damaged());
    assert!(titles(&ks).contains(&"in the newest backup".to_string()));
    ks.check_integrity().unwrap();
    // The damaged file is kept as it was.
    let kept = dir.path().join(rescue.damaged_copy.unwrap());
    assert_eq!(fs::read(kept).unwrap(), bytes);
}

#[test]
fn backups_open_with_the_current_passphrase_after_a_change_even_without_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "kept", "words", "2026-11-20T09:00");
    back_up(&ks);
    ks.change_passphrase(OLD, NEW).unwrap();
    ks.lock();
    // The key file and the database are both lost.
    fs::remove_file(dir.path().join("keyfile.json")).unwrap();
    fs::write(dir.path().join("diary.db"), b"not a database any more").unwrap();
    let ks = fast(dir.path());
    quietly(|p| ks.rescue(NEW, false, p)).unwrap();
    assert_eq!(titles(&ks), vec!["kept".to_string()]);
    // The key file is back, with the current passphrase only. (The copy carried inside the
    // backup made before the change still holds the old slots: the data key is the same, which
    // is what "Re-encrypt with a new key" is for.)
    ks.lock();
    assert!(matches!(ks.unlock(OLD), Err(Error::WrongSecret)));
    ks.unlock(NEW).unwrap();
}

#[test]
fn the_recovery_key_rescues_too() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, recovery) = new_diary(dir.path());
    write(&ks, "kept", "words", "2026-11-20T09:00");
    back_up(&ks);
    ks.lock();
    fs::write(dir.path().join("diary.db"), vec![7u8; 8192]).unwrap();
    quietly(|p| ks.rescue(&recovery, true, p)).unwrap();
    assert_eq!(titles(&ks), vec!["kept".to_string()]);
}

/// Every file under a final name in the backups folder is whole: chunks match their names,
/// manifests open.
fn assert_whole(ks: &Keepsake, dir: &Path) {
    let repo = Repo::new(dir.join("backups"));
    for (path, id) in repo.chunk_files().unwrap() {
        if path.extension().is_some_and(|e| e == "partial") {
            continue;
        }
        let id = id.expect("a chunk name");
        assert!(repo.read_chunk(&id).is_ok(), "{path:?} is whole");
    }
    let ids = repo.snapshot_ids().unwrap();
    assert_eq!(
        ks.backups().unwrap().len(),
        ids.len(),
        "every manifest opens"
    );
}

#[test]
fn a_kill_at_any_step_of_a_backup_leaves_only_whole_files_and_a_working_diary() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = diary_with_photos(dir.path());
    back_up(&ks);
    let mut steps = 0;
    loop {
        write(&ks, &format!("step {steps}"), "more", "2026-11-28T09:00");
        CRASH_AFTER.with(|c| c.set(Some(steps)));
        let outcome = quietly(|p| ks.back_up(Reason::Manual, p));
        CRASH_AFTER.with(|c| c.set(None));
        assert_whole(&ks, dir.path());
        assert_eq!(titles(&ks).len(), 13 + steps, "the diary works");
        if outcome.is_ok() {
            break;
        }
        assert!(matches!(outcome, Err(Error::SimulatedCrash)));
        steps += 1;
    }
    assert!(steps > 4, "the backup passed {steps} crash points");
    // The next backup cleans up what the crashes left.
    back_up(&ks);
    let partials = Repo::new(dir.path().join("backups"))
        .chunk_files()
        .unwrap()
        .into_iter()
        .filter(|(_, id)| id.is_none())
        .count();
    assert_eq!(partials, 0);
}

#[test]
fn a_kill_at_any_step_of_a_restore_leaves_the_old_diary_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = diary_with_photos(dir.path());
    let backup = back_up(&ks);
    let old = dump(&ks);
    write(&ks, "after the backup", "new", "2026-11-30T09:00");
    let current = dump(&ks);
    drop(old);
    let mut ks = ks;
    let mut steps = 0;
    loop {
        CRASH_AFTER.with(|c| c.set(Some(steps)));
        let outcome = quietly(|p| ks.restore_backup(&backup.id, p));
        CRASH_AFTER.with(|c| c.set(None));
        if outcome.is_ok() {
            break;
        }
        assert!(matches!(outcome, Err(Error::SimulatedCrash)), "{outcome:?}");
        // The app died here: start it again.
        drop(ks);
        ks = fast(dir.path());
        ks.unlock(OLD).unwrap();
        let state = dump(&ks);
        let before_restore = state == current;
        let restored = titles(&ks).len() == 12;
        assert!(before_restore || restored, "step {steps}: old or new state");
        assert!(!dir.path().join("restoring.db").exists());
        if restored {
            break;
        }
        steps += 1;
    }
    assert!(steps > 4, "the restore passed {steps} crash points");
}

#[test]
fn the_check_finds_a_flipped_byte_in_a_photo_and_in_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, made) = diary_with_photos(dir.path());
    let report = quietly(|p| ks.check_diary(true, p)).unwrap();
    assert!(report.diary_healthy());
    assert_eq!(report.photos_checked, 3);

    // A photo's bytes no longer match the checksum stored with them.
    let id = ks
        .with_diary(|d| images::list_for_entry(d.conn(), &made[5].id))
        .unwrap()[0]
        .id
        .clone();
    ks.with_diary(|d| {
        d.conn().execute(
            "UPDATE image_data SET bytes = substr(bytes, 2) WHERE image_id = ?1",
            [&id],
        )?;
        Ok(())
    })
    .unwrap();
    let report = quietly(|p| ks.check_diary(false, p)).unwrap();
    assert_eq!((report.photos_damaged, report.pages_ok), (1, true));
    assert!(ks.damaged());

    // A page of the file damaged under the open diary.
    ks.with_diary(|d| {
        d.conn()
            .execute("DELETE FROM image_data WHERE image_id = ?1", [&id])?;
        Ok(())
    })
    .unwrap();
    ks.with_diary(|d| {
        crate::db::truncate_wal(d.conn());
        Ok(())
    })
    .unwrap();
    let db = dir.path().join("diary.db");
    let mut bytes = fs::read(&db).unwrap();
    let at = bytes.len() / 2 + 100;
    bytes[at] ^= 1;
    fs::write(&db, &bytes).unwrap();
    let report = quietly(|p| ks.check_diary(false, p)).unwrap();
    assert!(!report.pages_ok);
    assert!(ks.damaged());
}

#[test]
fn a_lock_backs_up_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "one", "words", "2026-11-20T09:00");
    ks.lock_after_backup();
    assert_eq!(
        Repo::new(dir.path().join("backups"))
            .snapshot_ids()
            .unwrap()
            .len(),
        1
    );
    ks.unlock(OLD).unwrap();
    // The tidy-up's work (indexing, merging, the checkpoint's own row) is not a change.
    while ks.tidy_when_idle().is_some() || ks.tidy_when_idle().is_some() {}
    ks.lock_after_backup();
    ks.unlock(OLD).unwrap();
    assert_eq!(ks.backups().unwrap().len(), 1, "nothing changed, no backup");
    write(&ks, "two", "words", "2026-11-21T09:00");
    ks.lock_after_backup();
    ks.unlock(OLD).unwrap();
    let list = ks.backups().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((list[0].reason, list[0].entries), (Reason::Lock, 2));
}

#[test]
fn a_second_folder_gets_the_same_ciphertext_and_delete_everything_empties_both() {
    let dir = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    let canary = format!("canary-{}", uuid::Uuid::new_v4());
    write(&ks, &canary, &canary, "2026-11-20T09:00");
    ks.set_second_backup_folder(Some(second.path())).unwrap();
    back_up(&ks);
    let copy = Repo::new(second.path().join(SECOND_FOLDER_NAME));
    assert_eq!(copy.snapshot_ids().unwrap().len(), 1);
    for (path, bytes) in snapshot(second.path())
        .into_iter()
        .chain(snapshot(dir.path()))
    {
        assert!(
            !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
            "canary in {path}"
        );
    }
    let report = ks.delete_everything().unwrap();
    assert!(report.backups_removed);
    assert_eq!(
        report.second_backup_folder,
        Some((second.path().to_path_buf(), true))
    );
    assert!(!dir.path().join("backups").exists());
    assert!(!second.path().join(SECOND_FOLDER_NAME).exists());
}

/// Turn the diary back into what schema 6 wrote: every entry indexed at once, with no key
/// states (09 undone), bodies as they are (08 undone), no excerpts, vocabulary or covering
/// indexes (07 undone).
fn pretend_three_migrations_older(ks: &Keepsake) {
    ks.with_diary(|d| {
        let conn = d.conn();
        let mut bodies = Vec::new();
        entries::for_each(conn, |e| {
            bodies.push((e.id, e.body));
            Ok(())
        })?;
        for (id, body) in bodies {
            conn.execute("UPDATE entries SET body = ?2 WHERE id = ?1", [id, body])?;
        }
        crate::search::index_waiting(conn, usize::MAX)?;
        conn.execute_batch(
            "DROP TABLE checkpoints; DROP INDEX search_keys_waiting; DROP TRIGGER search_keys_forget;
             ALTER TABLE search_keys DROP COLUMN state;
             CREATE TRIGGER search_keys_forget AFTER DELETE ON search_keys BEGIN
                 DELETE FROM entries_fts WHERE rowid = old.rowid;
             END;
             ALTER TABLE entries DROP COLUMN body_packed;
             DROP INDEX entries_cards; DROP INDEX images_cover; DROP TABLE search_words;
             ALTER TABLE entries DROP COLUMN excerpt;
             CREATE INDEX entries_timeline ON entries (entry_at DESC, id DESC);
             CREATE INDEX images_by_entry ON images (entry_id, position);
             PRAGMA user_version = 6;",
        )?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn an_upgrade_that_migrates_is_backed_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "before the upgrade", "words", "2026-11-20T09:00");
    let long = "A long day at the harbour, 今天天气很好。 ".repeat(30);
    let kept = write(&ks, "a long one", &long, "2026-11-21T09:00");
    pretend_three_migrations_older(&ks);
    ks.lock();
    ks.unlock(OLD).unwrap();
    // Migration 08 packed the long body and kept the short one; both read back as written.
    let stored = |id: &str| {
        ks.with_diary(|d| {
            Ok(d.conn().query_row(
                "SELECT body, body_packed IS NOT NULL FROM entries WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)),
            )?)
        })
        .unwrap()
    };
    assert_eq!(stored(&kept.id), (String::new(), true));
    assert_eq!(ks.with_diary(|d| d.entry(&kept.id)).unwrap().body, long);
    let list = ks.backups().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].reason, list[0].schema_version),
        (Reason::BeforeMigration, 6)
    );
    assert_eq!(
        titles(&ks),
        vec!["a long one".to_string(), "before the upgrade".to_string()]
    );
    let short = ks.with_diary(|d| d.entry_page(None, 10)).unwrap().entries[1]
        .id
        .clone();
    assert_eq!(stored(&short), ("words".to_string(), false));
    // Migration 07 rebuilt the search index, its vocabulary and the excerpts.
    let query = crate::search::SearchQuery {
        text: "UPGRA".into(),
        limit: 10,
        ..Default::default()
    };
    let hits = ks.with_diary(|d| d.search(&query)).unwrap();
    assert_eq!(hits.len(), 1);
    let page = ks.with_diary(|d| d.entry_page(None, 10)).unwrap();
    assert_eq!(page.entries[1].excerpt, "words");
}

#[test]
fn re_encrypting_makes_an_old_key_file_and_the_old_backups_useless() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, old_recovery) = new_diary(dir.path());
    write(&ks, "kept through it", "words 港口", "2026-11-20T09:00");
    back_up(&ks);
    let old_key_file = fs::read(dir.path().join("keyfile.json")).unwrap();
    let before = dump(&ks);

    let rekeyed = ks.rekey(OLD).unwrap();
    assert_eq!(rekeyed.backups_removed, 1);
    assert!(!rekeyed.device_forgotten);
    assert_eq!(dump(&ks), before, "every row is as it was");
    let list = ks.backups().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, Reason::AfterRekey);
    assert!(!dir.path().join("keyfile.next.json").exists());

    // The passphrase stays; the old recovery key and an old copy of the key file open nothing.
    ks.lock();
    assert!(matches!(
        ks.unlock_with_recovery_key(&old_recovery),
        Err(Error::WrongSecret)
    ));
    ks.unlock_with_recovery_key(&rekeyed.recovery_key).unwrap();
    ks.lock();
    let current = fs::read(dir.path().join("keyfile.json")).unwrap();
    fs::write(dir.path().join("keyfile.json"), &old_key_file).unwrap();
    assert!(matches!(ks.unlock(OLD), Err(Error::DatabaseDamaged)));
    fs::write(dir.path().join("keyfile.json"), &current).unwrap();
    ks.unlock(OLD).unwrap();
    assert_eq!(dump(&ks), before);
}

#[test]
fn a_kill_at_any_step_of_re_encrypting_leaves_a_diary_the_passphrase_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "kept through it", "words", "2026-11-20T09:00");
    let before = dump(&ks);
    let mut ks = ks;
    let mut steps = 0;
    loop {
        CRASH_AFTER.with(|c| c.set(Some(steps)));
        let outcome = ks.rekey(OLD);
        CRASH_AFTER.with(|c| c.set(None));
        if outcome.is_ok() {
            break;
        }
        assert!(matches!(outcome, Err(Error::SimulatedCrash)), "{outcome:?}");
        drop(ks);
        ks = fast(dir.path());
        ks.unlock(OLD)
            .unwrap_or_else(|e| panic!("step {steps}: {e:?}"));
        assert_eq!(dump(&ks), before, "step {steps}");
        assert!(
            !dir.path().join("keyfile.next.json").exists(),
            "step {steps}"
        );
        steps += 1;
    }
    assert!(steps >= 3, "re-encrypting passed {steps} crash points");
}

#[test]
fn a_backup_copies_one_instant_while_the_diary_is_written_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, made) = diary_with_photos(dir.path());
    for (i, e) in made.iter().take(4).enumerate() {
        big_photo(&ks, &e.id, i as u32);
    }
    let at_start = dump(&ks);
    // Every progress report writes 400 KB more: well past the WAL's auto-checkpoint (1000
    // pages), which must wait while the backup's reader holds the file.
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut writes = 0;
    let mut during = |_: u64, _: u64| {
        writes += 1;
        let body = format!("{writes} {}", "written during the backup ".repeat(16000));
        ks.with_diary(|d| {
            entries::create(
                d.conn(),
                &EntryInput {
                    title: format!("during {writes}"),
                    body,
                    entry_at: "2026-11-29T09:00".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    };
    let mut progress = crate::archive::Progress::new(&mut during, &cancel);
    let backup = ks.back_up(Reason::Manual, &mut progress).unwrap();
    drop(progress);
    assert!(writes >= 10, "{writes} writes during the backup");
    assert!(backup.verified);
    assert_eq!(backup.entries, 12, "the backup is the instant it began");

    quietly(|p| ks.restore_backup(&backup.id, p)).unwrap();
    assert_eq!(dump(&ks), at_start);
    ks.check_integrity().unwrap();
}

#[test]
fn an_upgrade_whose_backup_cannot_be_made_still_opens_and_says_why_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    grant(&ks, Permission::Diagnostics);
    write(&ks, "before the upgrade", "words", "2026-11-20T09:00");
    pretend_three_migrations_older(&ks);
    ks.lock();
    // The backups folder cannot be made: a file stands in its place.
    fs::write(dir.path().join("backups"), b"not a folder").unwrap();
    ks.unlock(OLD).unwrap();
    assert_eq!(titles(&ks), vec!["before the upgrade".to_string()]);
    let log = ks.with_diary(|d| d.error_log()).unwrap();
    assert!(log.iter().any(|l| l.kind == "backup_failed"), "{log:?}");
}
