use super::*;

use crate::test_support::open_test_diary as diary;

fn input(title: &str, entry_at: &str) -> EntryInput {
    EntryInput {
        title: title.into(),
        body: format!("Body of {title}"),
        entry_at: entry_at.into(),
        ..Default::default()
    }
}

#[test]
fn create_read_update_delete() {
    let (_dir, conn) = diary();
    let e = create(&conn, &input("  First  ", "2026-11-20T08:30")).unwrap();
    assert_eq!(e.title, "First", "titles are trimmed");
    assert_eq!(get(&conn, &e.id).unwrap(), e);

    let changed = EntryInput {
        title: "Renamed".into(),
        body: "新的内容".into(),
        entry_at: "2025-01-02T03:04:59".into(),
        ..Default::default()
    };
    let u = update(&conn, &e.id, &changed).unwrap();
    assert_eq!(u.title, "Renamed");
    assert_eq!(u.body, "新的内容");
    assert_eq!(u.entry_at, "2025-01-02T03:04", "seconds are dropped");
    assert_eq!(u.created_at, e.created_at);
    assert!(u.updated_at >= e.updated_at);

    delete(&conn, &e.id).unwrap();
    assert!(matches!(get(&conn, &e.id), Err(Error::NotFound)));
    assert!(matches!(delete(&conn, &e.id), Err(Error::NotFound)));
    assert!(matches!(
        update(&conn, &e.id, &changed),
        Err(Error::NotFound)
    ));
}

#[test]
fn invalid_input_is_refused_and_nothing_is_written() {
    let (_dir, conn) = diary();
    let cases = [
        input("Bad date", "2026-13-40T25:00"),
        input("No time", "2026-11-20"),
        EntryInput {
            title: " ".into(),
            body: "\n ".into(),
            entry_at: "2026-11-20T08:30".into(),
            ..Default::default()
        },
        input(&"x".repeat(MAX_TITLE_CHARS + 1), "2026-11-20T08:30"),
    ];
    for case in cases {
        assert!(
            matches!(create(&conn, &case), Err(Error::InvalidInput(_))),
            "{case:?}"
        );
    }
    assert_eq!(count(&conn).unwrap(), 0);
}

#[test]
fn timeline_pages_newest_first_by_entry_date_not_creation() {
    let (_dir, conn) = diary();
    // Written in one order, dated in another.
    for (title, at) in [
        ("b", "2024-05-01T10:00"),
        ("d", "2026-01-01T00:00"),
        ("a", "2023-12-31T23:59"),
        ("c", "2025-07-07T07:07"),
        ("c2", "2025-07-07T07:07"),
    ] {
        create(&conn, &input(title, at)).unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = page(&conn, cursor.as_ref(), 2).unwrap();
        assert!(page.entries.len() <= 2);
        seen.extend(page.entries.iter().map(|e| e.title.clone()));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "every entry exactly once: {seen:?}");
    assert_eq!(seen[0], "d");
    assert!(seen[1].starts_with('c') && seen[2].starts_with('c'));
    assert_eq!(&seen[3..], ["b", "a"]);
}

#[test]
fn tags_and_mood_are_kept_normalized_and_forgotten_when_unused() {
    let (_dir, conn) = diary();
    let with_tags = |tags: &[&str], mood| EntryInput {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        mood,
        ..input("Tagged", "2026-11-20T08:30")
    };
    let e = create(
        &conn,
        &with_tags(&["#Travel", " travel ", "家人", "  two   words "], Some(4)),
    )
    .unwrap();
    assert_eq!(e.tags, ["Travel", "two words", "家人"], "sorted, any case");
    assert_eq!(e.mood, Some(4));
    let listed = page(&conn, None, 10).unwrap().entries;
    assert_eq!(listed[0].tags, e.tags);
    assert_eq!(listed[0].mood, Some(4));
    assert_eq!(tags::suggest(&conn, "tr", 10).unwrap(), ["Travel"]);
    assert_eq!(tags::suggest(&conn, "%", 10).unwrap(), Vec::<String>::new());

    let u = update(&conn, &e.id, &with_tags(&["家人"], None)).unwrap();
    assert_eq!(u.tags, ["家人"]);
    assert_eq!(u.mood, None);
    assert!(
        tags::suggest(&conn, "tr", 10).unwrap().is_empty(),
        "unused tags are forgotten"
    );
    // A save that keeps its tags writes none of them; a change writes only itself.
    let before = conn.total_changes();
    tags::set(&conn, &e.id, &u.tags).unwrap();
    assert_eq!(conn.total_changes(), before, "nothing written");
    tags::set(&conn, &e.id, &["家人".into(), "新".into()]).unwrap();
    assert_eq!(conn.total_changes() - before, 2, "one tag, one link");
    tags::set(&conn, &e.id, &["新".into()]).unwrap();
    assert_eq!(
        conn.total_changes() - before,
        4,
        "one link gone, its tag forgotten"
    );
    assert_eq!(get(&conn, &e.id).unwrap().tags, ["新"]);

    for bad in [with_tags(&[], Some(6)), with_tags(&[&"x".repeat(51)], None)] {
        assert!(matches!(create(&conn, &bad), Err(Error::InvalidInput(_))));
    }
    delete(&conn, &e.id).unwrap();
    assert!(tags::suggest(&conn, "", 10).unwrap().is_empty());
}

#[test]
fn calendar_marks_days_lists_a_day_and_finds_this_day_in_earlier_years() {
    let (_dir, conn) = diary();
    for (title, at) in [
        ("a", "2026-11-23T08:00"),
        ("b", "2026-11-23T21:00"),
        ("c", "2026-11-02T12:00"),
        ("d", "2026-10-31T23:59"),
        ("e", "2026-12-01T00:00"),
        ("last year", "2025-11-23T07:30"),
        ("long ago", "2019-11-23T19:00"),
        ("other day", "2024-11-24T10:00"),
    ] {
        create(&conn, &input(title, at)).unwrap();
    }
    assert_eq!(calendar::month(&conn, 2026, 11).unwrap(), [(2, 1), (23, 2)]);
    assert!(calendar::month(&conn, 2026, 13).is_err());
    let titles = |v: Vec<EntrySummary>| v.into_iter().map(|e| e.title).collect::<Vec<_>>();
    assert_eq!(
        titles(calendar::day(&conn, "2026-11-23").unwrap()),
        ["b", "a"]
    );
    assert!(calendar::day(&conn, "2026-02-30").is_err());
    assert_eq!(
        titles(calendar::on_this_day(&conn, "2026-11-23").unwrap()),
        ["last year", "long ago"]
    );
    assert!(calendar::on_this_day(&conn, "2019-11-23")
        .unwrap()
        .is_empty());
}

#[test]
fn saves_are_atomic_and_nest_inside_an_outer_transaction() {
    let (_dir, conn) = diary();
    // A save that fails releases its savepoint: later saves work normally.
    let bad = update(&conn, "missing", &input("x", "2026-01-01T00:00"));
    assert!(matches!(bad, Err(Error::NotFound)));
    // Many saves inside one outer transaction, rolled back together.
    conn.execute_batch("BEGIN").unwrap();
    for i in 0..3 {
        create(&conn, &input(&format!("batch {i}"), "2026-01-01T00:00")).unwrap();
    }
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&conn).unwrap(), 0);
    let keys: i64 = conn
        .query_row("SELECT count(*) FROM search_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(keys, 0, "the index rolled back with the entries");
}

#[test]
fn timeline_and_calendar_read_one_covering_index_with_no_scan_or_sort() {
    let (_dir, conn) = diary();
    create(&conn, &input("One", "2026-11-20T08:30")).unwrap();
    for (filter, args) in [
        ("1", vec![]),
        (
            "e.entry_at <= ?1 AND (e.entry_at < ?1 OR e.id < ?2)",
            vec!["2026-11-20T08:30", "x"],
        ),
        (
            "e.entry_at >= ?1 AND e.entry_at <= ?2",
            vec!["2026-11-20T00:00", "2026-11-20T99"],
        ),
    ] {
        let sql = format!("EXPLAIN QUERY PLAN {}", summaries_sql(filter, 51));
        let plan: Vec<String> = conn
            .prepare(&sql)
            .unwrap()
            .query_map(rusqlite::params_from_iter(args), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(
            plan.contains("USING COVERING INDEX entries_cards"),
            "{plan}"
        );
        assert!(plan.contains("USING COVERING INDEX images_cover"), "{plan}");
        // The first page walks the index from its start (LIMIT stops it); the others seek.
        let walk = plan.contains("SCAN e USING COVERING INDEX entries_cards");
        assert!(walk == (filter == "1"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

/// The child side of the test below: saves until killed, printing each save once it returned.
fn save_until_killed(path: &str, key: &str) {
    let bytes: [u8; 32] = hex::decode(key).unwrap().try_into().unwrap();
    let conn = crate::db::open(
        std::path::Path::new(path),
        &crate::vault::DataKey::from_bytes(bytes),
        crate::db::Mode::Open,
    )
    .unwrap();
    let mut ids: Vec<String> = Vec::new();
    for version in 0.. {
        let mut entry = input(&format!("v{version}"), "2026-11-20T08:30");
        entry.body = format!("version {version} {}", "words ".repeat(version % 200));
        let id = match ids.get(version % 7) {
            Some(id) if version % 3 != 0 => update(&conn, id, &entry).unwrap().id,
            _ => {
                let id = create(&conn, &entry).unwrap().id;
                ids.push(id.clone());
                id
            }
        };
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "saved {id} {version}").unwrap();
        out.flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_kill_during_saves_loses_nothing_committed() {
    use std::io::BufRead;
    if let (Ok(path), Ok(key)) = (
        std::env::var("KEEPSAKE_TEST_SAVER_DB"),
        std::env::var("KEEPSAKE_TEST_SAVER_KEY"),
    ) {
        return save_until_killed(&path, &key);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    let key = crate::vault::DataKey::generate().unwrap();
    drop(crate::db::open(&path, &key, crate::db::Mode::Create).unwrap());
    // This test binary again, running only this test, as the saver.
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "entries::tests::a_kill_during_saves_loses_nothing_committed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("KEEPSAKE_TEST_SAVER_DB", &path)
        .env("KEEPSAKE_TEST_SAVER_KEY", hex::encode(key.expose()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    // The newest version each entry was told to have been saved at.
    let mut saved = std::collections::HashMap::new();
    let mut lines = 0;
    for line in stdout.lines() {
        let line = line.unwrap();
        let Some(rest) = line.strip_prefix("saved ") else {
            continue;
        };
        let (id, version) = rest.split_once(' ').unwrap();
        saved.insert(id.to_owned(), version.parse::<usize>().unwrap());
        lines += 1;
        if lines == 150 {
            child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint, mid-save
            break;
        }
    }
    child.wait().unwrap();
    let conn = crate::db::open(&path, &key, crate::db::Mode::Open).unwrap();
    crate::db::check_integrity(&conn).unwrap();
    for (id, version) in &saved {
        let entry = get(&conn, id).unwrap();
        let stored: usize = entry.title[1..].parse().unwrap();
        assert!(
            stored >= *version,
            "{id}: saved v{version}, found v{stored}"
        );
        assert!(entry.body.starts_with(&format!("version {stored} ")));
    }
    assert_eq!(
        crate::search::search(
            &conn,
            &crate::search::SearchQuery {
                text: "version".into(),
                limit: 200,
                ..Default::default()
            }
        )
        .unwrap()
        .len() as i64,
        count(&conn).unwrap(),
        "the search index is as whole as the entries"
    );
    // (A save may have committed after the last line the kill let through: never fewer.)
    assert!(count(&conn).unwrap() >= saved.len() as i64);
}
