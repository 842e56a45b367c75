//! Tauri's "hello world": one window showing one static page, built with the same toolchain,
//! profile and Tauri version as Keepsake, so that start-up time and memory can be compared.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| panic!("error while running hello-tauri: {e}"));
}
