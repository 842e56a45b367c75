// Issue 2's journeys: first run, writing, quitting and coming back, wrong passphrase, recovery
// key, passphrase change. One diary, steps in order, through the real window.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Driver, shutdown } from "./harness.mjs";

const PASSPHRASE = "tide lantern 拾忆 velvet";
const NEW_PASSPHRASE = "orchard pencil moonlight 7";

describe("a new diary, from first run to a changed passphrase", () => {
  let driver;
  let app;
  let recoveryKey;

  before(async () => {
    driver = await Driver.start();
    app = await driver.launch();
  });

  after(() => shutdown(driver, app));

  async function relaunch() {
    await app.quit();
    app = await driver.launch();
  }

  async function timelineTitles() {
    await app.visible("new-entry");
    return app.texts("entry-item", ".entry-title");
  }

  it("onboards: language, policy, passphrase, recovery key shown once and confirmed", async () => {
    await app.visible("language-select");
    await app.el("language-select").selectByAttribute("value", "zh-CN");
    await app.waitForText("onboarding-next", (t) => t === "下一步", "Chinese");
    await app.screenshot("01-onboarding-language-zh");
    await app.el("language-select").selectByAttribute("value", "en");
    await app.waitForText("onboarding-next", (t) => t === "Next", "English");
    await app.click("onboarding-next");

    await app.waitForText("policy-text", (t) => t.includes("Keepsake privacy policy"), "the policy");
    assert.match(await app.text("policy-version"), /Version 2/);
    assert.equal(await app.el("onboarding-next").isEnabled(), false, "must accept first");
    await app.screenshot("02-onboarding-policy");
    await app.click("policy-accept");
    await app.click("onboarding-next");

    // Optional permissions: every one is offered unticked; none is taken here.
    for (const id of ["remember_device", "photo_metadata", "location", "sharing", "usage_stats", "diagnostics", "reminders"]) {
      assert.equal(await (await app.visible(`onboarding-permission-${id}`)).isSelected(), false, id);
    }
    await app.screenshot("02b-onboarding-permissions");
    await app.click("onboarding-next");

    await app.type("passphrase-new", PASSPHRASE);
    await app.type("passphrase-confirm", PASSPHRASE);
    await app.waitForText("passphrase-strength", (t) => /strong/.test(t), "a strength hint");
    await app.screenshot("03-onboarding-passphrase");
    await app.click("onboarding-next");

    recoveryKey = await app.waitForText("recovery-key", (t) => /^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$/.test(t), "a recovery key");
    await app.screenshot("04-onboarding-recovery-key");
    await app.click("onboarding-next");
    await app.type("recovery-key-confirm", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA");
    await app.click("onboarding-finish");
    await app.waitForText("error-message", (t) => t.includes("not the key"), "a mismatch message");
    await app.type("recovery-key-confirm", recoveryKey.toLowerCase());
    await app.click("onboarding-finish");
    await app.visible("new-entry");
    assert.deepEqual(await timelineTitles(), []);
    await app.click("nav-settings");
    await app.click("settings-permissions");
    assert.equal(await app.text("permission-state-location"), "Off");
    assert.deepEqual(await app.texts("consent-ledger-row"), [], "nothing granted at onboarding");
    await app.click("nav-timeline");
  });

  it("writes two entries that list newest first by their date", async () => {
    const write = async (title, body, date) => {
      await app.click("new-entry");
      await app.type("entry-title", title);
      await app.type("entry-body", body);
      await app.setInputValue("entry-date", date);
      await app.click("entry-save");
      await app.waitForText("toast", (t) => t.includes("saved"), "a saved toast");
      await app.click("editor-back");
    };
    await write("Harbour walk", "Fog over the water, then sun.", "2026-11-20T08:30");
    await app.click("new-entry");
    await app.screenshot("05-editor-new");
    await app.click("editor-back");
    await write("雨天读书", "窗外下着小雨，读完了一本书。", "2026-11-22T21:15");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk"]);
    await app.screenshot("06-timeline");
  });

  it("after quitting and relaunching, refuses a wrong passphrase and unlocks with the right one", async () => {
    await relaunch();
    await app.type("unlock-passphrase", "not my passphrase");
    await app.click("unlock-submit");
    await app.waitForText("unlock-error", (t) => t.includes("not correct"), "a wrong-passphrase message");
    await app.screenshot("07-unlock-wrong-passphrase");
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk"]);
  });

  it("edits and deletes an entry, asking first", async () => {
    const items = await app.all("entry-item");
    await items[1].click();
    await app.waitForText("entry-title", () => true, "the editor");
    assert.equal(await app.el("entry-title").getValue(), "Harbour walk");
    assert.equal(await app.el("entry-date").getValue(), "2026-11-20T08:30");
    await app.type("entry-title", "Harbour walk at dawn");
    await app.click("entry-save");
    await app.waitForText("toast", (t) => t.includes("saved"), "a saved toast");
    await app.click("entry-delete");
    await app.visible("entry-delete-confirm");
    await app.screenshot("08-editor-delete-confirm");
    await app.click("editor-back");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk at dawn"], "nothing deleted without confirming");

    await app.click("new-entry");
    await app.type("entry-title", "Temporary");
    await app.click("entry-save");
    await app.waitForText("toast", (t) => t.includes("saved"), "a saved toast");
    await app.click("entry-delete");
    await app.click("entry-delete-confirm");
    await app.waitForText("toast", (t) => t.includes("deleted"), "a deleted toast");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk at dawn"]);
  });

  it("locks, and unlocks with the recovery key", async () => {
    await app.click("lock");
    await app.click("unlock-use-recovery");
    await app.type("unlock-recovery-key", recoveryKey.replaceAll("-", " "));
    await app.screenshot("09-unlock-recovery");
    await app.click("unlock-submit");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk at dawn"]);
  });

  it("changes the passphrase in Settings → Security; only the new one works after relaunch", async () => {
    await app.click("nav-settings");
    await app.click("settings-security");
    await app.type("passphrase-current", "wrong current passphrase");
    await app.type("passphrase-change-new", NEW_PASSPHRASE);
    await app.type("passphrase-change-confirm", NEW_PASSPHRASE);
    await app.click("passphrase-change-submit");
    await app.waitForText("error-message", (t) => t.includes("not correct"), "a wrong-current message");
    await app.type("passphrase-current", PASSPHRASE);
    await app.click("passphrase-change-submit");
    await app.waitForText("toast", (t) => t.includes("Passphrase changed"), "a changed toast");
    await app.screenshot("10-settings-security");
    await app.click("settings-policy");
    await app.waitForText("policy-text", (t) => t.includes("privacy policy"), "the policy");
    assert.match(await app.text("policy-version"), /^Version 2, effective 2026-11-23/);
    assert.deepEqual(
      (await app.texts("policy-history-item")).map((t) => t.slice(0, 9)),
      ["Version 2", "Version 1"],
    );
    await app.click("policy-show-changes");
    const changed = await app.texts("policy-changed");
    assert.ok(changed.includes("Your profile"), `what changed in v2: ${changed}`);
    await app.screenshot("11-settings-policy");

    await relaunch();
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.waitForText("unlock-error", (t) => t.includes("not correct"), "old passphrase refused");
    await app.type("unlock-passphrase", NEW_PASSPHRASE);
    await app.click("unlock-submit");
    assert.deepEqual(await timelineTitles(), ["雨天读书", "Harbour walk at dawn"]);
  });

  it("speaks Chinese everywhere once chosen, and remembers it", async () => {
    await app.click("nav-settings");
    await app.click("settings-language");
    await app.el("language-select").selectByAttribute("value", "zh-CN");
    await app.waitForText("nav-timeline", (t) => t === "时间线", "Chinese navigation");
    await app.screenshot("12-settings-zh");
    await relaunch();
    await app.waitForText("unlock-submit", (t) => t === "解锁", "a Chinese unlock screen");
    await app.screenshot("13-unlock-zh");
  });
});
