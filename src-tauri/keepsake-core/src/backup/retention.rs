//! Which backups to keep: the newest few, then one a day, a week and a month back in time,
//! within a size budget. A pure function of the backups and "now", tested with a simulated clock.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::repo::ChunkId;

/// The tiers: the 10 newest; the newest of each day for 14 days, of each week for 8 weeks,
/// of each month (30 days) for 12 months.
pub const NEWEST: usize = 10;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const TIERS: [(i64, i64); 3] = [(DAY_MS, 14), (7 * DAY_MS, 8), (30 * DAY_MS, 12)];

/// One backup as retention sees it.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub created_at: i64,
    pub verified: bool,
    /// Its chunks with their sizes (shared chunks count once in the budget).
    pub chunks: Vec<(ChunkId, u64)>,
}

/// The ids to keep, out of `backups` (any order), at `now`, within `budget` bytes.
///
/// The newest verified backup is always kept (and the newest of all), even over budget: a
/// budget never leaves the user without a way back. Over budget, the oldest go first.
pub fn keep<'a>(backups: &[Candidate<'a>], now: i64, budget: u64) -> BTreeSet<&'a str> {
    let mut by_age: Vec<&Candidate<'a>> = backups.iter().collect();
    by_age.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(a.id)));

    let mut kept: BTreeSet<&str> = by_age.iter().take(NEWEST).map(|c| c.id).collect();
    for (period, count) in TIERS {
        let mut seen = HashSet::new();
        for c in &by_age {
            let age = (now - c.created_at).max(0);
            let bucket = age / period;
            if bucket < count && seen.insert(bucket) {
                kept.insert(c.id);
            }
        }
    }
    let must: BTreeSet<&str> = by_age
        .first()
        .map(|c| c.id)
        .into_iter()
        .chain(by_age.iter().find(|c| c.verified).map(|c| c.id))
        .collect();
    kept.extend(&must);

    // Over budget: drop the oldest kept ones (never the two above) until it fits.
    let size = |kept: &BTreeSet<&str>| -> u64 {
        let mut sizes: HashMap<ChunkId, u64> = HashMap::new();
        for c in backups.iter().filter(|c| kept.contains(c.id)) {
            for (id, len) in &c.chunks {
                sizes.insert(*id, *len);
            }
        }
        sizes.values().sum()
    };
    for c in by_age.iter().rev() {
        if size(&kept) <= budget {
            break;
        }
        if !must.contains(c.id) {
            kept.remove(c.id);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * 60 * 1000;
    const NOW: i64 = 1_800_000_000_000;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("b{i:05}")).collect()
    }

    /// A backup every `step` ms back from NOW, each with one chunk of its own of `size` bytes.
    fn every<'a>(ids: &'a [String], step: i64, size: u64) -> Vec<Candidate<'a>> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| Candidate {
                id,
                created_at: NOW - i as i64 * step,
                verified: true,
                chunks: vec![([i as u8; 32], size)],
            })
            .collect()
    }

    #[test]
    fn hourly_backups_for_two_years_thin_out_by_tier() {
        let names = ids(2 * 365 * 24);
        let backups = every(&names, HOUR, 1);
        let kept = keep(&backups, NOW, u64::MAX);
        // 10 newest (within today) + up to 14 days + 8 weeks + 12 months, overlapping.
        assert!(kept.len() <= NEWEST + 14 + 8 + 12, "{}", kept.len());
        assert!(kept.len() >= 12 + 8, "{}", kept.len());
        for newest in &names[..NEWEST] {
            assert!(kept.contains(newest.as_str()));
        }
        // One a day for the last 14 days: every day has one.
        for day in 0..14 {
            let has = backups
                .iter()
                .any(|c| kept.contains(c.id) && (NOW - c.created_at) / DAY_MS == day);
            assert!(has, "day {day}");
        }
        // Nothing older than 12 months of 30 days.
        let oldest = backups
            .iter()
            .filter(|c| kept.contains(c.id))
            .map(|c| NOW - c.created_at)
            .max()
            .unwrap();
        assert!(oldest < 12 * 30 * DAY_MS);
        // Keeping again at the same time keeps the same (a second pass removes nothing).
        let again: Vec<_> = backups
            .iter()
            .filter(|c| kept.contains(c.id))
            .cloned()
            .collect();
        assert_eq!(keep(&again, NOW, u64::MAX), kept);
    }

    #[test]
    fn a_budget_drops_the_oldest_but_never_the_newest_verified() {
        let names = ids(20);
        let mut backups = every(&names, DAY_MS, 100);
        // The two newest are unverified (made at lock): the newest verified is the third.
        backups[0].verified = false;
        backups[1].verified = false;
        let kept = keep(&backups, NOW, 450);
        assert_eq!(kept.len(), 4, "{kept:?}");
        for id in &names[..4] {
            assert!(kept.contains(id.as_str()));
        }
        // A budget smaller than one backup still keeps the newest and the newest verified.
        let kept = keep(&backups, NOW, 1);
        assert_eq!(kept, BTreeSet::from([names[0].as_str(), names[2].as_str()]));
    }

    #[test]
    fn shared_chunks_count_once() {
        let names = ids(5);
        let mut backups = every(&names, DAY_MS, 100);
        for c in &mut backups {
            c.chunks.push(([0xee; 32], 1000));
        }
        // 5 × 100 own + 1000 shared = 1500.
        assert_eq!(keep(&backups, NOW, 1500).len(), 5);
        assert_eq!(keep(&backups, NOW, 1499).len(), 4);
    }
}
