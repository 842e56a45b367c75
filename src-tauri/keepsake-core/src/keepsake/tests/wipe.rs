//! Delete everything: nothing the app wrote remains, the keychain item goes, and a wipe stopped
//! after any step is finished by the next start.

use crate::keepsake::wipe::WipeStep;
use std::sync::Arc;

use super::*;
use crate::keychain::MockKeyStore;
use crate::permissions::{Actor, Permission};

fn remembered_diary(dir: &Path) -> (Keepsake, Arc<MockKeyStore>) {
    let store = Arc::new(MockKeyStore::default());
    let ks = fast(dir).with_key_store(store.clone());
    ks.create(OLD, CURRENT_VERSION).unwrap();
    write(&ks, "To be forgotten", "canary-7d1e", "2026-11-23T09:00");
    ks.grant(Permission::RememberDevice, &Actor::User).unwrap();
    let mut settings = ks.settings();
    settings.language = Some(crate::settings::Language::ZhCn);
    ks.save_settings(&settings).unwrap();
    assert_eq!(store.accounts().len(), 1);
    (ks, store)
}

#[test]
fn deleting_everything_leaves_no_file_and_no_keychain_item() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, store) = remembered_diary(dir.path());
    // A failed unlock elsewhere leaves the throttle file too.
    let other = fast(dir.path());
    assert!(other.unlock("wrong passphrase").is_err());
    assert!(dir.path().join("unlock-throttle.json").exists());

    let report = ks.delete_everything().unwrap();
    assert!(report.keychain_item_removed && !report.resumed);
    for name in [
        "keyfile.json",
        "diary.db",
        "settings.json",
        "unlock-throttle.json",
    ] {
        assert!(
            report.removed_files.iter().any(|f| f == name),
            "{name} reported"
        );
    }
    assert!(snapshot(dir.path()).is_empty(), "every file is gone");
    assert!(store.accounts().is_empty(), "the keychain item is gone");
    assert_eq!(ks.status(), Status::New);
    // First run again: a new diary can be made in the same folder.
    ks.create(NEW, CURRENT_VERSION).unwrap();
    assert!(titles(&ks).is_empty());
}

#[test]
fn deleting_everything_needs_the_typed_word() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    for wrong in ["", "delete it", "yes"] {
        assert!(matches!(
            ks.delete_everything_confirmed(wrong),
            Err(Error::InvalidInput(_))
        ));
    }
    assert_eq!(
        titles_or_err(&ks).unwrap(),
        0,
        "still open, nothing removed"
    );
    ks.delete_everything_confirmed(" 删除 ").unwrap();
    assert_eq!(ks.status(), Status::New);
}

#[test]
fn deleting_everything_needs_the_diary_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    ks.lock();
    assert!(matches!(ks.delete_everything(), Err(Error::Locked)));
    assert_eq!(ks.status(), Status::Locked);
}

#[test]
fn a_wipe_stopped_after_any_step_is_finished_by_the_next_start() {
    for stop in [
        WipeStep::JournalWritten,
        WipeStep::KeyFileDestroyed,
        WipeStep::KeychainItemDeleted,
        WipeStep::DatabaseRemoved,
        WipeStep::FilesRemoved,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (ks, store) = remembered_diary(dir.path());
        assert!(matches!(
            ks.delete_everything_until(Some(stop)),
            Err(Error::SimulatedCrash)
        ));
        assert_ne!(ks.status(), Status::Unlocked, "{stop:?}: locked at once");
        drop(ks);

        let restarted = fast(dir.path())
            .with_key_store(store.clone())
            .started()
            .unwrap();
        assert!(
            snapshot(dir.path()).is_empty(),
            "{stop:?}: every file is gone"
        );
        assert!(
            store.accounts().is_empty(),
            "{stop:?}: the keychain item is gone"
        );
        assert_eq!(restarted.status(), Status::New, "{stop:?}");
        assert!(
            restarted.resume_wipe().unwrap().is_none(),
            "nothing left to do"
        );
    }
}

#[test]
fn the_destroyed_key_file_is_overwritten_before_it_is_removed() {
    // A hard link keeps the file's blocks reachable after the wipe unlinks its name, showing
    // what was written to them last.
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = new_diary(dir.path());
    let keep = dir.path().join("..").join(format!(
        "keyfile-link-{}",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    fs::hard_link(dir.path().join("keyfile.json"), &keep).unwrap();
    let before = fs::read(&keep).unwrap();
    ks.delete_everything().unwrap();
    let after = fs::read(&keep).unwrap();
    fs::remove_file(&keep).unwrap();
    assert_eq!(before.len(), after.len());
    assert_ne!(before, after);
    assert!(
        !after.windows(6).any(|w| w == b"format"),
        "no longer a key file"
    );
}
