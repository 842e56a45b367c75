// Reactive translation: `t()` reads the current language, so every string re-renders at once
// when the language changes.
import { en, type MessageKey, type Messages } from "./en";
import { zhCN } from "./zh-CN";
import type { LanguageDto } from "../ipc";

export type { MessageKey } from "./en";

export const catalogs: Record<LanguageDto, Messages> = { en, "zh-CN": zhCN };
export const languages: { tag: LanguageDto; name: string }[] = [
  { tag: "en", name: "English" },
  { tag: "zh-CN", name: "简体中文" },
];

let current = $state<LanguageDto>("en");

export function language(): LanguageDto {
  return current;
}

export function setLanguage(tag: LanguageDto): void {
  current = tag;
  document.documentElement.lang = tag;
}

/** The system's language if we speak it, else English. */
export function preferredLanguage(navigatorLanguages: readonly string[]): LanguageDto {
  return navigatorLanguages.some((l) => l.toLowerCase().startsWith("zh")) ? "zh-CN" : "en";
}

/** `params.n` picks the plural form of a message written "one form|other form" (English);
 * languages without plural forms (Chinese) simply have no "|". */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let text = catalogs[current][key];
  if (text.includes("|") && typeof params?.n === "number") {
    const [one = "", other = one] = text.split("|");
    text = new Intl.PluralRules(current).select(params.n) === "one" ? one : other;
  }
  for (const [name, value] of Object.entries(params ?? {})) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** "2026-11-23T09:30" shown in the reader's language, without converting time zones. */
export function formatEntryDate(entryAt: string): string {
  const [date = "", time = "00:00"] = entryAt.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  // A throwaway value for formatting, not state: no reactivity wanted.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const local = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  return new Intl.DateTimeFormat(current, { dateStyle: "full", timeStyle: "short" }).format(local);
}
