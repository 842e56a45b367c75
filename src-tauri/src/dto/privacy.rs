//! IPC types of the privacy center: the policy update, permissions and the ledger, the profile,
//! places and photo metadata, statistics, the error log and the dashboard.

use super::{CategoryIdDto, PermissionIdDto};
use keepsake_core::dashboard::CategorySummary;
use keepsake_core::diagnostics::LogLine;
use keepsake_core::images::PhotoMetadata;
use keepsake_core::permissions::{Actor, LedgerRow, PermissionState};
use keepsake_core::places::Place;
use keepsake_core::policy::{Passage, Policy};
use keepsake_core::profile::Profile;
use keepsake_core::usage::{MonthStats, Stats};
use keepsake_core::Purged;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersionDto {
    pub version: u32,
    pub effective: String,
}

impl From<Policy> for PolicyVersionDto {
    fn from(p: Policy) -> Self {
        Self {
            version: p.version,
            effective: p.effective.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassageDto {
    pub text: String,
    /// New or changed since the version compared against: shown in bold.
    pub changed: bool,
}

impl From<Passage> for PassageDto {
    fn from(p: Passage) -> Self {
        Self {
            text: p.text,
            changed: p.changed,
        }
    }
}

/// The policy the user must decide on after an update.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdateDto {
    pub accepted: u32,
    pub current: u32,
    pub effective: String,
    pub passages: Vec<PassageDto>,
}

/// Who decided a grant or revoke.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActorDto {
    /// `null` for the user; the guardian's name when a guardian consented.
    pub guardian_name: Option<String>,
}

impl From<Actor> for ActorDto {
    fn from(a: Actor) -> Self {
        Self {
            guardian_name: match a {
                Actor::User => None,
                Actor::Guardian { name } => Some(name),
            },
        }
    }
}

impl From<ActorDto> for Actor {
    fn from(a: ActorDto) -> Self {
        match a.guardian_name {
            None => Actor::User,
            Some(name) => Actor::Guardian { name },
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PermissionDto {
    /// The id from product.md's catalog, e.g. `location`.
    pub id: PermissionIdDto,
    pub granted: bool,
    #[ts(type = "number | null")]
    pub granted_at: Option<i64>,
    pub granted_by: Option<ActorDto>,
    /// Granted by the user alone, but the profile says they are under 14: not in effect.
    pub needs_guardian: bool,
}

impl From<PermissionState> for PermissionDto {
    fn from(s: PermissionState) -> Self {
        Self {
            id: s.permission.into(),
            granted: s.granted,
            granted_at: s.granted_at,
            granted_by: s.granted_by.map(Into::into),
            needs_guardian: s.needs_guardian,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsDto {
    /// The profile's birthday says under 14: grants need a guardian.
    pub minor: bool,
    pub permissions: Vec<PermissionDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerRowDto {
    #[ts(type = "number")]
    pub seq: i64,
    #[ts(type = "number")]
    pub at: i64,
    pub permission: PermissionIdDto,
    pub granted: bool,
    pub policy_version: u32,
    pub actor: ActorDto,
}

impl From<LedgerRow> for LedgerRowDto {
    fn from(r: LedgerRow) -> Self {
        Self {
            seq: r.seq,
            at: r.at,
            permission: r.permission.into(),
            granted: r.granted,
            policy_version: r.policy_version,
            actor: r.actor.into(),
        }
    }
}

/// What a revoke deleted.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgedDto {
    pub places: u32,
    pub photo_metadata: u32,
    pub statistics_days: u32,
    pub log_lines: u32,
    pub reminder: bool,
    pub keychain_item: bool,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<Purged> for PurgedDto {
    fn from(p: Purged) -> Self {
        Self {
            places: count(p.places),
            photo_metadata: count(p.photo_metadata),
            statistics_days: count(p.statistics_days),
            log_lines: count(p.log_lines),
            reminder: p.reminder,
            keychain_item: p.keychain_item,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub birthday: Option<String>,
    pub gender: Option<String>,
    pub has_avatar: bool,
}

impl From<Profile> for ProfileDto {
    fn from(p: Profile) -> Self {
        Self {
            display_name: p.display_name,
            email: p.email,
            birthday: p.birthday,
            gender: p.gender,
            has_avatar: p.has_avatar,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlaceDto {
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<Place> for PlaceDto {
    fn from(p: Place) -> Self {
        Self {
            name: p.name,
            latitude: p.latitude,
            longitude: p.longitude,
        }
    }
}

impl From<PlaceDto> for Place {
    fn from(p: PlaceDto) -> Self {
        Self {
            name: p.name,
            latitude: p.latitude,
            longitude: p.longitude,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoMetadataDto {
    pub taken_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<PhotoMetadata> for PhotoMetadataDto {
    fn from(m: PhotoMetadata) -> Self {
        Self {
            taken_at: m.taken_at,
            latitude: m.latitude,
            longitude: m.longitude,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthStatsDto {
    pub month: String,
    #[ts(type = "number")]
    pub entries_created: i64,
    #[ts(type = "number")]
    pub words_added: i64,
}

impl From<MonthStats> for MonthStatsDto {
    fn from(m: MonthStats) -> Self {
        Self {
            month: m.month,
            entries_created: m.entries_created,
            words_added: m.words_added,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsDto {
    #[ts(type = "number")]
    pub days_written: i64,
    #[ts(type = "number")]
    pub current_streak: i64,
    #[ts(type = "number")]
    pub longest_streak: i64,
    #[ts(type = "number")]
    pub entries_created: i64,
    #[ts(type = "number")]
    pub words_added: i64,
    pub months: Vec<MonthStatsDto>,
    #[ts(type = "Array<number>")]
    pub by_hour: Vec<i64>,
}

impl From<Stats> for StatsDto {
    fn from(s: Stats) -> Self {
        Self {
            days_written: s.days_written,
            current_streak: s.current_streak,
            longest_streak: s.longest_streak,
            entries_created: s.entries_created,
            words_added: s.words_added,
            months: s.months.into_iter().map(Into::into).collect(),
            by_hour: s.by_hour,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogLineDto {
    #[ts(type = "number")]
    pub at: i64,
    pub kind: String,
    pub context: String,
}

impl From<LogLine> for LogLineDto {
    fn from(l: LogLine) -> Self {
        Self {
            at: l.at,
            kind: l.kind,
            context: l.context,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryDto {
    pub id: CategoryIdDto,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "number")]
    pub bytes: i64,
    pub deletable: bool,
}

impl From<CategorySummary> for CategoryDto {
    fn from(c: CategorySummary) -> Self {
        Self {
            id: c.category.into(),
            count: c.count,
            bytes: c.bytes,
            deletable: c.category.deletable(),
        }
    }
}
