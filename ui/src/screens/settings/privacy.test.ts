import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import DataSettings from "./DataSettings.svelte";
import PermissionsSettings from "./PermissionsSettings.svelte";
import PolicyPassages from "../../components/PolicyPassages.svelte";
import { setLanguage } from "../../i18n/index.svelte";
import { DELETE_EVERYTHING_WORDS, PERMISSIONS_OFFERING_PURGE, type LanguageDto } from "../../ipc";
import { PERMISSION_IDS } from "../../lib/permissions";
import { clearMocks, mockBackend } from "../../test/ipc-mock";

const byTestId = (id: string) => screen.findByTestId(id);
const checkbox = async (id: string) => (await byTestId(id)) as HTMLInputElement;

beforeEach(() => setLanguage("en"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("permissions", () => {
  it("grants at once, and revoking says what it deletes, offers the purge and records both", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    render(PermissionsSettings);

    expect(await checkbox("permission-location")).toHaveProperty("checked", false);
    await user.click(await checkbox("permission-location"));
    await waitFor(async () => expect(await checkbox("permission-location")).toHaveProperty("checked", true));
    expect((await byTestId("permission-state-location")).textContent).toContain("On");

    await user.click(await checkbox("permission-location"));
    // Nothing happens until the user confirms; the box still shows the real state.
    expect(await checkbox("permission-location")).toHaveProperty("checked", true);
    expect(screen.getByRole("alertdialog").textContent).toContain("Offers to delete all stored places");
    expect(await checkbox("permission-purge")).toHaveProperty("checked", true);
    await user.click(await byTestId("permission-revoke-confirm"));
    await waitFor(async () => expect(await checkbox("permission-location")).toHaveProperty("checked", false));
    expect(backend.calls.find((c) => c.cmd === "revoke_permission")!.args).toEqual({ id: "location", purge: true });

    const rows = await screen.findAllByTestId("consent-ledger-row");
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      expect.stringContaining("Places on entries turned off · policy v2 · by you"),
      expect.stringContaining("Places on entries turned on · policy v2 · by you"),
    ]);
  });

  it("offers the purge on revoking exactly the permissions Rust says offer it", async () => {
    const backend = mockBackend();
    for (const id of PERMISSION_IDS) {
      backend.privacy.permissions.set(id, { id, granted: true, grantedAt: 1, grantedBy: { guardianName: null }, needsGuardian: false });
    }
    const user = userEvent.setup();
    render(PermissionsSettings);
    const offered = [];
    for (const id of PERMISSION_IDS) {
      await user.click(await checkbox(`permission-${id}`));
      const dialog = await screen.findByRole("alertdialog");
      if (dialog.querySelector('[data-testid="permission-purge"]')) offered.push(id);
      await user.click(screen.getByRole("button", { name: "Cancel" }));
    }
    expect(offered.sort()).toEqual([...PERMISSIONS_OFFERING_PURGE].sort());
    expect(offered.length).toBeGreaterThan(0);
    expect(backend.calls.filter((c) => c.cmd === "revoke_permission")).toEqual([]);
  });

  it("asks a guardian to consent for a user under 14 and records the guardian", async () => {
    const backend = mockBackend();
    backend.privacy.minor = true;
    const user = userEvent.setup();
    render(PermissionsSettings);
    await user.click(await checkbox("permission-sharing"));
    const submit = (await byTestId("guardian-submit")) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user.type(await byTestId("guardian-name"), "Li Hua");
    expect(submit.disabled).toBe(true);
    await user.click(await byTestId("guardian-confirm"));
    await user.click(submit);
    await waitFor(async () => expect(await checkbox("permission-sharing")).toHaveProperty("checked", true));
    expect(backend.calls.find((c) => c.cmd === "grant_permission")!.args).toEqual({
      id: "sharing",
      actor: { guardianName: "Li Hua" },
    });
    expect((await byTestId("consent-ledger-row")).textContent).toContain("by guardian Li Hua");
  });
});

describe("policy passages", () => {
  it("sets exactly the changed passages in bold, as text", () => {
    render(PolicyPassages, {
      lang: "en",
      passages: [
        { text: "# Title", changed: false },
        { text: "Kept <b>as is</b>.", changed: false },
        { text: "## New heading", changed: true },
        { text: "A changed passage.", changed: true },
      ],
    });
    const changed = screen.getAllByTestId("policy-changed");
    expect(changed.map((c) => c.textContent?.trim())).toEqual(["New heading", "A changed passage."]);
    expect(changed[1]!.tagName).toBe("STRONG");
    expect(screen.getByTestId("policy-text").querySelector("b")).toBeNull();
  });
});

describe("policy update", () => {
  it("shows the update after unlock; decline gives a read-only diary, accept restores it", async () => {
    const backend = mockBackend({
      policy_update: () =>
        backend.state.policyUpdatePending
          ? {
              accepted: 1,
              current: 2,
              effective: "2026-12-01",
              passages: [
                { text: "# Policy", changed: false },
                { text: "Something new.", changed: true },
              ],
            }
          : null,
      accept_policy: () => void (backend.state.policyUpdatePending = false),
      on_this_day: () => [],
    });
    backend.state.state = "unlocked";
    backend.state.policyUpdatePending = true;
    const user = userEvent.setup();
    render(App);
    expect((await byTestId("policy-changed")).textContent).toBe("Something new.");
    await user.click(await byTestId("policy-decline-update"));
    expect((await byTestId("read-only-banner")).textContent).toContain("Read-only");
    expect((await byTestId("new-entry")) as HTMLButtonElement).toHaveProperty("disabled", true);
    expect((await byTestId("new-entry-reason")).textContent).toContain("read-only");

    await user.click(await byTestId("policy-review"));
    await user.click(await byTestId("policy-accept-update"));
    expect(backend.calls.find((c) => c.cmd === "accept_policy")!.args).toEqual({ version: 2 });
    await waitFor(async () => expect((await byTestId("new-entry")) as HTMLButtonElement).toHaveProperty("disabled", false));
    expect(screen.queryByTestId("read-only-banner")).toBeNull();
  });
});

describe("editor place", () => {
  it("is offered only with the location permission, with the reason when off", async () => {
    const backend = mockBackend({ on_this_day: () => [] });
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("new-entry"));
    expect((await byTestId("entry-place-off")).textContent).toContain("Places on entries");
    expect(screen.queryByTestId("entry-place")).toBeNull();
    await user.click(await byTestId("editor-back"));

    backend.calls.length = 0;
    await user.click(await byTestId("nav-settings"));
    await user.click(await byTestId("settings-permissions"));
    await user.click(await checkbox("permission-location"));
    await waitFor(async () => expect(await checkbox("permission-location")).toHaveProperty("checked", true));
    await user.click(await byTestId("nav-timeline"));
    await user.click(await byTestId("new-entry"));
    await user.type(await byTestId("entry-title"), "Lakeside");
    await user.type(await byTestId("entry-place"), "西湖");
    await user.click(await byTestId("entry-save"));
    await waitFor(() =>
      expect(backend.calls.find((c) => c.cmd === "set_entry_place")?.args).toEqual({
        entryId: "id-1",
        place: { name: "西湖", latitude: null, longitude: null },
      }),
    );
  });
});

describe("delete everything", () => {
  it("needs the typed word, then shows what was removed and returns to a first run", async () => {
    const backend = mockBackend({
      on_this_day: () => [],
      delete_everything: (a) => {
        if (a.confirmation !== "DELETE") backend.fail({ kind: "invalid_input", message: "word" });
        backend.state.state = "new";
        return { removedFiles: ["keyfile.json", "diary.db"], keychainItemRemoved: true, webviewDataCleared: true };
      },
    });
    backend.state.state = "unlocked";
    const user = userEvent.setup();
    render(App);
    await user.click(await byTestId("nav-settings"));
    await user.click(await byTestId("settings-data"));
    await user.click(await byTestId("delete-everything"));
    const confirm = (await byTestId("delete-confirm")) as HTMLButtonElement;
    await user.type(await byTestId("delete-confirm-text"), "delete it");
    expect(confirm.disabled).toBe(true);
    await user.clear(await byTestId("delete-confirm-text"));
    await user.type(await byTestId("delete-confirm-text"), "DELETE");
    await user.click(confirm);
    const report = await byTestId("wipe-report");
    expect(report.textContent).toContain("keyfile.json");
    expect(report.textContent).toContain("the keychain item");
    expect(report.textContent).toContain("Copies you exported or shared");
    await user.click(await byTestId("wipe-continue"));
    expect(await byTestId("policy-accept").catch(() => byTestId("onboarding-next"))).toBeTruthy();
  });

  it.each(Object.keys(DELETE_EVERYTHING_WORDS) as LanguageDto[])(
    "asks for the word Rust defines in %s, and sends it",
    async (lang) => {
      const word = DELETE_EVERYTHING_WORDS[lang];
      const backend = mockBackend({
        delete_everything: () => ({ removedFiles: [], keychainItemRemoved: false, webviewDataCleared: false }),
      });
      setLanguage(lang);
      const wiped: unknown[] = [];
      const user = userEvent.setup();
      render(DataSettings, { onWiped: (r) => wiped.push(r) });
      await user.click(await byTestId("delete-everything"));
      const confirm = (await byTestId("delete-confirm")) as HTMLButtonElement;
      const input = await byTestId("delete-confirm-text");
      expect(input.closest("label")!.textContent).toContain(word);
      await user.type(input, "nope");
      expect(confirm.disabled).toBe(true);
      await user.clear(input);
      await user.type(input, ` ${word.toLowerCase()} `);
      expect(confirm.disabled).toBe(false);
      await user.click(confirm);
      await waitFor(() => expect(wiped).toHaveLength(1));
      expect(backend.calls.find((c) => c.cmd === "delete_everything")!.args).toEqual({
        confirmation: ` ${word.toLowerCase()} `,
      });
    },
  );
});
