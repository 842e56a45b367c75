// The app as a user gets it: the installed /usr/bin/keepsake from the .deb, driven through its
// real window. Onboarding, an entry with a photo, quit, relaunch, unlock, and a second start that
// brings the running window to the front. The diary it writes (KEEPSAKE_INSTALLED_DIARY) is
// checked by tests/package.sh to survive uninstalling the package.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { Driver, onboard, secondStartComesToTheFront, shutdown } from "../e2e/harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "installed from the package 拾忆";

describe("the installed app", () => {
  let driver;
  let app;

  before(async () => {
    assert.equal(process.env.KEEPSAKE_APP, "/usr/bin/keepsake", "drives the installed binary");
    const dataDir = process.env.KEEPSAKE_INSTALLED_DIARY;
    assert.ok(dataDir, "KEEPSAKE_INSTALLED_DIARY names the diary folder");
    driver = await Driver.start({ dataDir });
    app = await driver.launch();
  });

  after(() => shutdown(driver, app));

  it("onboards and keeps an entry with a photo", async () => {
    await onboard(app, PASSPHRASE);
    await app.click("new-entry");
    await app.type("entry-title", "Installed and writing");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    await app.click("entry-save");
    await app.waitForText("autosave-status", (t) => t.startsWith("Saved at"), "saved");
    await app.click("editor-back");
    assert.deepEqual(await app.texts("entry-item", ".entry-title"), ["Installed and writing"]);
    await app.screenshot("installed-01-timeline");
  });

  it("quits, relaunches and unlocks to the same entry and photo", async () => {
    await app.quit();
    app = await driver.launch();
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("new-entry");
    assert.deepEqual(await app.texts("entry-item", ".entry-title"), ["Installed and writing"]);
    await app.click("entry-item");
    await app.visible("entry-image");
    await app.click("editor-back");
  });

  it("a second start brings the first window to the front; one process remains", async () => {
    await secondStartComesToTheFront(app, driver.dataDir);
    await app.visible("new-entry");
  });
});
