//! Locking while an export or an import runs: the job stops within moments, drops its
//! connections (the only other copies of the key) and its partial file before `lock` returns,
//! and says it stopped because of the lock. The diary answers meanwhile.

use std::thread;
use std::time::{Duration, Instant};

use super::*;
use crate::keepsake::Session;
use crate::Error;

/// Wait (briefly polling) until `done`, failing the test after a generous limit.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let limit = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < limit, "waited too long for {what}");
        thread::sleep(Duration::from_millis(2));
    }
}

/// Run `job` (given a progress callback) on a thread; at its first progress report, lock the
/// diary from this thread while the job waits inside the report for the lock to land. Returns
/// the job's result and the number of jobs still running when `lock` returned.
fn lock_during<T: Send>(
    ks: &Keepsake,
    job: impl FnOnce(&mut Progress<'_>) -> Result<T> + Send,
) -> (Result<T>, usize) {
    let session: Arc<Session> = ks.session();
    let reported = AtomicBool::new(false);
    let cancel = AtomicBool::new(false);
    thread::scope(|s| {
        let running = s.spawn(|| {
            let mut on = |_: u64, _: u64| {
                if !reported.swap(true, Ordering::SeqCst) {
                    wait_until("the lock", || session.ended());
                }
            };
            job(&mut Progress::new(&mut on, &cancel))
        });
        wait_until("the first progress report", || {
            reported.load(Ordering::SeqCst)
        });
        // The diary answers while the job holds its own connections.
        assert_eq!(ks.status(), crate::Status::Unlocked);
        ks.lock();
        let left = session.running();
        (running.join().unwrap(), left)
    })
}

#[test]
fn locking_stops_an_export_and_leaves_no_key_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let ks = full_diary(dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("export.zip");
    let (result, left) = lock_during(&ks, |progress| ks.export_to(&file, None, progress));
    assert!(
        matches!(result, Err(Error::StoppedByLock)),
        "{:?}",
        result.err()
    );
    assert_eq!(
        left, 0,
        "every job let go of its connections before lock returned"
    );
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        0,
        "neither the export nor its partial file"
    );
    assert_eq!(ks.status(), crate::Status::Locked);
}

#[test]
fn locking_stops_an_import_without_waiting_for_it_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_diary(&dir.path().join("source"));
    let file = dir.path().join("export.zip");
    export(&source, &file, None).unwrap();
    let target = diary(&dir.path().join("target"));
    let before = contents(&target);
    let (result, left) = lock_during(&target, |progress| {
        target.import_from(&file, None, progress)
    });
    assert!(
        matches!(result, Err(Error::StoppedByLock)),
        "{:?}",
        result.err()
    );
    assert_eq!(left, 0);
    target.unlock(PASS).unwrap();
    assert_eq!(contents(&target), before, "all or nothing");
}

#[test]
fn a_job_cannot_start_in_a_locked_diary() {
    let dir = tempfile::tempdir().unwrap();
    let ks = full_diary(dir.path());
    ks.lock();
    let file = dir.path().join("x.zip");
    assert!(matches!(export(&ks, &file, None), Err(Error::Locked)));
    assert!(!file.exists());
}
