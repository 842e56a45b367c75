// Issue 10's desktop rules, through the real window on an X desktop: one Keepsake per diary
// folder (a second start brings the running window to the front, however the folder is spelled),
// a clear message when another process holds the folder, the window opening where it was left,
// the About screen with every licence, and feedback the user reads before it leaves.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Driver,
  WINDOW_TITLE as TITLE,
  folderHeld,
  keepsakeProcesses,
  onboard,
  secondStartComesToTheFront,
  shutdown,
  writeEntry,
} from "./harness.mjs";

const PASSPHRASE = "one window per diary 拾忆";

describe("one Keepsake per diary, and a window that opens where it was left", () => {
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start();
    app = await driver.launch();
    await onboard(app, PASSPHRASE);
  });

  after(() => shutdown(driver, app));

  it("a second start brings the running window to the front and leaves one process", async () => {
    assert.equal(keepsakeProcesses(), 1);
    await secondStartComesToTheFront(app, driver.dataDir);
    await app.visible("new-entry");
  });

  it("also when the folder is spelled through a symlink or with a trailing slash", async () => {
    const link = path.join(mkdtempSync(path.join(tmpdir(), "keepsake-link-")), "diary");
    symlinkSync(driver.dataDir, link);
    for (const spelling of [link, `${driver.dataDir}/`, `${link}/`]) await secondStartComesToTheFront(app, spelling);
    await app.visible("new-entry");
  });

  it("opens the window where it was left, at the size it had", async () => {
    const [id] = execLines("xdotool", ["search", "--onlyvisible", "--name", `^${TITLE}$`]);
    execLines("xdotool", ["windowsize", "--sync", id, "900", "640"]);
    execLines("xdotool", ["windowmove", "--sync", id, "150", "90"]);
    const settings = path.join(driver.dataDir, "settings.json");
    await app.browser.waitUntil(
      () => {
        const w = JSON.parse(readFileSync(settings, "utf8")).window;
        return w?.width === 900 && w?.height === 640 && w?.x === 150 && w?.y === 90;
      },
      { timeoutMsg: "the window's new place was not kept" },
    );
    await app.quit();
    app = await driver.launch();
    await app.visible("unlock-passphrase");
    const [again] = execLines("xdotool", ["search", "--onlyvisible", "--name", `^${TITLE}$`]);
    const geometry = execLines("xdotool", ["getwindowgeometry", again]).join("\n");
    assert.match(geometry, /Position: 150,90\b/, geometry);
    assert.match(geometry, /Geometry: 900x640\b/, geometry);
    await app.screenshot("90-window-remembered");
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.visible("new-entry");
  });

  it("About shows the version, the licence and every bundled component's licence", async () => {
    await app.click("nav-settings");
    await app.click("settings-about");
    assert.equal(await app.text("about-version"), "Keepsake (拾忆) 0.1.0");
    assert.equal(await app.text("about-licence"), "MIT OR Apache-2.0");
    await app.browser.waitUntil(async () => Number(await app.el("about-licences").getAttribute("data-count")) > 100, {
      timeoutMsg: "the licence list did not load",
    });
    const names = await app.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="about-licences"] summary span')].map((s) => s.textContent).join(", "),
    );
    for (const part of ["SQLCipher", "OpenSSL", "tauri ", "dompurify ", "svelte "]) assert.ok(names.includes(part), part);
    await app.screenshot("92-about");
    await app.click("settings-language");
    await app.el("language-select").selectByAttribute("value", "zh-CN");
    await app.click("settings-about");
    await app.waitForText("settings-about", (t) => t === "关于", "Chinese");
    await app.screenshot("92-about-zh");
    await app.click("settings-language");
    await app.el("language-select").selectByAttribute("value", "en");
    await app.waitForText("settings-about", (t) => t === "About", "English");
  });

  it("feedback is a report the user reads in full, saved to a file, with nothing of the diary in it", async () => {
    await app.click("nav-timeline");
    await writeEntry(app, { title: "canary-title-4c2", body: "canary-body-8e1", tags: "canary-tag-3d9" });
    await app.click("nav-settings");
    await app.click("settings-about");
    await app.click("feedback-open");
    await app.type("feedback-message", "The calendar could start on Monday.");
    const preview = await app.waitForText("feedback-preview", (t) => t.includes("start on Monday"), "the message in the preview");
    assert.match(preview, /Keepsake version: 0\.1\.0/);
    assert.match(preview, /Entries: 1/);
    assert.match(preview, /Errors in the local log: not kept \(diagnostics is off\)/);
    assert.doesNotMatch(preview, /canary|keepsake-e2e|\/tmp\//);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "keepsake-feedback-")), "feedback.txt");
    await app.type("feedback-path", file);
    await app.click("feedback-save");
    await app.waitForText("toast", (t) => t.includes("Feedback saved"), "saved");
    const saved = readFileSync(file, "utf8");
    assert.equal(saved.trim(), preview.trim(), "the file is exactly what the user read");
    await app.screenshot("93-feedback");
  });

  it("a folder held by a process that does not answer gets a clear message, and no diary", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keepsake-held-"));
    // Another build or a hung instance: it holds the folder's lock but answers nobody.
    const holder = spawn("flock", [dir, "sleep", "120"], { stdio: "ignore" });
    let other;
    let otherApp;
    try {
      await app.browser.waitUntil(() => folderHeld(dir), { timeoutMsg: "flock did not take the folder" });
      other = await Driver.start({ dataDir: dir });
      otherApp = await other.launch();
      const message = await otherApp.waitForText(
        "error-message",
        (t) => t.includes("already open in another Keepsake window"),
        "the in-use message",
      );
      assert.match(message, /Close it/);
      await otherApp.screenshot("91-diary-in-use");
      assert.equal(await otherApp.el("unlock-passphrase").isExisting(), false);
      assert.equal(await otherApp.el("onboarding-next").isExisting(), false);
      assert.deepEqual(readdirSync(dir), [], "nothing was written into the held folder");
    } finally {
      holder.kill();
      await otherApp?.browser.deleteSession().catch(() => undefined);
      await other?.stop();
    }
  });
});

function execLines(cmd, args) {
  return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n");
}
