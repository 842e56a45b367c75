// Issue 3's journeys for photos: attach through the file input, see the photo in the entry, the
// timeline and the gallery (served by the keepsake: scheme), relaunch, delete.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { newDiary, shutdown } from "./harness.mjs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const PASSPHRASE = "shells and 海风 at noon";

/** Natural sizes of the images matched by `selector` once they have loaded (0 if broken). */
async function loadedSizes(app, selector) {
  await app.browser.waitUntil(() =>
    app.browser.execute((s) => [...document.querySelectorAll(s)].every((i) => i.complete), selector),
  );
  return app.browser.execute(
    (s) => [...document.querySelectorAll(s)].map((i) => [i.naturalWidth, i.naturalHeight]),
    selector,
  );
}

describe("photos", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  it("attaches a photo through the file input; it is rotated upright and shown", async () => {
    await app.click("new-entry");
    await app.type("entry-title", "Beach day");
    await app.el("entry-image-input").addValue(path.join(fixtures, "portrait-exif-gps.jpg"));
    await app.visible("entry-image");
    assert.equal(
      await app.el("entry-image").getAttribute("aria-label"),
      "Open photo 1 of 1",
      "the thumbnail button has a name a screen reader reads",
    );
    const [thumb] = await loadedSizes(app, "[data-testid=entry-image] img");
    assert.deepEqual(thumb, [32, 64], "EXIF orientation 6 applied: landscape pixels became portrait");
    await app.screenshot("30-editor-photo");

    await app.click("entry-image");
    await app.visible("image-viewer");
    assert.deepEqual(await loadedSizes(app, "[data-testid=image-large]"), [[32, 64]]);
    await app.screenshot("31-photo-viewer");
    await app.click("image-viewer-close");
  });

  it("refuses a file that is not an image, with a clear message", async () => {
    await app.el("entry-image-input").addValue(path.join(fixtures, "not-an-image.jpg"));
    await app.waitForText("error-message", (t) => t.includes("not-an-image.jpg: This is not a supported image"), "a clear refusal");
    assert.equal((await app.all("entry-image")).length, 1, "nothing was added");
    await app.click("editor-back");
  });

  it("shows the photo in the timeline and the gallery, and again after a relaunch", async () => {
    assert.deepEqual(await loadedSizes(app, "[data-testid=entry-cover]"), [[32, 64]]);
    await app.click("nav-gallery");
    await app.visible("gallery-image");
    assert.deepEqual(await loadedSizes(app, "[data-testid=gallery-image] img"), [[32, 64]]);
    await app.screenshot("32-gallery");

    await app.quit();
    app = await driver.launch();
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.click("nav-gallery");
    await app.visible("gallery-image");
    assert.deepEqual(await loadedSizes(app, "[data-testid=gallery-image] img"), [[32, 64]]);
  });

  it("deletes a photo from the gallery after confirming", async () => {
    await app.click("gallery-image");
    await app.click("image-delete");
    await app.click("image-delete-confirm");
    await app.waitForText("toast", (t) => t.includes("Photo deleted"), "a deleted toast");
    await app.browser.waitUntil(async () => (await app.all("gallery-image")).length === 0);
    await app.click("nav-timeline");
    await app.visible("entry-item");
    assert.equal((await app.all("entry-cover")).length, 0);
  });
});
