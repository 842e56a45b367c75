// Issue 11: no file path comes from script. Started as a user starts it (without the test-only
// KEEPSAKE_TEST_TYPED_PATHS), the web view holds only opaque, single-use grants: a command given
// a path by script writes nothing, and a path typed into a field opens the native dialog there,
// for the user to confirm or cancel.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Driver, desktop, onboard, shutdown, writeEntry } from "./harness.mjs";

const PASSPHRASE = "paths from people 7";
const outside = mkdtempSync(path.join(tmpdir(), "keepsake-paths-"));

/** Invoke `cmd` from page script, as injected script would; the error it fails with, or null. */
function invokeFromScript(app, cmd, args) {
  return app.browser.execute(async (cmd, args) => {
    try {
      await window.__TAURI_INTERNALS__.invoke(cmd, args);
      return null;
    } catch (e) {
      return e;
    }
  }, cmd, args);
}

describe("paths come from the user, not from script", () => {
  let driver;
  let app;

  before(async () => {
    driver = await Driver.start({ typedPaths: false });
    app = await driver.launch();
    await onboard(app, PASSPHRASE);
    await writeEntry(app, { title: "Not for a synced folder", body: "canary 5e2d" });
  });

  after(() => shutdown(driver, app));

  it("refuses a plain export, an import and a feedback file to paths script names", async () => {
    const target = path.join(outside, "exfiltrated.zip");
    const channel = "__CHANNEL__:1";
    const forged = await invokeFromScript(app, "export_all", { grant: target, passphrase: null, onProgress: channel });
    assert.equal(forged?.kind, "not_granted", JSON.stringify(forged));
    // The old shape of the command, a path, is not accepted either.
    const old = await invokeFromScript(app, "export_all", { path: target, passphrase: null, onProgress: channel });
    assert.ok(old, "refused");
    const feedback = await invokeFromScript(app, "save_feedback", { language: "en", message: "x", grant: target });
    assert.equal(feedback?.kind, "not_granted");
    const imported = await invokeFromScript(app, "import_archive", { grant: "1", passphrase: null, onProgress: channel });
    assert.equal(imported?.kind, "not_granted");
    assert.deepEqual(readdirSync(outside), [], "nothing written");
  });

  it("asks in the native dialog for a typed path, and writes nothing when the user cancels", async () => {
    const typed = path.join(outside, "typed.zip");
    await app.click("nav-settings");
    await app.click("settings-data");
    await app.type("export-path", typed);
    await app.type("export-passphrase", "an export secret 1");
    await app.click("export-all");
    const dialog = await desktop.waitForWindow("Choose where to save");
    desktop.pressEscapeIn(dialog);
    await app.browser.waitUntil(async () => !desktop.windowShown("Choose where to save"), {
      timeout: 15_000,
      timeoutMsg: "the dialog stayed open",
    });
    // Cancelled: no job runs, nothing is written, no error is shown.
    await app.browser.waitUntil(async () => await app.el("export-all").isEnabled(), {
      timeout: 15_000,
      timeoutMsg: "export stayed busy",
    });
    assert.equal(await app.el("error-message").isExisting(), false);
    assert.equal(existsSync(typed), false);
    assert.deepEqual(readdirSync(outside), []);
  });
});
