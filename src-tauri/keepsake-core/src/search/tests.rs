use super::*;
use crate::entries::{self, EntryInput};

use crate::test_support::open_test_diary as diary;

fn add(
    conn: &Connection,
    title: &str,
    body: &str,
    at: &str,
    tags: &[&str],
    mood: Option<u8>,
) -> String {
    let input = EntryInput {
        title: title.into(),
        body: body.into(),
        entry_at: at.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        mood,
    };
    entries::create(conn, &input).unwrap().id
}

fn find(conn: &Connection, text: &str) -> Vec<String> {
    let query = SearchQuery {
        text: text.into(),
        limit: 200,
        ..Default::default()
    };
    search(conn, &query)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn waiting(conn: &Connection) -> usize {
    conn.query_row(
        "SELECT count(*) FROM search_keys WHERE state > 0",
        [],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

/// Runs `check` while every entry saved waits for the index, while half of them do, and once
/// none does: search must answer the same in each.
fn in_every_state(conn: &Connection, mut check: impl FnMut()) {
    let all = waiting(conn);
    assert!(all > 0, "entries just saved wait for the index");
    check();
    if all > 1 {
        index_waiting(conn, all / 2).unwrap();
        assert_eq!(waiting(conn), all - all / 2);
        check();
    }
    index_waiting(conn, usize::MAX).unwrap();
    assert_eq!(waiting(conn), 0);
    check();
}

const CHINESE: &[&str] = &[
    "今天天气很好，我们去公园散步。",
    "窗外下着小雨，读完了一本书。",
    "晚上和家人一起吃饭，妈妈做了红烧肉。",
    "工作很忙，但是学到了很多新东西。",
    "周末去海边看日出，风很大。",
    "读书使人快乐，写日记让人平静。",
    "我",
    "天天向上",
];

#[test]
fn chinese_queries_of_every_length_find_exactly_what_a_substring_scan_finds() {
    let (_dir, conn) = diary();
    for (i, text) in CHINESE.iter().enumerate() {
        add(
            &conn,
            &format!("第{i}篇"),
            text,
            &format!("2026-01-{:02}T08:00", i + 1),
            &[],
            None,
        );
    }
    let mut queries: Vec<String> = Vec::new();
    for text in CHINESE {
        let chars: Vec<char> = text.chars().filter(|c| cjk::is_cjk(*c)).collect();
        for len in 1..=4 {
            for start in (0..chars.len().saturating_sub(len - 1)).step_by(3) {
                queries.push(chars[start..start + len].iter().collect());
            }
        }
    }
    queries.extend(["天气很", "红烧肉", "不存在的词", "雨天", "日"].map(String::from));
    in_every_state(&conn, || {
        for q in &queries {
            let mut by_index = find(&conn, q);
            let mut by_scan: Vec<String> = conn
                .prepare("SELECT id FROM entries WHERE instr(title, ?1) OR instr(body, ?1)")
                .unwrap()
                .query_map([q], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            by_index.sort();
            by_scan.sort();
            assert_eq!(by_index, by_scan, "query {q:?}");
        }
    });
    assert!(queries.len() > 40);
}

/// The query plan of a walk of a text search for `text` (as the app runs it).
fn plan_of(conn: &Connection, walk: Walk, text: &str) -> String {
    let plan = super::query::plan(conn, text).unwrap();
    let sql = format!("EXPLAIN QUERY PLAN {}", search_sql(walk));
    let rows: Vec<String> = conn
        .prepare(&sql)
        .unwrap()
        .query_map(
            params![
                plan.expression(),
                i64::MIN,
                i64::MAX,
                None::<u8>,
                "travel",
                50
            ],
            |r| r.get(3),
        )
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.join("\n")
}

#[test]
fn every_query_shape_is_an_index_walk_with_no_scan_or_sort() {
    let (_dir, conn) = diary();
    add(
        &conn,
        "Harbour museum",
        "Music 读完了 今天天气",
        "2026-01-01T08:00",
        &["travel"],
        None,
    );
    index_waiting(&conn, usize::MAX).unwrap();
    for text in [
        "h",
        "ha",
        "har",
        "harb",
        "harbour",
        "mu har",
        "读",
        "读完",
        "读完了",
        "今天天气 music",
    ] {
        let plan = plan_of(&conn, Walk::Index, text);
        assert!(plan.contains("VIRTUAL TABLE INDEX"), "{text}: {plan}");
        for bad in [
            "SCAN e",
            "SCAN k",
            "SCAN entries",
            "SCAN search_keys",
            "TEMP B-TREE",
        ] {
            assert!(!plan.contains(bad), "{text}: {plan}");
        }
    }
    // Entries waiting for the index are read through the index of those alone (a few rows,
    // which SQLite sorts), never by a walk of every key or entry.
    let plan = plan_of(&conn, Walk::Waiting, "harb");
    assert!(
        plan.contains("SCAN k USING INDEX search_keys_waiting"),
        "{plan}"
    );
    for bad in ["SCAN e", "SCAN entries", "SCAN search_keys"] {
        assert!(!plan.contains(bad), "{plan}");
    }
}

/// Folded tokens of an entry's indexed text, as FTS5 makes them.
fn tokens_of(title: &str, body: &str, tags: &[&str]) -> Vec<String> {
    let texts = [
        cjk::index_text(title),
        cjk::index_text(body),
        cjk::index_text(&tags.join(" ")),
    ];
    super::words::tokens(&texts.each_ref().map(String::as_str)).unwrap()
}

#[test]
fn latin_queries_of_every_length_find_exactly_what_a_word_scan_finds() {
    let (_dir, conn) = diary();
    const TEXTS: &[(&str, &str, &[&str])] = &[
        (
            "Harbour walk",
            "Fog over the harbour, then music.",
            &["travel"],
        ),
        ("Museum day", "Mused about the museum's paintings.", &[]),
        (
            "Café",
            "Crème brûlée at the CAFÉ near the harbourside",
            &["food"],
        ),
        (
            "Über alles",
            "Piano practice, pianist friends, pianos",
            &["music"],
        ),
        (
            "Notes",
            "A quick note: the hare and the harp.",
            &["harbourmaster"],
        ),
        (
            "Words",
            "international internationalisation inter intern",
            &[],
        ),
    ];
    let mut all = Vec::new();
    for (i, (title, body, tags)) in TEXTS.iter().enumerate() {
        let id = add(
            &conn,
            title,
            body,
            &format!("2026-02-{:02}T08:00", i + 1),
            tags,
            None,
        );
        all.push((id, tokens_of(title, body, tags)));
    }
    // Words edited away and entries deleted must not be found, even while the vocabulary still
    // has their words (the tidy-up sweeps them later).
    let gone = add(
        &conn,
        "Harpsichord",
        "zeppelin",
        "2026-03-01T08:00",
        &[],
        None,
    );
    entries::delete(&conn, &gone).unwrap();
    let queries = [
        "h",
        "ha",
        "har",
        "harb",
        "harbo",
        "harbour",
        "harbours",
        "HARBOUR",
        "mu",
        "mus",
        "muse",
        "museu",
        "museum",
        "music",
        "cafe",
        "CAFÉ",
        "creme",
        "brûl",
        "uber",
        "über",
        "pian",
        "pianis",
        "pianos",
        "inter",
        "interna",
        "internationalis",
        "harp",
        "harpsi",
        "zeppe",
        "harb mus",
        "harb trav",
        "note har",
        "zz",
        "the",
    ];
    in_every_state(&conn, || {
        for q in queries {
            let folded: Vec<String> = q
                .split_whitespace()
                .flat_map(|w| super::words::tokens(&[w]).unwrap())
                .collect();
            let mut by_scan: Vec<String> = all
                .iter()
                .filter(|(_, tokens)| {
                    folded.iter().all(|f| match f.chars().count() {
                        1 => tokens.contains(f),
                        _ => tokens.iter().any(|t| t.starts_with(f.as_str())),
                    })
                })
                .map(|(id, _)| id.clone())
                .collect();
            let mut by_index = find(&conn, q);
            by_scan.sort();
            by_index.sort();
            assert_eq!(by_index, by_scan, "{q}");
        }
    });
}

#[test]
fn the_tidy_up_merges_segments_and_sweeps_words_no_entry_has() {
    let (_dir, conn) = diary();
    let kept = add(&conn, "Lighthouse", "keeper", "2026-01-01T08:00", &[], None);
    let edited = add(&conn, "Zeppelin", "overhead", "2026-01-02T08:00", &[], None);
    for i in 0..12 {
        add(
            &conn,
            &format!("Note {i}"),
            "filler words",
            &format!("2026-01-{:02}T09:00", i + 3),
            &[],
            None,
        );
    }
    // Indexed as the tidy-up would after each save: an entry, a segment.
    while index_waiting(&conn, 1).unwrap() == 1 {}
    let edit = EntryInput {
        title: "Balloon".into(),
        body: "overhead".into(),
        entry_at: "2026-01-02T08:00".into(),
        ..Default::default()
    };
    entries::update(&conn, &edited, &edit).unwrap();
    index_waiting(&conn, 1).unwrap();
    let words = |conn: &Connection| -> Vec<String> {
        conn.prepare("SELECT word FROM search_words ORDER BY word")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(
        words(&conn).contains(&"zeppelin".to_string()),
        "kept until swept"
    );
    assert!(find(&conn, "zepp").is_empty());
    // Saves made segments; merging folds them (each step reports work until none is left).
    let mut steps = 0;
    while merge_step(&conn, 64).unwrap() {
        steps += 1;
        assert!(steps < 100, "merging never ends");
    }
    assert!(steps > 0, "fourteen saves left segments to merge");
    super::words::sweep_all(&conn).unwrap();
    let left = words(&conn);
    assert!(!left.contains(&"zeppelin".to_string()), "{left:?}");
    for word in [
        "lighthouse",
        "keeper",
        "balloon",
        "overhead",
        "filler",
        "words",
        "note",
    ] {
        assert_eq!(
            left.contains(&word.to_string()),
            word.len() >= 4,
            "{word}: {left:?}"
        );
    }
    assert_eq!(find(&conn, "lighth"), [kept]);
    assert_eq!(find(&conn, "ballo"), [edited]);
}

#[test]
fn english_matches_words_by_prefix_in_titles_bodies_and_tags_newest_first() {
    let (_dir, conn) = diary();
    let old = add(
        &conn,
        "Harbour walk",
        "Fog over the water.",
        "2024-03-01T07:00",
        &[],
        None,
    );
    let new = add(
        &conn,
        "Café notes",
        "Wrote by the harbour window.",
        "2026-03-01T07:00",
        &[],
        None,
    );
    let tagged = add(
        &conn,
        "Untitled",
        "nothing here",
        "2025-03-01T07:00",
        &["harbourside"],
        None,
    );
    in_every_state(&conn, || {
        assert_eq!(
            find(&conn, "harb"),
            [new.clone(), tagged.clone(), old.clone()]
        );
        assert_eq!(
            find(&conn, "cafe"),
            std::slice::from_ref(&new),
            "diacritics are folded"
        );
        assert_eq!(find(&conn, "HARBOUR fog"), std::slice::from_ref(&old));
        assert!(find(&conn, "harbour zebra").is_empty());
    });
    for hostile in [
        "\"",
        "AND OR NOT",
        "*",
        "NEAR(",
        "title:x",
        "'; DROP TABLE entries; --",
    ] {
        let _ = find(&conn, hostile); // must not error
    }
    assert_eq!(find(&conn, "window"), [new]);
}

#[test]
fn filters_by_tag_mood_and_date_range_with_or_without_text() {
    let (_dir, conn) = diary();
    let a = add(&conn, "a", "rain", "2026-01-01T00:00", &["walk"], Some(5));
    let b = add(&conn, "b", "rain", "2026-01-31T23:59", &["Work"], Some(2));
    let c = add(&conn, "c", "sun", "2026-02-01T00:00", &["walk"], Some(5));
    let run = |q: SearchQuery| -> Vec<String> {
        search(&conn, &SearchQuery { limit: 50, ..q })
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    let jan = |text: &str| SearchQuery {
        text: text.into(),
        from: Some("2026-01-01".into()),
        to: Some("2026-01-31".into()),
        ..Default::default()
    };
    assert_eq!(
        run(jan("")),
        [b.clone(), a.clone()],
        "both ends of the range are inclusive"
    );
    in_every_state(&conn, || {
        assert_eq!(run(jan("rain")), [b.clone(), a.clone()]);
        assert_eq!(
            run(SearchQuery {
                tag: Some("walk".into()),
                text: "ra".into(),
                ..Default::default()
            }),
            std::slice::from_ref(&a)
        );
    });
    assert_eq!(
        run(SearchQuery {
            tag: Some("walk".into()),
            ..Default::default()
        }),
        [c.clone(), a.clone()]
    );
    assert_eq!(
        run(SearchQuery {
            tag: Some("WORK".into()),
            ..Default::default()
        }),
        [b]
    );
    assert_eq!(
        run(SearchQuery {
            mood: Some(5),
            text: "sun".into(),
            ..Default::default()
        }),
        [c]
    );
    assert!(search(
        &conn,
        &SearchQuery {
            mood: Some(9),
            ..Default::default()
        }
    )
    .is_err());
    assert!(search(
        &conn,
        &SearchQuery {
            from: Some("yesterday".into()),
            ..Default::default()
        }
    )
    .is_err());
}

#[test]
fn edits_and_deletions_reach_the_index() {
    let (_dir, conn) = diary();
    let id = add(&conn, "Before", "old words", "2026-05-05T05:05", &[], None);
    let moved = EntryInput {
        title: "After".into(),
        body: "新的内容".into(),
        entry_at: "2020-01-01T00:00".into(),
        ..Default::default()
    };
    entries::update(&conn, &id, &moved).unwrap();
    assert!(find(&conn, "old").is_empty());
    assert_eq!(find(&conn, "内容"), std::slice::from_ref(&id));
    let in_2020 = SearchQuery {
        text: "内容".into(),
        from: Some("2020-01-01".into()),
        to: Some("2020-01-01".into()),
        limit: 5,
        ..Default::default()
    };
    assert_eq!(
        search(&conn, &in_2020).unwrap().len(),
        1,
        "the rowid moved with the date"
    );
    entries::delete(&conn, &id).unwrap();
    assert!(find(&conn, "内容").is_empty());
    let keys: i64 = conn
        .query_row("SELECT count(*) FROM search_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(keys, 0);
}

#[test]
fn many_entries_in_one_minute_keep_their_order() {
    let (_dir, conn) = diary();
    let ids: Vec<String> = (0..5)
        .map(|i| {
            add(
                &conn,
                &format!("n{i}"),
                "same minute",
                "2026-07-07T07:07",
                &[],
                None,
            )
        })
        .collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    in_every_state(&conn, || assert_eq!(find(&conn, "minute"), newest_first));
}

#[test]
fn hits_carry_highlighted_title_and_snippet() {
    let (_dir, conn) = diary();
    add(
        &conn,
        "雨天读书",
        "窗外下着小雨，读完了一本书。",
        "2026-01-01T00:00",
        &["书"],
        None,
    );
    let hit = search(
        &conn,
        &SearchQuery {
            text: "读书".into(),
            limit: 5,
            ..Default::default()
        },
    )
    .unwrap()
    .remove(0);
    let marked: Vec<(&str, bool)> = hit.title.iter().map(|s| (s.text.as_str(), s.hit)).collect();
    assert_eq!(marked, [("雨天", false), ("读书", true)]);
    let snippet: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        snippet, "窗外下着小雨，读完了一本书。",
        "Markdown markup is not shown"
    );
    assert_eq!(hit.tags, ["书"]);
}

#[test]
fn an_entry_is_found_by_its_current_words_whatever_the_index_holds_of_it() {
    let (_dir, conn) = diary();
    let state = |id: &str| -> i64 {
        conn.query_row(
            "SELECT state FROM search_keys WHERE entry_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    // Rows in the index: exactly the keys it is up to date for, and no stray older ones.
    let rows_indexed = || -> i64 {
        conn.query_row(
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'common'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let save = |id: Option<&str>, body: &str, at: &str| -> String {
        let input = EntryInput {
            title: "common".into(),
            body: body.into(),
            entry_at: at.into(),
            ..Default::default()
        };
        match id {
            Some(id) => entries::update(&conn, id, &input).unwrap().id,
            None => entries::create(&conn, &input).unwrap().id,
        }
    };
    let other = save(None, "bystander", "2026-01-01T09:00");
    let id = save(None, "alpha", "2026-05-05T05:05");
    assert_eq!((state(&id), rows_indexed()), (2, 0), "nothing indexed yet");
    assert_eq!(find(&conn, "alpha"), std::slice::from_ref(&id));
    index_waiting(&conn, usize::MAX).unwrap();
    assert_eq!((state(&id), rows_indexed()), (0, 2));
    save(Some(&id), "beta", "2026-05-05T05:05");
    assert_eq!(state(&id), 1, "the index holds older words");
    assert!(
        find(&conn, "alpha").is_empty(),
        "the older words are not found"
    );
    assert_eq!(find(&conn, "beta"), std::slice::from_ref(&id));
    assert_eq!(find(&conn, "common"), [id.clone(), other.clone()]);
    // Moved to another date before the index caught up: its older words go with the old key.
    save(Some(&id), "gamma", "2027-01-01T00:00");
    assert_eq!((state(&id), rows_indexed()), (2, 1));
    assert!(find(&conn, "beta").is_empty() && find(&conn, "alpha").is_empty());
    let in_2027 = SearchQuery {
        text: "gamma".into(),
        from: Some("2027-01-01".into()),
        limit: 5,
        ..Default::default()
    };
    assert_eq!(search(&conn, &in_2027).unwrap().len(), 1);
    index_waiting(&conn, usize::MAX).unwrap();
    assert_eq!((state(&id), rows_indexed()), (0, 2));
    assert_eq!(search(&conn, &in_2027).unwrap().len(), 1);
    // Never indexed, moved, then deleted: nothing of it was in the index to remove.
    let brief = save(None, "delta", "2026-02-02T02:02");
    save(Some(&brief), "delta", "2026-03-03T03:03");
    entries::delete(&conn, &brief).unwrap();
    assert!(find(&conn, "delta").is_empty());
    // Indexed, edited, then deleted: its row goes.
    entries::delete(&conn, &other).unwrap();
    save(Some(&id), "epsilon", "2027-01-01T00:00");
    entries::delete(&conn, &id).unwrap();
    assert_eq!((waiting(&conn), rows_indexed()), (0, 0));
    conn.execute(
        "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .unwrap();
}
