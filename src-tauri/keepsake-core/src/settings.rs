//! Preferences needed before the diary is unlocked. Nothing here is diary content.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{fsutil, Error, Result};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Language {
    pub fn from_tag(tag: &str) -> Option<Language> {
        match tag {
            "en" => Some(Language::En),
            "zh-CN" => Some(Language::ZhCn),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// `None` until the user picks one at onboarding.
    #[serde(default)]
    pub language: Option<Language>,
    /// Lock after this many idle minutes; 0 never. `None` until the user changes it.
    #[serde(default)]
    pub autolock_minutes: Option<u32>,
    /// The daily reminder's local time, `HH:MM`, only while the reminders permission is
    /// granted. Kept here so the reminder can fire while the diary is locked.
    #[serde(default)]
    pub reminder: Option<String>,
    /// Where the window was when last moved or resized (physical pixels), to open it there.
    #[serde(default)]
    pub window: Option<WindowGeometry>,
    /// Backups, Recently deleted and the integrity check (see `Upkeep`).
    #[serde(default)]
    pub upkeep: Upkeep,
}

/// What the diary's upkeep needs to know before unlock. Nothing here is diary content.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upkeep {
    /// The backups folder's budget in MiB; `None` for the default.
    #[serde(default)]
    pub backup_budget_mib: Option<u64>,
    /// A second folder the user chose for the same encrypted backups.
    #[serde(default)]
    pub second_backup_folder: Option<std::path::PathBuf>,
    /// Days deleted things stay in Recently deleted; 0 deletes at once. `None`: the default.
    #[serde(default)]
    pub trash_days: Option<u32>,
    /// When the last full integrity check ended (ms since the epoch).
    #[serde(default)]
    pub last_full_check: Option<i64>,
    /// The database file as the app left it at its last clean lock; unlock compares, and a
    /// file changed outside the app (or no record: an unclean end) is checked in full.
    #[serde(default)]
    pub clean_close: Option<FileStamp>,
    /// At that clean lock the newest backup held every change: a lock right after the next
    /// unlock (with nothing written) makes no backup.
    #[serde(default)]
    pub backup_current: bool,
    /// The user saw the warning about a synced diary folder.
    #[serde(default)]
    pub sync_warning_seen: bool,
}

/// A file's length and modification time, to tell whether something else changed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub modified_ns: u128,
}

impl FileStamp {
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        Some(FileStamp {
            len: meta.len(),
            modified_ns: modified
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_nanos(),
        })
    }
}

impl Upkeep {
    pub fn backup_budget_bytes(&self) -> u64 {
        self.backup_budget_mib
            .map(|m| m.saturating_mul(1024 * 1024))
            .unwrap_or(crate::backup::DEFAULT_BUDGET_BYTES)
    }

    pub fn trash_days(&self) -> u32 {
        self.trash_days
            .unwrap_or(crate::trash::DEFAULT_KEEP_DAYS)
            .min(crate::trash::MAX_KEEP_DAYS)
    }
}

/// The main window's place on screen, in physical pixels of the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

impl WindowGeometry {
    /// True when enough of the window's title bar area lies on one of `screens` (x, y, width,
    /// height) to grab it: a window saved on a monitor that is gone opens at the default place.
    pub fn is_reachable_on(&self, screens: &[(i32, i32, u32, u32)]) -> bool {
        const GRIP: i64 = 48;
        let (x, y) = (i64::from(self.x), i64::from(self.y));
        let right = x + i64::from(self.width);
        screens.iter().any(|&(sx, sy, sw, sh)| {
            let (sx, sy) = (i64::from(sx), i64::from(sy));
            let (sr, sb) = (sx + i64::from(sw), sy + i64::from(sh));
            let visible = right.min(sr) - x.max(sx);
            visible >= GRIP && y >= sy && y + GRIP <= sb
        })
    }
}

impl Settings {
    pub const DEFAULT_AUTOLOCK_MINUTES: u32 = 10;
    pub const MAX_AUTOLOCK_MINUTES: u32 = 24 * 60;

    pub fn autolock_minutes(&self) -> u32 {
        self.autolock_minutes
            .unwrap_or(Self::DEFAULT_AUTOLOCK_MINUTES)
            .min(Self::MAX_AUTOLOCK_MINUTES)
    }
}

impl Settings {
    /// Missing or unreadable settings fall back to defaults: they hold nothing worth failing for.
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|_| Error::InvalidInput("settings"))?;
        fsutil::replace_file(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_damage_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        assert_eq!(
            Settings::default().autolock_minutes(),
            Settings::DEFAULT_AUTOLOCK_MINUTES
        );
        let s = Settings {
            language: Some(Language::ZhCn),
            autolock_minutes: Some(5),
            reminder: Some("21:30".into()),
            window: Some(WindowGeometry {
                x: -10,
                y: 40,
                width: 1100,
                height: 760,
                maximized: false,
            }),
            upkeep: Upkeep {
                trash_days: Some(7),
                second_backup_folder: Some("/media/usb".into()),
                clean_close: Some(FileStamp {
                    len: 4096,
                    modified_ns: 17,
                }),
                ..Upkeep::default()
            },
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"zh-CN\""));
        std::fs::write(&path, b"\0\0").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }

    #[test]
    fn a_window_opens_where_it_was_only_if_a_screen_still_shows_it() {
        let at = |x, y| WindowGeometry {
            x,
            y,
            width: 1100,
            height: 760,
            maximized: false,
        };
        let laptop = (0, 0, 1920, 1080);
        let external_left = (-2560, 0, 2560, 1440);
        assert!(at(100, 80).is_reachable_on(&[laptop]));
        assert!(
            at(-1100 + 60, 0).is_reachable_on(&[laptop]),
            "mostly off the left edge"
        );
        assert!(
            !at(-1100 + 20, 0).is_reachable_on(&[laptop]),
            "too little left to grab"
        );
        assert!(
            !at(100, 1070).is_reachable_on(&[laptop]),
            "title bar below the screen"
        );
        assert!(
            !at(100, -30).is_reachable_on(&[laptop]),
            "title bar above the screen"
        );
        assert!(at(-2000, 200).is_reachable_on(&[laptop, external_left]));
        assert!(
            !at(-2000, 200).is_reachable_on(&[laptop]),
            "that monitor was unplugged"
        );
        assert!(!at(100, 80).is_reachable_on(&[]));
    }
}
