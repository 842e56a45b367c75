//! What a save leaves for later, done once the diary is idle, so that a keystroke's save never
//! pays for it: putting the words of entries just saved in the search index (search/index.rs),
//! merging the index's small segments (FTS5's automerge is off, see migration 07), carrying the
//! WAL into the database file (a checkpoint, with its own fsync), and sweeping words no entry
//! has any more from the search vocabulary.
//!
//! The shell calls `Keepsake::tidy_when_idle` every second; it works only when nothing was
//! written since the previous call, and in small steps, so a save that arrives meanwhile waits
//! for one step at most.

use super::{Diary, Keepsake};
use crate::search::{self, words};
use crate::Result;

/// Entries indexed per step (each about a millisecond).
const INDEX_ENTRIES: usize = 16;
/// Leaf pages of merging per step, and steps per round.
const MERGE_PAGES: u32 = 64;
const MERGE_STEPS: usize = 2;
/// Vocabulary words looked at per round.
const SWEEP_WORDS: usize = 256;

/// Where the tidy-up stands in this session.
#[derive(Debug, Default)]
pub(super) struct TidyState {
    /// `total_changes()` at the previous call, and after the last round (none yet: the first
    /// idle second of a session has a round, for entries a previous one left unindexed).
    seen: u64,
    tidied: Option<u64>,
    /// The vocabulary sweep goes on after this word.
    swept_to: String,
    /// Rows the tidy-up itself changed in this session (`Diary::changes` leaves them out).
    pub(super) writes: u64,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tidied {
    /// Entries whose words reached the search index.
    pub indexed: usize,
    pub merge_steps: usize,
    pub checkpointed: bool,
    /// A write came between two steps, and the round stopped there (the next idle second
    /// starts a new one).
    pub interrupted: bool,
}

/// A round's steps, each done under the diary's lock on its own, so that a save waits for one
/// step at most: indexing steps until every saved entry is indexed, up to `MERGE_STEPS` merge
/// steps, a stretch of the vocabulary sweep, then the checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Index,
    Merge,
    Sweep,
    Checkpoint,
}

const ROUND: [Step; MERGE_STEPS + 3] = [
    Step::Index,
    Step::Merge,
    Step::Merge,
    Step::Sweep,
    Step::Checkpoint,
];

impl Keepsake {
    /// A round of tidying when nothing was written since the last call (see the module).
    pub fn tidy_when_idle(&self) -> Option<Tidied> {
        self.tidy_round(|| {})
    }

    /// `tidy_when_idle`, calling `between` before each step (tests write there).
    pub(super) fn tidy_round(&self, mut between: impl FnMut()) -> Option<Tidied> {
        let mut changes = self
            .with_open(|d| {
                let now = d.conn.total_changes();
                let idle = now == d.tidy.seen;
                d.tidy.seen = now;
                // A sweep of the vocabulary, once begun, goes on in later rounds until it is
                // through.
                let sweeping = !d.tidy.swept_to.is_empty();
                let due = idle && (d.tidy.tidied != Some(now) || sweeping) && !d.read_only();
                Ok(due.then_some(now))
            })
            .ok()
            .flatten()?;
        let mut done = Tidied::default();
        let mut merging = true;
        for step in ROUND {
            let mut again = true;
            while again && (step != Step::Merge || merging) {
                between();
                let went = self.with_open(|d| {
                    if d.conn.total_changes() != changes {
                        return Ok(None);
                    }
                    let more = d.tidy_step(step, &mut done)?;
                    changes = d.conn.total_changes();
                    d.tidy.seen = changes;
                    Ok(Some(more))
                });
                let Ok(Some(more)) = went else {
                    done.interrupted = true;
                    return Some(done);
                };
                merging &= step != Step::Merge || more;
                // Indexing goes on, a step at a time, until no entry waits.
                again = step == Step::Index && more;
            }
        }
        let _ = self.with_open(|d| {
            d.tidy.tidied = Some(changes);
            Ok(())
        });
        Some(done)
    }

    /// A whole round now, whether or not the diary is idle (benchmarks and tests, between
    /// saves).
    pub fn tidy_now(&self) -> Result<Tidied> {
        self.with_open(|d| {
            let (mut done, mut merging) = (Tidied::default(), true);
            for step in ROUND {
                let mut again = true;
                while again && (step != Step::Merge || merging) {
                    let more = d.tidy_step(step, &mut done)?;
                    merging &= step != Step::Merge || more;
                    again = step == Step::Index && more;
                }
            }
            Ok(done)
        })
    }
}

impl Diary {
    /// One step of a round; for an indexing step, true while entries may still wait; for a
    /// merge step, false when there was nothing to merge (the round's other merge steps are
    /// then skipped).
    fn tidy_step(&mut self, step: Step, done: &mut Tidied) -> Result<bool> {
        // What a step writes is derived (the index's words and segments, the checkpoint's own
        // row), never what a backup is for: it is not counted among the diary's changes, so
        // locking or the next unlock makes no backup for it, even one finished after the step.
        let before = self.conn.total_changes();
        let more = self.tidy_step_alone(step, done);
        self.tidy.writes += self.conn.total_changes() - before;
        more
    }

    fn tidy_step_alone(&mut self, step: Step, done: &mut Tidied) -> Result<bool> {
        match step {
            Step::Index => {
                let indexed = search::index_waiting(&self.conn, INDEX_ENTRIES)?;
                done.indexed += indexed;
                Ok(indexed == INDEX_ENTRIES)
            }
            Step::Merge => {
                let merged = search::merge_step(&self.conn, MERGE_PAGES)?;
                done.merge_steps += usize::from(merged);
                Ok(merged)
            }
            Step::Sweep => {
                self.tidy.swept_to =
                    words::sweep(&self.conn, &self.tidy.swept_to, SWEEP_WORDS)?.unwrap_or_default();
                Ok(true)
            }
            Step::Checkpoint => {
                done.checkpointed = crate::db::checkpoint(&self.conn)?;
                Ok(true)
            }
        }
    }
}
