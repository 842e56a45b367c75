use data_encoding::BASE32_NOPAD;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Error, Result};

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| Error::Crypto)?;
    Ok(bytes)
}

pub(crate) fn random_array<const N: usize>() -> Result<[u8; N]> {
    random_bytes()
}

/// The database key. Never logged, never serialized, wiped from memory on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl DataKey {
    pub fn generate() -> Result<Self> {
        Ok(Self(random_bytes()?))
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// The `PRAGMA key` value for SQLCipher's raw-key mode: `x'<64 hex digits>'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0));
        Zeroizing::new(format!("\"x'{}'\"", hex.as_str()))
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// A 160-bit recovery key, shown to the user once as 8 groups of 4 base32 characters.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey([u8; 20]);

impl RecoveryKey {
    pub fn generate() -> Result<Self> {
        Ok(Self(random_bytes()?))
    }

    pub(crate) fn expose(&self) -> &[u8; 20] {
        &self.0
    }

    /// `ABCD-EFGH-...`: what the user writes down.
    pub fn display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(BASE32_NOPAD.encode(&self.0));
        let groups: Vec<&str> = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// Accepts what a person types: any case, spaces or dashes anywhere, and the digits 0, 1
    /// and 8 for the letters O, I and B they are easily mistaken for.
    pub fn parse(typed: &str) -> Result<Self> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    '0' => 'O',
                    '1' => 'I',
                    '8' => 'B',
                    other => other,
                })
                .collect(),
        );
        let mut decoded = Zeroizing::new(
            BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| Error::InvalidInput("recovery key"))?,
        );
        let bytes: [u8; 20] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| Error::InvalidInput("recovery key"))?;
        decoded.zeroize();
        Ok(Self(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_what_a_person_types() {
        let key = RecoveryKey::generate().unwrap();
        let shown = key.display();
        assert_eq!(
            shown.len(),
            32 + 7,
            "8 groups of 4 with 7 dashes: {}",
            *shown
        );
        let sloppy = shown.to_lowercase().replace('-', " ").replace('o', "0");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap().expose(), key.expose());
    }

    #[test]
    fn malformed_recovery_keys_are_refused() {
        for bad in ["", "ABCD", "!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!"] {
            assert!(matches!(
                RecoveryKey::parse(bad),
                Err(Error::InvalidInput(_))
            ));
        }
    }

    #[test]
    fn data_keys_are_random_and_debug_hides_them() {
        let (a, b) = (DataKey::generate().unwrap(), DataKey::generate().unwrap());
        assert_ne!(a.expose(), b.expose());
        assert_eq!(format!("{a:?}"), "DataKey(..)");
        assert!(a.sqlcipher_literal().starts_with("\"x'"));
        assert_eq!(a.sqlcipher_literal().len(), 64 + 5);
    }
}
