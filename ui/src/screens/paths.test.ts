// No file path comes from script: every `<name>-path` field reaches its command only as a
// single-use grant the back end issued (see lib/paths.svelte.ts and the grants in test/ipc-mock).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DataSettings from "./settings/DataSettings.svelte";
import AboutSettings from "./settings/AboutSettings.svelte";
import ShareDialog from "../components/ShareDialog.svelte";
import Toast from "../components/Toast.svelte";
import { en } from "../i18n/en";
import { setLanguage } from "../i18n/index.svelte";
import { clearMocks, mockBackend, type Calls } from "../test/ipc-mock";

beforeEach(() => setLanguage("en"));
afterEach(() => {
  cleanup();
  clearMocks();
});

const byTestId = (id: string) => screen.findByTestId(id);
const button = async (id: string) => (await byTestId(id)) as HTMLButtonElement;
const input = async (id: string) => (await byTestId(id)) as HTMLInputElement;
const argsOf = (calls: Calls, cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
/** The calls, other than the two that ask for a grant, that carry `path` anywhere. */
const leaking = (calls: Calls, path: string) =>
  calls.filter((c) => c.cmd !== "choose_path" && c.cmd !== "grant_typed_path" && JSON.stringify(c.args).includes(path));

function renderData() {
  return render(DataSettings, { onWiped: () => undefined });
}

/** Plain export (no passphrase), started once the button allows it; waits until it has ended. */
async function exportOnce(user: ReturnType<typeof userEvent.setup>) {
  const start = await button("export-all");
  await waitFor(() => expect(start.disabled).toBe(false));
  await user.click(start);
  await waitFor(() => expect(start.disabled).toBe(false));
}

describe("export and import", () => {
  it("turn a typed path into a grant the back end confirmed, and send only the grant's id", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    renderData();
    await user.type(await input("export-path"), "/tmp/all.keepsake");
    await user.type(await input("export-passphrase"), "a long passphrase");
    await user.click(await button("export-all"));
    expect((await byTestId("data-result")).textContent).toContain("Exported 0 entries");
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([{ kind: "save", path: "/tmp/all.keepsake" }]);
    expect(argsOf(backend.calls, "export_all")).toEqual([
      { grant: "grant-1", passphrase: "a long passphrase", onProgress: expect.anything() },
    ]);

    await user.type(await input("import-path"), "/tmp/old.keepsake");
    await user.click(await button("import-start"));
    expect((await byTestId("data-result")).textContent).toContain("Imported 2 entries");
    expect(argsOf(backend.calls, "grant_typed_path")[1]).toEqual({ kind: "open", path: "/tmp/old.keepsake" });
    expect(argsOf(backend.calls, "import_archive")).toEqual([
      { grant: "grant-2", passphrase: null, onProgress: expect.anything() },
    ]);

    expect(leaking(backend.calls, "/tmp/")).toEqual([]);
    expect(argsOf(backend.calls, "choose_path")).toEqual([]);
    expect(backend.paths.used).toEqual([
      { cmd: "export_all", path: "/tmp/all.keepsake" },
      { cmd: "import_archive", path: "/tmp/old.keepsake" },
    ]);
  });

  it("use a path chosen with the button through its grant, without asking again", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    renderData();
    await user.click(await button("export-choose"));
    await waitFor(async () => expect((await input("export-path")).value).toBe("/home/me/keepsake-export.keepsake"));
    expect(argsOf(backend.calls, "choose_path")).toEqual([{ kind: "save", suggested: "keepsake-export.keepsake" }]);
    // A stray space does not make it another path.
    await user.type(await input("export-path"), " ");
    await user.click(await input("export-encrypt"));
    await exportOnce(user);
    expect(await byTestId("data-result")).toBeTruthy();
    expect(argsOf(backend.calls, "export_all")).toEqual([{ grant: "grant-1", passphrase: null, onProgress: expect.anything() }]);
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([]);
    expect(backend.paths.used).toEqual([{ cmd: "export_all", path: "/home/me/keepsake-export.keepsake" }]);
  });

  it("ask for the typed path when the chosen one was edited", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    renderData();
    await user.click(await button("import-choose"));
    const field = await input("import-path");
    await waitFor(() => expect(field.value).toBe("/home/me/keepsake-export.keepsake"));
    await user.clear(field);
    await user.type(field, "/media/usb/old.keepsake");
    await user.click(await button("import-start"));
    expect(await byTestId("data-result")).toBeTruthy();
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([{ kind: "open", path: "/media/usb/old.keepsake" }]);
    expect(argsOf(backend.calls, "import_archive")[0]!.grant).toBe("grant-2");
    expect(backend.paths.used).toEqual([{ cmd: "import_archive", path: "/media/usb/old.keepsake" }]);
  });

  it("never reuse a grant: a second export asks again", async () => {
    const backend = mockBackend();
    const user = userEvent.setup();
    renderData();
    await user.click(await button("export-choose"));
    await waitFor(async () => expect((await input("export-path")).value).not.toBe(""));
    await user.click(await input("export-encrypt"));
    await exportOnce(user);
    await exportOnce(user);
    expect(argsOf(backend.calls, "export_all").map((a) => a.grant)).toEqual(["grant-1", "grant-2"]);
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([
      { kind: "save", path: "/home/me/keepsake-export.keepsake" },
    ]);
    // The mock back end refuses a used grant: both exports went through.
    expect(screen.queryByTestId("error-message")).toBeNull();
    expect(backend.paths.used).toHaveLength(2);
  });

  it("forget the grant after a failed export too, and toast no other error", async () => {
    let failing = true;
    const backend = mockBackend({
      export_all: () => {
        if (failing) backend.fail({ kind: "cancelled", message: "stopped" });
        return { entries: 0, images: 0, bytes: 1 };
      },
    });
    const user = userEvent.setup();
    render(Toast);
    renderData();
    await user.click(await button("export-choose"));
    await waitFor(async () => expect((await input("export-path")).value).not.toBe(""));
    await user.click(await input("export-encrypt"));
    await exportOnce(user);
    expect((await byTestId("error-message")).textContent).toBe(en["errors.cancelled"]);
    expect(screen.queryByTestId("toast")?.textContent ?? "").not.toContain(en["errors.cancelled"]);
    failing = false;
    await exportOnce(user);
    expect(argsOf(backend.calls, "export_all").map((a) => a.grant)).toEqual(["grant-1", "grant-2"]);
    expect(argsOf(backend.calls, "grant_typed_path")).toHaveLength(1);
  });

  it("run nothing when the user cancels confirming a typed path", async () => {
    const backend = mockBackend();
    backend.paths.confirmTyped = false;
    const user = userEvent.setup();
    renderData();
    await user.type(await input("export-path"), "/tmp/all.keepsake");
    await user.click(await input("export-encrypt"));
    await exportOnce(user);
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([{ kind: "save", path: "/tmp/all.keepsake" }]);
    expect(argsOf(backend.calls, "export_all")).toEqual([]);
    expect(screen.queryByTestId("error-message")).toBeNull();
    expect(screen.queryByTestId("data-result")).toBeNull();
    expect((await input("export-path")).value).toBe("/tmp/all.keepsake");
  });

  it("stopped by the lock: the reason is toasted, and stays when the screen is gone", async () => {
    const backend = mockBackend({
      export_all: () => {
        backend.state.state = "locked";
        backend.fail({ kind: "stopped_by_lock", message: "locked" });
      },
    });
    const user = userEvent.setup();
    render(Toast);
    const data = renderData();
    await user.type(await input("export-path"), "/tmp/all.keepsake");
    await user.click(await input("export-encrypt"));
    await user.click(await button("export-all"));
    await waitFor(async () => expect((await byTestId("toast")).textContent).toBe(en["errors.stopped_by_lock"]));
    expect(screen.getByTestId("error-message").textContent).toBe(en["errors.stopped_by_lock"]);
    // The unlock screen replaces the settings: the inline error goes with them, the toast stays.
    data.unmount();
    expect(screen.queryByTestId("error-message")).toBeNull();
    expect(screen.getByTestId("toast").textContent).toBe(en["errors.stopped_by_lock"]);
  });
});

describe("sharing an entry", () => {
  function sharingOn(backend: ReturnType<typeof mockBackend>) {
    backend.privacy.permissions.set("sharing", {
      id: "sharing",
      granted: true,
      grantedAt: 1,
      grantedBy: { guardianName: null },
      needsGuardian: false,
    });
  }

  it("writes Markdown to the folder chosen with the button, by its grant", async () => {
    const backend = mockBackend();
    sharingOn(backend);
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(ShareDialog, { entryId: "e1", onClose });
    await user.selectOptions(await byTestId("share-format"), "markdown");
    await user.click(await button("share-choose"));
    await waitFor(async () => expect((await input("share-path")).value).toBe("/home/me/entry.html"));
    await user.click(await button("share-confirm"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(argsOf(backend.calls, "choose_path")).toEqual([{ kind: "folder", suggested: "entry.html" }]);
    expect(argsOf(backend.calls, "share_entry")).toEqual([
      { entryId: "e1", format: "markdown", grant: "grant-1", includeTags: false, includeMood: false, passphrase: null },
    ]);
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([]);
  });

  it("asks again when the format changed what the chosen path is for", async () => {
    const backend = mockBackend();
    sharingOn(backend);
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(ShareDialog, { entryId: "e1", onClose });
    await user.click(await button("share-choose")); // HTML: a file to save
    await waitFor(async () => expect((await input("share-path")).value).not.toBe(""));
    await user.selectOptions(await byTestId("share-format"), "markdown");
    await user.click(await button("share-confirm"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([{ kind: "folder", path: "/home/me/entry.html" }]);
    expect(argsOf(backend.calls, "share_entry")[0]!.grant).toBe("grant-2");
    expect(screen.queryByTestId("error-message")).toBeNull();
  });

  it("sends no grant for the clipboard text, and asks for none", async () => {
    const backend = mockBackend();
    sharingOn(backend);
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(ShareDialog, { entryId: "e1", onClose });
    await user.selectOptions(await byTestId("share-format"), "text");
    expect(screen.queryByTestId("share-path")).toBeNull();
    await user.click(await button("share-confirm"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(argsOf(backend.calls, "share_entry")[0]).toMatchObject({ format: "text", grant: null });
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([]);
    expect(await navigator.clipboard.readText()).toBe("shared text");
  });

  it("toasts a share stopped by the lock", async () => {
    const backend = mockBackend({
      share_entry: () => backend.fail({ kind: "stopped_by_lock", message: "locked" }),
    });
    sharingOn(backend);
    const user = userEvent.setup();
    render(Toast);
    render(ShareDialog, { entryId: "e1", onClose: () => undefined });
    await user.type(await input("share-path"), "/tmp/entry.html");
    await user.click(await button("share-confirm"));
    await waitFor(async () => expect((await byTestId("toast")).textContent).toBe(en["errors.stopped_by_lock"]));
    expect(argsOf(backend.calls, "share_entry")[0]!.grant).toBe("grant-1");
    expect(leaking(backend.calls, "/tmp/")).toEqual([]);
  });
});

describe("saving feedback", () => {
  it("saves to the file chosen with the button by its grant; cancelling a typed path saves nothing", async () => {
    const backend = mockBackend({
      about: () => ({ version: "0.1.0", licence: "MIT", system: "linux", webview: "", tauri: "2", feedbackTo: "" }),
      feedback_preview: () => "report",
    });
    const user = userEvent.setup();
    render(AboutSettings);
    await user.click(await button("feedback-open"));
    await user.click(await button("feedback-choose"));
    await waitFor(async () => expect((await input("feedback-path")).value).toBe("/home/me/keepsake-feedback.txt"));
    await user.click(await button("feedback-save"));
    await waitFor(() => expect(argsOf(backend.calls, "save_feedback")).toHaveLength(1));
    expect(argsOf(backend.calls, "save_feedback")[0]).toEqual({ language: "en", message: "", grant: "grant-1" });
    expect(argsOf(backend.calls, "grant_typed_path")).toEqual([]);

    backend.paths.confirmTyped = false;
    const save = await button("feedback-save");
    await waitFor(() => expect(save.disabled).toBe(false));
    await user.click(save);
    await waitFor(() => expect(argsOf(backend.calls, "grant_typed_path")).toHaveLength(1));
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(argsOf(backend.calls, "save_feedback")).toHaveLength(1);
    expect(screen.queryByTestId("error-message")).toBeNull();
  });
});
