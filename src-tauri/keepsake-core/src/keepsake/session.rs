//! One unlocked session and the long jobs (export, import) running inside it. (A share reads
//! inside the diary and writes outside it, and is logged only if its session is still open.)
//!
//! A job works on connections of its own, so it never holds the diary's mutex for long: lock,
//! `status` and photo requests stay quick while it runs. Each job registers its connections
//! here; when the session ends (lock, auto-lock, sleep, delete everything) every statement
//! they run is interrupted, each job's next check fails with `StoppedByLock`, and `lock` waits
//! (briefly) until every job has dropped its connections, which hold the only other copies of
//! the key.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, InterruptHandle};

use crate::{Error, Result};

/// How long `lock` waits for running jobs to let go of their connections. A job checks often
/// (every member of an export, every entry or photo of an import), and its SQL is interrupted.
pub(crate) const JOBS_STOP_WITHIN: Duration = Duration::from_secs(2);

#[derive(Default)]
pub(crate) struct Session {
    ended: AtomicBool,
    jobs: Mutex<Jobs>,
    jobs_done: Condvar,
}

#[derive(Default)]
struct Jobs {
    running: usize,
    connections: Vec<InterruptHandle>,
}

impl Session {
    fn jobs(&self) -> std::sync::MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Locked: stop every job's SQL at once. Their own checks do the rest.
    pub fn end(&self) {
        self.ended.store(true, Ordering::SeqCst);
        for handle in &self.jobs().connections {
            handle.interrupt();
        }
    }

    /// Jobs running now.
    #[cfg(test)]
    pub fn running(&self) -> usize {
        self.jobs().running
    }

    /// Wait until every job has finished (dropping its connections), at most `limit`. True when
    /// none is left.
    pub fn wait_for_jobs(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut jobs = self.jobs();
        while jobs.running > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            jobs = self
                .jobs_done
                .wait_timeout(jobs, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

/// A running job of `session`. Its connections are registered with `watch`; dropping the job
/// (after its connections) tells a waiting `lock` it is gone.
pub(crate) struct Job {
    session: Arc<Session>,
}

impl Job {
    pub fn start(session: &Arc<Session>) -> Result<Job> {
        let mut jobs = session.jobs();
        if session.ended() {
            return Err(Error::Locked);
        }
        jobs.running += 1;
        Ok(Job {
            session: Arc::clone(session),
        })
    }

    /// Interrupt `conn`'s statements when the session ends.
    pub fn watch(&self, conn: &Connection) -> Result<()> {
        let handle = conn.get_interrupt_handle();
        let mut jobs = self.session.jobs();
        if self.session.ended() {
            return Err(Error::StoppedByLock);
        }
        jobs.connections.push(handle);
        Ok(())
    }

    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// The job's result, read in the light of the session: anything that failed once the
    /// diary locked (an interrupted statement, a closed channel) failed because of the lock.
    pub fn finish<T>(&self, result: Result<T>) -> Result<T> {
        match result {
            Err(_) if self.session.ended() => Err(Error::StoppedByLock),
            other => other,
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        let mut jobs = self.session.jobs();
        jobs.running -= 1;
        if jobs.running == 0 {
            // The handles of finished jobs point at closed connections: forget them.
            jobs.connections.clear();
            self.session.jobs_done.notify_all();
        }
    }
}
