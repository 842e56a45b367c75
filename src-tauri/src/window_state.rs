//! The window opens where the user left it: its place and size are kept in the diary folder's
//! `settings.json` (removed by "delete everything", like every file the app writes), and only
//! once a diary exists, so a first run that is closed at onboarding leaves nothing behind.
//!
//! Written by hand rather than with tauri-plugin-window-state, which keeps its file in the OS
//! config folder: outside `KEEPSAKE_DATA_DIR`, so tests would share it and a wipe would miss it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use keepsake_core::settings::WindowGeometry;
use keepsake_core::Keepsake;
use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, WindowEvent};

/// Moves and resizes come in bursts: the newest is written at most this often.
const SAVE_EVERY: Duration = Duration::from_millis(500);

/// Put `window` where the settings say it was, if a screen still shows that place.
pub fn restore<R: Runtime>(window: &WebviewWindow<R>, keepsake: &Keepsake) {
    let Some(saved) = keepsake.settings().window else {
        return;
    };
    let screens: Vec<_> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let (at, size) = (m.position(), m.size());
            (at.x, at.y, size.width, size.height)
        })
        .collect();
    let _ = window.set_size(PhysicalSize::new(saved.width, saved.height));
    if saved.is_reachable_on(&screens) {
        let _ = window.set_position(PhysicalPosition::new(saved.x, saved.y));
    }
    if saved.maximized {
        let _ = window.maximize();
    }
}

/// Keep the window's place up to date in the settings as the user moves and resizes it.
pub fn track<R: Runtime>(window: &WebviewWindow<R>, keepsake: Arc<Keepsake>) {
    let pending: Arc<Mutex<Option<WindowGeometry>>> = Arc::default();
    let watched = window.clone();
    let latest = Arc::clone(&pending);
    let on_close = Arc::clone(&keepsake);
    window.on_window_event(move |event| match event {
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
            if let Some(geometry) = geometry_of(&watched) {
                *latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(geometry);
            }
        }
        WindowEvent::CloseRequested { .. } => {
            if let Some(geometry) = geometry_of(&watched) {
                *latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(geometry);
            }
            save(&on_close, &latest);
        }
        _ => {}
    });
    let saver = Arc::clone(&keepsake);
    let started = std::thread::Builder::new()
        .name("keepsake-window-state".into())
        .spawn(move || loop {
            std::thread::sleep(SAVE_EVERY);
            save(&saver, &pending);
        });
    if started.is_err() {
        eprintln!("keepsake: the window's place will be kept only when it closes");
    }
}

fn save(keepsake: &Keepsake, pending: &Mutex<Option<WindowGeometry>>) {
    let Some(geometry) = pending
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
    else {
        return;
    };
    if !keepsake.exists() {
        return;
    }
    let _ = keepsake.update_settings(|s| {
        s.window = Some(match (geometry.maximized, s.window) {
            // Maximised: keep the size and place it returns to, remember that it was maximised.
            (true, Some(normal)) => WindowGeometry {
                maximized: true,
                ..normal
            },
            _ => geometry,
        });
    });
}

fn geometry_of<R: Runtime>(window: &WebviewWindow<R>) -> Option<WindowGeometry> {
    if window.is_minimized().unwrap_or(false) {
        return None;
    }
    let at = window.outer_position().ok()?;
    let size = window.inner_size().ok()?;
    Some(WindowGeometry {
        x: at.x,
        y: at.y,
        width: size.width,
        height: size.height,
        maximized: window.is_maximized().unwrap_or(false),
    })
}
