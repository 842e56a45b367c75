import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import AboutSettings from "./AboutSettings.svelte";
import { groupLicences } from "../../lib/licences";
import licences from "../../about/licences.json";
import { setLanguage } from "../../i18n/index.svelte";
import { clearMocks, mockBackend } from "../../test/ipc-mock";

beforeEach(() => setLanguage("en"));
afterEach(() => {
  cleanup();
  clearMocks();
});

const ABOUT = {
  version: "0.1.0",
  licence: "MIT OR Apache-2.0",
  system: "linux x86_64",
  webview: "2.48.0",
  tauri: "2.12.5",
  feedbackTo: "",
};

describe("about", () => {
  it("shows the version, the licence and every bundled licence, grouped by text", async () => {
    mockBackend({ about: () => ABOUT });
    render(AboutSettings);
    expect((await screen.findByTestId("about-version")).textContent).toBe("Keepsake (拾忆) 0.1.0");
    expect(screen.getByTestId("about-licence").textContent).toBe("MIT OR Apache-2.0");
    const list = screen.getByTestId("about-licences");
    await waitFor(() => expect(Number(list.dataset.count)).toBe(licences.packages.length));
    const groups = groupLicences(licences);
    expect(list.querySelectorAll("details")).toHaveLength(groups.length);
    // Every component is named once, and the C libraries inside the binary are there too.
    const named = groups.flatMap((g) => g.packages.map((p) => p.name));
    expect(new Set(named).size).toBeGreaterThan(100);
    for (const bundled of ["SQLCipher", "SQLite", "OpenSSL", "tauri", "dompurify", "markdown-it", "svelte"]) {
      expect(named).toContain(bundled);
    }
    for (const g of groups) expect(g.text.length).toBeGreaterThan(40);
  });

  it("previews the feedback report as the back end builds it, then saves it to the chosen path", async () => {
    const backend = mockBackend({
      about: () => ABOUT,
      feedback_preview: (args) => `Keepsake feedback\nLanguage: ${args.language}\n\nMessage:\n${args.message || "(none)"}\n`,
    });
    const user = userEvent.setup();
    render(AboutSettings);
    await user.click(await screen.findByTestId("feedback-open"));
    await waitFor(() => expect(screen.getByTestId("feedback-preview").textContent).toContain("(none)"));
    await user.type(screen.getByTestId("feedback-message"), "<b>hi</b>");
    await waitFor(() => expect(screen.getByTestId("feedback-preview").textContent).toContain("<b>hi</b>"));
    expect(screen.getByTestId("feedback-preview").querySelector("b")).toBeNull();
    expect(screen.getByTestId("feedback-save")).toHaveProperty("disabled", true);
    await user.type(screen.getByTestId("feedback-path"), "/tmp/report.txt");
    await user.click(screen.getByTestId("feedback-save"));
    await waitFor(() => expect(backend.calls.some((c) => c.cmd === "save_feedback")).toBe(true));
    // The typed path is confirmed by the back end, and the report goes there through its grant.
    expect(backend.calls.find((c) => c.cmd === "grant_typed_path")!.args).toEqual({ kind: "save", path: "/tmp/report.txt" });
    expect(backend.calls.find((c) => c.cmd === "save_feedback")!.args).toEqual({
      language: "en",
      message: "<b>hi</b>",
      grant: "grant-1",
    });
    expect(backend.paths.used).toEqual([{ cmd: "save_feedback", path: "/tmp/report.txt" }]);
  });
});

describe("a diary held by another process", () => {
  it("says so in the system's language instead of opening anything", async () => {
    mockBackend({
      app_status: () => {
        throw { kind: "in_use", message: "in use", retryAfterSecs: null, permission: null };
      },
    });
    render(App);
    expect((await screen.findByTestId("error-message")).textContent).toContain(
      "already open in another Keepsake window",
    );
    expect(screen.queryByTestId("unlock-passphrase")).toBeNull();
    expect(screen.queryByTestId("onboarding-next")).toBeNull();
  });
});
