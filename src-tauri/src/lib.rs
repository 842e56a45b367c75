//! Keepsake's Tauri shell: wiring only. The diary itself lives in `keepsake-core`.

mod autolock;
#[cfg(test)]
mod bindings;
pub mod commands;
#[cfg(test)]
mod contract_tests;
mod data_dir;
pub mod dto;
pub mod error;
pub mod grants;
mod protocol;
mod reminders;
mod single_instance;
mod sleep;
mod upkeep;
mod webview_guard;
mod window;
mod window_state;

use std::path::PathBuf;
use std::sync::Arc;

use keepsake_core::keychain::OsKeyStore;
use keepsake_core::Keepsake;
use tauri::{Context, Manager, Runtime};

use crate::commands::{
    about, backups, data, entries, images, privacy, profile, search, session, share, AppState,
};
use crate::grants::Grants;
use crate::single_instance::{Claim, Owner};

pub fn run() {
    let context = tauri::generate_context!();
    let dir = data_dir::resolve()
        .unwrap_or_else(|| panic!("Keepsake: this system names no per-user data folder"));
    keepsake_core::fsutil::create_private_dir(&dir)
        .unwrap_or_else(|e| panic!("Keepsake cannot create its data folder: {e}"));
    match single_instance::claim(&dir) {
        Ok(Claim::Owner(owner)) => run_diary(context, dir, owner),
        // The running Keepsake came to the front: nothing more to do here.
        Ok(Claim::Forwarded) => {}
        Ok(Claim::HeldElsewhere) => run_in_use(context),
        Err(e) => panic!("Keepsake cannot use its data folder: {e}"),
    }
}

/// Keepsake's commands, `keepsake:` scheme and plugins on `builder`: the real app and the
/// contract tests (on Tauri's mock runtime) are built the same way. The diary itself is managed
/// state (`AppState`), added by the caller.
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        // Used from Rust only (choose_path); the capability grants the web view none of it.
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only, to open a feedback e-mail in the user's mail app.
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, |ctx, request, responder| {
            let keepsake = ctx.app_handle().state::<AppState>().keepsake.clone();
            let path = request.uri().path().to_owned();
            tauri::async_runtime::spawn_blocking(move || {
                responder.respond(protocol::respond(&keepsake, &path));
            });
        })
        .invoke_handler(tauri::generate_handler![
            session::app_status,
            session::set_language,
            session::policy,
            session::passphrase_strength,
            session::create_vault,
            session::verify_recovery_key,
            session::unlock,
            session::unlock_with_recovery_key,
            session::lock,
            session::change_passphrase,
            session::new_recovery_key,
            session::set_autolock,
            session::record_activity,
            entries::entry_page,
            entries::entry,
            entries::create_entry,
            entries::update_entry,
            entries::delete_entry,
            entries::calendar_month,
            entries::entries_on_day,
            entries::on_this_day,
            search::search_entries,
            search::tag_suggestions,
            images::attach_image,
            images::entry_images,
            images::gallery,
            images::delete_image,
            session::policy_history,
            session::policy_changes,
            session::policy_update,
            session::accept_policy,
            session::unlock_with_device,
            session::rekey_diary,
            privacy::permissions,
            privacy::grant_permission,
            privacy::revoke_permission,
            privacy::consent_ledger,
            privacy::privacy_dashboard,
            privacy::delete_category,
            privacy::entry_place,
            privacy::set_entry_place,
            privacy::usage_stats,
            privacy::error_log,
            privacy::set_reminder,
            profile::profile,
            profile::set_profile_field,
            profile::set_avatar,
            profile::delete_avatar,
            images::image_metadata,
            data::delete_everything,
            data::export_all,
            data::import_archive,
            data::cancel_data_job,
            data::choose_path,
            data::grant_typed_path,
            share::share_entry,
            share::share_log,
            about::about,
            about::feedback_preview,
            about::save_feedback,
            about::email_feedback,
            backups::back_up_now,
            backups::backups,
            backups::backup_health,
            backups::delete_backup,
            backups::restore_backup,
            backups::open_backup,
            backups::close_backup,
            backups::backup_entries,
            backups::backup_entry,
            backups::restore_backup_entries,
            backups::set_backup_folder,
            backups::set_backup_budget,
            backups::dismiss_sync_warning,
            backups::check_diary,
            backups::rescue_diary,
            backups::trash,
            backups::restore_from_trash,
            backups::delete_forever,
            backups::set_trash_days,
        ])
}

fn run_diary(context: Context, dir: PathBuf, owner: Owner) {
    build_app(tauri::Builder::default())
        .setup(move |app| {
            let keepsake = Keepsake::new(dir)?
                .with_key_store(Arc::new(OsKeyStore::new(data_dir::keychain_service())))
                .started()?;
            let state = AppState::new(keepsake, Grants::from_env());
            let keepsake = state.keepsake.clone();
            autolock::spawn(keepsake.clone());
            upkeep::spawn(keepsake.clone());
            reminders::spawn(keepsake.clone());
            sleep::spawn(keepsake.clone());
            app.manage(state);
            let window =
                window::create_main(app.handle(), |w| window_state::restore(w, &keepsake))?;
            window_state::track(&window, keepsake);
            // Held for the app's life: the folder's lock, and answers to a second start.
            let mut owner = owner;
            owner.serve(app.handle());
            app.manage(owner);
            Ok(())
        })
        .run(context)
        .unwrap_or_else(|e| panic!("error while running Keepsake: {e}"));
}

/// The folder is held by a process that does not answer: a window that says so, and no diary.
fn run_in_use(context: Context) {
    tauri::Builder::default()
        .setup(|app| {
            window::create_main(app.handle(), |_| {})?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![session::app_status])
        .run(context)
        .unwrap_or_else(|e| panic!("error while running Keepsake: {e}"));
}
