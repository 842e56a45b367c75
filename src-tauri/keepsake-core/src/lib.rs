//! Keepsake's domain: the encrypted vault, the database and the diary.
//!
//! This crate knows nothing of Tauri or the web view; the shell crate (`keepsake`) wraps it in
//! IPC commands. Everything here runs and is tested without WebKit.

#![forbid(unsafe_code)]

pub mod archive;
pub mod backup;
pub mod clock;
pub mod dashboard;
pub mod db;
pub mod diagnostics;
pub mod entries;
mod error;
pub mod feedback;
pub mod fsutil;
pub mod ids;
pub mod images;
pub mod instance;
mod keepsake;
pub mod keychain;
mod packed;
mod paths;
pub mod permissions;
pub mod places;
pub mod policy;
pub mod profile;
pub mod reminder;
pub mod search;
pub mod settings;
pub mod share;
pub mod tags;
#[cfg(test)]
mod test_support;
mod text;
pub mod trash;
pub mod usage;
pub mod vault;

pub use error::{Error, Result};
pub use keepsake::{
    BackupHealth, CheckReport, Rekeyed, Rescue, RestoredEntries, Tidied, Upkept, CHECK_EVERY_MS,
    SECOND_FOLDER_NAME,
};
pub use keepsake::{
    Diary, Keepsake, PolicyState, Purged, Status, WipeReport, CONFIRMATION_WORDS,
    DEFAULT_KEYCHAIN_SERVICE,
};
pub use paths::Paths;
