// Never lose a diary: back up now, delete an entry for good and restore that one entry from the
// backup; Recently deleted; a damaged database rescued from the unlock screen; delete
// everything takes the backups with it.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, onboard, shutdown, writeEntry } from "./harness.mjs";

const PASSPHRASE = "tide pools 潮汐 at dawn";

/** The titles the timeline shows now. */
async function timelineTitles(app) {
  await app.click("nav-timeline");
  await app.visible("new-entry");
  return app.texts("entry-item", ".entry-title");
}

/** Wait until the timeline shows exactly `titles` (in any order). */
async function timelineIs(app, titles, what) {
  let seen = [];
  await app.browser.waitUntil(
    async () => {
      seen = await timelineTitles(app);
      return JSON.stringify([...seen].sort()) === JSON.stringify([...titles].sort());
    },
    { timeoutMsg: `${what}: timeline shows ${JSON.stringify(seen)}` },
  );
}

async function openEntry(app, title) {
  await app.click("nav-timeline");
  await app.visible("entry-item");
  const items = await app.all("entry-item");
  for (const item of items) {
    if ((await item.getText()).includes(title)) {
      await item.click();
      await app.visible("entry-title");
      return;
    }
  }
  assert.fail(`no entry titled ${title}`);
}

async function deleteEntry(app, title) {
  await openEntry(app, title);
  await app.click("entry-delete");
  await app.click("entry-delete-confirm");
  await app.visible("new-entry");
}

async function openData(app) {
  await app.click("nav-settings");
  await app.click("settings-data");
  await app.visible("backup-now");
}

/** Back up now from Settings → Data; the id of the new backup (the newest row). */
async function backUpNow(app) {
  await openData(app);
  const before = (await app.all("backup-row")).length;
  await app.click("backup-now");
  await app.browser.waitUntil(async () => (await app.all("backup-row")).length === before + 1, {
    timeoutMsg: "a new backup row",
  });
  await app.waitForText("backup-health", (t) => /Last backup .*checked\./.test(t), "a checked backup");
  return app.el("backup-row").getAttribute("data-id");
}

describe("backups and Recently deleted", () => {
  let driver;
  let app;
  let firstBackup;

  before(async () => {
    driver = await Driver.start();
    app = await driver.launch();
    await onboard(app, PASSPHRASE);
  });

  after(() => shutdown(driver, app));

  it("restores one entry deleted for good from a backup, with nothing else changed", async () => {
    await writeEntry(app, { title: "Harbour at dusk", body: "gulls over the 港口", tags: "walks" });
    await writeEntry(app, { title: "Kept all along", body: "still here" });
    const id = await backUpNow(app);
    firstBackup = id;
    const rows = await app.texts("backup-row");
    assert.match(rows[0], /2 entries, 0 photos/);
    await app.screenshot("80-settings-data-backups");

    // Deleted, then deleted for good from Recently deleted.
    await deleteEntry(app, "Harbour at dusk");
    await app.click("nav-settings");
    await app.click("settings-trash");
    await app.visible("trash-item");
    await app.click("trash-delete-forever");
    await app.visible("trash-empty");
    await timelineIs(app, ["Kept all along"], "after deleting for good");
    await writeEntry(app, { title: "Written after the backup" });

    // Browse the backup and bring back just that entry.
    await openData(app);
    const row = app.browser.$(`[data-testid="backup-row"][data-id="${id}"]`);
    await row.$('[data-testid="backup-open"]').click();
    await app.visible("backup-browser");
    await app.browser.waitUntil(async () => (await app.all("backup-entry")).length === 2, {
      timeoutMsg: "the backup's two entries",
    });
    const entries = await app.all("backup-entry");
    for (const entry of entries) {
      if ((await entry.getText()).includes("Harbour at dusk")) await entry.click();
    }
    await app.screenshot("81-backup-browser");
    await app.click("backup-restore-entries");
    const result = await app.waitForText("backup-restore-result", (t) => t.startsWith("Restored"), "a result");
    assert.match(result, /Restored 1 entry and 0 photos\./);
    await app.click("backup-close");

    await timelineIs(app, ["Harbour at dusk", "Kept all along", "Written after the backup"], "after the restore");
    await openEntry(app, "Harbour at dusk");
    assert.match(await app.el("entry-body").getValue(), /gulls over the 港口/);
    // Searchable again.
    await app.click("editor-back");
    await app.click("nav-search");
    await app.type("search-input", "港口");
    await app.waitForText("search-result", (t) => t.includes("Harbour at dusk"), "the restored entry");
  });

  it("speaks Chinese on the backups and Recently deleted screens", async () => {
    await app.click("nav-settings");
    await app.click("settings-language");
    await app.el("language-select").selectByAttribute("value", "zh-CN");
    await app.click("settings-data");
    await app.waitForText("backup-health", (t) => t.startsWith("最近一次备份在"), "the health line in Chinese");
    assert.match(await app.text("backup-row"), /篇|手动/);
    await app.screenshot("84-settings-data-backups-zh");
    await app.click("settings-trash");
    await app.visible("trash-empty");
    assert.match(await app.text("trash-empty"), /最近没有删除/);
    await app.screenshot("85-recently-deleted-zh");
    await app.click("settings-language");
    await app.el("language-select").selectByAttribute("value", "en");
    await app.waitForText("settings-data", (t) => t === "Data", "English again");
  });

  it("keeps a deleted entry in Recently deleted and puts it back", async () => {
    await deleteEntry(app, "Kept all along");
    await app.waitForText("toast", (t) => t.includes("Recently deleted"), "where it went");
    await timelineIs(app, ["Harbour at dusk", "Written after the backup"], "after deleting");
    await app.click("nav-settings");
    await app.click("settings-trash");
    const item = await app.visible("trash-item");
    assert.match(await item.getText(), /Kept all along/);
    assert.match(await item.getText(), /goes for good/);
    await app.screenshot("82-recently-deleted");
    await app.click("trash-restore");
    await app.visible("trash-empty");
    await timelineIs(app, ["Harbour at dusk", "Kept all along", "Written after the backup"], "after restoring");
  });

  it("restores the whole diary from a backup, and goes back with the backup made first", async () => {
    await openData(app);
    const rows = (await app.all("backup-row")).length;
    const row = app.browser.$(`[data-testid="backup-row"][data-id="${firstBackup}"]`);
    await row.$('[data-testid="backup-restore"]').click();
    await app.waitForText("toast", (t) => t.startsWith("The diary is as it was on"), "a restore");
    await timelineIs(app, ["Harbour at dusk", "Kept all along"], "as in the first backup");
    // The diary as it was before the restore is the newest backup now.
    await openData(app);
    await app.browser.waitUntil(async () => (await app.all("backup-row")).length === rows + 1);
    assert.match(await app.text("backup-row"), /before a restore/);
    await app.click("backup-restore");
    await app.waitForText("toast", (t) => t.startsWith("The diary is as it was on"), "a second restore");
    await timelineIs(app, ["Harbour at dusk", "Kept all along", "Written after the backup"], "back as it was");
  });

  it("notices a damaged diary at unlock and restores the newest backup", async () => {
    await backUpNow(app);
    await app.click("lock");
    await app.visible("unlock-passphrase");
    await app.quit();

    // Sixteen bytes flipped in the middle of the database, as a bad sector or sync tool would.
    const db = path.join(driver.dataDir, "diary.db");
    const bytes = readFileSync(db);
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 16; i++) bytes[i] ^= 0x5a;
    writeFileSync(db, bytes);

    app = await driver.launch();
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    const message = await app.text("damage-message");
    assert.match(message, /damaged/);
    await app.screenshot("83-unlock-damaged");
    await app.click("unlock-restore-backup");
    await app.waitForText("toast", (t) => t.startsWith("Restored the backup of"), "a rescue");
    await timelineIs(app, ["Harbour at dusk", "Kept all along", "Written after the backup"], "after the rescue");
    const kept = readdirSync(driver.dataDir).filter((f) => f.startsWith("diary-damaged-"));
    assert.equal(kept.length, 1, "the damaged file is kept aside");
    assert.deepEqual(readFileSync(path.join(driver.dataDir, kept[0])), bytes);
  });

  it("re-encrypts the diary under a new key: a new recovery key, the old backups gone", async () => {
    await openData(app);
    const before = (await app.all("backup-row")).length;
    assert.ok(before >= 1);
    await app.click("settings-security");
    await app.type("rekey-passphrase", PASSPHRASE);
    await app.click("rekey-submit");
    const result = await app.waitForText("rekey-result", (t) => t.includes("re-encrypted"), "a result");
    assert.match(result, new RegExp(`${before} older backups? (was|were) removed`));
    const key = await app.waitForText("rekey-recovery-key", (t) => t.length === 39, "a new recovery key");
    await app.screenshot("86-rekeyed");
    await app.click("lock");
    await app.click("unlock-use-recovery");
    await app.type("unlock-recovery-key", key);
    await app.click("unlock-submit");
    await timelineIs(app, ["Harbour at dusk", "Kept all along", "Written after the backup"], "after re-encrypting");
    await openData(app);
    assert.equal((await app.all("backup-row")).length, 1, "one backup, under the new key");
    assert.match(await app.text("backup-row"), /after re-encryption/);
  });

  it("delete everything removes the backups too", async () => {
    assert.ok(existsSync(path.join(driver.dataDir, "backups", "snapshots")));
    await openData(app);
    await app.click("delete-everything");
    await app.type("delete-confirm-text", "DELETE");
    await app.click("delete-confirm");
    const report = await app.text("wipe-report");
    assert.match(report, /every backup in the diary's folder/);
    assert.match(report, /diary-damaged-/);
    assert.deepEqual(readdirSync(driver.dataDir), [], "no file or folder the app wrote remains");
  });
});
