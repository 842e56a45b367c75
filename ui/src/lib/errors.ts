import { IpcError } from "../ipc";
import type { MessageKey } from "../i18n/en";

const MIN_PASSPHRASE_CHARS = 8;

/** The catalog key and parameters that explain an error to the user. */
export function describeError(error: unknown): { key: MessageKey; params: Record<string, number> } {
  if (error instanceof IpcError) {
    const { kind, retryAfterSecs } = error.dto;
    return {
      key: `errors.${kind}`,
      params: { s: retryAfterSecs ?? 0, n: MIN_PASSPHRASE_CHARS },
    };
  }
  return { key: "errors.internal", params: {} };
}

export function isThrottled(error: unknown): error is IpcError {
  return error instanceof IpcError && error.dto.kind === "throttled";
}
