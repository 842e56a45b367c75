//! The key hierarchy (envelope encryption): a random 32-byte data key is the SQLCipher raw key;
//! the key file holds it wrapped by each unlock method (passphrase, recovery key).

mod kdf;
mod keyfile;
mod passphrase;
mod secret;
mod throttle;

pub use kdf::KdfParams;
pub use keyfile::{KeyFile, SlotKind};
pub use passphrase::{check_new_passphrase, strength, Strength, MIN_PASSPHRASE_CHARS};
pub(crate) use secret::random_array;
pub use secret::{DataKey, RecoveryKey};
pub use throttle::{Throttle, FREE_ATTEMPTS};
