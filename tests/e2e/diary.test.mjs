// Issue 3's journeys for entries: tags, mood, Markdown preview, hostile text, and search in
// Chinese and English with filters, surviving a relaunch.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newDiary, shutdown, writeEntry } from "./harness.mjs";

const PASSPHRASE = "quiet harbour 雨天 lamps";
const PAYLOAD = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script>`;

describe("writing and finding entries", () => {
  let driver;
  let app;

  before(async () => {
    ({ driver, app } = await newDiary(PASSPHRASE));
  });

  after(() => shutdown(driver, app));

  const results = () => app.texts("search-result", ".entry-title");

  async function search(text) {
    await app.type("search-input", text);
    // Results settle after the debounce: wait for a count or the empty message for this text.
    await app.browser.waitUntil(async () => {
      const count = await app.el("search-count").isExisting();
      const none = await app.el("search-empty").isExisting();
      const value = await app.el("search-input").getValue();
      return (count || none) && value === text;
    });
    await app.browser.waitUntil(async () => {
      const before = JSON.stringify(await results());
      await new Promise((r) => setTimeout(r, 300)); // let a pending debounce land
      return before === JSON.stringify(await results());
    });
    return results();
  }

  it("writes entries with tags, mood and Markdown", async () => {
    await writeEntry(app, {
      title: "雨天读书",
      body: "窗外下着小雨，**读完了**一本书。",
      date: "2026-11-22T21:15",
      tags: "读书, 家",
      mood: 4,
    });
    await writeEntry(app, {
      title: "Harbour walk",
      body: "Fog over the water, then *sun*.\n\n- gulls\n- wind",
      date: "2026-11-20T08:30",
      tags: "walk, sea",
      mood: 5,
    });
    await writeEntry(app, { title: "天", body: "一个字的标题", date: "2026-11-18T10:00", tags: "walk", mood: 2 });
    const items = await app.texts("entry-item");
    assert.equal(items.length, 3);
    assert.match(items[0], /#家/);
    assert.match(items[0], /Good/);
    await app.screenshot("20-timeline-tags-mood");
  });

  it("previews Markdown, and renders script in every field as text with nothing run", async () => {
    await writeEntry(app, { title: PAYLOAD, body: `# Heading\n\n${PAYLOAD}\n\n[x](javascript:alert(1))`, tags: "<script>x</script>, <b onclick=x>", date: "2026-11-10T10:00" });
    const items = await app.all("entry-item");
    const hostile = items[items.length - 1];
    assert.match(await hostile.getText(), /<script>window/, "the payload shows as text in the timeline");
    assert.match(await hostile.getText(), /#<script>x<\/script>/, "so do the tags");
    await hostile.click();
    await app.click("editor-preview-tab");
    const preview = await app.visible("entry-preview");
    assert.equal(await preview.$("h1").getText(), "Heading");
    assert.match(await preview.getText(), /<script>window.__pwned/);
    const injected = await app.browser.execute(() => ({
      pwned: window.__pwned ?? null,
      scripts: document.querySelectorAll("[data-testid=entry-preview] script, [data-testid=entry-preview] img").length,
      jsLinks: document.querySelectorAll("a[href^='javascript']").length,
    }));
    assert.deepEqual(injected, { pwned: null, scripts: 0, jsLinks: 0 });
    await app.screenshot("21-editor-preview-hostile");
    await app.click("editor-back");
  });

  it("finds Chinese words of one, two and three characters, and English by prefix", async () => {
    await app.click("nav-search");
    assert.deepEqual(await search("雨"), ["雨天读书"]);
    assert.deepEqual(await search("读书"), ["雨天读书"]);
    assert.deepEqual(await search("读完了"), ["雨天读书"]);
    assert.deepEqual(await search("天"), ["雨天读书", "天"], "newest first");
    assert.deepEqual(await search("harb"), ["Harbour walk"]);
    assert.deepEqual(await search("gulls"), ["Harbour walk"]);
    assert.deepEqual(await search("zebra"), []);
    await search("读书");
    const mark = await app.el("search-result").$("mark");
    assert.equal(await mark.getText(), "读书");
    await app.screenshot("22-search-chinese");
  });

  it("filters by tag, mood and date range", async () => {
    await app.type("search-input", "");
    await app.type("search-tag", "walk");
    await app.browser.waitUntil(async () => (await results()).length === 2);
    assert.deepEqual(await results(), ["Harbour walk", "天"]);
    await app.el("search-mood").selectByAttribute("value", "5");
    await app.browser.waitUntil(async () => (await results()).length === 1);
    assert.deepEqual(await results(), ["Harbour walk"]);
    await app.el("search-mood").selectByIndex(0);
    await app.type("search-tag", "");
    await app.setInputValue("search-from", "2026-11-19");
    await app.setInputValue("search-to", "2026-11-21");
    await app.browser.waitUntil(async () => (await results()).length === 1);
    assert.deepEqual(await results(), ["Harbour walk"]);
    await app.screenshot("23-search-filters");
  });

  it("marks days in the calendar, lists a day, and shows this day in earlier years", async () => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const thisDay = `${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    await app.click("nav-timeline");
    await writeEntry(app, { title: "A year ago today", body: "memories", date: `${now.getFullYear() - 1}-${thisDay}T09:00` });
    await app.click("nav-calendar");
    await app.visible("calendar-month");
    // Walk from this month back to November 2026, where the entries above were written.
    const months = (now.getFullYear() - 2026) * 12 + now.getMonth() - 10;
    for (let i = 0; i < Math.abs(months); i++) await app.click(months > 0 ? "calendar-prev" : "calendar-next");
    await app.waitForText("calendar-month", (t) => t.includes("November 2026"), "November 2026");
    const day = (date) => app.browser.$(`[data-testid="calendar-day"][data-id="${date}"]`);
    await app.browser.waitUntil(async () => (await day("2026-11-22").getAttribute("data-count")) === "1");
    assert.equal(await day("2026-11-21").getAttribute("data-count"), "0");
    await day("2026-11-22").click();
    await app.browser.waitUntil(async () => (await app.texts("entry-item", ".entry-title")).join() === "雨天读书");
    await app.screenshot("24-calendar");

    await app.click("nav-timeline");
    await app.visible("on-this-day");
    const earlier = await app.browser.execute(() =>
      [...document.querySelectorAll("[data-testid=on-this-day] .entry-title")].map((e) => e.textContent.trim()),
    );
    assert.deepEqual(earlier, ["A year ago today"]);
    await app.screenshot("25-on-this-day");
  });

  it("still finds everything after a relaunch", async () => {
    await app.quit();
    app = await driver.launch();
    await app.type("unlock-passphrase", PASSPHRASE);
    await app.click("unlock-submit");
    await app.click("nav-search");
    assert.deepEqual(await search("读书"), ["雨天读书"]);
    assert.deepEqual(await search("fog"), ["Harbour walk"]);
  });
});
