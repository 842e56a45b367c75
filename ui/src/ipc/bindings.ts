// Generated from src-tauri/src/dto.rs and error.rs by the `bindings` test.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`.

export type ErrorKind = "wrong_secret" | "throttled" | "key_file_damaged" | "database_damaged" | "database_missing" | "locked" | "already_exists" | "no_vault" | "not_found" | "invalid_input" | "passphrase_too_short" | "image_unsupported" | "image_too_large" | "image_damaged" | "internal";

export type ErrorDto = { kind: ErrorKind, message: string, 
/**
 * For `throttled`: seconds until the next attempt is allowed.
 */
retryAfterSecs: number | null, };

export type LanguageDto = "en" | "zh-CN";

export type VaultState = "new" | "locked" | "unlocked";

export type AppStatus = { state: VaultState, 
/**
 * `null` until chosen at onboarding.
 */
language: LanguageDto | null, 
/**
 * Seconds before another unlock attempt is allowed.
 */
unlockRetryAfterSecs: number, 
/**
 * Lock after this many idle minutes; 0 never.
 */
autolockMinutes: number, };

export type PolicyDto = { version: number, effective: string, language: LanguageDto, text: string, };

export type StrengthDto = { 
/**
 * zxcvbn's score, 0 (weakest) to 4.
 */
score: number, longEnough: boolean, minChars: number, };

export type EntryDto = { id: string, title: string, body: string, 
/**
 * Local date and time the entry is about: `YYYY-MM-DDTHH:MM`.
 */
entryAt: string, tags: Array<string>, 
/**
 * 1 (awful) to 5 (great).
 */
mood: number | null, createdAt: number, updatedAt: number, };

export type EntryInputDto = { title: string, body: string, entryAt: string, tags: Array<string>, mood: number | null, };

export type EntrySummaryDto = { id: string, title: string, excerpt: string, entryAt: string, tags: Array<string>, mood: number | null, 
/**
 * Id of the entry's first photo.
 */
coverImage: string | null, };

export type CursorDto = { entryAt: string, id: string, };

export type EntryPageDto = { entries: Array<EntrySummaryDto>, next: CursorDto | null, };

export type SearchQueryDto = { text: string, tag: string | null, mood: number | null, 
/**
 * Inclusive, `YYYY-MM-DD`.
 */
from: string | null, 
/**
 * Inclusive, `YYYY-MM-DD`.
 */
to: string | null, limit: number, };

export type SegmentDto = { text: string, hit: boolean, };

export type SearchHitDto = { id: string, entryAt: string, mood: number | null, tags: Array<string>, title: Array<SegmentDto>, snippet: Array<SegmentDto>, };

export type ImageDto = { id: string, entryId: string, entryAt: string, width: number, height: number, byteSize: number, };

export type DayCountDto = { day: number, count: number, };
