//! Permissions through `Keepsake`: grant, enforcement, revoke and its purge, the ledger, the
//! minors rule, the dashboard.

use time::macros::datetime;

use super::*;
use crate::dashboard::{self, Category};
use crate::images::{self, PhotoMetadata};
use crate::permissions::{self, Actor, Permission};
use crate::places::{self, Place};
use crate::profile::{self, Field};
use crate::test_support::search_text;
use crate::{diagnostics, usage};

fn here() -> Place {
    Place {
        name: "西湖, Hangzhou".into(),
        latitude: Some(30.25),
        longitude: Some(120.14),
    }
}

#[test]
fn every_permission_starts_off_and_its_feature_is_refused_by_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    let entry = write(&ks, "t", "b", "2026-11-23T09:00");
    let states = ks.with_diary(|d| permissions::states(d.conn())).unwrap();
    assert_eq!(states.len(), Permission::ALL.len());
    assert!(states.iter().all(|s| !s.granted && s.granted_at.is_none()));
    let off = |r: Result<()>, p: Permission| match r {
        Err(Error::PermissionOff(q)) => assert_eq!(q, p),
        other => panic!("{p:?}: expected PermissionOff, got {other:?}"),
    };
    off(
        ks.with_diary(|d| places::set(d.conn(), &entry.id, Some(&here()))),
        Permission::Location,
    );
    off(
        ks.with_diary(|d| places::get(d.conn(), &entry.id).map(drop)),
        Permission::Location,
    );
    off(
        ks.with_diary(|d| images::metadata::get(d.conn(), "x").map(drop)),
        Permission::PhotoMetadata,
    );
    off(
        ks.with_diary(|d| usage::stats(d.conn(), crate::clock::today()).map(drop)),
        Permission::UsageStats,
    );
    off(
        ks.with_diary(|d| diagnostics::lines(d.conn()).map(drop)),
        Permission::Diagnostics,
    );
    off(ks.set_reminder(Some("20:00")), Permission::Reminders);
    off(
        ks.with_diary(|d| permissions::require(d.conn(), Permission::Sharing)),
        Permission::Sharing,
    );
    // With usage_stats and diagnostics off, saves and errors leave no trace.
    ks.log_error("wrong_secret", "unlock");
    let counts = ks.with_diary(|d| dashboard::summary(d.conn())).unwrap();
    for c in counts {
        if matches!(c.category, Category::Statistics | Category::ErrorLog) {
            assert_eq!(c.count, 0, "{:?}", c.category);
        }
    }
}

#[test]
fn location_grant_enables_places_and_revoke_deletes_them_and_is_in_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    let entry = write(&ks, "t", "b", "2026-11-23T09:00");
    grant(&ks, Permission::Location);
    assert!(on(&ks, Permission::Location));
    ks.with_diary(|d| places::set(d.conn(), &entry.id, Some(&here())))
        .unwrap();
    assert_eq!(
        ks.with_diary(|d| places::get(d.conn(), &entry.id)).unwrap(),
        Some(here())
    );
    let bad = Place {
        latitude: Some(91.0),
        ..here()
    };
    assert!(ks
        .with_diary(|d| places::set(d.conn(), &entry.id, Some(&bad)))
        .is_err());

    let purged = ks.revoke(Permission::Location, true).unwrap();
    assert_eq!(purged.places, 1);
    assert!(!on(&ks, Permission::Location));
    grant(&ks, Permission::Location);
    assert_eq!(
        ks.with_diary(|d| places::get(d.conn(), &entry.id)).unwrap(),
        None,
        "the place is gone for good"
    );

    let ledger = ks.with_diary(|d| permissions::ledger(d.conn())).unwrap();
    let rows: Vec<_> = ledger
        .iter()
        .map(|r| (r.permission, r.granted, r.policy_version, r.actor.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (Permission::Location, true, CURRENT_VERSION, Actor::User),
            (Permission::Location, false, CURRENT_VERSION, Actor::User),
            (Permission::Location, true, CURRENT_VERSION, Actor::User),
        ],
        "newest first"
    );
    assert!(ledger[0].seq > ledger[1].seq && ledger[0].at >= ledger[1].at);
}

#[test]
fn revoking_without_purge_keeps_places_but_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    let entry = write(&ks, "t", "b", "2026-11-23T09:00");
    grant(&ks, Permission::Location);
    ks.with_diary(|d| places::set(d.conn(), &entry.id, Some(&here())))
        .unwrap();
    assert_eq!(ks.revoke(Permission::Location, false).unwrap().places, 0);
    let places_count = || {
        ks.with_diary(|d| dashboard::summary(d.conn()))
            .unwrap()
            .into_iter()
            .find(|c| c.category == Category::Places)
            .unwrap()
            .count
    };
    assert_eq!(places_count(), 1, "kept, as the user chose");
    assert_eq!(ks.delete_category(Category::Places).unwrap(), 1);
    assert_eq!(places_count(), 0);
}

#[test]
fn the_ledger_refuses_edits_and_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    grant(&ks, Permission::Sharing);
    ks.with_diary(|d| {
        assert!(d
            .conn()
            .execute("UPDATE consent_ledger SET granted = 0", [])
            .is_err());
        assert!(d.conn().execute("DELETE FROM consent_ledger", []).is_err());
        Ok(())
    })
    .unwrap();
    assert!(matches!(
        ks.delete_category(Category::ConsentLedger),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(
        ks.with_diary(|d| permissions::ledger(d.conn()))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn photo_metadata_is_kept_only_while_granted_and_revoke_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    let entry = write(&ks, "t", "b", "2026-11-23T09:00");
    let bytes = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/portrait-exif-gps.jpg"),
    )
    .unwrap();
    let prepared = images::prepare(&bytes).unwrap();
    let read = prepared.metadata.clone().expect("the fixture has EXIF GPS");
    assert!(read.latitude.is_some() && read.longitude.is_some());

    let before = ks
        .with_diary(|d| images::attach(d.conn(), &entry.id, &prepared))
        .unwrap();
    grant(&ks, Permission::PhotoMetadata);
    let after = ks
        .with_diary(|d| images::attach(d.conn(), &entry.id, &prepared))
        .unwrap();
    let meta = |id: &str| ks.with_diary(|d| images::metadata::get(d.conn(), id));
    assert_eq!(
        meta(&before.id).unwrap(),
        None,
        "imported while off: dropped"
    );
    assert_eq!(meta(&after.id).unwrap(), Some(read));
    assert_eq!(
        ks.revoke(Permission::PhotoMetadata, true)
            .unwrap()
            .photo_metadata,
        1
    );
    grant(&ks, Permission::PhotoMetadata);
    assert_eq!(meta(&after.id).unwrap(), None);
    // The stored photo itself never carries EXIF, whatever the permission.
    let (_, stored) = ks
        .with_diary(|d| images::full(d.conn(), &after.id))
        .unwrap();
    assert_eq!(images::metadata::read(&stored), None);
    let _ = PhotoMetadata::default();
}

#[test]
fn usage_stats_count_saves_only_while_granted_and_revoke_deletes_the_counters() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    write(&ks, "before", "not counted", "2026-11-23T09:00");
    grant(&ks, Permission::UsageStats);
    // The app's own saves count at the wall clock's day and hour: the back-dated saves
    // below take days and hours that the clock cannot reach while the test runs.
    let started = crate::clock::local_now();
    let (morning, evening) = ((started.hour() + 8) % 24, (started.hour() + 12) % 24);
    let e = write(&ks, "Hello", "one two three 你好", "2026-11-23T09:00");
    ks.with_diary(|d| {
        let input = entries::EntryInput {
            title: "Hello".into(),
            body: "one two three 你好 four".into(),
            entry_at: e.entry_at.clone(),
            ..Default::default()
        };
        entries::update(d.conn(), &e.id, &input)?;
        for (days_back, hour) in [(3, morning), (2, evening)] {
            let day = started.date() - time::Duration::days(days_back);
            let at = time::PrimitiveDateTime::new(day, time::Time::from_hms(hour, 0, 0).unwrap());
            usage::record_save(d.conn(), at, true, 10)?;
        }
        Ok(())
    })
    .unwrap();
    let today = crate::clock::today();
    let stats = ks.with_diary(|d| usage::stats(d.conn(), today)).unwrap();
    assert_eq!(stats.entries_created, 3);
    assert_eq!(
        stats.words_added,
        6 + 1 + 20,
        "title + body words, then the added word"
    );
    // Two back-dated days, plus the day (or, across midnight, the two days) of the saves.
    let save_days = if today == started.date() { 1 } else { 2 };
    assert_eq!(stats.days_written, 2 + save_days);
    assert!(
        stats.longest_streak >= 2,
        "the two back-dated days follow each other"
    );
    assert_eq!(stats.by_hour.iter().sum::<i64>(), 4);
    assert_eq!(
        (
            stats.by_hour[morning as usize],
            stats.by_hour[evening as usize]
        ),
        (1, 1)
    );
    let purged = ks.revoke(Permission::UsageStats, false).unwrap();
    assert_eq!(purged.statistics_days as i64, 2 + save_days);
    grant(&ks, Permission::UsageStats);
    let stats = ks
        .with_diary(|d| usage::stats(d.conn(), crate::clock::today()))
        .unwrap();
    assert_eq!((stats.days_written, stats.entries_created), (0, 0));
}

#[test]
fn streaks_count_consecutive_days_ending_today_or_yesterday() {
    let (_dir, conn) = crate::test_support::open_test_diary();
    crate::policy::accept(&conn, CURRENT_VERSION).unwrap();
    permissions::record(&conn, Permission::UsageStats, true, &Actor::User).unwrap();
    for at in [
        datetime!(2026-11-01 09:00),
        datetime!(2026-11-02 09:00),
        datetime!(2026-11-03 09:00),
        datetime!(2026-11-20 09:00),
        datetime!(2026-11-21 09:00),
    ] {
        usage::record_save(&conn, at, true, 1).unwrap();
    }
    let on = |d| usage::stats(&conn, d).unwrap();
    let s = on(time::macros::date!(2026 - 11 - 22));
    assert_eq!((s.current_streak, s.longest_streak), (2, 3));
    assert_eq!(on(time::macros::date!(2026 - 11 - 23)).current_streak, 0);
    assert_eq!(s.months.len(), 1);
    assert_eq!(s.months[0].entries_created, 5);
    assert_eq!(usage::words("Don't stop-me now 拾忆, ok"), 6);
}

#[test]
fn diagnostics_logs_kinds_not_content_and_revoke_deletes_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    grant(&ks, Permission::Diagnostics);
    ks.log_error("image_damaged", "commands/images.rs:31");
    ks.lock();
    // Errors while locked wait in memory and are written at the next unlock.
    ks.log_error("wrong_secret", "commands/session.rs:80");
    ks.unlock(OLD).unwrap();
    let lines = ks.with_diary(|d| diagnostics::lines(d.conn())).unwrap();
    assert_eq!(
        lines.iter().map(|l| l.kind.as_str()).collect::<Vec<_>>(),
        ["wrong_secret", "image_damaged"]
    );
    assert_eq!(
        ks.revoke(Permission::Diagnostics, false).unwrap().log_lines,
        2
    );
    ks.log_error("image_damaged", "x");
    grant(&ks, Permission::Diagnostics);
    assert!(ks
        .with_diary(|d| diagnostics::lines(d.conn()))
        .unwrap()
        .is_empty());
}

#[test]
fn reminders_keep_a_schedule_only_while_granted() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    grant(&ks, Permission::Reminders);
    assert!(ks.set_reminder(Some("25:00")).is_err());
    ks.set_reminder(Some("7:05")).unwrap();
    assert_eq!(ks.settings().reminder.as_deref(), Some("07:05"));
    assert!(ks.revoke(Permission::Reminders, false).unwrap().reminder);
    assert_eq!(ks.settings().reminder, None);
}

#[test]
fn sharing_is_granted_and_revoked_without_touching_the_share_log() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    grant(&ks, Permission::Sharing);
    assert!(on(&ks, Permission::Sharing));
    assert_eq!(
        ks.revoke(Permission::Sharing, true).unwrap(),
        Purged::default()
    );
    assert!(!on(&ks, Permission::Sharing));
}

#[test]
fn under_14_only_a_guardian_can_grant_and_is_recorded_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    grant(&ks, Permission::Sharing);
    let today = crate::clock::today();
    let birthday = format!("{}-01-01", today.year() - 10);
    ks.with_diary(|d| profile::set(d.conn(), Field::Birthday, &birthday))
        .unwrap();
    // A grant the user gave alone no longer counts once the birthday says under 14.
    assert!(!on(&ks, Permission::Sharing));
    let states = ks.with_diary(|d| permissions::states(d.conn())).unwrap();
    let sharing = states
        .iter()
        .find(|s| s.permission == Permission::Sharing)
        .unwrap();
    assert!(sharing.needs_guardian && !sharing.granted);

    assert!(matches!(
        ks.grant(Permission::Location, &Actor::User),
        Err(Error::GuardianRequired)
    ));
    assert!(matches!(
        ks.grant(Permission::Location, &Actor::Guardian { name: "  ".into() }),
        Err(Error::InvalidInput(_))
    ));
    assert!(!on(&ks, Permission::Location));
    let guardian = Actor::Guardian {
        name: "Li Hua".into(),
    };
    ks.grant(Permission::Location, &guardian).unwrap();
    ks.grant(Permission::Sharing, &guardian).unwrap();
    assert!(on(&ks, Permission::Location) && on(&ks, Permission::Sharing));
    let ledger = ks.with_diary(|d| permissions::ledger(d.conn())).unwrap();
    assert_eq!(ledger[0].actor, guardian);
    assert_eq!(ledger[1].actor, guardian);
    assert_eq!(ledger[2].actor, Actor::User);
    // An adult's birthday lifts the rule.
    ks.with_diary(|d| profile::set(d.conn(), Field::Birthday, "1990-01-01"))
        .unwrap();
    grant(&ks, Permission::UsageStats);
}

#[test]
fn the_dashboard_counts_each_category_and_deletes_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, _) = with_mock(dir.path());
    let count = |c: Category| {
        ks.with_diary(|d| dashboard::summary(d.conn()))
            .unwrap()
            .into_iter()
            .find(|s| s.category == c)
            .unwrap()
    };
    assert_eq!(count(Category::Entries).count, 0);
    let input = EntryInput {
        title: "Tagged".into(),
        body: "body".into(),
        entry_at: "2026-11-23T09:00".into(),
        tags: vec!["旅行".into(), "family".into()],
        ..Default::default()
    };
    let e = ks
        .with_diary(|d| entries::create(d.conn(), &input))
        .unwrap();
    let png = {
        let mut out = Vec::new();
        image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    ks.with_diary(|d| images::attach(d.conn(), &e.id, &images::prepare(&png)?))
        .unwrap();
    ks.with_diary(|d| profile::set(d.conn(), Field::DisplayName, "Mei"))
        .unwrap();
    assert_eq!(count(Category::Entries).count, 1);
    assert_eq!(count(Category::Entries).bytes, 10);
    assert_eq!(count(Category::Images).count, 1);
    assert!(count(Category::Images).bytes > 0);
    assert_eq!(count(Category::Tags).count, 2);
    assert_eq!(count(Category::Profile).count, 1);

    assert_eq!(ks.delete_category(Category::Tags).unwrap(), 2);
    assert_eq!(count(Category::Tags).count, 0);
    let hits = ks
        .with_diary(|d| Ok(search_text(d.conn(), "旅行")))
        .unwrap();
    assert!(hits.is_empty(), "deleted tags leave the search index too");
    assert_eq!(ks.delete_category(Category::Images).unwrap(), 1);
    assert_eq!(ks.delete_category(Category::Profile).unwrap(), 1);
    assert_eq!(ks.delete_category(Category::Entries).unwrap(), 1);
    for c in Category::ALL {
        if c != Category::ConsentLedger {
            assert_eq!(count(c).count, 0, "{c:?}");
        }
    }
}
