// Words for backups: how long ago, and the health line above the list.
import type { BackupHealthDto } from "../ipc";
import type { MessageKey } from "../i18n/en";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
];

/** "2 hours ago" / "2小时前"; "now" under a minute. */
export function timeAgo(ms: number, now: number, lang: string): string {
  const age = Math.max(0, now - ms);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (age >= size) return format.format(-Math.floor(age / size), unit);
  }
  return format.format(0, "minute");
}

/** A backup older than this makes the health line a warning. */
export const STALE_AFTER_MS = 7 * 24 * 3600_000;

/** The health line's message: none yet, the newest one (checked or not), or stale. */
export function healthLine(
  health: BackupHealthDto,
  now: number,
): { key: MessageKey; warn: boolean; at: number | null } {
  const newest = health.newest;
  if (!newest) return { key: "backups.healthNone", warn: true, at: null };
  const stale = now - newest.createdAt > STALE_AFTER_MS;
  if (!newest.verified) return { key: "backups.healthUnchecked", warn: stale, at: newest.createdAt };
  return { key: "backups.healthOk", warn: stale, at: newest.createdAt };
}
