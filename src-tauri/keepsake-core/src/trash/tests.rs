use super::*;
use crate::images;
use crate::test_support::{open_test_diary, search_text};

const NOW: i64 = 1_800_000_000_000;

fn entry(conn: &Connection, title: &str) -> entries::Entry {
    entries::create(
        conn,
        &EntryInput {
            title: title.into(),
            body: format!("{title} 海边的日落"),
            entry_at: "2026-11-20T09:00".into(),
            tags: vec!["walks".into()],
            mood: Some(4),
        },
    )
    .unwrap()
}

fn photo(conn: &Connection, entry_id: &str) -> String {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    images::attach(conn, entry_id, &images::prepare(&png).unwrap())
        .unwrap()
        .id
}

fn visible(conn: &Connection) -> (i64, usize, usize) {
    (
        entries::count(conn).unwrap(),
        search_text(conn, "海边").len(),
        images::gallery(conn, 0, 100).unwrap().len(),
    )
}

#[test]
fn a_deleted_entry_is_nowhere_until_restored_whole() {
    let (_dir, conn) = open_test_diary();
    let e = entry(&conn, "Sunset");
    photo(&conn, &e.id);
    entry(&conn, "Other");
    let before = entries::get(&conn, &e.id).unwrap();
    assert_eq!(visible(&conn), (2, 2, 1));

    put_entry(&conn, &e.id, NOW).unwrap();
    assert_eq!(
        visible(&conn),
        (1, 1, 0),
        "not in the timeline, search or gallery"
    );
    let items = list(&conn).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].kind, items[0].title.as_str(), items[0].photos),
        (TrashKind::Entry, "Sunset", 1)
    );

    assert_eq!(restore(&conn, &e.id).unwrap(), TrashKind::Entry);
    assert_eq!(visible(&conn), (2, 2, 1));
    assert_eq!(entries::get(&conn, &e.id).unwrap(), before);
    assert!(list(&conn).unwrap().is_empty());
}

#[test]
fn a_deleted_photo_goes_back_into_its_entry() {
    let (_dir, conn) = open_test_diary();
    let e = entry(&conn, "Sunset");
    let p = photo(&conn, &e.id);
    put_photo(&conn, &p, NOW).unwrap();
    assert!(images::list_for_entry(&conn, &e.id).unwrap().is_empty());
    assert_eq!(list(&conn).unwrap()[0].kind, TrashKind::Photo);
    restore(&conn, &p).unwrap();
    assert_eq!(images::list_for_entry(&conn, &e.id).unwrap()[0].id, p);
    // A photo whose entry is gone waits for its entry.
    put_photo(&conn, &p, NOW).unwrap();
    put_entry(&conn, &e.id, NOW).unwrap();
    assert!(matches!(restore(&conn, &p), Err(Error::InvalidInput(_))));
    restore(&conn, &e.id).unwrap();
    restore(&conn, &p).unwrap();
}

#[test]
fn what_is_older_than_the_period_goes_for_good() {
    let (_dir, conn) = open_test_diary();
    let day = 24 * 60 * 60 * 1000;
    let old = entry(&conn, "Old");
    photo(&conn, &old.id);
    let recent = entry(&conn, "Recent");
    put_entry(&conn, &old.id, NOW - 31 * day).unwrap();
    put_entry(&conn, &recent.id, NOW - 29 * day).unwrap();
    assert_eq!(
        expire(&conn, NOW, 30).unwrap(),
        2,
        "the old entry and its photo"
    );
    let left = list(&conn).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, recent.id);
    assert!(matches!(restore(&conn, &old.id), Err(Error::NotFound)));
    // Nothing of it is left in the database's tables.
    let held: i64 = conn
        .query_row("SELECT count(*) FROM trash_images", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held, 0);
    // Zero days empties it.
    expire(&conn, NOW, 0).unwrap();
    assert!(list(&conn).unwrap().is_empty());
}

#[test]
fn deleting_for_good_and_by_category_empties_the_trash() {
    let (_dir, conn) = open_test_diary();
    let a = entry(&conn, "A");
    let b = entry(&conn, "B");
    photo(&conn, &b.id);
    put_entry(&conn, &a.id, NOW).unwrap();
    purge(&conn, &a.id).unwrap();
    assert!(list(&conn).unwrap().is_empty());
    put_entry(&conn, &b.id, NOW).unwrap();
    crate::dashboard::delete(&conn, crate::dashboard::Category::Entries).unwrap();
    assert_eq!(size(&conn).unwrap(), (0, 0));
}
