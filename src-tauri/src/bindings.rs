//! The front end's IPC types are generated from the DTOs. This test fails when
//! `ui/src/ipc/bindings.ts` drifts; `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`
//! rewrites it.

use keepsake_core::permissions::Permission;
use keepsake_core::tags::{MAX_TAGS_PER_ENTRY, MAX_TAG_CHARS};
use keepsake_core::vault::MIN_PASSPHRASE_CHARS;
use keepsake_core::CONFIRMATION_WORDS;
use ts_rs::TS;

use crate::dto::*;
use crate::error::{ErrorDto, ErrorKindDto};
use crate::grants::{PathGrantDto, PathKindDto};

fn json<T: serde::Serialize>(value: T) -> String {
    serde_json::to_string(&value).unwrap()
}

/// The rules both sides need, defined once in the core.
fn constants() -> String {
    let words: serde_json::Map<String, serde_json::Value> = CONFIRMATION_WORDS
        .iter()
        .map(|(language, word)| {
            let language = serde_json::to_value(LanguageDto::from(*language)).unwrap();
            (language.as_str().unwrap().to_owned(), (*word).into())
        })
        .collect();
    let purge: Vec<PermissionIdDto> = Permission::ALL
        .into_iter()
        .filter(|p| p.offers_purge())
        .map(Into::into)
        .collect();
    [
        "/** Passphrases (the diary's, an export's, a sealed share's) have at least this many characters. */".to_owned(),
        format!("export const MIN_PASSPHRASE_CHARS = {MIN_PASSPHRASE_CHARS};"),
        "/** A tag has at most this many characters, and an entry at most this many tags. */".to_owned(),
        format!("export const MAX_TAG_CHARS = {MAX_TAG_CHARS};"),
        format!("export const MAX_TAGS_PER_ENTRY = {MAX_TAGS_PER_ENTRY};"),
        "/** The word typed to confirm \"delete everything\", per language (either is accepted). */".to_owned(),
        format!(
            "export const DELETE_EVERYTHING_WORDS: Record<LanguageDto, string> = {};",
            serde_json::Value::Object(words)
        ),
        "/** Revoking these offers to delete what they gathered; the others always delete it. */".to_owned(),
        format!(
            "export const PERMISSIONS_OFFERING_PURGE: readonly PermissionIdDto[] = {};",
            json(purge)
        ),
    ]
    .join("\n")
}

fn render() -> String {
    let decls = [
        ErrorKindDto::decl(),
        ErrorDto::decl(),
        LanguageDto::decl(),
        VaultStateDto::decl(),
        AppStatusDto::decl(),
        PolicyDto::decl(),
        StrengthDto::decl(),
        EntryDto::decl(),
        EntryInputDto::decl(),
        EntrySummaryDto::decl(),
        CursorDto::decl(),
        EntryPageDto::decl(),
        SearchQueryDto::decl(),
        SegmentDto::decl(),
        SearchHitDto::decl(),
        ImageDto::decl(),
        DayCountDto::decl(),
        PolicyVersionDto::decl(),
        PassageDto::decl(),
        PolicyUpdateDto::decl(),
        ActorDto::decl(),
        PermissionDto::decl(),
        PermissionsDto::decl(),
        LedgerRowDto::decl(),
        PurgedDto::decl(),
        ProfileDto::decl(),
        PlaceDto::decl(),
        PhotoMetadataDto::decl(),
        MonthStatsDto::decl(),
        StatsDto::decl(),
        LogLineDto::decl(),
        CategoryDto::decl(),
        WipeReportDto::decl(),
        ProgressDto::decl(),
        ExportSummaryDto::decl(),
        ImportSummaryDto::decl(),
        ShareResultDto::decl(),
        ShareLogRowDto::decl(),
        AboutDto::decl(),
        PathKindDto::decl(),
        PathGrantDto::decl(),
        PermissionIdDto::decl(),
        CategoryIdDto::decl(),
        ProfileFieldDto::decl(),
        ShareFormatDto::decl(),
        BackupReasonDto::decl(),
        BackupDto::decl(),
        BackupHealthDto::decl(),
        RestoredEntriesDto::decl(),
        RescueDto::decl(),
        CheckReportDto::decl(),
        TrashKindDto::decl(),
        TrashItemDto::decl(),
        TrashDto::decl(),
        RekeyedDto::decl(),
        SecondFolderWipeDto::decl(),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs and error.rs by the `bindings` test.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&constants());
    out.push('\n');
    out
}

#[test]
fn bindings_are_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc/bindings.ts");
    let expected = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "ui/src/ipc/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`"
    );
}

/// The handler registered in lib.rs, the build manifest (names.rs) and the capability file must
/// list exactly the same commands: a command missing from the capability is unreachable, one
/// missing from the manifest is denied, and an extra allow entry would be a hole.
#[test]
fn registered_commands_manifest_and_capability_agree() {
    use std::collections::BTreeSet;

    let manifest: BTreeSet<String> = crate::commands::names::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();

    let lib = include_str!("lib.rs");
    let start = lib.find("generate_handler![").unwrap();
    let end = start + lib[start..].find(']').unwrap();
    let registered: BTreeSet<String> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(|item| item.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|name| !name.is_empty())
        .collect();

    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let permissions: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let allowed: BTreeSet<String> = permissions
        .iter()
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let others: Vec<&String> = permissions
        .iter()
        .filter(|p| !p.starts_with("allow-") && !p.starts_with("core:event:"))
        .collect();

    assert_eq!(registered, manifest, "lib.rs handler vs commands/names.rs");
    assert_eq!(
        allowed, manifest,
        "capabilities/main.json vs commands/names.rs"
    );
    assert!(
        others.is_empty(),
        "no plugin or broad permissions: {others:?}"
    );
}

/// Every command the front end invokes (`call("name", …)` in ui/src/ipc/index.ts) is one the
/// app registers, and every registered command has its caller there.
#[test]
fn the_front_end_calls_exactly_the_registered_commands() {
    use std::collections::BTreeSet;

    let ipc = include_str!("../../ui/src/ipc/index.ts");
    let called: BTreeSet<&str> = ipc
        .match_indices("call<")
        .chain(ipc.match_indices("call("))
        .filter_map(|(at, _)| {
            let rest = &ipc[at..];
            let open = rest.find("(\"")? + 2;
            let close = open + rest[open..].find('"')?;
            Some(&rest[open..close])
        })
        .collect();
    let registered: BTreeSet<&str> = crate::commands::names::COMMANDS.iter().copied().collect();
    assert_eq!(
        called, registered,
        "ui/src/ipc/index.ts vs commands/names.rs"
    );
}

/// The shell reaches the diary only through the core's API (`Keepsake`, `Diary`): no SQL, no
/// connection, in any of its files.
#[test]
fn the_shell_never_touches_the_database() {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    let (conn, sql) = (concat!("conn", "()"), concat!("rus", "qlite"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains(conn) && !text.contains(sql),
            "{} reaches into the database",
            file.display()
        );
    }
}
