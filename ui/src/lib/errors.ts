import { IpcError } from "../ipc";
import type { MessageKey } from "../i18n/en";

const MIN_PASSPHRASE_CHARS = 8;

/** The catalog key and parameters that explain an error to the user. `permission` names the
 * permission that is off (for `permission_off`), to be shown by its translated name. */
export function describeError(error: unknown): {
  key: MessageKey;
  params: Record<string, number>;
  permission: string | null;
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

export function errorKind(error: unknown): string | null {
  return error instanceof IpcError ? error.dto.kind : null;
}
