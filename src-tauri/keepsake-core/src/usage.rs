//! Local writing statistics (usage_stats): counters per local day and per hour of the day,
//! recorded at each save only while the permission is granted, shown only to the user.

use rusqlite::{params, Connection};
use time::{Date, Duration, PrimitiveDateTime};

use crate::permissions::{is_granted, require, Permission};
use crate::Result;

/// Words in `text`: runs of letters and digits, and each Chinese/Japanese/Korean character on
/// its own (those scripts do not separate words with spaces).
pub fn words(text: &str) -> i64 {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if crate::search::cjk::is_cjk(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else if c != '\'' && c != '-' {
            in_word = false;
        }
    }
    count
}

/// True when saves should be counted.
pub fn enabled(conn: &Connection) -> Result<bool> {
    is_granted(conn, Permission::UsageStats)
}

/// Count one save at local time `at`; nothing is written unless usage_stats is granted.
pub fn record_save(
    conn: &Connection,
    at: PrimitiveDateTime,
    created: bool,
    words_added: i64,
) -> Result<()> {
    if !enabled(conn)? {
        return Ok(());
    }
    let day = at
        .date()
        .format(crate::clock::DATE)
        .map_err(|_| crate::Error::InvalidInput("date"))?;
    conn.execute(
        "INSERT INTO usage_days (day, entries_created, saves, words_added) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (day) DO UPDATE SET entries_created = entries_created + excluded.entries_created,
             saves = saves + 1, words_added = words_added + excluded.words_added",
        params![day, i64::from(created), words_added.max(0)],
    )?;
    conn.execute(
        "INSERT INTO usage_hours (hour, saves) VALUES (?1, 1)
         ON CONFLICT (hour) DO UPDATE SET saves = saves + 1",
        [at.hour()],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthStats {
    /// `YYYY-MM`.
    pub month: String,
    pub entries_created: i64,
    pub words_added: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    pub days_written: i64,
    /// Consecutive days with a save, ending today or yesterday.
    pub current_streak: i64,
    pub longest_streak: i64,
    pub entries_created: i64,
    pub words_added: i64,
    /// Newest month first.
    pub months: Vec<MonthStats>,
    /// Saves per hour of the day, 0-23.
    pub by_hour: Vec<i64>,
}

pub fn stats(conn: &Connection, today: Date) -> Result<Stats> {
    require(conn, Permission::UsageStats)?;
    let parse = crate::clock::parse_date;
    let mut stmt = conn.prepare("SELECT day FROM usage_days ORDER BY day")?;
    let days: Vec<Date> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|d| d.ok().as_deref().and_then(parse))
        .collect();
    let (mut longest, mut run, mut previous) = (0, 0, None::<Date>);
    for day in &days {
        run = match previous {
            Some(p) if p + Duration::days(1) == *day => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let current = match previous {
        Some(last) if last == today || last + Duration::days(1) == today => run,
        _ => 0,
    };
    let (entries_created, words_added) = conn.query_row(
        "SELECT coalesce(sum(entries_created), 0), coalesce(sum(words_added), 0) FROM usage_days",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT substr(day, 1, 7) AS month, sum(entries_created), sum(words_added)
         FROM usage_days GROUP BY month ORDER BY month DESC",
    )?;
    let months = stmt
        .query_map([], |r| {
            Ok(MonthStats {
                month: r.get(0)?,
                entries_created: r.get(1)?,
                words_added: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut by_hour = vec![0; 24];
    let mut stmt = conn.prepare("SELECT hour, saves FROM usage_hours")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (hour, saves) = row?;
        if let Some(slot) = usize::try_from(hour).ok().and_then(|h| by_hour.get_mut(h)) {
            *slot = saves;
        }
    }
    Ok(Stats {
        days_written: days.len() as i64,
        current_streak: current,
        longest_streak: longest,
        entries_created,
        words_added,
        months,
        by_hour,
    })
}

/// Delete every counter; returns how many day rows there were.
pub fn delete_all(conn: &Connection) -> Result<usize> {
    let days = conn.execute("DELETE FROM usage_days", [])?;
    conn.execute("DELETE FROM usage_hours", [])?;
    Ok(days)
}
