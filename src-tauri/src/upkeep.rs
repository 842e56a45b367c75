//! The diary's upkeep (see `Keepsake::maintain`): right after each unlock, then once a minute
//! while the app runs. One round at a time; a round that finds nothing due costs a directory
//! listing and one query. Beside it, the tidy-up (see `Keepsake::tidy_when_idle`) is offered a
//! moment every second: it works only once a second has passed with no write.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use keepsake_core::Keepsake;

const EVERY: Duration = Duration::from_secs(60);
const TIDY_EVERY: Duration = Duration::from_secs(1);

/// Held while a round runs, so the timer and an unlock never run two at once.
static ROUND: Mutex<()> = Mutex::new(());

fn round(keepsake: &Keepsake) {
    if let Ok(_one) = ROUND.try_lock() {
        keepsake.maintain();
    }
}

pub fn spawn(keepsake: Arc<Keepsake>) {
    let tidy = Arc::clone(&keepsake);
    std::thread::Builder::new()
        .name("keepsake-upkeep".into())
        .spawn(move || loop {
            std::thread::sleep(EVERY);
            round(&keepsake);
        })
        .map(drop)
        .unwrap_or_else(|e| panic!("could not start the upkeep thread: {e}"));
    std::thread::Builder::new()
        .name("keepsake-tidy".into())
        .spawn(move || loop {
            std::thread::sleep(TIDY_EVERY);
            tidy.tidy_when_idle();
        })
        .map(drop)
        .unwrap_or_else(|e| panic!("could not start the tidy-up thread: {e}"));
}

/// A round now, off the caller's thread: the backup after unlock, a check that is due.
pub fn after_unlock(keepsake: &Arc<Keepsake>) {
    let keepsake = Arc::clone(keepsake);
    let _ = std::thread::Builder::new()
        .name("keepsake-upkeep-unlock".into())
        .spawn(move || round(&keepsake));
}
