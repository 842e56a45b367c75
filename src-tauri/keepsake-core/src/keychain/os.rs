//! The platform's own keychain through `keyring-core` and the explicit store crate of each OS:
//! Secret Service over D-Bus on Linux (never keyutils, which forgets at reboot), the Keychain on
//! macOS, the Credential Manager on Windows. Entries are built from our own store object, not
//! keyring's process-wide default, so nothing else in the process can swap it.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error};
use zeroize::Zeroizing;

use super::{KeyStore, KeychainError};

pub struct OsKeyStore {
    service: String,
}

impl OsKeyStore {
    /// Items are named `service` / account. Tests pass their own service name
    /// (`KEEPSAKE_KEYCHAIN_SERVICE`) so they never touch a real user's item.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// The store is connected per use: a keychain that appears, unlocks or restarts while the
    /// app runs is picked up, and a missing one costs nothing until asked for.
    fn entry(&self, account: &str) -> Result<Entry, KeychainError> {
        platform_store()?
            .build(&self.service, account, None)
            .map_err(map_error)
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    zbus_secret_service_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    windows_native_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    Err(KeychainError::Unavailable(
        "no keychain support on this OS".into(),
    ))
}

fn map_error(e: Error) -> KeychainError {
    match e {
        Error::NoStorageAccess(_) => KeychainError::Locked,
        Error::NoDefaultStore => KeychainError::Unavailable(e.to_string()),
        other => KeychainError::Failed(other.to_string()),
    }
}

impl KeyStore for OsKeyStore {
    fn put(&self, account: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.entry(account)?.set_secret(secret).map_err(map_error)
    }

    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        match self.entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The real Secret Service path. `tests/run.sh` runs the Rust tests inside a D-Bus session
    /// with gnome-keyring unlocked, as a desktop login would.
    #[test]
    fn the_secret_service_keeps_and_forgets_a_secret() {
        let store = OsKeyStore::new(format!("keepsake-test-{}", uuid::Uuid::new_v4()));
        let account = "vault-under-test";
        assert_eq!(store.get(account).unwrap(), None);
        store.put(account, &[1, 2, 3, 250]).unwrap();
        assert_eq!(
            store.get(account).unwrap().as_deref().map(Vec::as_slice),
            Some(&[1u8, 2, 3, 250][..])
        );
        store.put(account, &[9; 32]).unwrap();
        assert_eq!(store.get(account).unwrap().unwrap().as_slice(), &[9; 32]);
        store.delete(account).unwrap();
        assert_eq!(store.get(account).unwrap(), None);
        store.delete(account).unwrap();
    }
}
