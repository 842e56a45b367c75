use std::fs;
use std::path::Path;

use super::*;
use crate::entries::{self, EntryInput};
use crate::policy::CURRENT_VERSION;

const OLD: &str = "old passphrase 1";
const NEW: &str = "new passphrase 2";
const FAST: KdfParams = KdfParams::FAST_INSECURE;

fn fast(dir: &Path) -> Keepsake {
    Keepsake::with_kdf(dir, FAST, FAST).unwrap()
}

fn new_diary(dir: &Path) -> (Keepsake, String) {
    let ks = fast(dir);
    let recovery = ks.create(OLD, CURRENT_VERSION).unwrap();
    (ks, recovery.to_string())
}

fn write(ks: &Keepsake, title: &str, body: &str, at: &str) -> entries::Entry {
    let input = EntryInput {
        title: title.into(),
        body: body.into(),
        entry_at: at.into(),
        ..Default::default()
    };
    ks.with_diary(|d| entries::create(d.conn(), &input))
        .unwrap()
}

fn titles(ks: &Keepsake) -> Vec<String> {
    ks.with_diary(|d| entries::page(d.conn(), None, 100))
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.title)
        .collect()
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.push((path.display().to_string(), fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn create_lock_unlock_with_production_kdf_costs() {
    let dir = tempfile::tempdir().unwrap();
    let ks = Keepsake::new(dir.path()).unwrap();
    assert_eq!(ks.status(), Status::New);
    ks.create("a real passphrase", CURRENT_VERSION).unwrap();
    assert_eq!(ks.status(), Status::Unlocked);
    write(&ks, "Hello", "First words", "2026-11-23T09:00");
    ks.lock();
    assert_eq!(ks.status(), Status::Locked);
    assert!(matches!(titles_or_err(&ks), Err(Error::Locked)));

    let restarted = Keepsake::new(dir.path()).unwrap();
    assert_eq!(restarted.status(), Status::Locked);
    restarted.unlock("a real passphrase").unwrap();
    assert_eq!(titles(&restarted), ["Hello"]);
}

fn titles_or_err(ks: &Keepsake) -> Result<usize> {
    ks.with_diary(|d| entries::count(d.conn()).map(|n| n as usize))
}

#[test]
fn create_refuses_short_passphrases_and_existing_diaries() {
    let dir = tempfile::tempdir().unwrap();
    let ks = fast(dir.path());
    assert!(matches!(
        ks.create("short", CURRENT_VERSION),
        Err(Error::PassphraseTooShort { .. })
    ));
    assert_eq!(ks.status(), Status::New, "nothing was written");
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
    ks.create(OLD, CURRENT_VERSION).unwrap();
    ks.lock();
    assert!(matches!(
        ks.create(OLD, CURRENT_VERSION),
        Err(Error::AlreadyExists)
    ));
}

#[test]
fn a_failed_create_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let ks = fast(dir.path());
    // A folder where the WAL file must go makes the database fail after the key file and the
    // database file were written.
    fs::create_dir(dir.path().join("diary.db-wal")).unwrap();
    assert!(ks.create(OLD, CURRENT_VERSION).is_err());
    assert!(
        !dir.path().join("keyfile.json").exists(),
        "the key file was rolled back"
    );
    assert!(
        !dir.path().join("diary.db").exists(),
        "the database was rolled back"
    );
    fs::remove_dir(dir.path().join("diary.db-wal")).unwrap();
    assert_eq!(ks.status(), Status::New, "onboarding can start over");
    ks.create(OLD, CURRENT_VERSION).unwrap();
}

#[test]
fn wrong_passphrase_is_refused_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    write(&ks, "Kept", "safe", "2026-11-23T09:00");
    ks.lock();
    let before = snapshot(dir.path());
    assert!(matches!(
        ks.unlock("not the passphrase"),
        Err(Error::WrongSecret)
    ));
    assert_eq!(ks.status(), Status::Locked);
    assert!(dir.path().join("unlock-throttle.json").exists());

    // The failure is counted; success clears the counter.
    ks.unlock(OLD).unwrap();
    assert!(!dir.path().join("unlock-throttle.json").exists());
    assert_eq!(titles(&ks), ["Kept"]);
    ks.lock();
    let after: Vec<_> = snapshot(dir.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with("keyfile.json"))
        .collect();
    assert_eq!(
        after,
        before
            .into_iter()
            .filter(|(p, _)| p.ends_with("keyfile.json"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn repeated_failures_are_throttled_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    ks.lock();
    for _ in 0..crate::vault::FREE_ATTEMPTS {
        assert!(matches!(ks.unlock("wrong wrong"), Err(Error::WrongSecret)));
    }
    drop(ks);
    let restarted = fast(dir.path());
    assert!(restarted.unlock_retry_after_secs() > 0);
    // Even the right passphrase waits: the backoff does not reveal whether a guess was right.
    assert!(matches!(
        restarted.unlock(OLD),
        Err(Error::Throttled { .. })
    ));
}

#[test]
fn recovery_key_unlocks_and_is_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, recovery) = new_diary(dir.path());
    assert!(ks.verify_recovery_key(&recovery).unwrap());
    assert!(ks.verify_recovery_key(&recovery.to_lowercase()).unwrap());
    assert!(!ks.verify_recovery_key("AAAA-BBBB").unwrap());
    write(&ks, "Recovered", "", "2026-11-23T09:00");
    ks.lock();
    assert!(matches!(
        ks.unlock_with_recovery_key("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"),
        Err(Error::WrongSecret)
    ));
    ks.unlock_with_recovery_key(&recovery).unwrap();
    assert_eq!(titles(&ks), ["Recovered"]);
}

#[test]
fn change_passphrase_needs_the_current_one_and_keeps_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, recovery) = new_diary(dir.path());
    write(&ks, "Still here", "", "2026-11-23T09:00");
    assert!(matches!(
        ks.change_passphrase("bad current", NEW),
        Err(Error::WrongSecret)
    ));
    assert!(matches!(
        ks.change_passphrase(OLD, "short"),
        Err(Error::PassphraseTooShort { .. })
    ));
    ks.change_passphrase(OLD, NEW).unwrap();
    ks.lock();
    assert!(matches!(ks.unlock(OLD), Err(Error::WrongSecret)));
    ks.unlock(NEW).unwrap();
    assert_eq!(titles(&ks), ["Still here"]);
    ks.lock();
    ks.unlock_with_recovery_key(&recovery).unwrap();
    ks.lock();
    assert!(matches!(ks.change_passphrase(NEW, OLD), Err(Error::Locked)));
}

#[test]
fn a_crash_at_any_point_of_a_passphrase_change_leaves_old_or_new_working() {
    for crash in CrashPoint::ALL {
        let dir = tempfile::tempdir().unwrap();
        let (ks, recovery) = new_diary(dir.path());
        write(&ks, "Survivor", "", "2026-11-23T09:00");
        assert!(matches!(
            ks.change_passphrase_until(OLD, NEW, Some(crash)),
            Err(Error::SimulatedCrash)
        ));
        drop(ks); // the process "dies"

        let restarted = fast(dir.path());
        let old_works = restarted.unlock(OLD).is_ok();
        restarted.lock();
        let new_works = restarted.unlock(NEW).is_ok();
        restarted.lock();
        assert!(
            old_works ^ new_works,
            "{crash:?}: old={old_works} new={new_works}"
        );
        // Before the rename the old passphrase must still be the one; after it, the new one.
        assert_eq!(new_works, crash == CrashPoint::Renamed, "{crash:?}");
        assert!(
            !dir.path().join("keyfile.json.tmp").exists(),
            "stale temp removed"
        );
        restarted.unlock_with_recovery_key(&recovery).unwrap();
        assert_eq!(titles(&restarted), ["Survivor"], "{crash:?}");
    }
}

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

/// A diary with enough entries to span many pages, locked, and its database's bytes.
fn locked_diary_with_pages(dir: &Path) -> (Keepsake, Vec<u8>) {
    let (ks, _) = new_diary(dir);
    for i in 0..60 {
        write(
            &ks,
            &format!("Entry {i}"),
            &"words ".repeat(400),
            "2026-11-23T09:00",
        );
    }
    ks.lock();
    let bytes = fs::read(dir.join("diary.db")).unwrap();
    assert!(bytes.len() > 40 * 4096, "spans many pages: {}", bytes.len());
    (ks, bytes)
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
    write(&ks, "to delete", &canary, "2026-11-21T09:00");
    ks.lock();

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

#[test]
fn a_new_recovery_key_replaces_the_old_one_and_needs_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, old_key) = new_diary(dir.path());
    assert!(matches!(
        ks.new_recovery_key("wrong passphrase"),
        Err(Error::WrongSecret)
    ));
    assert!(
        ks.verify_recovery_key(&old_key).unwrap(),
        "unchanged after a refusal"
    );
    let new_key = ks.new_recovery_key(OLD).unwrap().to_string();
    assert_ne!(new_key, old_key);
    ks.lock();
    assert!(matches!(
        ks.unlock_with_recovery_key(&old_key),
        Err(Error::WrongSecret)
    ));
    ks.unlock_with_recovery_key(&new_key).unwrap();
    ks.lock();
    ks.unlock(OLD).unwrap();
    ks.lock();
    assert!(matches!(ks.new_recovery_key(OLD), Err(Error::Locked)));
}

#[test]
fn auto_lock_drops_the_diary_after_the_idle_time_only() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    let start = std::time::Instant::now();
    let five = std::time::Duration::from_secs(300);
    assert!(!ks.lock_if_idle(five, start + std::time::Duration::from_secs(60)));
    assert_eq!(ks.status(), Status::Unlocked);
    ks.touch();
    let later = std::time::Instant::now() + std::time::Duration::from_secs(299);
    assert!(!ks.lock_if_idle(five, later), "activity postponed it");
    assert!(ks.lock_if_idle(five, later + std::time::Duration::from_secs(2)));
    assert_eq!(ks.status(), Status::Locked);
    assert!(
        matches!(titles_or_err(&ks), Err(Error::Locked)),
        "no connection, no key"
    );
    assert!(!ks.lock_if_idle(five, later + five), "already locked");
}
