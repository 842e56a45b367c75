// The lock/unlock state machine: the UI follows the back end and no stale app_status answer wins.
// Fake timers throughout (Shell polls every 5 s); no waitFor/findBy, which would wait on faked timers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import App from "../App.svelte";
import Shell from "./Shell.svelte";
import { setLanguage } from "../i18n/index.svelte";
import type { AppStatusDto } from "../ipc";
import { clearMocks, mockBackend } from "../test/ipc-mock";

// Lets IPC promises and Svelte's microtask-batched updates run without moving the clock.
async function settle() {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
}

/** An app_status handler whose answers are held until released, each computed when asked. */
function heldStatus(current: () => AppStatusDto) {
  const pending: (() => void)[] = [];
  let hold = false;
  return {
    set hold(on: boolean) {
      hold = on;
    },
    pending,
    handler: () => {
      const answer = { ...current() };
      if (!hold) return answer;
      return new Promise<AppStatusDto>((resolve) => pending.push(() => resolve(answer)));
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  setLanguage("en");
});
afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe("lock and unlock follow the back end", () => {
  it("an app_status answer computed before unlocking does not bring the unlock screen back", async () => {
    // Calls: #1 on mount, #2 the 5 s poll, #3 the refresh it asks for (held: computed while
    // locked, answered after the unlock), #4 the 10 s poll, #5 its refresh, #6 after unlocking.
    let n = 0;
    const held: (() => void)[] = [];
    const backend = mockBackend({
      app_status: () => {
        const answer = { ...backend.state };
        n += 1;
        if (n !== 3) return answer;
        return new Promise<AppStatusDto>((resolve) => held.push(() => resolve(answer)));
      },
    });
    backend.state.state = "unlocked";
    render(App);
    await settle();
    expect(screen.getByTestId("nav-timeline")).toBeTruthy();

    backend.state.state = "locked"; // the back end's auto-lock
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(screen.getByTestId("unlock-passphrase")).toBeTruthy();
    expect(held).toHaveLength(1);

    await fireEvent.input(screen.getByTestId("unlock-passphrase"), {
      target: { value: "correct passphrase" },
    });
    await settle();
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    await settle();
    expect(backend.calls.filter((c) => c.cmd === "unlock")).toHaveLength(1);
    expect(screen.getByTestId("nav-timeline")).toBeTruthy();

    held[0]!(); // the stale "locked" answer lands last
    await settle();
    expect(screen.queryByTestId("unlock-passphrase")).toBeNull();
    expect(screen.getByTestId("nav-timeline")).toBeTruthy();

    // And it stays: later polls see "unlocked".
    await vi.advanceTimersByTimeAsync(15_000);
    await settle();
    expect(screen.queryByTestId("unlock-passphrase")).toBeNull();
    expect(screen.getByTestId("nav-timeline")).toBeTruthy();
  });

  it("still shows the unlock screen within 5 s of an auto-lock", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    render(App);
    await settle();
    expect(screen.getByTestId("nav-timeline")).toBeTruthy();
    backend.state.state = "locked";
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(screen.getByTestId("unlock-passphrase")).toBeTruthy();
    expect(screen.queryByTestId("nav-timeline")).toBeNull();
  });

  it("the lock button locks and shows the unlock screen", async () => {
    const backend = mockBackend();
    backend.state.state = "unlocked";
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("lock"));
    await settle();
    expect(backend.calls.some((c) => c.cmd === "lock")).toBe(true);
    expect(screen.getByTestId("unlock-passphrase")).toBeTruthy();
  });
});

describe("Shell's status poll", () => {
  const props = (onLocked: () => void) => ({ onLocked, autolockMinutes: 10, onWiped: () => undefined });

  it("does not call onLocked for a poll answered after the Shell is gone", async () => {
    const status = heldStatus(() => backend.state);
    const backend = mockBackend({ app_status: status.handler });
    backend.state.state = "unlocked";
    const onLocked = vi.fn();
    const { unmount } = render(Shell, props(onLocked));
    await settle();
    status.hold = true;
    backend.state.state = "locked";
    await vi.advanceTimersByTimeAsync(5_000);
    expect(status.pending).toHaveLength(1);
    unmount();
    // Answered "locked" after unmount.
    status.hold = false;
    status.pending[0]!();
    await settle();
    await vi.advanceTimersByTimeAsync(20_000);
    await settle();
    expect(onLocked).not.toHaveBeenCalled();
  });

  it("never overlaps itself and asks for a refresh when not unlocked", async () => {
    const status = heldStatus(() => backend.state);
    const backend = mockBackend({ app_status: status.handler });
    backend.state.state = "unlocked";
    const polls = () => backend.calls.filter((c) => c.cmd === "app_status").length;
    const onLocked = vi.fn();
    render(Shell, props(onLocked));
    await settle();
    expect(polls()).toBe(0);

    status.hold = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(polls()).toBe(1);
    // Under load the answer is slow: no second poll while the first is pending.
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(polls()).toBe(1);

    status.pending[0]!(); // "unlocked"
    await settle();
    expect(onLocked).not.toHaveBeenCalled();
    status.hold = false;
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(polls()).toBe(2);

    backend.state.state = "locked";
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(polls()).toBe(3);
    expect(onLocked).toHaveBeenCalledTimes(1);
  });
});
