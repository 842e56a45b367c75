// Generated from src-tauri/src/dto.rs and error.rs by the `bindings` test.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p keepsake bindings`.

export type ErrorKindDto = "wrong_secret" | "throttled" | "key_file_damaged" | "database_damaged" | "database_missing" | "locked" | "already_exists" | "no_vault" | "in_use" | "not_found" | "invalid_input" | "passphrase_too_short" | "image_unsupported" | "image_too_large" | "image_damaged" | "permission_off" | "guardian_required" | "read_only" | "keychain" | "not_remembered" | "archive_invalid" | "cancelled" | "stopped_by_lock" | "archive_damaged" | "backup_damaged" | "no_backup" | "busy" | "not_granted" | "no_mail_app" | "internal";

export type ErrorDto = { kind: ErrorKindDto, message: string, 
/**
 * For `throttled`: seconds until the next attempt is allowed.
 */
retryAfterSecs: number | null, 
/**
 * For `permission_off`: which permission (an id from the catalog).
 */
permission: PermissionIdDto | null, };

export type LanguageDto = "en" | "zh-CN";

export type VaultStateDto = "new" | "locked" | "unlocked";

export type AppStatusDto = { state: VaultStateDto, 
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
autolockMinutes: number, 
/**
 * This device keeps the key in the OS keychain (remember_device): try it at start.
 */
deviceRemembered: boolean, 
/**
 * While unlocked: a newer policy waits for a decision, and the diary is read-only.
 */
policyUpdatePending: boolean, 
/**
 * The daily reminder's time, `HH:MM`, while reminders is granted.
 */
reminder: string | null, 
/**
 * A check found the diary damaged (or unlock did): the UI offers the newest backup.
 */
damaged: boolean, 
/**
 * When the newest backup was made (ms since the epoch), known while locked too.
 */
newestBackupAt: number | null, };

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

export type PolicyVersionDto = { version: number, effective: string, };

export type PassageDto = { text: string, 
/**
 * New or changed since the version compared against: shown in bold.
 */
changed: boolean, };

export type PolicyUpdateDto = { accepted: number, current: number, effective: string, passages: Array<PassageDto>, };

export type ActorDto = { 
/**
 * `null` for the user; the guardian's name when a guardian consented.
 */
guardianName: string | null, };

export type PermissionDto = { 
/**
 * The id from product.md's catalog, e.g. `location`.
 */
id: PermissionIdDto, granted: boolean, grantedAt: number | null, grantedBy: ActorDto | null, 
/**
 * Granted by the user alone, but the profile says they are under 14: not in effect.
 */
needsGuardian: boolean, };

export type PermissionsDto = { 
/**
 * The profile's birthday says under 14: grants need a guardian.
 */
minor: boolean, permissions: Array<PermissionDto>, };

export type LedgerRowDto = { seq: number, at: number, permission: PermissionIdDto, granted: boolean, policyVersion: number, actor: ActorDto, };

export type PurgedDto = { places: number, photoMetadata: number, statisticsDays: number, logLines: number, reminder: boolean, keychainItem: boolean, };

export type ProfileDto = { displayName: string | null, email: string | null, birthday: string | null, gender: string | null, hasAvatar: boolean, };

export type PlaceDto = { name: string, latitude: number | null, longitude: number | null, };

export type PhotoMetadataDto = { takenAt: string | null, latitude: number | null, longitude: number | null, };

export type MonthStatsDto = { month: string, entriesCreated: number, wordsAdded: number, };

export type StatsDto = { daysWritten: number, currentStreak: number, longestStreak: number, entriesCreated: number, wordsAdded: number, months: Array<MonthStatsDto>, byHour: Array<number>, };

export type LogLineDto = { at: number, kind: string, context: string, };

export type CategoryDto = { id: CategoryIdDto, count: number, bytes: number, deletable: boolean, };

export type WipeReportDto = { removedFiles: Array<string>, keychainItemRemoved: boolean, webviewDataCleared: boolean, 
/**
 * The backups folder went, with every backup in it.
 */
backupsRemoved: boolean, 
/**
 * The second backup folder, if one was chosen.
 */
secondBackupFolder: SecondFolderWipeDto | null, };

export type ProgressDto = { done: number, total: number, };

export type ExportSummaryDto = { entries: number, images: number, bytes: number, };

export type ImportSummaryDto = { entriesAdded: number, entriesSkipped: number, imagesAdded: number, };

export type ShareResultDto = { 
/**
 * For the clipboard format: the text to copy.
 */
text: string | null, 
/**
 * The files written.
 */
files: Array<string>, };

export type ShareLogRowDto = { at: number, entryId: string, title: string | null, format: string, destination: string, };

export type AboutDto = { version: string, 
/**
 * The app's own licence (SPDX expression).
 */
licence: string, 
/**
 * The OS and processor, e.g. "linux x86_64".
 */
system: string, 
/**
 * The system web view's version (WebKitGTK, WebView2, WKWebView).
 */
webview: string, tauri: string, 
/**
 * Where feedback e-mails go; empty when this build names no address.
 */
feedbackTo: string, };

export type PathKindDto = "save" | "open" | "folder";

export type PathGrantDto = { id: string, path: string, };

export type PermissionIdDto = "remember_device" | "photo_metadata" | "location" | "sharing" | "usage_stats" | "diagnostics" | "reminders";

export type CategoryIdDto = "entries" | "images" | "profile" | "places" | "photo_metadata" | "tags" | "share_log" | "statistics" | "error_log" | "consent_ledger";

export type ProfileFieldDto = "display_name" | "email" | "birthday" | "gender";

export type ShareFormatDto = "markdown" | "html" | "text" | "sealed_html";

export type BackupReasonDto = "unlock" | "lock" | "manual" | "before_import" | "before_delete_category" | "before_restore" | "before_migration" | "after_rekey";

export type BackupDto = { id: string, 
/**
 * Milliseconds since the epoch.
 */
createdAt: number, reason: BackupReasonDto, 
/**
 * The diary's size in this backup.
 */
dbBytes: number, 
/**
 * What this backup added to the folder (the rest is shared with other backups).
 */
addedBytes: number, entries: number, photos: number, verified: boolean, };

export type BackupHealthDto = { newest: BackupDto | null, count: number, 
/**
 * Backups whose manifest does not open (damaged).
 */
damaged: number, folderBytes: number, budgetBytes: number, 
/**
 * The second backup folder the user chose, as a path to show.
 */
secondFolder: string | null, secondFolderReachable: boolean, 
/**
 * The name of the sync service whose folder holds the diary's folder.
 */
syncedBy: string | null, syncWarningSeen: boolean, };

export type RestoredEntriesDto = { restored: number, 
/**
 * Came back as a copy beside an entry the diary still has.
 */
asCopies: number, photos: number, };

export type RescueDto = { restored: BackupDto, 
/**
 * The damaged database's file name, kept in the diary's folder.
 */
damagedCopy: string | null, };

export type CheckReportDto = { healthy: boolean, pagesOk: boolean, structureOk: boolean, photosChecked: number, photosDamaged: number, backupChunksChecked: number, backupChunksDamaged: number, };

export type TrashKindDto = "entry" | "photo";

export type TrashItemDto = { id: string, kind: TrashKindDto, title: string, entryAt: string, deletedAt: number, photos: number, };

export type TrashDto = { items: Array<TrashItemDto>, 
/**
 * 0: deleted at once.
 */
keepDays: number, };

export type RekeyedDto = { 
/**
 * The new recovery key, shown once.
 */
recoveryKey: string, 
/**
 * Backups made under the old key, removed.
 */
backupsRemoved: number, 
/**
 * remember_device was withdrawn (its slot wrapped the old key).
 */
deviceForgotten: boolean, };

export type SecondFolderWipeDto = { path: string, 
/**
 * False: out of reach (not mounted); the user is told to delete it there.
 */
removed: boolean, };

/** Passphrases (the diary's, an export's, a sealed share's) have at least this many characters. */
export const MIN_PASSPHRASE_CHARS = 8;
/** A tag has at most this many characters, and an entry at most this many tags. */
export const MAX_TAG_CHARS = 50;
export const MAX_TAGS_PER_ENTRY = 30;
/** The word typed to confirm "delete everything", per language (either is accepted). */
export const DELETE_EVERYTHING_WORDS: Record<LanguageDto, string> = {"en":"DELETE","zh-CN":"删除"};
/** Revoking these offers to delete what they gathered; the others always delete it. */
export const PERMISSIONS_OFFERING_PURGE: readonly PermissionIdDto[] = ["photo_metadata","location"];
