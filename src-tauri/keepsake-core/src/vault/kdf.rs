use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// Argon2id cost parameters, stored in each key slot so they can be raised later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// For the passphrase slot: 64 MiB, 3 passes (security.md's floor).
    pub const PASSPHRASE: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };
    /// For the recovery-key slot: the key already has 160 random bits, so a lighter cost.
    pub const RECOVERY: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    /// For the device slot: its secret is 256 random bits from the OS keychain, so there is
    /// nothing to stretch; Argon2id at its minimum only keeps one slot format.
    pub const DEVICE: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
    /// The cheapest parameters Argon2 accepts; only for fast unit tests of other logic.
    pub const FAST_INSECURE: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
    /// A key file claiming more than this is damaged or hostile (it would exhaust memory).
    const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;

    pub(crate) fn check_plausible(&self) -> Result<()> {
        let ok = self.memory_kib <= Self::MAX_MEMORY_KIB
            && (1..=64).contains(&self.iterations)
            && (1..=16).contains(&self.parallelism);
        ok.then_some(())
            .ok_or(Error::KeyFileDamaged("implausible KDF parameters"))
    }

    /// Derive a 32-byte key-encryption key from `secret` and `salt`.
    pub(crate) fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        self.check_plausible()?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| Error::KeyFileDamaged("invalid KDF parameters"))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|_| Error::Crypto)?;
        Ok(out)
    }
}
