//! The user's local date and time. (`time` cannot read the local offset safely in a
//! multi-threaded process on Unix; chrono reads the zone database itself.)

use chrono::{Datelike, Local, Timelike};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Month, PrimitiveDateTime, Time};

/// A day as stored and exchanged: `YYYY-MM-DD`.
pub const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
/// An entry's date and time, to the minute: `YYYY-MM-DDTHH:MM`.
pub const DATE_TIME: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]");

/// `text` as a `YYYY-MM-DD` day.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, DATE).ok()
}

pub fn local_now() -> PrimitiveDateTime {
    let now = Local::now().naive_local();
    let date = Month::try_from(now.month() as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(now.year(), m, now.day() as u8).ok())
        .unwrap_or(Date::MIN);
    let time = Time::from_hms(now.hour() as u8, now.minute() as u8, now.second() as u8)
        .unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(date, time)
}

pub fn today() -> Date {
    local_now().date()
}
