// A small in-memory back end for component tests, speaking the same commands as the Rust one.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { AppStatus, EntryDto, ErrorDto } from "../ipc";

export type Calls = { cmd: string; args: Record<string, unknown> }[];

export function mockBackend(overrides: Partial<Record<string, (args: Record<string, unknown>) => unknown>> = {}) {
  const calls: Calls = [];
  const entries: EntryDto[] = [];
  const state: AppStatus = { state: "new", language: null, unlockRetryAfterSecs: 0, autolockMinutes: 10 };
  const fail = (dto: Omit<ErrorDto, "retryAfterSecs"> & { retryAfterSecs?: number }) => {
    throw { retryAfterSecs: null, ...dto };
  };
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    app_status: () => ({ ...state }),
    set_language: (a) => void (state.language = a.language as AppStatus["language"]),
    get_policy: (a) => ({
      version: 1,
      effective: "2026-11-23",
      language: a.language,
      text: a.language === "zh-CN" ? "# 拾忆隐私政策\n\n只在本机。" : "# Keepsake privacy policy\n\nLocal only.",
    }),
    passphrase_strength: (a) => ({
      score: Math.min(4, Math.floor(String(a.passphrase).length / 5)),
      longEnough: String(a.passphrase).length >= 8,
      minChars: 8,
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
    list_entries: () => ({
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
    get_entry: (a) => {
      const found = entries.find((e) => e.id === a.id);
      if (!found) fail({ kind: "not_found", message: "gone" });
      return found;
    },
    update_entry: (a) => {
      const found = entries.find((e) => e.id === a.id)!;
      Object.assign(found, a.input as object, { updatedAt: found.updatedAt + 1 });
      return { ...found };
    },
    suggest_tags: (a) =>
      [...new Set(entries.flatMap((e) => e.tags))].filter((t) =>
        t.toLowerCase().startsWith(String(a.prefix).toLowerCase()),
      ),
    create_entry: (a) => {
      const input = a.input as EntryDto;
      const entry = { ...input, id: `id-${entries.length + 1}`, createdAt: 1, updatedAt: 1 };
      entries.unshift(entry);
      return entry;
    },
    ...overrides,
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    const handler = handlers[cmd];
    if (!handler) throw new Error(`unmocked command ${cmd}`);
    return handler((args ?? {}) as Record<string, unknown>);
  });
  return { calls, state, entries, fail };
}

export { clearMocks };
