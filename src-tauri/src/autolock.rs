//! Auto-lock: a background check that locks the diary after the chosen idle time, so the key
//! leaves memory even if the web view is frozen or hidden. The UI reports user activity.

use std::sync::Arc;
use std::time::{Duration, Instant};

use keepsake_core::Keepsake;

const CHECK_EVERY: Duration = Duration::from_secs(5);

pub fn spawn(keepsake: Arc<Keepsake>) {
    std::thread::Builder::new()
        .name("keepsake-autolock".into())
        .spawn(move || loop {
            std::thread::sleep(CHECK_EVERY);
            let minutes = keepsake.settings().autolock_minutes();
            if minutes > 0 {
                keepsake.lock_if_idle(Duration::from_secs(u64::from(minutes) * 60), Instant::now());
            }
        })
        .map(drop)
        .unwrap_or_else(|e| panic!("could not start the auto-lock thread: {e}"));
}
