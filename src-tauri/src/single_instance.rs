//! One Keepsake per diary folder. The first process takes the folder's OS lock
//! (`keepsake_core::instance::FolderLock`) and listens on a local socket named after the folder;
//! a second start on the same folder asks it to bring its window to the front and exits. If the
//! folder is held by a process that does not answer (another build, a hung instance), the second
//! start waits a moment for it to let go, then shows a clear message instead of the diary.
//!
//! The socket is a Linux abstract-namespace socket, a Windows named pipe, or a socket file in
//! the user's own temporary folder on macOS: none of them is a file in the diary folder, and none
//! reaches the network. Its only verb is `focus`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use interprocess::local_socket::{prelude::*, Listener, ListenerOptions, Name, Stream};
use keepsake_core::instance::{folder_id, FolderLock};
use keepsake_core::Error;
use tauri::{AppHandle, Manager, Runtime};

const FOCUS: &[u8] = b"focus\n";
const DONE: &str = "ok";
/// How long a second start waits for the running window to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// How long it then waits for a holder that is shutting down to let go of the folder.
const RELEASE_WITHIN: Duration = Duration::from_secs(5);

/// What a start found.
pub enum Claim {
    /// This process owns the folder: open the diary.
    Owner(Owner),
    /// Another Keepsake has this folder and brought its window to the front: exit.
    Forwarded,
    /// Another process holds the folder and did not answer: say so, open nothing.
    HeldElsewhere,
}

/// The folder's lock and the socket a later start talks to; both live as long as the app.
pub struct Owner {
    _lock: FolderLock,
    listener: Option<Listener>,
}

/// Take `dir` (which exists) for this process, or hand the start over to the process that has it.
pub fn claim(dir: &Path) -> keepsake_core::Result<Claim> {
    match FolderLock::acquire(dir) {
        Ok(lock) => return Ok(Claim::Owner(Owner::new(lock))),
        Err(Error::InUse) => {}
        Err(e) => return Err(e),
    }
    if ask_to_focus(&folder_id(dir)?) {
        return Ok(Claim::Forwarded);
    }
    match FolderLock::acquire_within(dir, RELEASE_WITHIN) {
        Ok(lock) => Ok(Claim::Owner(Owner::new(lock))),
        Err(Error::InUse) => Ok(Claim::HeldElsewhere),
        Err(e) => Err(e),
    }
}

impl Owner {
    fn new(lock: FolderLock) -> Owner {
        let listener = socket_name(lock.id()).and_then(|name| {
            ListenerOptions::new()
                .name(name)
                // We hold the folder's lock, so a socket file left by a crash is stale.
                .try_overwrite(true)
                .max_spin_time(Duration::from_secs(1))
                .create_sync()
        });
        let listener = listener
            .map_err(|e| eprintln!("keepsake: a second start cannot reach this window: {e}"))
            .ok();
        Owner {
            _lock: lock,
            listener,
        }
    }

    /// Answer later starts: bring `app`'s main window to the front on each `focus`.
    pub fn serve<R: Runtime>(&mut self, app: &AppHandle<R>) {
        let Some(listener) = self.listener.take() else {
            return;
        };
        let app = app.clone();
        let started = std::thread::Builder::new()
            .name("keepsake-instance".into())
            .spawn(move || {
                for stream in listener.incoming().filter_map(Result::ok) {
                    // One thread per caller, so a caller that never speaks holds up nobody
                    // (named pipes have no read timeout; Unix sockets get one as well).
                    let _ = stream.set_recv_timeout(Some(ANSWER_WITHIN));
                    let app = app.clone();
                    let _ = std::thread::Builder::new()
                        .name("keepsake-instance-answer".into())
                        .spawn(move || answer(stream, &app));
                }
            });
        if let Err(e) = started {
            eprintln!("keepsake: could not listen for a second start: {e}");
        }
    }
}

fn answer<R: Runtime>(stream: Stream, app: &AppHandle<R>) {
    let mut line = Vec::new();
    let mut reader = BufReader::new(&stream).take(64);
    if reader.read_until(b'\n', &mut line).is_err() || line != FOCUS {
        return;
    }
    let (done, shown) = mpsc::channel();
    let handle = app.clone();
    let queued = app.run_on_main_thread(move || {
        let _ = done.send(focus_main(&handle));
    });
    // "ok" only once the window really came forward: a window that is closing says nothing,
    // and the second start then waits for the folder instead of exiting.
    if queued.is_ok() && shown.recv_timeout(ANSWER_WITHIN) == Ok(true) {
        let _ = (&stream).write_all(format!("{DONE}\n").as_bytes());
    }
}

fn focus_main<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(window) = app.get_webview_window("main") else {
        return false;
    };
    let _ = window.unminimize();
    window.show().is_ok() && window.set_focus().is_ok()
}

/// Ask the process holding folder `id` to show its window; true once it said it did.
fn ask_to_focus(id: &str) -> bool {
    let Ok(name) = socket_name(id) else {
        return false;
    };
    let (tx, rx) = mpsc::channel();
    // In a thread of its own, so that a holder that accepts but never answers cannot hold us.
    let asked = std::thread::Builder::new()
        .name("keepsake-ask".into())
        .spawn(move || {
            let answered = Stream::connect(name).is_ok_and(|stream| {
                (&stream).write_all(FOCUS).is_ok() && {
                    let mut reply = String::new();
                    BufReader::new(&stream).read_line(&mut reply).is_ok() && reply.trim() == DONE
                }
            });
            let _ = tx.send(answered);
        });
    asked.is_ok() && rx.recv_timeout(ANSWER_WITHIN + Duration::from_secs(1)) == Ok(true)
}

#[cfg(any(windows, target_os = "linux"))]
fn socket_name(id: &str) -> std::io::Result<Name<'static>> {
    use interprocess::local_socket::GenericNamespaced;
    format!("keepsake-{id}.sock").to_ns_name::<GenericNamespaced>()
}

/// Elsewhere (macOS): a socket file in the user's own temporary folder, not the shared `/tmp`.
#[cfg(not(any(windows, target_os = "linux")))]
fn socket_name(id: &str) -> std::io::Result<Name<'static>> {
    use interprocess::local_socket::GenericFilePath;
    std::env::temp_dir()
        .join(format!("keepsake-{id}.sock"))
        .to_fs_name::<GenericFilePath>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_on_a_folder_nobody_holds_owns_it_and_listens() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::Owner(owner) = claim(dir.path()).unwrap() else {
            panic!("the folder was free");
        };
        assert!(owner.listener.is_some(), "a later start can reach this one");
        assert!(matches!(FolderLock::acquire(dir.path()), Err(Error::InUse)));
        drop(owner);
        FolderLock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn a_holder_that_does_not_answer_is_reported_not_waited_on_forever() {
        let dir = tempfile::tempdir().unwrap();
        // Holds the folder but serves no socket: another build, or a hung process.
        let _silent = FolderLock::acquire(dir.path()).unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(claim(dir.path()).unwrap(), Claim::HeldElsewhere));
        assert!(started.elapsed() < ANSWER_WITHIN + RELEASE_WITHIN + Duration::from_secs(3));
    }

    #[test]
    fn a_holder_that_lets_go_while_we_wait_hands_the_folder_over() {
        let dir = tempfile::tempdir().unwrap();
        let held = FolderLock::acquire(dir.path()).unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
        });
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Owner(_)));
        release.join().unwrap();
    }
}
