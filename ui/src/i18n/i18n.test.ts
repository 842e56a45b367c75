import { describe, expect, it } from "vitest";
import { catalogs, formatEntryDate, preferredLanguage, setLanguage, t } from "./index.svelte";

describe("catalogs", () => {
  it("speak the same keys and the same placeholders in both languages", () => {
    const en = catalogs.en;
    const zh = catalogs["zh-CN"];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      expect(zh[key].trim(), key).not.toBe("");
    }
  });

  it("has a message for every error kind the back end sends", async () => {
    const kinds = (await import("../ipc/bindings.ts?raw")).default
      .match(/export type ErrorKindDto = ([^;]+);/)![1]!
      .split("|")
      .map((k: string) => k.trim().replace(/"/g, ""));
    expect(kinds.length).toBeGreaterThan(5);
    for (const kind of kinds) {
      expect(Object.keys(catalogs.en)).toContain(`errors.${kind}`);
    }
  });
});

describe("t", () => {
  it("picks the English plural form by n, and Chinese needs none", () => {
    setLanguage("en");
    expect(t("purged.places", { n: 1 })).toBe("1 place");
    expect(t("purged.places", { n: 3 })).toBe("3 places");
    expect(t("dashboard.count", { n: 0 })).toBe("0 items");
    setLanguage("zh-CN");
    expect(t("purged.places", { n: 3 })).toBe("3 个地点");
    setLanguage("en");
  });

  it("switches language at once and fills placeholders", () => {
    setLanguage("en");
    expect(t("errors.throttled", { s: 12 })).toBe("Too many attempts. Try again in 12 seconds.");
    setLanguage("zh-CN");
    expect(t("errors.throttled", { s: 12 })).toBe("尝试次数过多。请在 12 秒后重试。");
    expect(document.documentElement.lang).toBe("zh-CN");
    setLanguage("en");
  });

  it("picks Chinese only for Chinese systems", () => {
    expect(preferredLanguage(["zh-TW", "en"])).toBe("zh-CN");
    expect(preferredLanguage(["fr-FR", "en-GB"])).toBe("en");
  });

  it("formats entry dates without shifting them across time zones", () => {
    setLanguage("en");
    const shown = formatEntryDate("2024-02-29T23:45");
    expect(shown).toContain("29");
    expect(shown).toContain("2024");
    expect(shown).toMatch(/11:45|23:45/);
  });
});
