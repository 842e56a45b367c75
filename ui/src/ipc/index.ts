// The only module that talks to the Rust back end. Every command is typed with the DTOs
// generated from Rust (bindings.ts); errors arrive as IpcError carrying the back end's ErrorDto.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AboutDto,
  ActorDto,
  AppStatusDto,
  BackupDto,
  BackupHealthDto,
  CheckReportDto,
  RekeyedDto,
  RescueDto,
  RestoredEntriesDto,
  TrashDto,
  CategoryDto,
  CategoryIdDto,
  LedgerRowDto,
  LogLineDto,
  PassageDto,
  PathGrantDto,
  PathKindDto,
  PermissionIdDto,
  PermissionsDto,
  PhotoMetadataDto,
  PlaceDto,
  PolicyUpdateDto,
  PolicyVersionDto,
  ProfileDto,
  ProfileFieldDto,
  PurgedDto,
  StatsDto,
  WipeReportDto,
  ExportSummaryDto,
  ImportSummaryDto,
  ProgressDto,
  ShareFormatDto,
  ShareLogRowDto,
  ShareResultDto,
  CursorDto,
  DayCountDto,
  EntryDto,
  EntryInputDto,
  EntryPageDto,
  EntrySummaryDto,
  ErrorDto,
  ImageDto,
  LanguageDto,
  PolicyDto,
  SearchHitDto,
  SearchQueryDto,
  StrengthDto,
} from "./bindings";

// The types, and the rules Rust defines once (MIN_PASSPHRASE_CHARS, PERMISSIONS_OFFERING_PURGE…).
export * from "./bindings";

export class IpcError extends Error {
  readonly dto: ErrorDto;
  constructor(dto: ErrorDto) {
    super(dto.message);
    this.dto = dto;
  }
}

function isErrorDto(value: unknown): value is ErrorDto {
  return typeof value === "object" && value !== null && "kind" in value && "message" in value;
}

async function call<T>(
  command: string,
  args?: Record<string, unknown> | Uint8Array,
  headers?: Record<string, string>,
): Promise<T> {
  try {
    return await invoke<T>(command, args, headers ? { headers } : undefined);
  } catch (e) {
    throw new IpcError(
      isErrorDto(e)
        ? e
        : { kind: "internal", message: String(e), retryAfterSecs: null, permission: null },
    );
  }
}

function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const c = new Channel<T>();
  c.onmessage = onMessage;
  return c;
}

export const api = {
  appStatus: () => call<AppStatusDto>("app_status"),
  setLanguage: (language: LanguageDto) => call<void>("set_language", { language }),
  getPolicy: (language: LanguageDto, version?: number) =>
    call<PolicyDto>("policy", { language, version: version ?? null }),
  policyHistory: (language: LanguageDto) =>
    call<PolicyVersionDto[]>("policy_history", { language }),
  policyChanges: (language: LanguageDto, since: number) =>
    call<PassageDto[]>("policy_changes", { language, since }),
  policyUpdate: (language: LanguageDto) =>
    call<PolicyUpdateDto | null>("policy_update", { language }),
  acceptPolicy: (version: number) => call<void>("accept_policy", { version }),
  passphraseStrength: (passphrase: string) =>
    call<StrengthDto>("passphrase_strength", { passphrase }),
  createVault: (passphrase: string, acceptedPolicy: number) =>
    call<string>("create_vault", { passphrase, acceptedPolicy }),
  verifyRecoveryKey: (recoveryKey: string) =>
    call<boolean>("verify_recovery_key", { recoveryKey }),
  unlock: (passphrase: string) => call<void>("unlock", { passphrase }),
  unlockWithRecoveryKey: (recoveryKey: string) =>
    call<void>("unlock_with_recovery_key", { recoveryKey }),
  unlockWithDevice: () => call<void>("unlock_with_device"),
  lock: () => call<void>("lock"),
  changePassphrase: (current: string, next: string) =>
    call<void>("change_passphrase", { current, new: next }),
  newRecoveryKey: (passphrase: string) => call<string>("new_recovery_key", { passphrase }),
  /** Re-encrypt the diary under a new data key; a new recovery key, shown once. */
  rekeyDiary: (passphrase: string) => call<RekeyedDto>("rekey_diary", { passphrase }),
  setAutolock: (minutes: number) => call<void>("set_autolock", { minutes }),
  recordActivity: () => call<void>("record_activity"),
  listEntries: (after: CursorDto | null, limit: number) =>
    call<EntryPageDto>("entry_page", { after, limit }),
  getEntry: (id: string) => call<EntryDto>("entry", { id }),
  createEntry: (input: EntryInputDto) => call<EntryDto>("create_entry", { input }),
  updateEntry: (id: string, input: EntryInputDto) =>
    call<EntryDto>("update_entry", { id, input }),
  /** True: it waits in Recently deleted; false: deleted for good (the user keeps nothing there). */
  deleteEntry: (id: string) => call<boolean>("delete_entry", { id }),
  calendarMonth: (year: number, month: number) =>
    call<DayCountDto[]>("calendar_month", { year, month }),
  entriesOnDay: (date: string) => call<EntrySummaryDto[]>("entries_on_day", { date }),
  onThisDay: (today: string) => call<EntrySummaryDto[]>("on_this_day", { today }),
  searchEntries: (query: SearchQueryDto) => call<SearchHitDto[]>("search_entries", { query }),
  suggestTags: (prefix: string) => call<string[]>("tag_suggestions", { prefix }),
  /** The file's bytes travel as the raw request body: no base64, no temporary file. */
  attachImage: (entryId: string, bytes: Uint8Array) =>
    call<ImageDto>("attach_image", bytes, { "x-entry-id": entryId }),
  listEntryImages: (entryId: string) => call<ImageDto[]>("entry_images", { entryId }),
  listGallery: (offset: number, limit: number) =>
    call<ImageDto[]>("gallery", { offset, limit }),
  deleteImage: (id: string) => call<boolean>("delete_image", { id }),
  getImageMetadata: (imageId: string) =>
    call<PhotoMetadataDto | null>("image_metadata", { imageId }),
  listPermissions: () => call<PermissionsDto>("permissions"),
  grantPermission: (id: PermissionIdDto, actor: ActorDto = { guardianName: null }) =>
    call<void>("grant_permission", { id, actor }),
  revokePermission: (id: PermissionIdDto, purge: boolean) =>
    call<PurgedDto>("revoke_permission", { id, purge }),
  consentLedger: () => call<LedgerRowDto[]>("consent_ledger"),
  privacyDashboard: () => call<CategoryDto[]>("privacy_dashboard"),
  deleteCategory: (id: CategoryIdDto) => call<number>("delete_category", { id }),
  getEntryPlace: (entryId: string) => call<PlaceDto | null>("entry_place", { entryId }),
  setEntryPlace: (entryId: string, place: PlaceDto | null) =>
    call<void>("set_entry_place", { entryId, place }),
  usageStats: () => call<StatsDto>("usage_stats"),
  errorLog: () => call<LogLineDto[]>("error_log"),
  setReminder: (time: string | null) => call<void>("set_reminder", { time }),
  getProfile: () => call<ProfileDto>("profile"),
  setProfileField: (field: ProfileFieldDto, value: string) =>
    call<ProfileDto>("set_profile_field", { field, value }),
  /** Raw bytes, like photos; re-encoded without metadata by the back end. */
  setAvatar: (bytes: Uint8Array) => call<ProfileDto>("set_avatar", bytes),
  deleteAvatar: () => call<ProfileDto>("delete_avatar"),
  // No file path ever goes from here to a command: the back end issues a single-use grant for a
  // path the user picked (choose_path) or confirmed (grant_typed_path) in its native dialog, and
  // a command that reads or writes a file takes that grant's id. Use them through lib/paths.
  exportAll: (grant: string, passphrase: string | null, onProgress: (p: ProgressDto) => void) =>
    call<ExportSummaryDto>("export_all", { grant, passphrase, onProgress: channel(onProgress) }),
  importArchive: (grant: string, passphrase: string | null, onProgress: (p: ProgressDto) => void) =>
    call<ImportSummaryDto>("import_archive", { grant, passphrase, onProgress: channel(onProgress) }),
  cancelDataJob: () => call<void>("cancel_data_job"),
  /** The native file dialog, opened by the back end: a grant for the chosen path (its `path`
   * only to show), or `null` when cancelled. */
  choosePath: (kind: PathKindDto, suggested = "") =>
    call<PathGrantDto | null>("choose_path", { kind, suggested }),
  /** A grant for a path the user typed: the back end has the user confirm it in the native
   * dialog, opened there (or grants it directly, only under its test-only switch); `null` when
   * cancelled. */
  grantTypedPath: (kind: PathKindDto, path: string) =>
    call<PathGrantDto | null>("grant_typed_path", { kind, path }),
  /** `grant`: `null` for the clipboard text format, which writes no file. */
  shareEntry: (args: {
    entryId: string;
    format: ShareFormatDto;
    grant: string | null;
    includeTags: boolean;
    includeMood: boolean;
    passphrase: string | null;
  }) => call<ShareResultDto>("share_entry", args),
  shareLog: () => call<ShareLogRowDto[]>("share_log"),
  deleteEverything: (confirmation: string) =>
    call<WipeReportDto>("delete_everything", { confirmation }),
  about: () => call<AboutDto>("about"),
  /** The feedback report exactly as it would leave (never diary content). */
  feedbackPreview: (language: LanguageDto, message: string) =>
    call<string>("feedback_preview", { language, message }),
  saveFeedback: (language: LanguageDto, message: string, grant: string) =>
    call<void>("save_feedback", { language, message, grant }),
  emailFeedback: (language: LanguageDto, message: string) =>
    call<void>("email_feedback", { language, message }),
  // Backups, the full check and Recently deleted. Long work reports progress and stops with
  // cancelDataJob (or a lock).
  backUpNow: (onProgress: (p: ProgressDto) => void) =>
    call<BackupDto>("back_up_now", { onProgress: channel(onProgress) }),
  backups: () => call<BackupDto[]>("backups"),
  backupHealth: () => call<BackupHealthDto>("backup_health"),
  deleteBackup: (id: string) => call<void>("delete_backup", { id }),
  /** Replace the whole diary with backup `id`; the diary as it is now is backed up first. */
  restoreBackup: (id: string, onProgress: (p: ProgressDto) => void) =>
    call<BackupDto>("restore_backup", { id, onProgress: channel(onProgress) }),
  openBackup: (id: string, onProgress: (p: ProgressDto) => void) =>
    call<BackupDto>("open_backup", { id, onProgress: channel(onProgress) }),
  closeBackup: () => call<void>("close_backup"),
  backupEntries: (id: string, after: CursorDto | null, limit: number) =>
    call<EntryPageDto>("backup_entries", { id, after, limit }),
  backupEntry: (id: string, entryId: string) => call<EntryDto>("backup_entry", { id, entryId }),
  restoreBackupEntries: (id: string, entryIds: string[]) =>
    call<RestoredEntriesDto>("restore_backup_entries", { id, entryIds }),
  /** A folder grant (see lib/paths), or `null` to stop using a second folder. */
  setBackupFolder: (grant: string | null) => call<BackupHealthDto>("set_backup_folder", { grant }),
  setBackupBudget: (mib: number) => call<void>("set_backup_budget", { mib }),
  dismissSyncWarning: () => call<void>("dismiss_sync_warning"),
  checkDiary: (onProgress: (p: ProgressDto) => void) =>
    call<CheckReportDto>("check_diary", { onProgress: channel(onProgress) }),
  /** The unlock screen of a damaged diary: the newest backup that checks, with what the user typed. */
  rescueDiary: (secret: string, recovery: boolean, onProgress: (p: ProgressDto) => void) =>
    call<RescueDto>("rescue_diary", { secret, recovery, onProgress: channel(onProgress) }),
  trash: () => call<TrashDto>("trash"),
  restoreFromTrash: (id: string) => call<void>("restore_from_trash", { id }),
  deleteForever: (id: string) => call<void>("delete_forever", { id }),
  setTrashDays: (days: number) => call<void>("set_trash_days", { days }),
};
