import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../App.svelte";
import { setLanguage } from "../i18n/index.svelte";
import { MAX_TAG_CHARS } from "../ipc";
import { clearMocks, mockBackend } from "../test/ipc-mock";

const byTestId = (id: string) => screen.findByTestId(id);

beforeEach(() => setLanguage("en"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("onboarding", () => {
  it("walks from language to a created diary, checking every gate", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    render(App);

    await user.selectOptions(await byTestId("language-select"), "zh-CN");
    expect((await byTestId("onboarding-next")).textContent).toContain("下一步");
    await user.selectOptions(await byTestId("language-select"), "en");
    await user.click(await byTestId("onboarding-next"));

    // The policy must be accepted before going on; the reason is shown.
    expect(await byTestId("policy-text")).toHaveProperty("textContent", expect.stringContaining("Local only"));
    expect((await byTestId("onboarding-next")) as HTMLButtonElement).toHaveProperty("disabled", true);
    expect(screen.getByText("Accept the privacy policy to continue.")).toBeTruthy();
    await user.click(await byTestId("policy-accept"));
    await user.click(await byTestId("onboarding-next"));

    // Optional permissions: all off unless ticked; ticked ones are granted once the diary exists.
    for (const id of ["remember_device", "location", "usage_stats"]) {
      expect((await byTestId(`onboarding-permission-${id}`)) as HTMLInputElement).toHaveProperty("checked", false);
    }
    await user.click(await byTestId("onboarding-permission-location"));
    await user.click(await byTestId("onboarding-next"));

    // Mismatched passphrases are caught before anything is created.
    await user.type(await byTestId("passphrase-new"), "correct passphrase");
    await user.type(await byTestId("passphrase-confirm"), "correct passphrasf");
    await user.click(await byTestId("onboarding-next"));
    expect((await byTestId("error-message")).textContent).toContain("different");
    expect(backend.calls.some((c) => c.cmd === "create_vault")).toBe(false);
    await waitFor(async () =>
      expect((await byTestId("passphrase-strength")).dataset.score).toBe("3"),
    );

    await user.clear(await byTestId("passphrase-confirm"));
    await user.type(await byTestId("passphrase-confirm"), "correct passphrase");
    await user.click(await byTestId("onboarding-next"));
    const shown = (await byTestId("recovery-key")).textContent!;
    expect(shown).toBe("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    expect(backend.calls.find((c) => c.cmd === "create_vault")!.args).toEqual({
      passphrase: "correct passphrase",
      acceptedPolicy: 2,
    });
    await user.click(await byTestId("onboarding-next"));

    await user.type(await byTestId("recovery-key-confirm"), "AAAA-BBBB-WRONG");
    await user.click(await byTestId("onboarding-finish"));
    expect((await byTestId("error-message")).textContent).toContain("not the key");

    await user.clear(await byTestId("recovery-key-confirm"));
    await user.type(await byTestId("recovery-key-confirm"), shown.toLowerCase());
    await user.click(await byTestId("onboarding-finish"));
    expect(await byTestId("new-entry")).toBeTruthy();
    const grants = backend.calls.filter((c) => c.cmd === "grant_permission");
    expect(grants.map((c) => c.args.id)).toEqual(["location"]);
  });
});

describe("search", () => {
  it("searches as you type with filters and marks the matches as text", async () => {
    const backend = mockBackend({
      search_entries: (a) => {
        const q = a.query as { text: string; mood: number | null; tag: string | null };
        return q.text === "读书"
          ? [
              {
                id: "e9",
                entryAt: "2026-11-22T21:15",
                mood: q.mood,
                tags: q.tag ? [q.tag] : [],
                title: [
                  { text: "雨天", hit: false },
                  { text: "读书", hit: true },
                ],
                snippet: [{ text: "<b>not bold</b>", hit: false }],
              },
            ]
          : [];
      },
    });
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("nav-search"));
    await user.type(await byTestId("search-input"), "读书");
    const result = await byTestId("search-result");
    expect(result.dataset.id).toBe("e9");
    expect(result.querySelector("mark")!.textContent).toBe("读书");
    expect(result.querySelector("b")).toBeNull();
    await user.selectOptions(await byTestId("search-mood"), "4");
    await user.type(await byTestId("search-tag"), "#书");
    await waitFor(() => {
      const last = backend.calls.filter((c) => c.cmd === "search_entries").at(-1)!;
      expect(last.args.query).toMatchObject({ text: "读书", mood: 4, tag: "书" });
    });
    await user.clear(await byTestId("search-input"));
    await user.type(await byTestId("search-input"), "zebra");
    expect((await byTestId("search-empty")).textContent).toContain("No entries match");
  });
});

describe("unlock", () => {
  it("says plainly when the passphrase is wrong, then unlocks", async () => {
    const backend = mockBackend();
    backend.state.state = "locked";
    const user = userEvent.setup();
    render(App);
    await user.type(await byTestId("unlock-passphrase"), "nope nope");
    await user.click(await byTestId("unlock-submit"));
    const error = await byTestId("unlock-error");
    await waitFor(() => expect(error.textContent).toContain("not correct"));
    await user.clear(await byTestId("unlock-passphrase"));
    await user.type(await byTestId("unlock-passphrase"), "correct passphrase");
    await user.click(await byTestId("unlock-submit"));
    expect(await byTestId("nav-timeline")).toBeTruthy();
  });

  it("counts down and disables unlocking while throttled", async () => {
    const backend = mockBackend({
      unlock: () => backend.fail({ kind: "throttled", message: "wait", retryAfterSecs: 30 }),
    });
    backend.state.state = "locked";
    const user = userEvent.setup();
    render(App);
    await user.type(await byTestId("unlock-passphrase"), "anything at all");
    await user.click(await byTestId("unlock-submit"));
    await waitFor(async () =>
      expect((await byTestId("unlock-error")).textContent).toMatch(/Try again in (29|30) seconds/),
    );
    expect((await byTestId("unlock-submit")) as HTMLButtonElement).toHaveProperty("disabled", true);
  });

  it("switches to the recovery key", async () => {
    const backend = mockBackend({ unlock_with_recovery_key: () => void (backend.state.state = "unlocked") });
    backend.state.state = "locked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("unlock-use-recovery"));
    await user.type(await byTestId("unlock-recovery-key"), "AAAA-BBBB");
    await user.click(await byTestId("unlock-submit"));
    expect(await byTestId("nav-timeline")).toBeTruthy();
    expect(backend.calls.find((c) => c.cmd === "unlock_with_recovery_key")!.args).toEqual({
      recoveryKey: "AAAA-BBBB",
    });
  });
});

describe("a damaged diary", () => {
  it("offers the newest backup on the unlock screen and restores it with what was typed", async () => {
    const backend = mockBackend({
      unlock: () => backend.fail({ kind: "database_damaged", message: "damaged" }),
      rescue_diary: () => {
        backend.state.state = "unlocked";
        backend.state.damaged = false;
        return {
          restored: {
            id: "0001764590000000-00aa11bb",
            createdAt: 1_764_590_000_000,
            reason: "manual",
            dbBytes: 4096,
            addedBytes: 4096,
            entries: 3,
            photos: 0,
            verified: true,
          },
          damagedCopy: "diary-damaged-1.db",
        };
      },
    });
    backend.state.state = "locked";
    backend.state.newestBackupAt = 1_764_590_000_000;
    const user = userEvent.setup();
    render(App);
    await user.type(await byTestId("unlock-passphrase"), "correct passphrase");
    await user.click(await byTestId("unlock-submit"));
    const message = await byTestId("damage-message");
    expect(message.textContent).toContain("damaged");
    // The generic error gives way to the rescue, which uses the passphrase just typed.
    expect((await byTestId("unlock-error")).textContent).toBe("");
    await user.click(await byTestId("unlock-restore-backup"));
    expect(await byTestId("nav-timeline")).toBeTruthy();
    const rescue = backend.calls.find((c) => c.cmd === "rescue_diary")!;
    expect(rescue.args).toMatchObject({ secret: "correct passphrase", recovery: false });
  });

  it("says so plainly when there is no backup to offer", async () => {
    const backend = mockBackend({
      unlock: () => backend.fail({ kind: "database_damaged", message: "damaged" }),
    });
    backend.state.state = "locked";
    const user = userEvent.setup();
    render(App);
    await user.type(await byTestId("unlock-passphrase"), "correct passphrase");
    await user.click(await byTestId("unlock-submit"));
    expect((await byTestId("damage-message")).textContent).toContain("no backup");
    expect(screen.queryByTestId("unlock-restore-backup")).toBeNull();
  });
});

describe("a diary in a synced folder", () => {
  it("says so once, and leads to the second backup folder", async () => {
    const backend = mockBackend({
      backup_health: () => ({
        newest: null,
        count: 0,
        damaged: 0,
        folderBytes: 0,
        budgetBytes: 1024,
        secondFolder: null,
        secondFolderReachable: false,
        syncedBy: "Dropbox",
        syncWarningSeen: false,
      }),
      dismiss_sync_warning: () => undefined,
    });
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    const warning = await byTestId("sync-folder-warning");
    expect(warning.textContent).toContain("inside Dropbox");
    await user.click(screen.getByRole("button", { name: "Got it" }));
    await waitFor(() => expect(screen.queryByTestId("sync-folder-warning")).toBeNull());
    expect(backend.calls.some((c) => c.cmd === "dismiss_sync_warning")).toBe(true);
  });
});

describe("timeline and editor", () => {
  it("renders hostile entry text as text", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    backend.entries.push({
      id: "e1",
      title: payload,
      body: payload,
      entryAt: "2026-11-23T09:00",
      tags: [payload],
      mood: 3,
      createdAt: 1,
      updatedAt: 1,
    });
    const user = userEvent.setup();
    render(App);
    const item = await byTestId("entry-item");
    expect(item.textContent).toContain("<img src=x");
    expect(item.querySelector("img, script")).toBeNull();
    await user.click(item);
    await user.click(await byTestId("editor-preview-tab"));
    const preview = await byTestId("entry-preview");
    expect(preview.textContent).toContain("<script>");
    expect(preview.querySelector("img, script, [onerror]")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("autosaves a moment after typing stops, then saves edits in place", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("new-entry"));
    await user.type(await byTestId("entry-title"), "Autosaved");
    await waitFor(() => expect(backend.calls.filter((c) => c.cmd === "create_entry")).toHaveLength(1), {
      timeout: 4000,
    });
    await waitFor(async () => expect((await byTestId("autosave-status")).textContent).toMatch(/Saved at/));
    await user.type(await byTestId("entry-tags"), "walk, sea");
    await user.selectOptions(await byTestId("entry-mood"), "5");
    await waitFor(() => expect(backend.entries[0]!.mood).toBe(5), { timeout: 4000 });
    expect(backend.entries[0]!.tags).toEqual(["walk", "sea"]);
    expect(backend.calls.filter((c) => c.cmd === "create_entry")).toHaveLength(1);
  });

  it("suggests existing tags and completes the one being typed", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    backend.entries.push({ id: "e1", title: "t", body: "", entryAt: "2026-01-01T00:00", tags: ["travel"], mood: null, createdAt: 1, updatedAt: 1 });
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("new-entry"));
    await user.type(await byTestId("entry-tags"), "家人, tr");
    await user.click(await byTestId("tag-suggestion"));
    expect(((await byTestId("entry-tags")) as HTMLInputElement).value).toBe("家人, travel, ");
  });

  it("refuses a tag longer than Rust allows, naming the limit", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("new-entry"));
    await user.click(await byTestId("entry-tags"));
    await user.paste(`ok, ${"x".repeat(MAX_TAG_CHARS + 1)}`);
    await user.type(await byTestId("entry-title"), "T");
    await user.click(await byTestId("entry-save"));
    expect((await byTestId("error-message")).textContent).toContain(`at most ${MAX_TAG_CHARS} characters`);
    expect(backend.calls.filter((c) => c.cmd === "create_entry")).toHaveLength(0);
  });

  it("writes an entry, saves with the button and with Ctrl+S, and lists it", async () => {
    const backend = mockBackend({
      update_entry: (a) => ({ ...(a.input as object), id: a.id, createdAt: 1, updatedAt: 2 }),
    });
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("new-entry"));
    await user.click(await byTestId("entry-save"));
    expect((await byTestId("error-message")).textContent).toContain("title or some text");
    await user.type(await byTestId("entry-title"), "A day by the sea");
    await user.type(await byTestId("entry-body"), "Gulls and wind.");
    await user.click(await byTestId("entry-save"));
    expect((await byTestId("toast")).textContent).toContain("saved");
    // Ctrl+S saves too.
    await user.type(await byTestId("entry-body"), " More gulls.");
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(backend.calls.filter((c) => c.cmd === "update_entry")).toHaveLength(1));
    await user.click(await byTestId("editor-back"));
    const item = await byTestId("entry-item");
    expect(item.textContent).toContain("A day by the sea");
    expect(item.dataset.id).toBe("id-1");
  });
});
