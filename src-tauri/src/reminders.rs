//! The daily reminder (reminders permission): a background check that shows a system
//! notification at the chosen time, locked or not. The notification says nothing of the diary.

use std::sync::Arc;
use std::time::Duration;

use keepsake_core::settings::Language;
use keepsake_core::{clock, reminder, Keepsake};

const CHECK_EVERY: Duration = Duration::from_secs(20);

pub fn spawn(keepsake: Arc<Keepsake>) {
    let started = std::thread::Builder::new()
        .name("keepsake-reminders".into())
        .spawn(move || {
            let mut last_fired = None;
            loop {
                std::thread::sleep(CHECK_EVERY);
                let settings = keepsake.settings();
                let Some(schedule) = settings.reminder else {
                    continue;
                };
                let now = clock::local_now();
                if reminder::due(&schedule, now, last_fired) {
                    last_fired = Some(now.date());
                    if notify(settings.language.unwrap_or_default()).is_err() {
                        keepsake.log_error("reminder_failed", "reminders.rs");
                    }
                }
            }
        });
    if started.is_err() {
        // Without the thread there are no reminders; the diary itself is unaffected.
        eprintln!("keepsake: could not start the reminder thread");
    }
}

fn notify(language: Language) -> Result<(), notify_rust::error::Error> {
    let (title, body) = match language {
        Language::En => ("Keepsake", "A moment to write in your diary?"),
        Language::ZhCn => ("拾忆", "花一点时间写写日记吧？"),
    };
    notify_rust::Notification::new()
        .appname(title)
        .summary(title)
        .body(body)
        .show()
        .map(drop)
}
