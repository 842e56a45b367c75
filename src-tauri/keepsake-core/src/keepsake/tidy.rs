//! What a save leaves for later, done once the diary is idle, so that a keystroke's save never
//! pays for it: merging the search index's small segments (FTS5's automerge is off, see
//! migration 07), carrying the WAL into the database file (a checkpoint, with its own fsync),
//! and sweeping words no entry has any more from the search vocabulary.
//!
//! The shell calls `Keepsake::tidy_when_idle` every second; it works only when nothing was
//! written since the previous call, and in small steps, so a save that arrives meanwhile waits
//! for one step at most.

use super::{Diary, Keepsake};
use crate::search::{self, words};
use crate::Result;

/// Leaf pages of merging per step, and steps per round.
const MERGE_PAGES: u32 = 64;
const MERGE_STEPS: usize = 2;
/// Vocabulary words looked at per round.
const SWEEP_WORDS: usize = 256;

/// Where the tidy-up stands in this session.
#[derive(Debug, Default)]
pub(super) struct TidyState {
    /// `total_changes()` at the previous call, and after the last round.
    seen: u64,
    tidied: u64,
    /// The vocabulary sweep goes on after this word.
    swept_to: String,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tidied {
    pub merge_steps: usize,
    pub checkpointed: bool,
}

impl Keepsake {
    /// A round of tidying when nothing was written since the last call (see the module).
    pub fn tidy_when_idle(&self) -> Option<Tidied> {
        self.with_open(|d| {
            let now = d.conn.total_changes();
            let idle = now == d.tidy.seen;
            d.tidy.seen = now;
            // A sweep of the vocabulary, once begun, goes on in later rounds until it is through.
            let sweeping = !d.tidy.swept_to.is_empty();
            if !idle || (now == d.tidy.tidied && !sweeping) || d.read_only() {
                return Ok(None);
            }
            let done = d.tidy()?;
            d.tidy.tidied = d.conn.total_changes();
            d.tidy.seen = d.tidy.tidied;
            Ok(Some(done))
        })
        .ok()
        .flatten()
    }
}

impl Keepsake {
    /// A round now, whether or not the diary is idle (benchmarks and tests, between saves).
    pub fn tidy_now(&self) -> Result<Tidied> {
        self.with_open(|d| d.tidy())
    }
}

impl Diary {
    fn tidy(&mut self) -> Result<Tidied> {
        let mut done = Tidied::default();
        while done.merge_steps < MERGE_STEPS && search::merge_step(&self.conn, MERGE_PAGES)? {
            done.merge_steps += 1;
        }
        self.tidy.swept_to =
            words::sweep(&self.conn, &self.tidy.swept_to, SWEEP_WORDS)?.unwrap_or_default();
        // PASSIVE: never waits for a reader (a backup's copy); what it cannot carry now, the
        // next round does.
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        done.checkpointed = busy == 0;
        Ok(done)
    }
}
