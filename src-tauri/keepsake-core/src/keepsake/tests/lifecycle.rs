use std::fs;

use super::*;
use crate::fsutil::CrashPoint;

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

/// The auto-lock check that comes while an unlock is running (its KDF holds the diary) must
/// not lock the diary the unlock opens: the idle time counts from the unlock. (Before, the
/// idle time was read first, then the check waited for the diary and locked it at once: the
/// end-to-end auto-lock journey's "unlocked, then the unlock screen again" under load.)
#[test]
fn an_auto_lock_check_during_an_unlock_counts_from_the_unlock() {
    let dir = tempfile::tempdir().unwrap();
    // The production passphrase KDF: the unlock holds the diary for a while.
    let ks = Keepsake::with_kdf(dir.path(), KdfParams::PASSPHRASE, FAST).unwrap();
    ks.create(OLD, CURRENT_VERSION).unwrap();
    ks.lock();
    let max_idle = std::time::Duration::from_millis(500);
    // Idle well past the limit, as a diary that auto-locked and waited at its unlock screen.
    std::thread::sleep(max_idle * 2);
    let locked_again = std::thread::scope(|s| {
        let unlocking = s.spawn(|| ks.unlock(OLD));
        // The check lands while the unlock derives its key (it takes far longer than this).
        std::thread::sleep(std::time::Duration::from_millis(20));
        let locked = ks.lock_if_idle(max_idle, std::time::Instant::now());
        unlocking.join().unwrap().unwrap();
        locked
    });
    assert!(!locked_again, "the diary just unlocked was locked again");
    assert_eq!(ks.status(), Status::Unlocked);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_every_file_in_it_are_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("diary");
    let (ks, _) = new_diary(&dir);
    write(&ks, "Private", "only mine", "2026-11-30T22:00");
    ks.update_settings(|s| s.autolock_minutes = Some(5))
        .unwrap();
    ks.change_passphrase(OLD, NEW).unwrap();

    assert_eq!(mode(&dir), 0o700, "the folder");
    let files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for name in [
        "keyfile.json",
        "diary.db",
        "diary.db-wal",
        "diary.db-shm",
        "settings.json",
    ] {
        assert!(files.contains(&dir.join(name)), "{name} exists");
    }
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    // A folder and key file left readable by an earlier version are tightened at the next start.
    drop(ks);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(dir.join("keyfile.json"), fs::Permissions::from_mode(0o644)).unwrap();
    let again = fast(&dir);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("keyfile.json")), 0o600);
    again.unlock(NEW).unwrap();
}

#[test]
fn the_tidy_up_waits_for_an_idle_second_and_a_save_between_its_steps_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    for i in 0..20 {
        write(
            &ks,
            &format!("Note {i}"),
            "harbour lighthouse",
            "2026-11-20T09:00",
        );
    }
    assert_eq!(
        ks.tidy_when_idle(),
        None,
        "written since the last call: not idle"
    );
    let found = |text: &str| {
        let query = crate::search::SearchQuery {
            text: text.into(),
            limit: 50,
            ..Default::default()
        };
        ks.with_diary(|d| d.search(&query)).unwrap().len()
    };
    assert_eq!(
        found("lighth"),
        20,
        "found while their words wait for the tidy-up"
    );
    // A save arrives after the first step: it is not kept waiting for the round, which stops.
    let mut calls = 0;
    let stopped = ks
        .tidy_round(|| {
            calls += 1;
            if calls == 2 {
                write(&ks, "During the tidy-up", "zeppelin", "2026-11-21T09:00");
            }
        })
        .expect("idle for a call: a round starts");
    assert_eq!(
        (
            stopped.indexed,
            stopped.merge_steps,
            stopped.checkpointed,
            stopped.interrupted
        ),
        (16, 0, false, true),
        "one step of indexing, then the save"
    );
    assert_eq!(found("zeppelin"), 1, "the save went through whole");
    assert_eq!(ks.tidy_when_idle(), None, "the save made it busy again");
    let whole = ks.tidy_when_idle().expect("idle again: a new round");
    assert!(!whole.interrupted && whole.checkpointed, "{whole:?}");
    assert_eq!(whole.indexed, 5, "the four left and the save's");
    // Rounds go on while a vocabulary sweep is under way, then wait for the next write.
    let mut rounds = 0;
    while ks.tidy_when_idle().is_some() {
        rounds += 1;
        assert!(rounds < 200, "the tidy-up never runs out of work");
    }
    assert_eq!(ks.tidy_when_idle(), None);
    assert_eq!((found("harbour"), found("zepp")), (20, 1));
}
