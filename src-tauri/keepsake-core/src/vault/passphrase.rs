use serde::Serialize;

use crate::{Error, Result};

pub const MIN_PASSPHRASE_CHARS: usize = 8;
const MAX_PASSPHRASE_CHARS: usize = 1024;

/// A strength hint for a new passphrase (zxcvbn's 0-4 score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Strength {
    pub score: u8,
    pub long_enough: bool,
}

pub fn strength(passphrase: &str) -> Strength {
    let long_enough = passphrase.chars().count() >= MIN_PASSPHRASE_CHARS;
    let score = if passphrase.is_empty() {
        0
    } else {
        u8::from(zxcvbn::zxcvbn(passphrase, &["keepsake", "diary"]).score())
    };
    Strength { score, long_enough }
}

/// The only hard rules; the strength score is advice.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    let n = passphrase.chars().count();
    if n < MIN_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooShort {
            min_chars: MIN_PASSPHRASE_CHARS,
        });
    }
    if n > MAX_PASSPHRASE_CHARS {
        return Err(Error::InvalidInput("passphrase too long"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_grows_with_entropy() {
        assert_eq!(strength("").score, 0);
        assert!(strength("password").score <= 1);
        let strong = strength("lantern orbit 拾忆 velvet ninety");
        assert!(strong.score >= 3 && strong.long_enough, "{strong:?}");
        assert!(!strength("short").long_enough);
    }

    #[test]
    fn short_passphrases_are_refused_counting_characters_not_bytes() {
        assert!(check_new_passphrase("1234567").is_err());
        // Four Chinese characters are 12 bytes but only 4 characters.
        assert!(check_new_passphrase("拾忆日记").is_err());
        assert!(check_new_passphrase("拾忆日记拾忆日记").is_ok());
    }
}
