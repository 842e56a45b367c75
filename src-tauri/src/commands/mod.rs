//! IPC commands, one file per feature. Each command parses its arguments, calls the core off the
//! main thread and maps errors; nothing else.

pub mod entries;
pub mod names;
pub mod search;
pub mod session;

use std::sync::Arc;

use keepsake_core::Keepsake;

use crate::error::ErrorDto;

/// The managed state: the one diary folder and its locked/unlocked state.
pub struct AppState(pub Arc<Keepsake>);

/// Run `f` against the diary on a blocking thread (KDFs and SQLite must not stall the UI).
pub async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ErrorDto>
where
    T: Send + 'static,
    F: FnOnce(&Keepsake) -> keepsake_core::Result<T> + Send + 'static,
{
    let keepsake = Arc::clone(&state.0);
    tauri::async_runtime::spawn_blocking(move || f(&keepsake))
        .await
        .map_err(|_| ErrorDto::internal())?
        .map_err(ErrorDto::from)
}
