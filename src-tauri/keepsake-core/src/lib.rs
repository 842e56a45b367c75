//! Keepsake's domain: the encrypted vault, the database and the diary.
//!
//! This crate knows nothing of Tauri or the web view; the shell crate (`keepsake`) wraps it in
//! IPC commands. Everything here runs and is tested without WebKit.

#![forbid(unsafe_code)]

pub mod db;
pub mod entries;
mod error;
pub mod fsutil;
pub mod images;
mod keepsake;
mod paths;
pub mod policy;
pub mod search;
pub mod settings;
#[cfg(test)]
mod test_support;
pub mod vault;

pub use error::{Error, Result};
pub use keepsake::{Keepsake, Status};
pub use paths::Paths;
