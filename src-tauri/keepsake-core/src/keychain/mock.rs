//! An in-memory keychain for tests, which can be told to fail like a real one.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use zeroize::Zeroizing;

use super::{KeyStore, KeychainError};

#[derive(Default)]
pub struct MockKeyStore {
    items: Mutex<HashMap<String, Zeroizing<Vec<u8>>>>,
    failure: Mutex<Option<KeychainError>>,
}

impl MockKeyStore {
    /// Every call fails with `error` until `heal` (a locked or missing keychain).
    pub fn fail_with(&self, error: KeychainError) {
        *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
    }

    pub fn heal(&self) {
        *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    pub fn accounts(&self) -> Vec<String> {
        let mut accounts: Vec<String> = self
            .items
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        accounts.sort();
        accounts
    }

    fn check(&self) -> Result<(), KeychainError> {
        match &*self.failure.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }

    fn items(&self) -> std::sync::MutexGuard<'_, HashMap<String, Zeroizing<Vec<u8>>>> {
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl KeyStore for MockKeyStore {
    fn put(&self, account: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.check()?;
        self.items()
            .insert(account.to_owned(), Zeroizing::new(secret.to_vec()));
        Ok(())
    }

    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        self.check()?;
        Ok(self.items().get(account).cloned())
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.check()?;
        self.items().remove(account);
        Ok(())
    }
}
