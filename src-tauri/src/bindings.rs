//! The front end's IPC types are generated from the DTOs. This test fails when
//! `ui/src/ipc/bindings.ts` drifts; `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`
//! rewrites it.

use ts_rs::TS;

use crate::dto::*;
use crate::error::{ErrorDto, ErrorKind};

fn render() -> String {
    let decls = [
        ErrorKind::decl(),
        ErrorDto::decl(),
        LanguageDto::decl(),
        VaultState::decl(),
        AppStatus::decl(),
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
