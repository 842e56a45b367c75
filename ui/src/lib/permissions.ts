import type { MessageKey } from "../i18n/en";

/** The optional permissions, in product.md's catalog order. */
export const PERMISSION_IDS = [
  "remember_device",
  "photo_metadata",
  "location",
  "sharing",
  "usage_stats",
  "diagnostics",
  "reminders",
] as const;
export type PermissionId = (typeof PERMISSION_IDS)[number];

export function isPermissionId(id: string): id is PermissionId {
  return (PERMISSION_IDS as readonly string[]).includes(id);
}

export function permissionKey(
  id: string,
  part: "name" | "purpose" | "data" | "revoke",
): MessageKey {
  return `perm.${isPermissionId(id) ? id : "sharing"}.${part}`;
}

/** Revoking these offers a choice to keep or delete what they stored. */
export const OFFERS_PURGE: readonly string[] = ["location", "photo_metadata"];

export function formatBytes(bytes: number, lang: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export function formatTimestamp(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(ms),
  );
}
