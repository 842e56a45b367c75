//! `cargo bench -p keepsake-core --features testing`: prints figures for a seeded diary, each beside the same work
//! on plain SQLite in the same run. Nothing here asserts: the machines are noisy.
//!
//! Sizes: KEEPSAKE_BENCH_ENTRIES (default 100000), KEEPSAKE_BENCH_PHOTOS (default 1000).
//! The plain side is the same bundled SQLite/SQLCipher library opened without a key, with the
//! same pragmas and schema, so the ratio is the cost of encryption alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod corpus;
mod measure;

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use keepsake_core::entries::{self, Cursor, EntryInput};
use keepsake_core::search::{self, SearchQuery};
use keepsake_core::vault::KdfParams;
use keepsake_core::{db, images, Keepsake};
use rusqlite::Connection;

use corpus::{entry, photo, Rng};
use measure::{file_size, ms, peak_growth_mb, percentile, reset_peak_rss, row, times};

fn plain(path: &Path) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;",
    )
    .unwrap();
    db::migrations().to_latest(&mut conn).unwrap();
    conn
}

/// Import `count` photos with one worker per core, each decoding outside the lock that `attach`
/// takes, as the app does; returns photos per second.
fn import_photos(
    photos: &[Vec<u8>],
    count: usize,
    attach: impl Fn(&images::Prepared) + Sync,
) -> f64 {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count {
                    break;
                }
                attach(&images::prepare(&photos[i % photos.len()]).unwrap());
            });
        }
    });
    count as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let n: usize = std::env::var("KEEPSAKE_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let n_photos: usize = std::env::var("KEEPSAKE_BENCH_PHOTOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    println!("Keepsake benchmark: {n} entries (30% Chinese), {n_photos} photos of 12 MP");
    println!(
        "{:<46} {:>12} {:>12}  {:<10} {:>7}",
        "", "encrypted", "plain", "unit", "ratio"
    );

    // Bulk insert.
    let ks = Keepsake::new(dir.path().join("vault")).unwrap();
    ks.create("benchmark passphrase", 1).unwrap();
    let plain_path = dir.path().join("plain.db");
    let plain_conn = plain(&plain_path);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let corpus: Vec<EntryInput> = (0..n).map(|i| entry(&mut rng, i)).collect();
    let bulk = |conn: &Connection| {
        let t = Instant::now();
        for chunk in corpus.chunks(1000) {
            let tx = conn.unchecked_transaction().unwrap();
            for e in chunk {
                entries::create(&tx, e).unwrap();
            }
            tx.commit().unwrap();
        }
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        n as f64 / t.elapsed().as_secs_f64()
    };
    let enc_rate = ks.with_diary(|d| Ok(bulk(d.conn()))).unwrap();
    let plain_rate = bulk(&plain_conn);
    row(
        "bulk insert (entries + tags + search index)",
        enc_rate,
        plain_rate,
        "entries/s",
    );
    let vault_db = dir.path().join("vault").join("diary.db");
    row(
        "database size",
        file_size(&vault_db),
        file_size(&plain_path),
        "MB",
    );

    // Single saves into the full diary, each its own transaction (fsync included).
    let one_save = |conn: &Connection, rng: &mut Rng| {
        times(200, || {
            entries::create(conn, &entry(rng, n + 7)).unwrap();
        })
    };
    let mut enc = ks
        .with_diary(|d| Ok(one_save(d.conn(), &mut Rng(7))))
        .unwrap();
    let mut pl = one_save(&plain_conn, &mut Rng(7));
    row(
        "single-entry save p50",
        ms(percentile(&mut enc, 0.5)),
        ms(percentile(&mut pl, 0.5)),
        "ms",
    );
    row(
        "single-entry save p99",
        ms(percentile(&mut enc, 0.99)),
        ms(percentile(&mut pl, 0.99)),
        "ms",
    );

    // Search as you type: every prefix of each query, as keystrokes would send them.
    let groups: [(&str, &[&str]); 4] = [
        ("English words", &["harbour", "piano", "flowers", "museum"]),
        ("Chinese, 1 character", &["风", "猫", "山", "书"]),
        ("Chinese, 2 characters", &["读书", "公园", "咖啡", "周末"]),
        (
            "Chinese, 3+ characters",
            &["红烧肉", "今天天气", "一起去了", "回家做饭"],
        ),
    ];
    for (name, queries) in groups {
        let run = |conn: &Connection| {
            let mut samples = Vec::new();
            for _ in 0..5 {
                for q in queries {
                    let chars: Vec<char> = q.chars().collect();
                    for k in 1..=chars.len() {
                        let text: String = chars[..k].iter().collect();
                        let query = SearchQuery {
                            text,
                            limit: 50,
                            ..Default::default()
                        };
                        let t = Instant::now();
                        search::search(conn, &query).unwrap();
                        samples.push(t.elapsed());
                    }
                }
            }
            samples
        };
        let mut enc = ks.with_diary(|d| Ok(run(d.conn()))).unwrap();
        let mut pl = run(&plain_conn);
        row(
            &format!("search p50, {name}"),
            ms(percentile(&mut enc, 0.5)),
            ms(percentile(&mut pl, 0.5)),
            "ms",
        );
        row(
            &format!("search p99, {name}"),
            ms(percentile(&mut enc, 0.99)),
            ms(percentile(&mut pl, 0.99)),
            "ms",
        );
    }

    // Timeline pages.
    let deep = |conn: &Connection| {
        let at: String = conn
            .query_row(
                "SELECT entry_at FROM entries ORDER BY entry_at DESC LIMIT 1 OFFSET ?1",
                [(n * 9 / 10) as i64],
                |r| r.get(0),
            )
            .unwrap();
        Cursor {
            entry_at: at,
            id: "ffffffff".into(),
        }
    };
    let pages = |conn: &Connection| {
        let cursor = deep(conn);
        let mut first = times(50, || {
            entries::page(conn, None, 50).unwrap();
        });
        let mut deep = times(50, || {
            entries::page(conn, Some(&cursor), 50).unwrap();
        });
        (
            ms(percentile(&mut first, 0.5)),
            ms(percentile(&mut deep, 0.5)),
        )
    };
    let (enc_first, enc_deep) = ks.with_diary(|d| Ok(pages(d.conn()))).unwrap();
    let (pl_first, pl_deep) = pages(&plain_conn);
    row("timeline first page (50) p50", enc_first, pl_first, "ms");
    row("timeline page 90% deep (50) p50", enc_deep, pl_deep, "ms");

    // Unlock: passphrase submitted -> first timeline page ready (production Argon2id costs).
    ks.lock();
    let mut enc = times(5, || {
        ks.unlock("benchmark passphrase").unwrap();
        ks.with_diary(|d| entries::page(d.conn(), None, 50))
            .unwrap();
        ks.lock();
    });
    let mut pl = times(5, || {
        let c = plain(&plain_path);
        entries::page(&c, None, 50).unwrap();
    });
    row(
        "unlock to timeline ready p50",
        ms(percentile(&mut enc, 0.5)),
        ms(percentile(&mut pl, 0.5)),
        "ms",
    );
    println!(
        "{:<46} Argon2id {} MiB, {} passes",
        "  (plain has no key derivation)",
        KdfParams::PASSPHRASE.memory_kib / 1024,
        KdfParams::PASSPHRASE.iterations
    );

    // Photos.
    if n_photos > 0 {
        let sources: Vec<Vec<u8>> = (0..4).map(photo).collect();
        let mean_kb =
            sources.iter().map(Vec::len).sum::<usize>() as f64 / sources.len() as f64 / 1024.0;
        println!(
            "{:<46} {mean_kb:.0} KB each on average",
            "  (generated 4000 x 3000 JPEGs)"
        );
        ks.unlock("benchmark passphrase").unwrap();
        let id = ks
            .with_diary(|d| {
                entries::create(
                    d.conn(),
                    &EntryInput {
                        title: "photos".into(),
                        entry_at: "2026-01-01T00:00".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap()
            .id;
        let baseline = reset_peak_rss();
        let enc_rate = import_photos(&sources, n_photos, |p| {
            ks.with_diary(|d| images::attach(d.conn(), &id, p)).unwrap();
        });
        let enc_peak = peak_growth_mb(baseline);
        let plain_conn = Mutex::new(plain_conn);
        let pid = {
            let c = plain_conn.lock().unwrap();
            entries::create(
                &c,
                &EntryInput {
                    title: "photos".into(),
                    entry_at: "2026-01-01T00:00".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id
        };
        let baseline = reset_peak_rss();
        let plain_rate = import_photos(&sources, n_photos, |p| {
            images::attach(&plain_conn.lock().unwrap(), &pid, p).unwrap();
        });
        let plain_peak = peak_growth_mb(baseline);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
        row(
            "photo import (12 MP JPEG)",
            enc_rate,
            plain_rate,
            "photos/s",
        );
        row(
            "photo import per core",
            enc_rate / cores,
            plain_rate / cores,
            "photos/s",
        );
        row(
            "photo import: peak memory above baseline",
            enc_peak,
            plain_peak,
            "MB",
        );
        row(
            "database size with photos",
            file_size(&vault_db),
            file_size(&plain_path),
            "MB",
        );
    }
}
