//! remember_device through `Keepsake` with a mock keychain, keychain failures falling back to
//! the passphrase, and a newer policy keeping the diary read-only until accepted.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::*;
use crate::dashboard::Category;
use crate::keychain::{KeyStore, KeychainError, MockKeyStore};
use crate::permissions::{self, Actor, Permission};

#[test]
fn remember_device_unlocks_from_the_keychain_and_revoking_deletes_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, store) = with_mock(dir.path());
    write(&ks, "kept", "b", "2026-11-23T09:00");
    assert!(!ks.device_remembered());
    grant(&ks, Permission::RememberDevice);
    assert!(ks.device_remembered());
    assert_eq!(store.accounts().len(), 1);
    let key_file = fs::read_to_string(dir.path().join("keyfile.json")).unwrap();
    let item = store.get(&store.accounts()[0]).unwrap().unwrap();
    assert!(
        !key_file.contains(&hex::encode(&*item)) && !key_file.contains(&B64.encode(&*item)),
        "the keychain secret never reaches a file"
    );
    ks.lock();

    let restarted = fast(dir.path()).with_key_store(store.clone());
    restarted.unlock_with_device().unwrap();
    assert_eq!(titles(&restarted), ["kept"]);

    let purged = restarted.revoke(Permission::RememberDevice, false).unwrap();
    assert!(purged.keychain_item);
    assert!(store.accounts().is_empty(), "the keychain item is deleted");
    assert!(!restarted.device_remembered());
    restarted.lock();
    assert!(matches!(
        restarted.unlock_with_device(),
        Err(Error::NotRemembered)
    ));
    restarted.unlock(OLD).unwrap();
}

#[test]
fn keychain_failures_fall_back_to_the_passphrase_and_write_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, store) = with_mock(dir.path());
    let before = snapshot(dir.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with("keyfile.json"))
        .collect::<Vec<_>>();

    // Granting while the keychain is locked: refused, nothing granted, key file untouched.
    store.fail_with(KeychainError::Locked);
    assert!(matches!(
        ks.grant(Permission::RememberDevice, &Actor::User),
        Err(Error::Keychain(KeychainError::Locked))
    ));
    assert!(!on(&ks, Permission::RememberDevice));
    assert!(ks
        .with_diary(|d| permissions::ledger(d.conn()))
        .unwrap()
        .is_empty());
    let after = snapshot(dir.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with("keyfile.json"))
        .collect::<Vec<_>>();
    assert_eq!(before, after);

    // Granted, then the keychain goes away or loses the item: unlock by keychain fails
    // clearly, the passphrase still works, and no file appears in the keychain's place.
    store.heal();
    grant(&ks, Permission::RememberDevice);
    ks.lock();
    let files_before: Vec<String> = snapshot(dir.path()).into_iter().map(|(p, _)| p).collect();
    for failure in [
        KeychainError::Unavailable("no Secret Service".into()),
        KeychainError::Locked,
    ] {
        store.fail_with(failure.clone());
        assert!(matches!(ks.unlock_with_device(), Err(Error::Keychain(e)) if e == failure));
        assert_eq!(ks.status(), Status::Locked);
    }
    store.heal();
    let account = store.accounts()[0].clone();
    store.delete(&account).unwrap();
    assert!(matches!(ks.unlock_with_device(), Err(Error::Keychain(_))));
    let files_after: Vec<String> = snapshot(dir.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        files_before, files_after,
        "no file written instead of the keychain"
    );
    ks.unlock(OLD).unwrap();
}

#[test]
fn a_newer_policy_makes_the_diary_read_only_until_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MockKeyStore::default());
    let ks = fast(dir.path()).with_key_store(store);
    ks.create(OLD, 1).unwrap();
    let state = ks.policy_state().unwrap();
    assert!(state.update_pending());
    assert_eq!((state.accepted, state.current), (1, CURRENT_VERSION));

    // Declined (no decision yet): reading works, writing is refused by SQLite itself.
    assert!(titles(&ks).is_empty());
    let input = EntryInput {
        title: "t".into(),
        body: "b".into(),
        entry_at: "2026-11-23T09:00".into(),
        ..Default::default()
    };
    assert!(matches!(
        ks.with_diary(|d| entries::create(d.conn(), &input)),
        Err(Error::ReadOnly)
    ));
    assert!(matches!(
        ks.grant(Permission::Location, &Actor::User),
        Err(Error::ReadOnly)
    ));
    // Withdrawal and deletion stay possible.
    ks.revoke(Permission::Diagnostics, false).unwrap();
    ks.delete_category(Category::Tags).unwrap();
    // Still read-only after a relaunch.
    ks.lock();
    ks.unlock(OLD).unwrap();
    assert!(ks.policy_state().unwrap().update_pending());
    assert!(ks
        .with_diary(|d| entries::create(d.conn(), &input))
        .is_err());

    assert!(ks.accept_policy(1).is_err(), "only the current version");
    ks.accept_policy(CURRENT_VERSION).unwrap();
    assert!(!ks.policy_state().unwrap().update_pending());
    ks.with_diary(|d| entries::create(d.conn(), &input))
        .unwrap();
    ks.lock();
    ks.unlock(OLD).unwrap();
    assert!(!ks.policy_state().unwrap().update_pending());
    assert_eq!(titles(&ks), ["t"]);
}
