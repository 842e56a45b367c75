//! `Diary`: the open diary, and the verbs the shell calls on it. Its connection never leaves
//! the core (tests and benchmarks reach it through the `testing` feature): each verb names what
//! it does, so every rule (permissions, read-only after a declined policy, the minors rule) is
//! applied here, whatever the caller.

use std::sync::Arc;

use rusqlite::Connection;

use super::Session;
use crate::dashboard::{self, CategorySummary};
use crate::db::now_ms;
use crate::diagnostics::{self, LogLine};
use crate::entries::{self, calendar, Cursor, Entry, EntryInput, EntrySummary, Page};
use crate::images::{self, ImageInfo, PhotoMetadata, Prepared};
use crate::permissions::{self, LedgerRow, PermissionState};
use crate::places::{self, Place};
use crate::profile::{self, Field, Profile};
use crate::search::{self, SearchHit, SearchQuery};
use crate::share::{self, ShareLogRow};
use crate::usage::{self, Stats};
use crate::vault::DataKey;
use crate::{clock, policy, Result};
use crate::{tags, trash};

/// The open diary. Dropping it closes the connection and zeroizes the key: that is locking.
pub struct Diary {
    pub(super) conn: Connection,
    /// Kept (zeroized on drop) to wrap it in new key slots, e.g. for remember_device, and to
    /// open a job's own connections.
    pub(super) key: DataKey,
    /// The newest policy version the user accepted. Below the current one, the connection is
    /// `query_only`: reading, export and deletion only, enforced by SQLite itself.
    pub(super) accepted_policy: u32,
    /// Ends when this is dropped (locked): the jobs running in it stop.
    pub(super) session: Arc<Session>,
    /// Days a deleted entry or photo stays in Recently deleted (0: deleted at once).
    pub(super) trash_days: u32,
    /// The backup being browsed, if any.
    pub(super) view: Option<super::backups::BackupView>,
    /// `changes()` when this session last backed up.
    pub(super) backed_up_at: Option<(u64, i64)>,
    /// Work saves left for an idle moment.
    pub(super) tidy: super::tidy::TidyState,
}

impl Drop for Diary {
    fn drop(&mut self) {
        self.session.end();
    }
}

/// Suggestions offered as the user types a tag.
const TAG_SUGGESTIONS: u32 = 12;

impl Diary {
    /// The connection itself, for the core's tests, benchmarks and examples only.
    #[cfg(any(test, feature = "testing"))]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    #[cfg(not(any(test, feature = "testing")))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(super) fn open(conn: Connection, key: DataKey) -> Result<Diary> {
        let accepted_policy = policy::accepted_version(&conn)?;
        let diary = Diary {
            conn,
            key,
            accepted_policy,
            session: Arc::default(),
            trash_days: crate::trash::DEFAULT_KEEP_DAYS,
            view: None,
            backed_up_at: None,
            tidy: Default::default(),
        };
        diary.set_query_only(diary.read_only())?;
        Ok(diary)
    }

    /// True until the user accepts the current policy.
    pub fn read_only(&self) -> bool {
        self.accepted_policy < policy::CURRENT_VERSION
    }

    pub(super) fn set_query_only(&self, on: bool) -> Result<()> {
        self.conn.pragma_update(None, "query_only", on)?;
        Ok(())
    }

    /// Run `f` with writes allowed even while read-only: for withdrawing consent and deleting
    /// data, which a user who declined the policy must still be able to do.
    pub(super) fn erasing<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.set_query_only(false)?;
        let result = f(&self.conn);
        self.set_query_only(self.read_only())?;
        result
    }

    // Entries.

    /// The timeline, newest first: `limit` entries after `after`.
    pub fn entry_page(&self, after: Option<&Cursor>, limit: u32) -> Result<Page> {
        entries::page(&self.conn, after, limit)
    }

    pub fn entry(&self, id: &str) -> Result<Entry> {
        entries::get(&self.conn, id)
    }

    pub fn create_entry(&self, input: &EntryInput) -> Result<Entry> {
        entries::create(&self.conn, input)
    }

    pub fn update_entry(&self, id: &str, input: &EntryInput) -> Result<Entry> {
        entries::update(&self.conn, id, input)
    }

    /// Delete an entry: to Recently deleted (true), or for good when the user keeps nothing
    /// there (false).
    pub fn delete_entry(&self, id: &str) -> Result<bool> {
        match self.trash_days {
            0 => entries::delete(&self.conn, id).map(|()| false),
            _ => trash::put_entry(&self.conn, id, now_ms()).map(|()| true),
        }
    }

    /// Entries per day of `month` in `year`.
    pub fn month(&self, year: i32, month: u8) -> Result<Vec<(u8, u32)>> {
        calendar::month(&self.conn, year, month)
    }

    pub fn entries_on(&self, date: &str) -> Result<Vec<EntrySummary>> {
        calendar::day(&self.conn, date)
    }

    /// Entries written on `today`'s day and month in earlier years.
    pub fn on_this_day(&self, today: &str) -> Result<Vec<EntrySummary>> {
        calendar::on_this_day(&self.conn, today)
    }

    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        search::search(&self.conn, query)
    }

    pub fn tag_suggestions(&self, prefix: &str) -> Result<Vec<String>> {
        tags::suggest(&self.conn, prefix, TAG_SUGGESTIONS)
    }

    // Photos.

    pub(super) fn attach_photo(&self, entry_id: &str, photo: &Prepared) -> Result<ImageInfo> {
        images::attach(&self.conn, entry_id, photo)
    }

    pub fn entry_photos(&self, entry_id: &str) -> Result<Vec<ImageInfo>> {
        images::list_for_entry(&self.conn, entry_id)
    }

    pub fn gallery(&self, offset: u32, limit: u32) -> Result<Vec<ImageInfo>> {
        images::gallery(&self.conn, offset, limit)
    }

    /// A photo's MIME type and bytes, as stored (re-encoded, without metadata).
    pub fn photo(&self, id: &str) -> Result<(String, Vec<u8>)> {
        images::full(&self.conn, id)
    }

    pub fn thumbnail(&self, id: &str) -> Result<(String, Vec<u8>)> {
        images::thumbnail(&self.conn, id)
    }

    /// Capture date and place kept from the photo's EXIF (under photo_metadata).
    pub fn photo_metadata(&self, image_id: &str) -> Result<Option<PhotoMetadata>> {
        images::metadata::get(&self.conn, image_id)
    }

    /// Delete a photo: to Recently deleted (true), or for good (false; see `delete_entry`).
    pub fn delete_photo(&self, id: &str) -> Result<bool> {
        match self.trash_days {
            0 => images::delete(&self.conn, id).map(|()| false),
            _ => trash::put_photo(&self.conn, id, now_ms()).map(|()| true),
        }
    }

    // The profile.

    pub fn profile(&self) -> Result<Profile> {
        profile::get(&self.conn)
    }

    /// Set one field (an empty value deletes it); the profile as it is now.
    pub fn set_profile_field(&self, field: Field, value: &str) -> Result<Profile> {
        profile::set(&self.conn, field, value)?;
        self.profile()
    }

    pub(super) fn set_avatar(&self, picture: &Prepared) -> Result<Profile> {
        profile::set_avatar(&self.conn, picture)?;
        self.profile()
    }

    pub fn delete_avatar(&self) -> Result<Profile> {
        profile::delete_avatar(&self.conn)?;
        self.profile()
    }

    pub fn avatar(&self) -> Result<Option<(String, Vec<u8>)>> {
        profile::avatar(&self.conn)
    }

    // The privacy center.

    /// True when the profile's birthday shows a user under 14.
    pub fn is_minor(&self) -> Result<bool> {
        profile::is_minor(&self.conn)
    }

    pub fn permissions(&self) -> Result<Vec<PermissionState>> {
        permissions::states(&self.conn)
    }

    /// Newest first.
    pub fn consent_ledger(&self) -> Result<Vec<LedgerRow>> {
        permissions::ledger(&self.conn)
    }

    pub fn dashboard(&self) -> Result<Vec<CategorySummary>> {
        dashboard::summary(&self.conn)
    }

    pub fn place(&self, entry_id: &str) -> Result<Option<Place>> {
        places::get(&self.conn, entry_id)
    }

    /// `None` clears it. Needs the location permission.
    pub fn set_place(&self, entry_id: &str, place: Option<&Place>) -> Result<()> {
        places::set(&self.conn, entry_id, place)
    }

    pub fn usage_stats(&self) -> Result<Stats> {
        usage::stats(&self.conn, clock::today())
    }

    /// Newest first.
    pub fn error_log(&self) -> Result<Vec<LogLine>> {
        diagnostics::lines(&self.conn)
    }

    /// Newest first.
    pub fn share_log(&self) -> Result<Vec<ShareLogRow>> {
        share::log(&self.conn)
    }
}
