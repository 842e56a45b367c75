// Issue 5's journeys: export everything (encrypted), delete everything (crypto-erase, then
// every file; a report; first run), import the export into the new diary and find it all again.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { Driver, keychainItems, keychainService, onboard, shutdown, writeEntry } from "./harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "ink wash 水墨 hills";
const EXPORT_PASSPHRASE = "a separate export secret";
const outside = mkdtempSync(path.join(tmpdir(), "keepsake-exports-"));
const exportFile = path.join(outside, "my-diary.keepsake");

describe("your data: export, delete everything, import", () => {
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start();
    app = await driver.launch();
    await onboard(app, PASSPHRASE, { grant: ["remember_device", "usage_stats"] });
  });

  after(() => shutdown(driver, app));

  it("exports everything into one encrypted archive, with progress and a result", async () => {
    await writeEntry(app, { title: "Soon gone", body: "a canary 7f3a", tags: "旅行" });
    await writeEntry(app, { title: "第二篇", body: "中文内容" });
    await app.click("entry-item");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    await app.click("editor-back");

    await app.click("nav-settings");
    await app.click("settings-data");
    await app.click("export-encrypt");
    await app.visible("export-plain-warning");
    await app.click("export-encrypt");
    await app.type("export-path", exportFile);
    await app.type("export-passphrase", EXPORT_PASSPHRASE);
    await app.click("export-all");
    await app.browser.waitUntil(async () => (await app.el("data-result").isExisting()) || (await app.el("error-message").isExisting()));
    if (await app.el("error-message").isExisting()) assert.fail(await app.text("error-message"));
    const result = await app.waitForText("data-result", (t) => t.startsWith("Exported"), "a result");
    assert.match(result, /Exported 2 entries and 1 photo \(/);
    await app.screenshot("62-settings-data-exported");
    const bytes = readFileSync(exportFile);
    assert.ok(bytes.subarray(0, 16).toString() === "KEEPSAKE-SEALED ", "sealed");
    assert.ok(!bytes.includes(Buffer.from("canary 7f3a")), "nothing readable in the file");
    assert.ok(!existsSync(`${exportFile}.partial`));
  });

  it("destroys the keys and every file, reports it, and starts over at onboarding", async () => {    const service = keychainService(driver.dataDir);
    assert.equal(keychainItems(service), 1, "remember_device was granted at onboarding");
    assert.ok(readdirSync(driver.dataDir).includes("diary.db"));

    await app.click("nav-timeline");
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

  it("imports the export into the new diary: every entry and photo is back", async () => {
    await onboard(app, PASSPHRASE);
    await app.click("nav-settings");
    await app.click("settings-data");
    await app.type("import-path", exportFile);
    await app.type("import-passphrase", "not the export secret");
    await app.click("import-start");
    await app.waitForText("error-message", (t) => t.includes("not correct"), "a wrong passphrase");
    await app.type("import-passphrase", EXPORT_PASSPHRASE);
    await app.click("import-start");
    const result = await app.waitForText("data-result", (t) => t.startsWith("Imported"), "a result");
    assert.match(result, /Imported 2 entries and 1 photo; 0 entries were already here/);

    await app.click("nav-timeline");
    await app.visible("entry-item");
    assert.deepEqual((await app.texts("entry-item", ".entry-title")).sort(), ["Soon gone", "第二篇"].sort());
    await app.click("nav-gallery");
    await app.visible("gallery-image");
    const sizes = await app.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="gallery-image"] img')].map((i) => [i.naturalWidth, i.naturalHeight]),
    );
    assert.deepEqual(sizes, [[32, 64]], "the photo is back, upright");
    await app.click("nav-search");
    await app.type("search-input", "旅行");
    await app.waitForText("search-result", (t) => t.includes("Soon gone"), "found by its tag");

    // Twice: nothing is duplicated.
    await app.click("nav-settings");
    await app.click("settings-data");
    await app.type("import-path", exportFile);
    await app.type("import-passphrase", EXPORT_PASSPHRASE);
    await app.click("import-start");
    await app.waitForText("data-result", (t) => /Imported 0 entries and 0 photos; 2 entries were already here/.test(t), "no duplicates");
  });

  it("refuses a file that is not an export, changing nothing", async () => {
    const fake = path.join(outside, "not-an-export.zip");
    writeFileSync(fake, "PK this is not a zip at all");
    await app.type("import-path", fake);
    await app.type("import-passphrase", "");
    await app.click("import-start");
    await app.waitForText("error-message", (t) => t.includes("cannot be imported"), "a clear refusal");
    await app.screenshot("63-import-refused");
    await app.click("nav-timeline");
    await app.visible("entry-item");
    assert.equal((await app.texts("entry-item", ".entry-title")).length, 2);
  });
});
