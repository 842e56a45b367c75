// A small in-memory back end for component tests, speaking the same commands as the Rust one.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { AppStatusDto, EntryDto, ErrorDto, LedgerRowDto, PathGrantDto, PathKindDto, PermissionDto, PermissionIdDto } from "../ipc";
import { MIN_PASSPHRASE_CHARS } from "../ipc";
import { PERMISSION_IDS } from "../lib/permissions";

export type Calls = { cmd: string; args: Record<string, unknown> }[];

export function mockBackend(overrides: Partial<Record<string, (args: Record<string, unknown>) => unknown>> = {}) {
  const calls: Calls = [];
  const entries: EntryDto[] = [];
  const state: AppStatusDto = {
    state: "new",
    language: null,
    unlockRetryAfterSecs: 0,
    autolockMinutes: 10,
    deviceRemembered: false,
    policyUpdatePending: false,
    reminder: null,
    damaged: false,
    newestBackupAt: null,
  };
  const privacy = {
    minor: false,
    permissions: new Map<PermissionIdDto, PermissionDto>(),
    ledger: [] as LedgerRowDto[],
    places: new Map<string, string>(),
  };
  const fail = (
    dto: Pick<ErrorDto, "kind" | "message"> & { retryAfterSecs?: number; permission?: PermissionIdDto },
  ) => {
    throw { retryAfterSecs: null, permission: null, ...dto };
  };
  const record = (id: PermissionIdDto, granted: boolean, guardianName: string | null) => {
    privacy.ledger.unshift({
      seq: privacy.ledger.length + 1,
      at: 1_700_000_000_000,
      permission: id,
      granted,
      policyVersion: 2,
      actor: { guardianName },
    });
    privacy.permissions.set(id, {
      id,
      granted,
      grantedAt: granted ? 1_700_000_000_000 : null,
      grantedBy: granted ? { guardianName } : null,
      needsGuardian: false,
    });
  };
  // Paths as the back end guards them: it issues single-use grants for paths the user chose
  // (choose_path) or confirmed (grant_typed_path) in its native dialog; a command consumes its
  // grant whether it succeeds or not, and refuses one that is unknown, used or of another kind.
  const paths = {
    /** What the native dialog answers choose_path: a path, `null` (cancelled), or, when
     * `undefined`, the suggested name in /home/me. */
    dialog: undefined as string | null | undefined,
    /** Whether the user confirms a typed path in the dialog grant_typed_path opens. */
    confirmTyped: true,
    /** Grants issued and not yet used. */
    grants: new Map<string, { kind: PathKindDto; path: string }>(),
    issued: 0,
    /** Each path a command read or wrote, through its grant. */
    used: [] as { cmd: string; path: string }[],
  };
  const issue = (kind: unknown, path: string): PathGrantDto => {
    const id = `grant-${++paths.issued}`;
    paths.grants.set(id, { kind: kind as PathKindDto, path });
    return { id, path };
  };
  const take = (cmd: string, grant: unknown, kind: PathKindDto) => {
    const granted = paths.grants.get(String(grant));
    paths.grants.delete(String(grant));
    if (!granted || granted.kind !== kind) fail({ kind: "not_granted", message: "not granted" });
    paths.used.push({ cmd, path: granted!.path });
    return granted!.path;
  };
  const permission = (id: PermissionIdDto): PermissionDto =>
    privacy.permissions.get(id) ?? { id, granted: false, grantedAt: null, grantedBy: null, needsGuardian: false };
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    app_status: () => ({ ...state }),
    set_language: (a) => void (state.language = a.language as AppStatusDto["language"]),
    policy: (a) => ({
      version: 2,
      effective: "2026-11-23",
      language: a.language,
      text: a.language === "zh-CN" ? "# 拾忆隐私政策\n\n只在本机。" : "# Keepsake privacy policy\n\nLocal only.",
    }),
    passphrase_strength: (a) => ({
      score: Math.min(4, Math.floor(String(a.passphrase).length / 5)),
      longEnough: String(a.passphrase).length >= MIN_PASSPHRASE_CHARS,
      minChars: MIN_PASSPHRASE_CHARS,
    }),
    create_vault: () => {
      state.state = "unlocked";
      return "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH";
    },
    verify_recovery_key: (a) =>
      String(a.recoveryKey).replace(/[\s-]/g, "").toUpperCase() === "AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH",
    unlock: (a) => {
      if (a.passphrase !== "correct passphrase") fail({ kind: "wrong_secret", message: "wrong" });
      state.state = "unlocked";
    },
    lock: () => void (state.state = "locked"),
    entry_page: () => ({
      entries: entries.map(({ id, title, body, entryAt, tags, mood }) => ({
        id,
        title,
        excerpt: body,
        entryAt,
        tags,
        mood,
      })),
      next: null,
    }),
    entry: (a) => {
      const found = entries.find((e) => e.id === a.id);
      if (!found) fail({ kind: "not_found", message: "gone" });
      return found;
    },
    update_entry: (a) => {
      const found = entries.find((e) => e.id === a.id)!;
      Object.assign(found, a.input as object, { updatedAt: found.updatedAt + 1 });
      return { ...found };
    },
    tag_suggestions: (a) =>
      [...new Set(entries.flatMap((e) => e.tags))].filter((t) =>
        t.toLowerCase().startsWith(String(a.prefix).toLowerCase()),
      ),
    create_entry: (a) => {
      const input = a.input as EntryDto;
      const entry = { ...input, id: `id-${entries.length + 1}`, createdAt: 1, updatedAt: 1 };
      entries.unshift(entry);
      return entry;
    },
    permissions: () => ({ minor: privacy.minor, permissions: PERMISSION_IDS.map(permission) }),
    consent_ledger: () => [...privacy.ledger],
    grant_permission: (a) => {
      const guardianName = (a.actor as { guardianName: string | null }).guardianName;
      if (privacy.minor && !guardianName) fail({ kind: "guardian_required", message: "guardian" });
      record(a.id as PermissionIdDto, true, guardianName);
    },
    revoke_permission: (a) => {
      record(a.id as PermissionIdDto, false, null);
      const places = a.id === "location" && a.purge ? privacy.places.size : 0;
      if (places) privacy.places.clear();
      return { places, photoMetadata: 0, statisticsDays: 0, logLines: 0, reminder: false, keychainItem: a.id === "remember_device" };
    },
    entry_place: (a) => {
      if (!permission("location").granted) fail({ kind: "permission_off", message: "off", permission: "location" });
      const name = privacy.places.get(String(a.entryId));
      return name ? { name, latitude: null, longitude: null } : null;
    },
    set_entry_place: (a) => {
      if (!permission("location").granted) fail({ kind: "permission_off", message: "off", permission: "location" });
      const place = a.place as { name: string } | null;
      if (place) privacy.places.set(String(a.entryId), place.name);
      else privacy.places.delete(String(a.entryId));
    },
    entry_images: () => [],
    choose_path: (a) =>
      paths.dialog === null ? null : issue(a.kind, paths.dialog ?? `/home/me/${String(a.suggested)}`),
    grant_typed_path: (a) => (paths.confirmTyped ? issue(a.kind, String(a.path)) : null),
    export_all: (a) => {
      take("export_all", a.grant, "save");
      return { entries: entries.length, images: 0, bytes: 2048 };
    },
    import_archive: (a) => {
      take("import_archive", a.grant, "open");
      return { entriesAdded: 2, entriesSkipped: 1, imagesAdded: 0 };
    },
    share_entry: (a) => {
      if (a.format === "text") {
        if (a.grant !== null) fail({ kind: "invalid_input", message: "no file for text" });
        return { text: "shared text", files: [] };
      }
      const path = take("share_entry", a.grant, a.format === "markdown" ? "folder" : "save");
      return { text: null, files: [path] };
    },
    save_feedback: (a) => void take("save_feedback", a.grant, "save"),
    backup_health: () => ({
      newest: null,
      count: 0,
      damaged: 0,
      folderBytes: 0,
      budgetBytes: 5 * 1024 ** 3,
      secondFolder: null,
      secondFolderReachable: false,
      syncedBy: null,
      syncWarningSeen: false,
    }),
    backups: () => [],
    ...overrides,
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    const handler = handlers[cmd];
    if (!handler) throw new Error(`unmocked command ${cmd}`);
    return handler((args ?? {}) as Record<string, unknown>);
  });
  return { calls, state, entries, fail, privacy, paths };
}

export { clearMocks };
