//! The calendar: which days of a month have entries, the entries of one day, and "on this day"
//! in earlier years. Every query is a range on the `entry_at` index, never a scan.

use rusqlite::{params, Connection};
use time::Date;

use super::{summaries, EntrySummary};

/// More entries than anyone writes in a day.
const DAY_LIMIT: u32 = 500;
use crate::{Error, Result};

fn parse_date(date: &str) -> Result<Date> {
    crate::clock::parse_date(date).ok_or(Error::InvalidInput("date"))
}

/// `(day of month, number of entries)` for every day of `year`-`month` that has entries.
pub fn month(conn: &Connection, year: i32, month: u8) -> Result<Vec<(u8, u32)>> {
    if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
        return Err(Error::InvalidInput("month"));
    }
    let start = format!("{year:04}-{month:02}-01");
    let end = format!("{year:04}-{month:02}-32");
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(substr(entry_at, 9, 2) AS INTEGER), count(*) FROM entries
         WHERE entry_at >= ?1 AND entry_at < ?2 GROUP BY substr(entry_at, 1, 10)",
    )?;
    let days = stmt
        .query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(days)
}

/// The entries of one day (`YYYY-MM-DD`), newest first.
pub fn day(conn: &Connection, date: &str) -> Result<Vec<EntrySummary>> {
    let date = parse_date(date)?;
    let start = format!("{date}T00:00");
    summaries(
        conn,
        "e.entry_at >= ?1 AND e.entry_at <= ?2",
        DAY_LIMIT,
        &[&start, &format!("{date}T99")],
    )
}

/// Entries written on the same month and day as `today` (`YYYY-MM-DD`) in earlier years,
/// newest first.
pub fn on_this_day(conn: &Connection, today: &str) -> Result<Vec<EntrySummary>> {
    let today = parse_date(today)?;
    let first: Option<String> =
        conn.query_row("SELECT min(entry_at) FROM entries", [], |r| r.get(0))?;
    let Some(first_year) = first.and_then(|f| f.get(..4)?.parse::<i32>().ok()) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for year in (first_year..today.year()).rev() {
        let md = format!("{:02}-{:02}", u8::from(today.month()), today.day());
        let start = format!("{year:04}-{md}T00:00");
        let end = format!("{year:04}-{md}T99");
        found.extend(summaries(
            conn,
            "e.entry_at >= ?1 AND e.entry_at <= ?2",
            DAY_LIMIT,
            &[&start, &end],
        )?);
    }
    Ok(found)
}
