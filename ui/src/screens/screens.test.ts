import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../App.svelte";
import { setLanguage } from "../i18n/index.svelte";
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
      acceptedPolicy: 1,
    });
    await user.click(await byTestId("onboarding-next"));

    await user.type(await byTestId("recovery-key-confirm"), "AAAA-BBBB-WRONG");
    await user.click(await byTestId("onboarding-finish"));
    expect((await byTestId("error-message")).textContent).toContain("not the key");

    await user.clear(await byTestId("recovery-key-confirm"));
    await user.type(await byTestId("recovery-key-confirm"), shown.toLowerCase());
    await user.click(await byTestId("onboarding-finish"));
    expect(await byTestId("new-entry")).toBeTruthy();
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
      createdAt: 1,
      updatedAt: 1,
    });
    render(App);
    const item = await byTestId("entry-item");
    expect(item.textContent).toContain("<img src=x");
    expect(item.querySelector("img, script")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
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
