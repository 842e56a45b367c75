//! The export archive, version 1: a zip file (optionally sealed, see `sealed.rs`) holding
//!
//! ```text
//! manifest.json            format, version, counts, and every other file's size and SHA-256
//! entries/<id>.json        an entry with every field, its place and its photos' details
//! entries/<date>-<id>.md   the same entry as Markdown, for reading without Keepsake
//! images/<id>.jpg|.png     each photo as stored (already re-encoded, no metadata)
//! profile.json             the profile's fields; profile/avatar.jpg|.png
//! tags.json                every tag
//! consent-ledger.json      every grant and revoke (kept as history; an import grants nothing)
//! policy.json              which policy versions were accepted, when
//! share-log.json           every share
//! ```
//!
//! Field names are camelCase JSON; times are milliseconds since the Unix epoch, and an entry's
//! own date is local `YYYY-MM-DDTHH:MM`. README describes the same format for other tools.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "keepsake-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: i64,
    pub entries: u64,
    pub images: u64,
    pub files: Vec<FileSum>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSum {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryRecord {
    pub id: String,
    pub title: String,
    pub body: String,
    pub entry_at: String,
    pub tags: Vec<String>,
    pub mood: Option<u8>,
    pub created_at: i64,
    pub updated_at: i64,
    pub place: Option<PlaceRecord>,
    pub images: Vec<ImageRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceRecord {
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageRecord {
    pub id: String,
    pub file: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub position: i64,
    pub created_at: i64,
    pub taken_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRecord {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub birthday: Option<String>,
    pub gender: Option<String>,
    pub avatar: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerRecord {
    pub at: i64,
    pub permission: String,
    pub granted: bool,
    pub policy_version: u32,
    pub guardian_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptanceRecord {
    pub version: u32,
    pub accepted_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareRecord {
    pub at: i64,
    pub entry_id: String,
    pub format: String,
    pub destination: String,
}

/// Where a photo goes in the archive.
pub fn image_file(id: &str, mime: &str) -> String {
    format!("images/{id}.{}", crate::images::extension(mime))
}

/// Where the profile picture goes in the archive.
pub fn avatar_file(mime: &str) -> String {
    format!("profile/avatar.{}", crate::images::extension(mime))
}

impl EntryRecord {
    pub fn json_file(&self) -> String {
        format!("entries/{}.json", self.id)
    }

    /// Dated for a person browsing the folder; the whole id, since ids written in the same
    /// minute share their first characters.
    pub fn markdown_file(&self) -> String {
        let date = self.entry_at.get(..10).unwrap_or("undated");
        format!("entries/{date}-{}.md", self.id)
    }

    /// The entry as a person reads it without Keepsake: title, date, tags, mood, place, body,
    /// photos.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# {}\n\n",
            if self.title.is_empty() {
                &self.entry_at
            } else {
                &self.title
            }
        );
        out.push_str(&format!("*{}*", self.entry_at.replace('T', " ")));
        if !self.tags.is_empty() {
            let tags: Vec<String> = self.tags.iter().map(|t| format!("#{t}")).collect();
            out.push_str(&format!(" · {}", tags.join(" ")));
        }
        if let Some(mood) = self.mood {
            out.push_str(&format!(" · mood {mood}/5"));
        }
        if let Some(place) = &self.place {
            out.push_str(&format!(" · {}", place.name));
        }
        out.push_str("\n\n");
        out.push_str(&self.body);
        out.push('\n');
        for image in &self.images {
            out.push_str(&format!("\n![](../{})\n", image.file));
        }
        out
    }
}

/// A member name an import accepts: one of the fixed files, or `entries/…`, `images/…` and
/// `profile/avatar.…` with a plain file name. Anything else (absolute, `..`, backslashes,
/// other folders) is refused before reading a byte of it.
pub fn allowed_name(name: &str) -> bool {
    const FIXED: [&str; 6] = [
        "manifest.json",
        "profile.json",
        "tags.json",
        "consent-ledger.json",
        "policy.json",
        "share-log.json",
    ];
    if FIXED.contains(&name) {
        return true;
    }
    let plain = |file: &str, exts: &[&str]| {
        !file.is_empty()
            && file.len() <= 120
            && file
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !file.starts_with('.')
            && exts.iter().any(|e| file.ends_with(e))
    };
    match name.split_once('/') {
        Some(("entries", file)) => plain(file, &[".json", ".md"]),
        Some(("images", file)) => plain(file, &[".jpg", ".png"]),
        Some(("profile", file)) => file == "avatar.jpg" || file == "avatar.png",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_name;

    #[test]
    fn only_the_format_s_own_names_are_allowed() {
        for ok in [
            "manifest.json",
            "entries/0190-ab.json",
            "entries/2026-11-23-0190ab.md",
            "images/0190-ab.jpg",
            "profile/avatar.png",
        ] {
            assert!(allowed_name(ok), "{ok}");
        }
        for bad in [
            "/etc/passwd",
            "../escape.json",
            "entries/../../x.json",
            "entries/..",
            "entries\\x.json",
            "images/a/b.jpg",
            "images/.hidden.jpg",
            "images/x.exe",
            "C:/x.json",
            "entries/",
            "other/x.json",
            "manifest.json/x",
        ] {
            assert!(!allowed_name(bad), "{bad}");
        }
    }
}
