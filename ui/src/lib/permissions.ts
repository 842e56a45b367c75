import type { MessageKey } from "../i18n/en";
import type { PermissionIdDto } from "../ipc";

/** Every optional permission, in product.md's catalog order, for display. Written as a record so
 * that a permission added in Rust (PermissionIdDto) is a type error here until it is placed. */
const CATALOG_ORDER: Record<PermissionIdDto, true> = {
  remember_device: true,
  photo_metadata: true,
  location: true,
  sharing: true,
  usage_stats: true,
  diagnostics: true,
  reminders: true,
};
export const PERMISSION_IDS: readonly PermissionIdDto[] = Object.keys(CATALOG_ORDER) as PermissionIdDto[];

export function permissionKey(
  id: PermissionIdDto,
  part: "name" | "purpose" | "data" | "revoke",
): MessageKey {
  return `perm.${id}.${part}`;
}

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
