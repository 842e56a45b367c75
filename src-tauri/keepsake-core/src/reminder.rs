//! When the daily reminder is due. The schedule (`HH:MM`, local) lives in the settings file so
//! it can fire while the diary is locked; it exists only while reminders is granted.

use time::{Date, PrimitiveDateTime, Time};

/// A reminder missed by more than this (the computer was off or asleep) is skipped for the day.
pub const GRACE_MINUTES: i64 = 60;

fn parse(schedule: &str) -> Option<Time> {
    let (h, m) = schedule.split_once(':')?;
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

/// True when the reminder at `schedule` should fire at `now`, given the day it last fired.
pub fn due(schedule: &str, now: PrimitiveDateTime, last_fired: Option<Date>) -> bool {
    let Some(at) = parse(schedule) else {
        return false;
    };
    if last_fired == Some(now.date()) {
        return false;
    }
    let late = now - PrimitiveDateTime::new(now.date(), at);
    late.whole_seconds() >= 0 && late.whole_minutes() < GRACE_MINUTES
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn fires_once_a_day_from_its_time_within_the_grace_period() {
        assert!(!due("21:30", datetime!(2026-11-23 21:29), None));
        assert!(due("21:30", datetime!(2026-11-23 21:30), None));
        assert!(due(
            "21:30",
            datetime!(2026-11-23 22:29),
            Some(date!(2026 - 11 - 22))
        ));
        assert!(!due(
            "21:30",
            datetime!(2026-11-23 21:45),
            Some(date!(2026 - 11 - 23))
        ));
        assert!(
            !due("21:30", datetime!(2026-11-23 22:31), None),
            "missed by over an hour"
        );
        assert!(!due("bad", datetime!(2026-11-23 21:30), None));
    }
}
