//! `cargo bench -p keepsake-core`: prints figures for a seeded diary, each beside the same work
//! on plain SQLite in the same run. Nothing here asserts: the machines are noisy.
//!
//! Sizes: KEEPSAKE_BENCH_ENTRIES (default 100000), KEEPSAKE_BENCH_PHOTOS (default 1000).
//! The plain side is the same bundled SQLite/SQLCipher library opened without a key, with the
//! same pragmas and schema, so the ratio is the cost of encryption alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb, RgbImage};
use keepsake_core::entries::{self, Cursor, EntryInput};
use keepsake_core::search::{self, SearchQuery};
use keepsake_core::vault::KdfParams;
use keepsake_core::{db, images, Keepsake};
use rusqlite::Connection;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const EN: &[&str] = &[
    "the", "a", "and", "to", "of", "in", "was", "it", "we", "i", "walked", "harbour", "morning",
    "coffee", "rain", "sun", "friend", "work", "meeting", "train", "book", "read", "garden",
    "dinner", "mother", "father", "sister", "city", "river", "quiet", "tired", "happy", "long",
    "day", "night", "wrote", "letter", "music", "played", "piano", "cooked", "soup", "bread",
    "market", "bought", "flowers", "mountain", "lake", "swim", "cold", "warm", "wind", "clouds",
    "evening", "talked", "phone", "project", "finished", "started", "plan", "holiday", "beach",
    "gulls", "ferry", "bridge", "museum", "painting", "film", "laughed", "worried", "hope",
];
const ZH: &[&str] = &[
    "今天",
    "天气",
    "很好",
    "我们",
    "一起",
    "去了",
    "公园",
    "散步",
    "下雨",
    "读书",
    "工作",
    "朋友",
    "吃饭",
    "妈妈",
    "爸爸",
    "晚上",
    "早上",
    "咖啡",
    "电影",
    "音乐",
    "学习",
    "写字",
    "海边",
    "日出",
    "风",
    "山",
    "河",
    "花",
    "书",
    "猫",
    "狗",
    "开心",
    "难过",
    "累",
    "忙",
    "周末",
    "旅行",
    "火车",
    "城市",
    "安静",
    "回家",
    "做饭",
    "红烧肉",
    "面条",
    "想念",
    "希望",
];
const TAGS: &[&str] = &[
    "travel", "family", "work", "reading", "food", "health", "friends", "旅行", "家人", "读书",
];

fn english(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| EN[rng.below(EN.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn chinese(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        s.push_str(ZH[rng.below(ZH.len())]);
        if i % 9 == 8 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

fn entry(rng: &mut Rng, i: usize) -> EntryInput {
    let zh = rng.below(10) < 3;
    let (title, body) = if zh {
        let words = 80 + rng.below(160);
        (chinese(rng, 3), chinese(rng, words))
    } else {
        let words = 120 + rng.below(240);
        (english(rng, 4), english(rng, words))
    };
    // Spread over about 30 years, a few minutes apart.
    let minutes = 15_000_000 + (i as i64) * 157 + rng.below(100) as i64;
    let at = time::OffsetDateTime::from_unix_timestamp(minutes * 60).unwrap();
    EntryInput {
        title,
        body,
        entry_at: format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute()
        ),
        tags: (0..rng.below(3))
            .map(|_| TAGS[rng.below(TAGS.len())].to_owned())
            .collect(),
        mood: Some(1 + rng.below(5) as u8),
    }
}

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

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(what: &str, enc: f64, plain: f64, unit: &str) {
    let ratio = if plain > 0.0 { enc / plain } else { f64::NAN };
    println!("{what:<46} {enc:>12.2} {plain:>12.2}  {unit:<10} {ratio:>6.2}x");
}

fn times<F: FnMut()>(n: usize, mut f: F) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn file_size(path: &Path) -> f64 {
    std::fs::metadata(path)
        .map(|m| m.len() as f64)
        .unwrap_or(0.0)
        / 1e6
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Peak memory since the last `reset_peak_rss`, above what was in use at that moment.
fn peak_growth_mb(baseline: f64) -> f64 {
    status_mb("VmHWM:") - baseline
}

/// Restart the peak-memory count; returns the memory in use now.
fn reset_peak_rss() -> f64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}

fn photo(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(4000, 3000, |x, y| {
        Rgb([
            ((x ^ y) as u8).wrapping_add(seed as u8),
            (y / 12) as u8,
            (x / 16) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    out
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
