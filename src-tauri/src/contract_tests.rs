//! The IPC contract, through Tauri's mock runtime: the app built as `run` builds it
//! (`build_app`), commands invoked as the web view invokes them, with JSON bodies, so what is
//! checked is what script in the web view can do. (The real window is driven by the end-to-end
//! tests; this needs no WebKit.)

use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use keepsake_core::keychain::MockKeyStore;
use keepsake_core::vault::KdfParams;
use keepsake_core::Keepsake;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::commands::AppState;
use crate::grants::Grants;

const PASS: &str = "contract passphrase 1";

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Harness {
    /// The app on a new, unlocked diary in `dir`; typed paths honoured when `typed_paths`.
    fn new(dir: &Path, typed_paths: bool) -> Harness {
        let fast = KdfParams::FAST_INSECURE;
        let keepsake = Keepsake::with_kdf(dir, fast, fast)
            .unwrap()
            .with_key_store(Arc::new(MockKeyStore::default()));
        keepsake
            .create(PASS, keepsake_core::policy::CURRENT_VERSION)
            .unwrap();
        let app = crate::build_app(mock_builder())
            .manage(AppState::new(keepsake, Grants::new(typed_paths)))
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness { _app: app, window }
    }

    /// Invoke `cmd` with `args` as the web view would; the answer, or the error's JSON.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.window, cmd, args)
    }

    /// The error `cmd` must fail with: its `kind`.
    fn refused(&self, cmd: &str, args: Value) -> String {
        let error = self.call(cmd, args).expect_err(cmd);
        error["kind"].as_str().unwrap_or_default().to_owned()
    }

    fn typed_grant(&self, kind: &str, path: &Path) -> String {
        let grant = self
            .call("grant_typed_path", json!({ "kind": kind, "path": path }))
            .unwrap();
        grant["id"].as_str().unwrap().to_owned()
    }

    fn export(&self, grant: &str) -> Result<Value, Value> {
        self.call(
            "export_all",
            json!({ "grant": grant, "passphrase": null, "onProgress": "__CHANNEL__:1" }),
        )
    }
}

fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn a_path_the_user_did_not_choose_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // As in production: typed paths are not honoured without the test switch.
    let app = Harness::new(dir.path(), false);
    let forged = json!({ "grant": "/tmp/exfiltrated.zip", "passphrase": null,
                         "onProgress": "__CHANNEL__:1" });
    assert_eq!(app.refused("export_all", forged), "not_granted");
    // The old shape, a path, is not even an argument any more.
    let old = json!({ "path": out.path().join("x.zip"), "passphrase": null,
                      "onProgress": "__CHANNEL__:1" });
    assert!(app.call("export_all", old).is_err());
    assert_eq!(
        app.refused(
            "import_archive",
            json!({ "grant": "0", "passphrase": null, "onProgress": "__CHANNEL__:1" })
        ),
        "not_granted"
    );
    assert_eq!(
        app.refused(
            "save_feedback",
            json!({ "language": "en", "message": "hi", "grant": "0" })
        ),
        "not_granted"
    );
    assert_eq!(fs_count(out.path()), 0, "nothing written anywhere");
}

#[test]
fn a_grant_is_used_once_and_only_for_what_it_was_chosen_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let app = Harness::new(dir.path(), true);
    let file = out.path().join("export.zip");
    let grant = app.typed_grant("save", &file);
    let summary = app.export(&grant).unwrap();
    assert_eq!(summary["entries"], 0);
    assert!(file.is_file());
    assert_eq!(
        app.refused(
            "export_all",
            json!({ "grant": grant, "passphrase": null,
        "onProgress": "__CHANNEL__:1" })
        ),
        "not_granted",
        "used once"
    );
    // A file chosen for writing cannot be read with it, nor the other way round.
    let save = app.typed_grant("save", &file);
    assert_eq!(
        app.refused(
            "import_archive",
            json!({ "grant": save, "passphrase": null, "onProgress": "__CHANNEL__:1" })
        ),
        "not_granted"
    );
    let open = app.typed_grant("open", &file);
    let imported = app
        .call(
            "import_archive",
            json!({ "grant": open, "passphrase": null, "onProgress": "__CHANNEL__:1" }),
        )
        .unwrap();
    assert_eq!(imported["entriesAdded"], 0);
}

#[test]
fn a_command_whose_permission_is_off_is_refused_whatever_the_web_view_asks() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let app = Harness::new(dir.path(), true);
    let entry = app
        .call(
            "create_entry",
            json!({ "input": { "title": "t", "body": "b", "entryAt": "2026-11-20T08:30",
                               "tags": [], "mood": null } }),
        )
        .unwrap();
    let grant = app.typed_grant("save", &out.path().join("entry.html"));
    let share = json!({ "entryId": entry["id"], "format": "html", "grant": grant,
                        "includeTags": false, "includeMood": false, "passphrase": null });
    let error = app.call("share_entry", share).unwrap_err();
    assert_eq!(error["kind"], "permission_off");
    assert_eq!(error["permission"], "sharing");
    assert_eq!(
        app.refused(
            "set_entry_place",
            json!({ "entryId": entry["id"], "place": { "name": "Hangzhou",
                    "latitude": null, "longitude": null } })
        ),
        "permission_off"
    );
    // An id outside the catalog does not even reach the core.
    assert!(app
        .call(
            "grant_permission",
            json!({ "id": "everything", "actor": { "guardianName": null } })
        )
        .is_err());
    assert_eq!(fs_count(out.path()), 0);
}

#[test]
fn locking_during_an_export_stops_it_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let app = Harness::new(dir.path(), true);
    // Enough photos that the export takes a while (each stored once per attach).
    let photo = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/portrait-exif-gps.jpg"),
    )
    .unwrap();
    let state = app.window.state::<AppState>();
    let entry = state
        .keepsake
        .with_diary(|d| {
            d.create_entry(&keepsake_core::entries::EntryInput {
                title: "photos".into(),
                entry_at: "2026-11-20T08:30".into(),
                ..Default::default()
            })
        })
        .unwrap();
    for _ in 0..120 {
        state.keepsake.add_photo(&entry.id, &photo).unwrap();
    }
    let file = out.path().join("export.zip");
    let partial = out.path().join("export.zip.partial");
    let grant = app.typed_grant("save", &file);
    let window = app.window.clone();
    let exporting = thread::spawn(move || {
        call(
            &window,
            "export_all",
            json!({ "grant": grant, "passphrase": null, "onProgress": "__CHANNEL__:1" }),
        )
    });
    let limit = Instant::now() + Duration::from_secs(60);
    while !partial.exists() {
        assert!(Instant::now() < limit, "the export never started writing");
        thread::sleep(Duration::from_millis(1));
    }
    app.call("lock", json!({})).unwrap();
    let result = exporting.join().unwrap();
    assert_eq!(
        result.expect_err("stopped")["kind"],
        "stopped_by_lock",
        "said why it stopped"
    );
    assert_eq!(
        fs_count(out.path()),
        0,
        "neither the export nor its partial file"
    );
    assert_eq!(
        app.refused("entry_page", json!({ "after": null, "limit": 10 })),
        "locked"
    );
}

fn fs_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}
