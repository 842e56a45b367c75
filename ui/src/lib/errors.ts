import { IpcError, MIN_PASSPHRASE_CHARS, type ErrorKindDto, type PermissionIdDto } from "../ipc";
import type { MessageKey } from "../i18n/en";
import { t } from "../i18n/index.svelte";
import { showToast } from "./toast.svelte";

/** The catalog key and parameters that explain an error to the user. `permission` names the
 * permission that is off (for `permission_off`), to be shown by its translated name. */
export function describeError(error: unknown): {
  key: MessageKey;
  params: Record<string, number>;
  permission: PermissionIdDto | null;
} {
  if (error instanceof IpcError) {
    const { kind, retryAfterSecs, permission } = error.dto;
    return {
      key: `errors.${kind}`,
      params: { s: retryAfterSecs ?? 0, n: MIN_PASSPHRASE_CHARS },
      permission: permission ?? null,
    };
  }
  return { key: "errors.internal", params: {}, permission: null };
}

export function isThrottled(error: unknown): error is IpcError {
  return error instanceof IpcError && error.dto.kind === "throttled";
}

export function errorKind(error: unknown): ErrorKindDto | null {
  return error instanceof IpcError ? error.dto.kind : null;
}

/** A job (export, import, share) stopped because the diary locked: the screen it ran on gives way
 * to the unlock screen at once, taking its inline error along, so the reason is also shown as a
 * toast, which outlives the screen. Any other error: nothing. */
export function toastIfStoppedByLock(error: unknown): void {
  if (errorKind(error) !== "stopped_by_lock") return;
  const { key, params } = describeError(error);
  showToast(t(key, params), 10_000);
}
