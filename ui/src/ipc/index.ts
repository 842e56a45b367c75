// The only module that talks to the Rust back end. Every command is typed with the DTOs
// generated from Rust (bindings.ts); errors arrive as IpcError carrying the back end's ErrorDto.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AboutDto,
  ActorDto,
  AppStatus,
  CategoryDto,
  LedgerRowDto,
  LogLineDto,
  PassageDto,
  PermissionsDto,
  PhotoMetadataDto,
  PlaceDto,
  PolicyUpdateDto,
  PolicyVersionDto,
  ProfileDto,
  PurgedDto,
  StatsDto,
  WipeReportDto,
  ExportSummaryDto,
  ImportSummaryDto,
  ProgressDto,
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

export type * from "./bindings";

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
  appStatus: () => call<AppStatus>("app_status"),
  setLanguage: (language: LanguageDto) => call<void>("set_language", { language }),
  getPolicy: (language: LanguageDto, version?: number) =>
    call<PolicyDto>("get_policy", { language, version: version ?? null }),
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
  setAutolock: (minutes: number) => call<void>("set_autolock", { minutes }),
  recordActivity: () => call<void>("record_activity"),
  listEntries: (after: CursorDto | null, limit: number) =>
    call<EntryPageDto>("list_entries", { after, limit }),
  getEntry: (id: string) => call<EntryDto>("get_entry", { id }),
  createEntry: (input: EntryInputDto) => call<EntryDto>("create_entry", { input }),
  updateEntry: (id: string, input: EntryInputDto) =>
    call<EntryDto>("update_entry", { id, input }),
  deleteEntry: (id: string) => call<void>("delete_entry", { id }),
  calendarMonth: (year: number, month: number) =>
    call<DayCountDto[]>("calendar_month", { year, month }),
  entriesOnDay: (date: string) => call<EntrySummaryDto[]>("entries_on_day", { date }),
  onThisDay: (today: string) => call<EntrySummaryDto[]>("on_this_day", { today }),
  searchEntries: (query: SearchQueryDto) => call<SearchHitDto[]>("search_entries", { query }),
  suggestTags: (prefix: string) => call<string[]>("suggest_tags", { prefix }),
  /** The file's bytes travel as the raw request body: no base64, no temporary file. */
  attachImage: (entryId: string, bytes: Uint8Array) =>
    call<ImageDto>("attach_image", bytes, { "x-entry-id": entryId }),
  listEntryImages: (entryId: string) => call<ImageDto[]>("list_entry_images", { entryId }),
  listGallery: (offset: number, limit: number) =>
    call<ImageDto[]>("list_gallery", { offset, limit }),
  deleteImage: (id: string) => call<void>("delete_image", { id }),
  getImageMetadata: (imageId: string) =>
    call<PhotoMetadataDto | null>("get_image_metadata", { imageId }),
  listPermissions: () => call<PermissionsDto>("list_permissions"),
  grantPermission: (id: string, actor: ActorDto = { guardianName: null }) =>
    call<void>("grant_permission", { id, actor }),
  revokePermission: (id: string, purge: boolean) =>
    call<PurgedDto>("revoke_permission", { id, purge }),
  consentLedger: () => call<LedgerRowDto[]>("consent_ledger"),
  privacyDashboard: () => call<CategoryDto[]>("privacy_dashboard"),
  deleteCategory: (id: string) => call<number>("delete_category", { id }),
  getEntryPlace: (entryId: string) => call<PlaceDto | null>("get_entry_place", { entryId }),
  setEntryPlace: (entryId: string, place: PlaceDto | null) =>
    call<void>("set_entry_place", { entryId, place }),
  usageStats: () => call<StatsDto>("usage_stats"),
  errorLog: () => call<LogLineDto[]>("error_log"),
  setReminder: (time: string | null) => call<void>("set_reminder", { time }),
  getProfile: () => call<ProfileDto>("get_profile"),
  setProfileField: (field: string, value: string) =>
    call<ProfileDto>("set_profile_field", { field, value }),
  /** Raw bytes, like photos; re-encoded without metadata by the back end. */
  setAvatar: (bytes: Uint8Array) => call<ProfileDto>("set_avatar", bytes),
  deleteAvatar: () => call<ProfileDto>("delete_avatar"),
  exportAll: (path: string, passphrase: string | null, onProgress: (p: ProgressDto) => void) =>
    call<ExportSummaryDto>("export_all", { path, passphrase, onProgress: channel(onProgress) }),
  importArchive: (path: string, passphrase: string | null, onProgress: (p: ProgressDto) => void) =>
    call<ImportSummaryDto>("import_archive", { path, passphrase, onProgress: channel(onProgress) }),
  cancelDataJob: () => call<void>("cancel_data_job"),
  /** The native file dialog, opened by the back end; `null` when cancelled. */
  choosePath: (kind: "save" | "open" | "folder", suggested = "") =>
    call<string | null>("choose_path", { kind, suggested }),
  shareEntry: (args: {
    entryId: string;
    format: string;
    path: string | null;
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
  saveFeedback: (language: LanguageDto, message: string, path: string) =>
    call<void>("save_feedback", { language, message, path }),
  emailFeedback: (language: LanguageDto, message: string) =>
    call<void>("email_feedback", { language, message }),
};
