// Issue 4's journeys: remember on this device through the real Secret Service, location granted
// and revoked with its places deleted, the dashboard's counts following the diary, the profile,
// and a policy update (changed passages in bold, decline gives read-only, accept restores).
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import {
  Driver,
  keychainItems,
  keychainService,
  newDiary,
  seedDiary,
  shutdown,
  writeEntry,
} from "./harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "quiet tea 茶 at dusk";

async function openSettings(app, section) {
  await app.click("nav-settings");
  await app.click(`settings-${section}`);
}

describe("remember on this device", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("unlocks the next start from the system keychain once granted", async () => {
    const service = keychainService(driver.dataDir);
    assert.equal(keychainItems(service), 0, "nothing in the keychain before the grant");
    await writeEntry(app, { title: "Kept behind the keychain" });
    await openSettings(app, "permissions");
    await app.grant("remember_device");
    assert.equal(keychainItems(service), 1, "one Secret Service item");
    await app.waitForText("permission-since-remember_device", (t) => t.startsWith("On since"), "since");
    await app.screenshot("50-settings-permissions");

    await app.quit();
    app = await driver.launch();
    // No passphrase typed: the timeline comes up by itself.
    await app.visible("entry-item");
    assert.deepEqual(await app.texts("entry-item", ".entry-title"), ["Kept behind the keychain"]);
  });

  it("asks for the passphrase again once revoked, and the keychain item is gone", async () => {
    await openSettings(app, "security");
    const said = await app.revoke("remember_device");
    assert.match(said, /keychain item/);
    assert.equal(keychainItems(keychainService(driver.dataDir)), 0, "the item was deleted");

    await app.quit();
    app = await driver.launch();
    await app.visible("unlock-passphrase");
    assert.equal(await app.el("unlock-device").isExisting(), false, "no keychain offer any more");
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("new-entry");
  });
});

describe("places, the ledger and the dashboard", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("counts entries and photos on the dashboard as they are added", async () => {
    await openSettings(app, "dashboard");
    const before = await app.dashboardCounts();
    assert.equal(before.entries, 0);
    assert.equal(before.images, 0);
    assert.equal(before.consent_ledger, 0);

    await app.click("nav-timeline");
    await app.click("new-entry");
    await app.type("entry-title", "A walk by the lake");
    await app.type("entry-tags", "walks");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    await app.click("editor-back");

    await openSettings(app, "dashboard");
    await app.browser.waitUntil(async () => (await app.dashboardCounts()).images === 1);
    const after = await app.dashboardCounts();
    assert.equal(after.entries, 1);
    assert.equal(after.images, 1);
    assert.equal(after.tags, 1);
    await app.screenshot("51-settings-dashboard");
  });

  it("adds a place only with the location permission, and revoking deletes the places", async () => {
    await app.click("nav-timeline");
    await app.click("entry-item");
    await app.visible("entry-place-off");
    assert.equal(await app.el("entry-place").isExisting(), false);
    await app.click("editor-back");

    await openSettings(app, "permissions");
    await app.grant("location");
    await app.click("nav-timeline");
    await app.click("entry-item");
    await app.type("entry-place", "西湖, Hangzhou");
    await app.click("entry-save");
    await app.waitForText("autosave-status", (t) => t.startsWith("Saved at"), "saved");
    await app.screenshot("52-editor-place");
    await app.click("editor-back");

    await openSettings(app, "dashboard");
    assert.equal((await app.dashboardCounts()).places, 1);

    await openSettings(app, "permissions");
    const said = await app.revoke("location", { purge: true });
    assert.match(said, /Deleted: 1 place\b/);
    const ledger = await app.texts("consent-ledger-row");
    assert.equal(ledger.length, 2);
    assert.match(ledger[0], /Places on entries turned off · policy v2 · by you/);
    assert.match(ledger[1], /Places on entries turned on · policy v2 · by you/);
    await app.screenshot("53-settings-consent-ledger");

    await openSettings(app, "dashboard");
    assert.equal((await app.dashboardCounts()).places, 0, "the stored place is gone");
    await openSettings(app, "permissions");
    await app.grant("location");
    await app.click("nav-timeline");
    await app.click("entry-item");
    assert.equal(await (await app.visible("entry-place")).getValue(), "", "nothing came back");
    await app.click("editor-back");
  });

  it("keeps a profile whose fields are corrected and deleted one at a time", async () => {
    await openSettings(app, "profile");
    await app.type("profile-display_name", "Mei");
    await app.type("profile-email", "not an address");
    await app.click("profile-save");
    await app.waitForText("error-message", (t) => t.includes("not an e-mail address"), "refused");
    await app.type("profile-email", "mei@example.org");
    await app.click("profile-save");
    await app.waitForText("toast", (t) => t === "Saved", "saved");
    await app.el("profile-avatar").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("profile-avatar-image");
    await app.screenshot("54-settings-profile");
    await app.click("profile-delete-email");
    await app.waitForText("toast", (t) => t === "Deleted", "deleted");
    assert.equal(await (await app.visible("profile-email")).getValue(), "");
    assert.equal(await (await app.visible("profile-display_name")).getValue(), "Mei");

    await openSettings(app, "dashboard");
    assert.equal((await app.dashboardCounts()).profile, 2, "the name and the picture");
  });
});

describe("a policy update", () => {
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start({ dataDir: seedDiary(PASSPHRASE, 1) });
    app = await driver.launch();
  });

  after(() => shutdown(driver, app));

  it("shows the changed passages in bold at the next unlock", async () => {
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("policy-accept-update");
    assert.match(await app.text("policy-version"), /Version 2/);
    const changed = await app.texts("policy-changed");
    assert.ok(changed.includes("Optional permissions"), `a changed heading: ${changed}`);
    assert.ok(changed.some((t) => t.startsWith("Every time you turn a permission on or off")));
    assert.ok(!changed.some((t) => t.startsWith("Keepsake does not connect")), "unchanged stays plain");
    const weights = await app.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="policy-changed"]')].map(
        (e) => Number(getComputedStyle(e).fontWeight),
      ),
    );
    assert.ok(weights.every((w) => w >= 700), `bold: ${weights}`);
    await app.screenshot("55-policy-update");
  });

  it("declining leaves the diary readable but not writable", async () => {
    await app.click("policy-decline-update");
    await app.visible("read-only-banner");
    await app.visible("entry-item");
    assert.deepEqual(await app.texts("entry-item", ".entry-title"), ["Written before the update"]);
    assert.equal(await app.el("new-entry").isEnabled(), false);
    assert.match(await app.text("new-entry-reason"), /read-only/);
    await openSettings(app, "permissions");
    await app.click("permission-usage_stats");
    await app.waitForText("error-message", (t) => t.includes("read-only"), "refused by the back end");
    await app.screenshot("56-read-only");
  });

  it("accepting makes it writable again, and stays accepted", async () => {
    await app.click("policy-review");
    await app.click("policy-accept-update");
    await app.visible("new-entry");
    assert.equal(await app.el("read-only-banner").isExisting(), false);
    await writeEntry(app, { title: "Written after accepting" });
    await app.click("lock");
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("new-entry");
    assert.equal(await app.el("policy-accept-update").isExisting(), false);
    await app.browser.waitUntil(async () => (await app.texts("entry-item")).length === 2);
    assert.deepEqual(await app.texts("entry-item", ".entry-title"), [
      "Written after accepting",
      "Written before the update",
    ]);
  });
});

describe("statistics and the error log", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("counts writing only once granted, and shows it", async () => {
    await openSettings(app, "stats");
    await app.visible("stats-off");
    await openSettings(app, "permissions");
    await app.grant("usage_stats");
    await app.click("nav-timeline");
    await writeEntry(app, { title: "Counted", body: "three more words" });
    await openSettings(app, "stats");
    assert.equal(await app.text("stats-entries"), "1");
    assert.equal(await app.text("stats-words"), "4");
    await app.screenshot("57-settings-statistics");
  });

  it("logs an error's kind without its content, and revoking deletes the log", async () => {
    await openSettings(app, "permissions");
    await app.grant("diagnostics");
    await app.click("nav-timeline");
    await app.click("entry-item");
    await app.el("entry-image-input").addValue(path.join(fixtures, "not-an-image.jpg"));
    await app.waitForText("error-message", (t) => t.includes("not a supported image"), "refused");
    await app.click("editor-back");
    await openSettings(app, "diagnostics");
    await app.visible("error-log-line");
    const lines = await app.texts("error-log-line");
    assert.equal(lines.length, 1);
    assert.match(lines[0], /image_unsupported · commands\/images\.rs:\d+/);
    assert.doesNotMatch(lines[0], /not-an-image|Counted/);
    await app.screenshot("58-settings-diagnostics");

    await openSettings(app, "permissions");
    assert.match(await app.revoke("diagnostics"), /Deleted: 1 log line\b/);
    await openSettings(app, "diagnostics");
    await app.visible("diagnostics-off");
  });

  it("speaks Chinese in the privacy center too", async () => {
    await openSettings(app, "language");
    await app.el("language-select").selectByAttribute("value", "zh-CN");
    await app.click("settings-permissions");
    await app.waitForText("permission-state-usage_stats", (t) => t === "已开启", "Chinese state");
    const ledger = await app.texts("consent-ledger-row");
    assert.ok(ledger.some((row) => row.includes("写作统计 已开启 · 政策 v2 · 由您本人")), ledger.join("\n"));
    await app.screenshot("59-permissions-zh");
    await openSettings(app, "language");
    await app.el("language-select").selectByAttribute("value", "en");
  });
});
