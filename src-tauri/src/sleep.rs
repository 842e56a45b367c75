//! Lock when the computer is about to sleep, where the OS tells us: on Linux, logind's
//! `PrepareForSleep` signal on the system bus. (macOS and Windows announce sleep through their
//! own window-system messages, which Tauri does not expose yet; auto-lock by idle time covers
//! them.)

use std::sync::Arc;

use keepsake_core::Keepsake;

#[cfg(target_os = "linux")]
pub fn spawn(keepsake: Arc<Keepsake>) {
    let started = std::thread::Builder::new()
        .name("keepsake-sleep".into())
        .spawn(move || {
            // No system bus or no logind (containers, CI): nothing announces sleep; idle
            // auto-lock still applies.
            let _ = watch(&keepsake);
        });
    if started.is_err() {
        eprintln!("keepsake: could not start the sleep watcher");
    }
}

#[cfg(target_os = "linux")]
fn watch(keepsake: &Keepsake) -> zbus::Result<()> {
    let conn = zbus::blocking::Connection::system()?;
    let logind = zbus::blocking::Proxy::new(
        &conn,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
    )?;
    for signal in logind.receive_signal("PrepareForSleep")? {
        // true: going to sleep; false: waking up.
        if signal.body().deserialize::<bool>()? {
            keepsake.lock();
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub fn spawn(_keepsake: Arc<Keepsake>) {}
