// Issue 4's security slice: a new recovery key replaces the old one; auto-lock locks an idle
// diary by itself.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newDiary, shutdown } from "./harness.mjs";

const PASSPHRASE = "paper lantern 月光 river";

describe("security settings", () => {
  let driver;
  let app;
  let oldKey;

  before(async () => {
    ({ driver, app, recoveryKey: oldKey } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("makes a new recovery key after asking for the passphrase; the old one stops working", async () => {
    await app.click("nav-settings");
    await app.click("settings-security");
    await app.type("recovery-new-passphrase", "not the passphrase");
    await app.click("recovery-new-submit");
    await app.waitForText("error-message", (t) => t.includes("not correct"), "a refusal");
    await app.type("recovery-new-passphrase", PASSPHRASE);
    await app.click("recovery-new-submit");
    const newKey = await app.waitForText("recovery-key-new", (t) => t.length === 39, "a new key");
    assert.notEqual(newKey, oldKey);
    await app.screenshot("40-settings-new-recovery-key");
    await app.click("recovery-new-done");

    await app.click("lock");
    await app.click("unlock-use-recovery");
    await app.type("unlock-recovery-key", oldKey);
    await app.click("unlock-submit");
    await app.waitForText("unlock-error", (t) => t.includes("not correct"), "the old key refused");
    await app.type("unlock-recovery-key", newKey);
    await app.click("unlock-submit");
    await app.visible("new-entry");
  });

  it("locks by itself after the chosen idle time", async () => {
    await app.click("nav-settings");
    await app.click("settings-security");
    await app.el("autolock-minutes").selectByAttribute("value", "1");
    await app.waitForText("toast", (t) => t.includes("Auto-lock updated"), "saved");
    await app.screenshot("41-settings-autolock");
    // Touch nothing: within a minute and a few seconds the unlock screen must replace the diary.
    await app.el("unlock-passphrase").waitForDisplayed({ timeout: 100_000 });
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("new-entry");
  });
});
