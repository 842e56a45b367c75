use std::fs;

use super::*;

#[test]
fn the_database_file_is_never_plain_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "t", "b", "2026-11-23T09:00");
    let db = dir.path().join("diary.db");
    assert_ne!(
        &fs::read(&db).unwrap()[..16],
        b"SQLite format 3\0",
        "while open"
    );
    ks.lock();
    assert_ne!(
        &fs::read(&db).unwrap()[..16],
        b"SQLite format 3\0",
        "after lock"
    );
}

#[test]
fn a_damaged_key_file_has_its_own_error_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    ks.lock();
    let key_file = dir.path().join("keyfile.json");
    let good = fs::read(&key_file).unwrap();
    for damaged in [
        good[..good.len() / 3].to_vec(),
        b"{}".to_vec(),
        vec![0u8; 512],
    ] {
        fs::write(&key_file, &damaged).unwrap();
        let before = snapshot(dir.path());
        assert!(matches!(ks.unlock(OLD), Err(Error::KeyFileDamaged(_))));
        assert_eq!(snapshot(dir.path()), before, "nothing was written");
    }
    fs::remove_file(&key_file).unwrap();
    assert_eq!(
        ks.status(),
        Status::Locked,
        "the database alone still means a diary"
    );
    assert!(matches!(
        ks.unlock(OLD),
        Err(Error::KeyFileDamaged("missing"))
    ));
    assert!(matches!(
        ks.create(OLD, CURRENT_VERSION),
        Err(Error::AlreadyExists)
    ));
    fs::write(&key_file, &good).unwrap();
    ks.unlock(OLD).unwrap();
}

#[test]
fn a_truncated_database_is_reported_as_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, bytes) = locked_diary_with_pages(dir.path());
    let db = dir.path().join("diary.db");
    for keep in [bytes.len() / 2, 4096 * 3 + 100, 10] {
        fs::write(&db, &bytes[..keep]).unwrap();
        let outcome = ks.unlock(OLD).and_then(|()| ks.check_integrity());
        assert!(
            matches!(outcome, Err(Error::DatabaseDamaged)),
            "{keep}: {outcome:?}"
        );
        ks.lock();
        assert_eq!(
            fs::read(&db).unwrap(),
            &bytes[..keep],
            "{keep}: file unchanged"
        );
    }
}

#[test]
fn a_bit_flip_is_reported_as_damaged_not_as_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, bytes) = locked_diary_with_pages(dir.path());
    let db = dir.path().join("diary.db");
    // In the first page (read at unlock) and in the middle of the file (found by the check).
    for offset in [100, bytes.len() / 2 + 77] {
        let mut flipped = bytes.clone();
        flipped[offset] ^= 0x10;
        fs::write(&db, &flipped).unwrap();
        let outcome = ks.unlock(OLD).and_then(|()| ks.check_integrity());
        assert!(
            matches!(outcome, Err(Error::DatabaseDamaged)),
            "{offset}: {outcome:?}"
        );
        ks.lock();
        assert_eq!(fs::read(&db).unwrap(), flipped, "{offset}: file unchanged");
    }
    fs::write(&db, &bytes).unwrap();
    ks.unlock(OLD).unwrap();
    ks.check_integrity().unwrap();
}

#[test]
fn canary_written_in_an_entry_appears_in_no_file_after_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    let canary = format!("canary-{}", uuid::Uuid::new_v4());
    let chinese = format!("金丝雀{}", &canary[7..15]);
    let entry = write(
        &ks,
        &canary,
        &format!("{canary} {chinese}"),
        "2026-11-23T09:00",
    );
    // Edit and delete too, so old versions would be left behind if anything leaked.
    let update = EntryInput {
        title: format!("{canary} edited"),
        body: chinese.clone(),
        entry_at: "2026-11-22T09:00".into(),
        tags: vec![format!("tag-{canary}")],
        ..Default::default()
    };
    ks.with_diary(|d| entries::update(d.conn(), &entry.id, &update))
        .unwrap();
    let doomed = write(&ks, "to delete", &canary, "2026-11-21T09:00");
    // Deleted to Recently deleted, then backed up at lock: the backups are scanned too.
    ks.with_diary(|d| d.delete_entry(&doomed.id)).unwrap();
    ks.lock_after_backup();
    assert!(dir.path().join("backups").is_dir());

    let files = snapshot(dir.path());
    assert!(
        files.len() >= 2,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (path, bytes) in files {
        for needle in [
            canary.as_bytes(),
            chinese.as_bytes(),
            &canary.as_bytes()[..20],
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "canary found in {path}"
            );
        }
    }
}
