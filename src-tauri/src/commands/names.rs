// The one list of the app's IPC commands. build.rs turns it into `allow-<command>` permissions
// (so any command not listed is denied), and a test checks it against the handler registered in
// lib.rs and the capability file.
pub const COMMANDS: &[&str] = &[
    "app_status",
    "set_language",
    "get_policy",
    "passphrase_strength",
    "create_vault",
    "verify_recovery_key",
    "unlock",
    "unlock_with_recovery_key",
    "lock",
    "change_passphrase",
    "list_entries",
    "get_entry",
    "create_entry",
    "update_entry",
    "delete_entry",
    "calendar_month",
    "entries_on_day",
    "on_this_day",
    "search_entries",
    "suggest_tags",
    "attach_image",
    "list_entry_images",
    "list_gallery",
    "delete_image",
];
