//! Tests of `Keepsake`: the lifecycle and its keys (`lifecycle`), and damaged files and
//! leaks (`damage`). The helpers here are shared by both.

use std::fs;
use std::path::Path;

use std::sync::Arc;

use super::*;
use crate::entries::{self, EntryInput};
use crate::keychain::MockKeyStore;
use crate::permissions::{self, Actor, Permission};
use crate::policy::CURRENT_VERSION;

const OLD: &str = "old passphrase 1";
const NEW: &str = "new passphrase 2";
const FAST: KdfParams = KdfParams::FAST_INSECURE;

mod backups;
mod damage;
mod device_and_policy;
mod lifecycle;
mod privacy;
mod wipe;

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

fn titles_or_err(ks: &Keepsake) -> Result<usize> {
    ks.with_diary(|d| entries::count(d.conn()).map(|n| n as usize))
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

/// A new diary whose keychain is an in-memory mock (for permission and device tests).
fn with_mock(dir: &Path) -> (Keepsake, Arc<MockKeyStore>) {
    let store = Arc::new(MockKeyStore::default());
    let ks = fast(dir).with_key_store(store.clone());
    ks.create(OLD, CURRENT_VERSION).unwrap();
    (ks, store)
}

fn grant(ks: &Keepsake, p: Permission) {
    ks.grant(p, &Actor::User).unwrap();
}

fn on(ks: &Keepsake, p: Permission) -> bool {
    ks.with_diary(|d| permissions::is_granted(d.conn(), p))
        .unwrap()
}
