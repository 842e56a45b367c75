//! Backoff after failed unlocks, persisted so that quitting and restarting does not reset it.
//!
//! This only slows down guessing through the app. Someone with a copy of the key file can guess
//! offline, where only the Argon2id cost protects the passphrase: the UI says so.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::fsutil;
use crate::{Error, Result};

/// Failures allowed before any waiting is imposed.
pub const FREE_ATTEMPTS: u32 = 3;
const FIRST_DELAY_SECS: u64 = 5;
const MAX_DELAY_SECS: u64 = 15 * 60;

#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Record {
    failures: u32,
    last_failure_unix_ms: u64,
}

pub struct Throttle {
    path: PathBuf,
}

fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Throttle {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    fn read(&self) -> Record {
        match fs::read(&self.path) {
            Err(_) => Record::default(),
            // A damaged record must not become a way to reset the counter.
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Record {
                failures: FREE_ATTEMPTS,
                last_failure_unix_ms: 0,
            }),
        }
    }

    /// How long the user must wait after `failures` consecutive failures.
    pub fn delay_after(failures: u32) -> Duration {
        if failures < FREE_ATTEMPTS {
            return Duration::ZERO;
        }
        let doublings = (failures - FREE_ATTEMPTS).min(16);
        Duration::from_secs((FIRST_DELAY_SECS << doublings).min(MAX_DELAY_SECS))
    }

    /// `Err(Throttled)` while the user has to wait.
    pub fn check(&self, now: SystemTime) -> Result<()> {
        let record = self.read();
        let delay = Self::delay_after(record.failures).as_millis() as u64;
        let elapsed = unix_ms(now).saturating_sub(record.last_failure_unix_ms);
        // A clock set backwards shows elapsed 0: wait one delay from now, not forever.
        let remaining_ms = delay.saturating_sub(elapsed).min(delay);
        if remaining_ms == 0 {
            Ok(())
        } else {
            Err(Error::Throttled {
                retry_after_secs: remaining_ms.div_ceil(1000),
            })
        }
    }

    /// Seconds left to wait, 0 when an attempt is allowed now.
    pub fn retry_after_secs(&self, now: SystemTime) -> u64 {
        match self.check(now) {
            Err(Error::Throttled { retry_after_secs }) => retry_after_secs,
            _ => 0,
        }
    }

    pub fn record_failure(&self, now: SystemTime) -> Result<()> {
        let record = Record {
            failures: self.read().failures.saturating_add(1),
            last_failure_unix_ms: unix_ms(now),
        };
        let bytes = serde_json::to_vec(&record).map_err(|_| Error::Crypto)?;
        fsutil::replace_file(&self.path, &bytes)
    }

    pub fn reset(&self) -> Result<()> {
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_attempts_double_and_cap() {
        assert_eq!(Throttle::delay_after(0), Duration::ZERO);
        assert_eq!(Throttle::delay_after(FREE_ATTEMPTS - 1), Duration::ZERO);
        assert_eq!(Throttle::delay_after(FREE_ATTEMPTS), Duration::from_secs(5));
        assert_eq!(
            Throttle::delay_after(FREE_ATTEMPTS + 1),
            Duration::from_secs(10)
        );
        assert_eq!(
            Throttle::delay_after(FREE_ATTEMPTS + 40),
            Duration::from_secs(900)
        );
    }

    #[test]
    fn backoff_survives_a_restart_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("throttle.json");
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let throttle = Throttle::new(path.clone());
        for i in 0..FREE_ATTEMPTS {
            throttle.check(t0).unwrap();
            throttle
                .record_failure(t0 + Duration::from_millis(i.into()))
                .unwrap();
        }
        drop(throttle);

        // A new instance, as after quitting and starting the app again.
        let restarted = Throttle::new(path);
        let just_after = t0 + Duration::from_secs(1);
        assert!(matches!(
            restarted.check(just_after),
            Err(Error::Throttled {
                retry_after_secs: 4 | 5
            })
        ));
        assert!(restarted.check(t0 + Duration::from_secs(6)).is_ok());
        restarted.reset().unwrap();
        assert_eq!(restarted.retry_after_secs(t0), 0);
    }

    #[test]
    fn a_damaged_record_does_not_reset_the_counter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("throttle.json");
        fs::write(&path, b"{not json").unwrap();
        let throttle = Throttle::new(path);
        let now = SystemTime::now();
        throttle.record_failure(now).unwrap();
        assert!(throttle.check(now).is_err());
    }
}
