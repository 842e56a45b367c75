//! Where a save's time goes, on plain SQLite (the encrypted diary adds its page encryption on
//! top; `benches/vault` measures both): saves of existing entries in a diary of
//! KEEPSAKE_BENCH_ENTRIES entries (10,000), each in its own transaction, split four ways:
//!
//! - the whole save (`entries::update`: row, tags and the entry's key in the index; its words
//!   reach the index at the tidy-up) with `synchronous = FULL` (the app's), and with `NORMAL`
//!   (no sync at commit in WAL mode: what the disk costs); with the tidy-up between saves (its
//!   indexing, merge and checkpoint, as the app runs it after a pause) and with nothing between
//!   (saves in a row);
//! - only the words going into the index (`search::index_entry`, the tidy-up's part since
//!   migration 09), and of it the vocabulary's (`search::words::record`: the text tokenized by
//!   a scratch FTS5 table, new words added);
//! - only the row (title, excerpt and body updated).
//!
//! Each line prints the time until the statements are done and the time with the commit (FTS5
//! writes its new segment at commit, so the index's cost shows in the second).
//!
//!   cargo run --release -p keepsake-core --features testing --example save_breakdown

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/vault/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::time::Instant;

use corpus::{entry, Rng, Vocabulary};
use keepsake_core::{db, entries, policy, search};
use rusqlite::{params, Connection};

/// What runs between two saves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Between {
    Tidy,
    Nothing,
}

#[derive(Clone, Copy)]
enum Part {
    Whole,
    Index,
    Vocabulary,
    Row,
}

fn diary(dir: &std::path::Path, sync: &str, n: usize) -> (Connection, Vec<String>) {
    let mut conn = Connection::open(dir.join(format!("{sync}.db"))).unwrap();
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(&format!(
        "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync};"
    ))
    .unwrap();
    db::migrate(&mut conn).unwrap();
    policy::accept(&conn, policy::CURRENT_VERSION).unwrap();
    let mut rng = Rng(1);
    let tx = conn.unchecked_transaction().unwrap();
    let ids = (0..n)
        .map(|i| {
            let e = entry(&mut rng, i, &Vocabulary::WorstCase);
            entries::create(&tx, &e).unwrap().id
        })
        .collect();
    search::index_waiting(&tx, usize::MAX).unwrap();
    tx.commit().unwrap();
    while search::merge_step(&conn, 4096).unwrap() {}
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    (conn, ids)
}

/// p50 and p99 in ms of the statements alone and with the commit, over `count` saves.
fn saves(
    conn: &Connection,
    ids: &[String],
    part: Part,
    between: Between,
    count: usize,
) -> [(f64, f64); 2] {
    let mut rng = Rng(7);
    let (mut statements, mut committed) = (Vec::new(), Vec::new());
    for k in 0..count {
        let id = &ids[k % ids.len()];
        let mut input = entry(&mut rng, 7, &Vocabulary::WorstCase);
        input.entry_at = entries::get(conn, id).unwrap().entry_at;
        let t = Instant::now();
        let tx = conn.unchecked_transaction().unwrap();
        match part {
            Part::Whole => drop(entries::update(&tx, id, &input).unwrap()),
            Part::Index => search::index_entry(
                &tx,
                id,
                &input.title,
                &input.body,
                &input.tags,
                &input.entry_at,
            )
            .unwrap(),
            Part::Vocabulary => {
                let texts = [&input.title, &input.body, &input.tags.join(" ")]
                    .map(|t| search::cjk::index_text(t));
                search::words::record(&tx, &texts.each_ref().map(String::as_str)).unwrap()
            }
            Part::Row => drop(
                tx.execute(
                    "UPDATE entries SET title = ?2, excerpt = ?2, body = ?3 WHERE id = ?1",
                    params![id, input.title, input.body],
                )
                .unwrap(),
            ),
        }
        statements.push(t.elapsed().as_secs_f64() * 1e3);
        tx.commit().unwrap();
        committed.push(t.elapsed().as_secs_f64() * 1e3);
        if between == Between::Tidy {
            search::index_waiting(conn, usize::MAX).unwrap();
            while search::merge_step(conn, 64).unwrap() {}
            db::checkpoint(conn).unwrap();
        }
    }
    [statements, committed].map(|mut v| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[v.len() * 99 / 100])
    })
}

fn main() {
    let n = std::env::var("KEEPSAKE_BENCH_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let count = 1500;
    let dir = tempfile::tempdir().unwrap();
    println!("{count} saves of existing entries in a diary of {n}, plain SQLite, ms");
    println!(
        "{:<52} {:>20} {:>20}",
        "", "statements p50/p99", "with commit p50/p99"
    );
    for sync in ["FULL", "NORMAL"] {
        let (conn, ids) = diary(dir.path(), sync, n);
        for (label, part, between) in [
            ("whole save, tidy-up between", Part::Whole, Between::Tidy),
            ("  nothing between", Part::Whole, Between::Nothing),
            ("the words into the index", Part::Index, Between::Tidy),
            ("  of which the vocabulary", Part::Vocabulary, Between::Tidy),
            ("row only", Part::Row, Between::Tidy),
        ] {
            let [(s50, s99), (c50, c99)] = saves(&conn, &ids, part, between, count);
            println!(
                "{:<52} {:>10.2} / {:<8.2} {:>10.2} / {:<8.2}",
                format!("{label}, synchronous = {sync}"),
                s50,
                s99,
                c50,
                c99
            );
        }
    }
}
