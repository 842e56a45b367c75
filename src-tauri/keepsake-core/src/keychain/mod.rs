//! The OS keychain, behind a small trait: the real store of each platform (`os`), and an
//! in-memory store with error injection for tests (`mock`). Only `remember_device` uses it, to
//! keep the random secret that opens the key file's device slot.

mod mock;
mod os;

use zeroize::Zeroizing;

pub use mock::MockKeyStore;
pub use os::OsKeyStore;

/// Why the keychain could not be used. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service on this system (no Secret Service on the session bus, say).
    #[error("no system keychain is available: {0}")]
    Unavailable(String),
    /// The keychain exists but is locked or refused access.
    #[error("the system keychain is locked or refused access")]
    Locked,
    /// Anything else the platform reported.
    #[error("the system keychain failed: {0}")]
    Failed(String),
}

/// A place for one secret per account, under the app's service name.
pub trait KeyStore: Send + Sync {
    fn put(&self, account: &str, secret: &[u8]) -> Result<(), KeychainError>;
    /// `Ok(None)` when there is no item for `account`.
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError>;
    /// Succeeds when the item is gone afterwards, including when there was none.
    fn delete(&self, account: &str) -> Result<(), KeychainError>;
}
