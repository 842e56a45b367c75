//! Types that cross IPC, converted from core types at the boundary. TypeScript declarations are
//! generated from these (see `bindings.rs`) so the front end cannot drift from them.

use keepsake_core::entries::{Cursor, Entry, EntryInput, EntrySummary, Page};
use keepsake_core::images::ImageInfo;
use keepsake_core::policy::Policy;
use keepsake_core::search::{SearchHit, SearchQuery, Segment};
use keepsake_core::settings::Language;
use keepsake_core::vault::Strength;
use keepsake_core::Status;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod backups;
mod data;
mod ids;
mod privacy;
pub use backups::*;
pub use data::*;
pub use ids::*;
pub use privacy::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum LanguageDto {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl From<Language> for LanguageDto {
    fn from(l: Language) -> Self {
        match l {
            Language::En => LanguageDto::En,
            Language::ZhCn => LanguageDto::ZhCn,
        }
    }
}

impl From<LanguageDto> for Language {
    fn from(l: LanguageDto) -> Self {
        match l {
            LanguageDto::En => Language::En,
            LanguageDto::ZhCn => Language::ZhCn,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VaultStateDto {
    New,
    Locked,
    Unlocked,
}

impl From<Status> for VaultStateDto {
    fn from(s: Status) -> Self {
        match s {
            Status::New => VaultStateDto::New,
            Status::Locked => VaultStateDto::Locked,
            Status::Unlocked => VaultStateDto::Unlocked,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatusDto {
    pub state: VaultStateDto,
    /// `null` until chosen at onboarding.
    pub language: Option<LanguageDto>,
    /// Seconds before another unlock attempt is allowed.
    pub unlock_retry_after_secs: u32,
    /// Lock after this many idle minutes; 0 never.
    pub autolock_minutes: u32,
    /// This device keeps the key in the OS keychain (remember_device): try it at start.
    pub device_remembered: bool,
    /// While unlocked: a newer policy waits for a decision, and the diary is read-only.
    pub policy_update_pending: bool,
    /// The daily reminder's time, `HH:MM`, while reminders is granted.
    pub reminder: Option<String>,
    /// A check found the diary damaged (or unlock did): the UI offers the newest backup.
    pub damaged: bool,
    /// When the newest backup was made (ms since the epoch), known while locked too.
    #[ts(type = "number | null")]
    pub newest_backup_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyDto {
    pub version: u32,
    pub effective: String,
    pub language: LanguageDto,
    pub text: String,
}

impl From<Policy> for PolicyDto {
    fn from(p: Policy) -> Self {
        Self {
            version: p.version,
            effective: p.effective.into(),
            language: p.language.into(),
            text: p.text.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StrengthDto {
    /// zxcvbn's score, 0 (weakest) to 4.
    pub score: u8,
    pub long_enough: bool,
    pub min_chars: u32,
}

impl From<Strength> for StrengthDto {
    fn from(s: Strength) -> Self {
        Self {
            score: s.score,
            long_enough: s.long_enough,
            min_chars: keepsake_core::vault::MIN_PASSPHRASE_CHARS as u32,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryDto {
    pub id: String,
    pub title: String,
    pub body: String,
    /// Local date and time the entry is about: `YYYY-MM-DDTHH:MM`.
    pub entry_at: String,
    pub tags: Vec<String>,
    /// 1 (awful) to 5 (great).
    pub mood: Option<u8>,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
}

impl From<Entry> for EntryDto {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id,
            title: e.title,
            body: e.body,
            entry_at: e.entry_at,
            tags: e.tags,
            mood: e.mood,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryInputDto {
    pub title: String,
    pub body: String,
    pub entry_at: String,
    pub tags: Vec<String>,
    pub mood: Option<u8>,
}

impl From<EntryInputDto> for EntryInput {
    fn from(e: EntryInputDto) -> Self {
        Self {
            title: e.title,
            body: e.body,
            entry_at: e.entry_at,
            tags: e.tags,
            mood: e.mood,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummaryDto {
    pub id: String,
    pub title: String,
    pub excerpt: String,
    pub entry_at: String,
    pub tags: Vec<String>,
    pub mood: Option<u8>,
    /// Id of the entry's first photo.
    pub cover_image: Option<String>,
}

impl From<EntrySummary> for EntrySummaryDto {
    fn from(e: EntrySummary) -> Self {
        Self {
            id: e.id,
            title: e.title,
            excerpt: e.excerpt,
            entry_at: e.entry_at,
            tags: e.tags,
            mood: e.mood,
            cover_image: e.cover_image,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CursorDto {
    pub entry_at: String,
    pub id: String,
}

impl From<Cursor> for CursorDto {
    fn from(c: Cursor) -> Self {
        Self {
            entry_at: c.entry_at,
            id: c.id,
        }
    }
}

impl From<CursorDto> for Cursor {
    fn from(c: CursorDto) -> Self {
        Self {
            entry_at: c.entry_at,
            id: c.id,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryPageDto {
    pub entries: Vec<EntrySummaryDto>,
    pub next: Option<CursorDto>,
}

impl From<Page> for EntryPageDto {
    fn from(p: Page) -> Self {
        Self {
            entries: p.entries.into_iter().map(Into::into).collect(),
            next: p.next.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchQueryDto {
    pub text: String,
    pub tag: Option<String>,
    pub mood: Option<u8>,
    /// Inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Inclusive, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub limit: u32,
}

impl From<SearchQueryDto> for SearchQuery {
    fn from(q: SearchQueryDto) -> Self {
        Self {
            text: q.text,
            tag: q.tag,
            mood: q.mood,
            from: q.from,
            to: q.to,
            limit: q.limit,
        }
    }
}

/// A piece of text, `hit` when it matched the query (the UI marks it, as text).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SegmentDto {
    pub text: String,
    pub hit: bool,
}

impl From<Segment> for SegmentDto {
    fn from(s: Segment) -> Self {
        Self {
            text: s.text,
            hit: s.hit,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitDto {
    pub id: String,
    pub entry_at: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub title: Vec<SegmentDto>,
    pub snippet: Vec<SegmentDto>,
}

impl From<SearchHit> for SearchHitDto {
    fn from(h: SearchHit) -> Self {
        Self {
            id: h.id,
            entry_at: h.entry_at,
            mood: h.mood,
            tags: h.tags,
            title: h.title.into_iter().map(Into::into).collect(),
            snippet: h.snippet.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageDto {
    pub id: String,
    pub entry_id: String,
    pub entry_at: String,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub byte_size: i64,
}

impl From<ImageInfo> for ImageDto {
    fn from(i: ImageInfo) -> Self {
        Self {
            id: i.id,
            entry_id: i.entry_id,
            entry_at: i.entry_at,
            width: i.width,
            height: i.height,
            byte_size: i.byte_size,
        }
    }
}

/// A day of a month that has entries.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DayCountDto {
    pub day: u8,
    pub count: u32,
}

/// Settings → About.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutDto {
    pub version: String,
    /// The app's own licence (SPDX expression).
    pub licence: String,
    /// The OS and processor, e.g. "linux x86_64".
    pub system: String,
    /// The system web view's version (WebKitGTK, WebView2, WKWebView).
    pub webview: String,
    pub tauri: String,
    /// Where feedback e-mails go; empty when this build names no address.
    pub feedback_to: String,
}
