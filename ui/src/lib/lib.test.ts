import { describe, expect, it, vi } from "vitest";
import { IpcError } from "../ipc";
import { monthGrid, nowAsEntryDate, today } from "./dates";
import { describeError, isThrottled } from "./errors";
import { completeFragment, currentFragment, parseTags, renderMarkdown } from "./markdown";
import { policyBlocks } from "./policy";
import { avatarUrl, imageUrl, pool } from "./images";
import { healthLine, timeAgo } from "./backups";

describe("describeError", () => {
  it("maps back-end kinds to catalog keys with their parameters", () => {
    const e = new IpcError({ kind: "throttled", message: "x", retryAfterSecs: 9, permission: null });
    expect(describeError(e)).toEqual({
      key: "errors.throttled",
      params: { s: 9, n: 8 },
      permission: null,
    });
    const off = new IpcError({ kind: "permission_off", message: "x", retryAfterSecs: null, permission: "location" });
    expect(describeError(off)).toMatchObject({ key: "errors.permission_off", permission: "location" });
    expect(isThrottled(e)).toBe(true);
    expect(describeError(new Error("boom")).key).toBe("errors.internal");
    expect(isThrottled(new Error("boom"))).toBe(false);
  });
});

describe("nowAsEntryDate", () => {
  it("pads to YYYY-MM-DDTHH:MM in local time", () => {
    expect(nowAsEntryDate(new Date(2026, 0, 5, 7, 3))).toBe("2026-01-05T07:03");
  });
});

describe("policyBlocks", () => {
  it("splits headings and paragraphs and never interprets HTML", () => {
    const blocks = policyBlocks("# Title\n\n## Part\n\nline one\nline two\n\n<b>not bold</b>");
    expect(blocks).toEqual([
      { kind: "title", text: "Title" },
      { kind: "heading", text: "Part" },
      { kind: "paragraph", text: "line one line two" },
      { kind: "paragraph", text: "<b>not bold</b>" },
    ]);
  });
});

describe("renderMarkdown", () => {
  it("renders Markdown but never raw HTML, scripts or script links", () => {
    const html = renderMarkdown(
      "# Hi\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n" +
        "[click](javascript:alert(3)) [web](https://example.com)",
    );
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect(doc.querySelector("h1")!.textContent).toBe("Hi");
    expect(doc.querySelector("strong")!.textContent).toBe("bold");
    expect(doc.querySelector("script, img, [onerror]")).toBeNull();
    expect(doc.body.textContent).toContain("<script>alert(1)</script>");
    const hrefs = [...doc.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual(["https://example.com"]);
  });
});

describe("tags text", () => {
  it("splits on English and Chinese commas and completes the last fragment", () => {
    expect(parseTags(" travel, 家人，#food 、 ,")).toEqual(["travel", "家人", "#food"]);
    expect(currentFragment("travel, #fo")).toBe("fo");
    expect(completeFragment("travel, fo", "food")).toBe("travel, food, ");
    expect(completeFragment("fo", "food")).toBe("food, ");
  });
});

describe("pool", () => {
  it("keeps at most `limit` tasks in flight and results in input order", async () => {
    let running = 0;
    let peak = 0;
    const out = await pool([30, 5, 20, 1, 10], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });
});

describe("imageUrl", () => {
  it("addresses the app's own scheme and escapes the id", () => {
    expect(imageUrl("0193-ab", "thumb")).toBe("keepsake://localhost/thumb/0193-ab");
    expect(imageUrl("../x", "image")).toBe("keepsake://localhost/image/..%2Fx");
    expect(avatarUrl(26)).toBe("keepsake://localhost/avatar/1a");
  });

  it("addresses photos and the avatar the way WebView2 reaches the scheme on Windows", async () => {
    const agent = vi.spyOn(navigator, "userAgent", "get").mockReturnValue("Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    vi.resetModules();
    try {
      const windows = await import("./images");
      expect(windows.imageUrl("a", "thumb")).toBe("http://keepsake.localhost/thumb/a");
      expect(windows.avatarUrl(1)).toBe("http://keepsake.localhost/avatar/1");
    } finally {
      agent.mockRestore();
      vi.resetModules();
    }
  });
});

describe("monthGrid", () => {
  it("lays a month out in Monday-first weeks", () => {
    const nov = monthGrid(2026, 11); // 1 November 2026 is a Sunday
    expect(nov[0]).toEqual([null, null, null, null, null, null, 1]);
    expect(nov.flat().filter((d) => d !== null)).toHaveLength(30);
    expect(nov.every((w) => w.length === 7)).toBe(true);
    expect(monthGrid(2024, 2).flat().filter(Boolean)).toHaveLength(29);
    expect(today(new Date(2026, 10, 23, 23, 59))).toBe("2026-11-23");
  });
});

describe("backup health", () => {
  const HOUR = 3600_000;
  const now = Date.UTC(2026, 11, 1, 12);
  const health = (newest: { createdAt: number; verified: boolean } | null) => ({
    newest: newest && {
      id: "x",
      reason: "manual" as const,
      dbBytes: 1,
      addedBytes: 1,
      entries: 1,
      photos: 0,
      ...newest,
    },
    count: newest ? 1 : 0,
    damaged: 0,
    folderBytes: 0,
    budgetBytes: 0,
    secondFolder: null,
    secondFolderReachable: false,
    syncedBy: null,
    syncWarningSeen: false,
  });

  it("says how long ago, whether it was checked, and warns when none or stale", () => {
    expect(timeAgo(now - 2 * HOUR, now, "en")).toBe("2 hours ago");
    expect(timeAgo(now - 2 * HOUR, now, "zh-CN")).toBe("2小时前");
    expect(timeAgo(now - 10_000, now, "en")).toBe("this minute");
    expect(healthLine(health(null), now)).toEqual({ key: "backups.healthNone", warn: true, at: null });
    expect(healthLine(health({ createdAt: now - HOUR, verified: true }), now)).toMatchObject({
      key: "backups.healthOk",
      warn: false,
    });
    expect(healthLine(health({ createdAt: now - HOUR, verified: false }), now).key).toBe("backups.healthUnchecked");
    expect(healthLine(health({ createdAt: now - 8 * 24 * HOUR, verified: true }), now).warn).toBe(true);
  });
});
