// Issue 5's sharing journey: refused while the permission is off (with the reason shown); once
// granted, an entry with a photo shared as one HTML file that holds its text and photo and no
// EXIF, recorded in the share log, which can be cleared.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { newDiary, shutdown, writeEntry } from "./harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "lanterns 灯笼 over water";
const outside = mkdtempSync(path.join(tmpdir(), "keepsake-shares-"));

describe("sharing an entry", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("is refused while the sharing permission is off, and says why", async () => {
    await writeEntry(app, { title: "Lantern festival 元宵", body: "Red lanterns <b>everywhere</b>.", tags: "节日" });
    await app.click("entry-item");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    await app.click("entry-share");
    assert.match(await app.text("share-off"), /Sharing is off/);
    await app.type("share-path", path.join(outside, "refused.html"));
    assert.equal(await app.el("share-confirm").isEnabled(), false);
    await app.click("editor-back");
  });

  it("shares it as one HTML file holding its text and photo, without EXIF, and logs it", async () => {
    await app.click("nav-settings");
    await app.click("settings-permissions");
    await app.grant("sharing");
    await app.click("nav-timeline");
    await app.click("entry-item");
    await app.click("entry-share");
    await app.el("share-format").selectByAttribute("value", "html");
    const file = path.join(outside, "lanterns.html");
    await app.type("share-path", file);
    await app.screenshot("64-share-dialog");
    await app.click("share-confirm");
    await app.waitForText("toast", (t) => t.startsWith("Saved"), "saved");

    const page = readFileSync(file, "utf8");
    assert.match(page, /Lantern festival 元宵/);
    assert.match(page, /Red lanterns &lt;b&gt;everywhere&lt;\/b&gt;\./, "HTML in the text stays text");
    assert.doesNotMatch(page, /节日/, "tags only when chosen");
    assert.doesNotMatch(page, /<script/i);
    const photo = Buffer.from(/data:image\/jpeg;base64,([^"]+)"/.exec(page)[1], "base64");
    assert.equal(photo[0], 0xff);
    assert.equal(photo[1], 0xd8, "a JPEG");
    assert.equal(photo.includes(Buffer.from("Exif")), false, "no EXIF");
    assert.equal(photo.includes(Buffer.from("KeepsakeTestCam")), false, "no camera make");
    await app.click("editor-back");

    await app.click("nav-settings");
    await app.click("settings-sharing");
    await app.visible("share-log-row");
    const rows = await app.texts("share-log-row");
    assert.equal(rows.length, 1);
    assert.match(rows[0], /Lantern festival 元宵 · One HTML file \(photos inside\) · a file/);
    await app.screenshot("65-settings-sharing");
    await app.click("share-log-clear");
    await app.waitForText("toast", (t) => t === "Share log cleared", "cleared");
    assert.deepEqual(await app.texts("share-log-row"), []);
  });
});
