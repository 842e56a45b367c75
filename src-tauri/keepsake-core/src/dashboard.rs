//! The privacy dashboard: every category of data the diary holds, how many items and bytes,
//! and deletion per category.

use rusqlite::Connection;

use crate::db::atomically;
use crate::images::metadata as photo_metadata;
use crate::{diagnostics, places, profile, usage, Result};
use crate::{entries, tags, trash};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Entries,
    Images,
    Profile,
    Places,
    PhotoMetadata,
    Tags,
    ShareLog,
    Statistics,
    ErrorLog,
    ConsentLedger,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Entries,
        Category::Images,
        Category::Profile,
        Category::Places,
        Category::PhotoMetadata,
        Category::Tags,
        Category::ShareLog,
        Category::Statistics,
        Category::ErrorLog,
        Category::ConsentLedger,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Entries => "entries",
            Category::Images => "images",
            Category::Profile => "profile",
            Category::Places => "places",
            Category::PhotoMetadata => "photo_metadata",
            Category::Tags => "tags",
            Category::ShareLog => "share_log",
            Category::Statistics => "statistics",
            Category::ErrorLog => "error_log",
            Category::ConsentLedger => "consent_ledger",
        }
    }

    /// The ledger is the record of the user's own decisions: append-only, never deleted on its
    /// own (delete everything removes it with the rest).
    pub fn deletable(self) -> bool {
        self != Category::ConsentLedger
    }

    /// `SELECT count, bytes` for this category.
    fn measure_sql(self) -> &'static str {
        match self {
            // Recently deleted entries and photos are still held: they count until they go.
            Category::Entries => {
                "SELECT count(*), coalesce(sum(length(CAST(title AS BLOB))
                     + length(CAST(body AS BLOB)) + coalesce(length(body_packed), 0)), 0)
                 FROM (SELECT title, body, body_packed FROM entries
                       UNION ALL SELECT title, body, NULL FROM trash_entries)"
            }
            Category::Images => {
                "SELECT count(*), coalesce(sum(byte_size + length(thumb)), 0)
                 FROM (SELECT byte_size, thumb FROM images
                       UNION ALL SELECT byte_size, thumb FROM trash_images)"
            }
            Category::Profile => {
                "SELECT (SELECT count(*) FROM profile) + (SELECT count(*) FROM profile_avatar),
                        (SELECT coalesce(sum(length(CAST(value AS BLOB))), 0) FROM profile)
                      + (SELECT coalesce(sum(length(bytes)), 0) FROM profile_avatar)"
            }
            Category::Places => {
                "SELECT count(*), coalesce(sum(length(CAST(name AS BLOB))
                     + 16 * (latitude IS NOT NULL)), 0) FROM entry_places"
            }
            Category::PhotoMetadata => {
                "SELECT count(*), coalesce(sum(coalesce(length(taken_at), 0)
                     + 16 * (latitude IS NOT NULL)), 0) FROM image_metadata"
            }
            Category::Tags => {
                "SELECT count(*), coalesce(sum(length(CAST(name AS BLOB))), 0) FROM tags"
            }
            Category::ShareLog => {
                "SELECT count(*), coalesce(sum(length(entry_id) + length(format)
                     + length(destination) + 8), 0) FROM share_log"
            }
            Category::Statistics => {
                "SELECT (SELECT count(*) FROM usage_days),
                        (SELECT count(*) * 34 FROM usage_days)
                      + (SELECT count(*) * 16 FROM usage_hours)"
            }
            Category::ErrorLog => {
                "SELECT count(*), coalesce(sum(length(kind) + length(context) + 8), 0)
                 FROM error_log"
            }
            Category::ConsentLedger => {
                "SELECT count(*), coalesce(sum(length(permission)
                     + coalesce(length(CAST(guardian_name AS BLOB)), 0) + 24), 0)
                 FROM consent_ledger"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySummary {
    pub category: Category,
    pub count: i64,
    /// Approximate bytes of user data (content, not database overhead).
    pub bytes: i64,
}

pub fn summary(conn: &Connection) -> Result<Vec<CategorySummary>> {
    Category::ALL
        .into_iter()
        .map(|category| {
            let (count, bytes) =
                conn.query_row(category.measure_sql(), [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(CategorySummary {
                category,
                count,
                bytes,
            })
        })
        .collect()
}

/// Delete everything in one category; returns how many items went.
pub fn delete(conn: &Connection, category: Category) -> Result<usize> {
    if !category.deletable() {
        return Err(crate::Error::InvalidInput(
            "the consent ledger cannot be deleted",
        ));
    }
    let removed = atomically(conn, || {
        Ok(match category {
            // Cascades to tags' links, photos, places and search-index rows; what was
            // recently deleted goes too.
            Category::Entries => {
                let n = conn.execute("DELETE FROM entries", [])?;
                tags::forget_unused(conn)?;
                n + trash::empty(conn, true, false)?
            }
            Category::Images => {
                conn.execute("DELETE FROM images", [])? + trash::empty(conn, false, true)?
            }
            Category::Profile => {
                let n = profile::get(conn)?;
                profile::delete_all(conn)?;
                [
                    n.display_name.is_some(),
                    n.email.is_some(),
                    n.birthday.is_some(),
                    n.gender.is_some(),
                    n.has_avatar,
                ]
                .into_iter()
                .filter(|x| *x)
                .count()
            }
            Category::Places => places::delete_all(conn)?,
            Category::PhotoMetadata => photo_metadata::delete_all(conn)?,
            Category::Tags => entries::delete_all_tags(conn)?,
            Category::ShareLog => conn.execute("DELETE FROM share_log", [])?,
            Category::Statistics => usage::delete_all(conn)?,
            Category::ErrorLog => diagnostics::clear(conn)?,
            Category::ConsentLedger => 0,
        })
    })?;
    crate::db::truncate_wal(conn);
    Ok(removed)
}
