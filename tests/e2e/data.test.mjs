// Issue 5's journeys: delete everything (crypto-erase, then every file; a report; first run).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { Driver, keychainItems, keychainService, onboard, shutdown, writeEntry } from "./harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "ink wash 水墨 hills";

describe("delete everything", () => {
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start();
    app = await driver.launch();
    await onboard(app, PASSPHRASE, { grant: ["remember_device", "usage_stats"] });
  });

  after(() => shutdown(driver, app));

  it("destroys the keys and every file, reports it, and starts over at onboarding", async () => {
    await writeEntry(app, { title: "Soon gone", body: "a canary 7f3a" });
    await app.click("entry-item");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    await app.click("editor-back");
    const service = keychainService(driver.dataDir);
    assert.equal(keychainItems(service), 1, "remember_device was granted at onboarding");
    assert.ok(readdirSync(driver.dataDir).includes("diary.db"));

    await app.click("nav-settings");
    await app.click("settings-data");
    await app.click("delete-everything");
    await app.type("delete-confirm-text", "delete it");
    assert.equal(await app.el("delete-confirm").isEnabled(), false, "only the word unlocks it");
    await app.type("delete-confirm-text", "DELETE");
    await app.screenshot("60-delete-everything-confirm");
    await app.click("delete-confirm");

    const report = await app.text("wipe-report");
    for (const file of ["keyfile.json", "diary.db", "settings.json"]) assert.match(report, new RegExp(file.replace(".", "\\.")));
    assert.match(report, /the keychain item/);
    assert.match(report, /Copies you exported or shared/);
    await app.screenshot("61-wipe-report");
    assert.deepEqual(readdirSync(driver.dataDir), [], "no file the app wrote remains");
    assert.equal(keychainItems(service), 0, "the keychain item is gone");

    await app.click("wipe-continue");
    await app.visible("language-select");
    await app.quit();
    app = await driver.launch();
    await app.visible("language-select");
    assert.equal(await app.el("unlock-passphrase").isExisting(), false, "a first run, not a locked diary");
  });
});
