//! `cargo bench -p keepsake-core --features testing --bench vault`: figures for a seeded diary,
//! each beside the same work on plain SQLite in the same run. Nothing here times an assertion:
//! the machines are noisy. (What it does assert is that the work was done: searches find what
//! the corpus holds.) The test command runs it at a tiny size (`cargo test --benches`).
//!
//! Sizes: KEEPSAKE_BENCH_ENTRIES (100000), KEEPSAKE_BENCH_PHOTOS (1000 generated, 200 camera-like),
//! KEEPSAKE_BENCH_GROWTH (10000,100000,1000000: the sizes of "how cost grows"; empty skips it).
//! The plain side is the same bundled SQLite/SQLCipher library opened without a key, with the
//! same pragmas and schema, so the ratio is the cost of encryption alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod corpus;
mod measure;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use keepsake_core::entries::{self, calendar, Cursor, EntryInput};
use keepsake_core::keychain::MockKeyStore;
use keepsake_core::permissions::{Actor, Permission};
use keepsake_core::search::{self, SearchQuery};
use keepsake_core::vault::{KdfParams, KeyFile, SlotKind};
use keepsake_core::{db, images, Keepsake};
use rusqlite::Connection;

use corpus::{camera_photo, entry, photo, Rng, Vocabulary, Zipf};
use measure::{file_size, ms, peak_growth_mb, percentile, reset_peak_rss, row, times};

const PASSPHRASE: &str = "benchmark passphrase";

struct Sizes {
    entries: usize,
    photos: usize,
    camera_photos: usize,
    camera_px: (u32, u32),
    zipf_words: usize,
    growth: Vec<usize>,
    repeats: usize,
}

impl Sizes {
    fn from_env() -> Sizes {
        let full = measure::full_size();
        let env = |name: &str, full_default: usize, tiny: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(if full { full_default } else { tiny })
        };
        let growth = std::env::var("KEEPSAKE_BENCH_GROWTH").unwrap_or_else(|_| {
            if full {
                "10000,100000,1000000"
            } else {
                "100,300"
            }
            .into()
        });
        Sizes {
            entries: env("KEEPSAKE_BENCH_ENTRIES", 100_000, 400),
            photos: env("KEEPSAKE_BENCH_PHOTOS", 1000, 4),
            camera_photos: env("KEEPSAKE_BENCH_CAMERA_PHOTOS", 200, 2),
            camera_px: if full { (4000, 3000) } else { (800, 600) },
            zipf_words: if full { 5000 } else { 400 },
            growth: growth
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect(),
            repeats: if full { 5 } else { 1 },
        }
    }
}

fn plain(path: &Path) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(
        "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;",
    )
    .unwrap();
    db::migrate(&mut conn).unwrap();
    conn
}

/// Release `conn`'s cached pages. libsqlite3-sys builds SQLite with
/// SQLITE_ENABLE_MEMORY_MANAGEMENT, so every connection of a process shares one page cache: the
/// plain connection's pages would crowd out the encrypted one's (and each page the encrypted side
/// reads again is decrypted again), which the app, with one connection, never sees. Before each
/// side's measurements, the other side's pages are released.
fn release(conn: &Connection) {
    conn.execute_batch("PRAGMA shrink_memory").unwrap();
}

fn release_diary(ks: &Keepsake) {
    ks.with_diary(|d| {
        release(d.conn());
        Ok(())
    })
    .unwrap();
}

/// What the app's tidy-up does after a save, for the plain side (`Keepsake::tidy_now` for the
/// encrypted one).
fn tidy_plain(conn: &Connection) {
    search::index_waiting(conn, usize::MAX).unwrap();
    for _ in 0..8 {
        if !search::merge_step(conn, 64).unwrap() {
            break;
        }
    }
    keepsake_core::db::checkpoint(conn).unwrap();
}

/// A new diary of `corpus`, loaded 1,000 entries per transaction, each indexed in it (as an
/// import does); returns entries per second.
fn load(conn: &Connection, corpus: &[EntryInput]) -> f64 {
    let t = Instant::now();
    for chunk in corpus.chunks(1000) {
        let tx = conn.unchecked_transaction().unwrap();
        for e in chunk {
            entries::create(&tx, e).unwrap();
        }
        search::index_waiting(&tx, usize::MAX).unwrap();
        tx.commit().unwrap();
    }
    // As the app would while idle: the index's segments merged, the WAL carried over.
    while search::merge_step(conn, 4096).unwrap() {}
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    corpus.len() as f64 / t.elapsed().as_secs_f64()
}

fn corpus(n: usize, first: usize, seed: u64, vocabulary: &Vocabulary) -> Vec<EntryInput> {
    let mut rng = Rng(seed);
    (first..first + n)
        .map(|i| entry(&mut rng, i, vocabulary))
        .collect()
}

/// A new diary with the production KDF, remembered on this device (a mock keychain), so that
/// unlocking with the device key measures what an unlock does after its KDF.
fn new_keepsake(dir: &Path) -> Keepsake {
    let ks = Keepsake::new(dir)
        .unwrap()
        .with_key_store(std::sync::Arc::new(MockKeyStore::default()));
    ks.create(PASSPHRASE, keepsake_core::policy::CURRENT_VERSION)
        .unwrap();
    ks.grant(Permission::RememberDevice, &Actor::User).unwrap();
    ks
}

/// The database's pages by what they hold, in MB, largest first.
fn breakdown(conn: &Connection) -> String {
    let mut stmt = conn
        .prepare(
            "SELECT CASE WHEN name LIKE 'entries_fts%' THEN 'search index'
                         WHEN name = 'search_words' THEN 'search vocabulary'
                         WHEN name = 'entries' THEN 'entries'
                         WHEN name = 'entries_cards' THEN 'timeline index'
                         ELSE 'the rest' END AS what, sum(pgsize) / 1e6 AS mb
             FROM dbstat GROUP BY what ORDER BY mb DESC",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(format!(
            "{} {:.1}",
            r.get::<_, String>(0)?,
            r.get::<_, f64>(1)?
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
    .join(", ")
}

/// Saves of existing entries (the autosave path): the newest 20 in turn, new text each time,
/// their tags and mood kept as typing keeps them, or (`retag`) new ones too.
struct Saver {
    ids: Vec<String>,
    rng: Rng,
    k: usize,
    retag: bool,
}

impl Saver {
    fn new(conn: &Connection, retag: bool) -> Saver {
        let ids = conn
            .prepare("SELECT id FROM entries ORDER BY entry_at DESC LIMIT 20")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        Saver {
            ids,
            rng: Rng(11),
            k: 0,
            retag,
        }
    }

    fn save(&mut self, conn: &Connection) -> Duration {
        let id = &self.ids[self.k % self.ids.len()];
        self.k += 1;
        let mut input = entry(&mut self.rng, 7, &Vocabulary::WorstCase);
        let current = entries::get(conn, id).unwrap();
        input.entry_at = current.entry_at;
        if !self.retag {
            (input.tags, input.mood) = (current.tags, current.mood);
        }
        let t = Instant::now();
        entries::update(conn, id, &input).unwrap();
        t.elapsed()
    }
}

/// The floor under any durable save on this disk: 4 KB appended to a file and `fdatasync`ed
/// (a WAL commit is at least that), `count` times.
fn fsync_floor(dir: &Path, count: usize) -> Vec<Duration> {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("fsync-floor")).unwrap();
    let block = [7u8; 4096];
    times(count, || {
        file.write_all(&block).unwrap();
        file.sync_data().unwrap();
    })
}

/// `count` saves, each its own transaction (fsync included), the tidy-up after each when `tidy`
/// (as the app runs it once the user pauses; autosave waits for a pause too). Returns the save
/// times and the tidy-up times.
fn save_times(
    ks: &Keepsake,
    count: usize,
    tidy: bool,
    retag: bool,
) -> (Vec<Duration>, Vec<Duration>) {
    let mut saver = ks.with_diary(|d| Ok(Saver::new(d.conn(), retag))).unwrap();
    let (mut save, mut tidied) = (Vec::new(), Vec::new());
    for _ in 0..count {
        save.push(ks.with_diary(|d| Ok(saver.save(d.conn()))).unwrap());
        if tidy {
            let t = Instant::now();
            ks.tidy_now().unwrap();
            tidied.push(t.elapsed());
        }
    }
    (save, tidied)
}

fn plain_save_times(
    conn: &Connection,
    count: usize,
    retag: bool,
) -> (Vec<Duration>, Vec<Duration>) {
    let mut saver = Saver::new(conn, retag);
    let (mut save, mut tidied) = (Vec::new(), Vec::new());
    for _ in 0..count {
        save.push(saver.save(conn));
        let t = Instant::now();
        tidy_plain(conn);
        tidied.push(t.elapsed());
    }
    (save, tidied)
}

/// Every prefix of each query (as keystrokes send them) when `prefixes`, else each query whole;
/// with the filters of `base`. Returns the times, and asserts that each query found something.
fn search_times(
    conn: &Connection,
    queries: &[&str],
    prefixes: bool,
    base: &SearchQuery,
    repeats: usize,
) -> Vec<Duration> {
    let mut texts = Vec::new();
    for q in queries {
        let chars: Vec<char> = q.chars().collect();
        let from = if prefixes { 1 } else { chars.len() };
        texts.extend((from..=chars.len()).map(|k| chars[..k].iter().collect::<String>()));
    }
    let mut samples = Vec::new();
    for _ in 0..repeats * 3 {
        for text in &texts {
            let query = SearchQuery {
                text: text.clone(),
                limit: 50,
                ..base.clone()
            };
            let t = Instant::now();
            let hits = search::search(conn, &query).unwrap();
            samples.push(t.elapsed());
            // (A single letter is a word of its own, which the corpus need not have.)
            let one_letter = text.chars().count() == 1 && text.is_ascii();
            assert!(one_letter || !hits.is_empty(), "{query:?} found nothing");
        }
    }
    samples
}

struct Shape {
    name: &'static str,
    queries: &'static [&'static str],
    prefixes: bool,
    /// Given the middle third of the diary's dates.
    filter: fn(&(String, String)) -> SearchQuery,
}

fn no_filter(_: &(String, String)) -> SearchQuery {
    SearchQuery::default()
}
fn tag_filter(_: &(String, String)) -> SearchQuery {
    SearchQuery {
        tag: Some("travel".into()),
        ..Default::default()
    }
}
fn date_filter(middle: &(String, String)) -> SearchQuery {
    SearchQuery {
        from: Some(middle.0.clone()),
        to: Some(middle.1.clone()),
        ..Default::default()
    }
}

const WORST_CASE_SHAPES: &[Shape] = &[
    Shape {
        name: "English whole words",
        queries: &["harbour", "piano", "flowers", "museum"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "English, typed (every prefix)",
        queries: &["harbour", "piano", "flowers", "museum"],
        prefixes: true,
        filter: no_filter,
    },
    Shape {
        name: "English 3-letter prefix",
        queries: &["mus", "har", "flo", "pia"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "English 4-letter prefix",
        queries: &["muse", "harb", "flow", "pian"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "Chinese, 1 character",
        queries: &["风", "猫", "山", "书"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "Chinese, 2 characters",
        queries: &["读书", "公园", "咖啡", "周末"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "Chinese, 3+ characters",
        queries: &["红烧肉", "今天天气", "一起去了", "回家做饭"],
        prefixes: false,
        filter: no_filter,
    },
    Shape {
        name: "a word and a tag",
        queries: &["harbour", "读书"],
        prefixes: false,
        filter: tag_filter,
    },
    Shape {
        name: "a word in three years",
        queries: &["harbour", "读书"],
        prefixes: false,
        filter: date_filter,
    },
];

/// The dates (`YYYY-MM-DD`) of the entries a third and two thirds down the timeline.
fn middle_third(conn: &Connection) -> (String, String) {
    let n = entries::count(conn).unwrap();
    let at = |k: i64| -> String {
        conn.query_row(
            "SELECT substr(entry_at, 1, 10) FROM entries ORDER BY entry_at LIMIT 1 OFFSET ?1",
            [k],
            |r| r.get(0),
        )
        .unwrap()
    };
    (at(n / 3), at(n * 2 / 3))
}

fn search_rows(enc: &Connection, plain: Option<&Connection>, shapes: &[Shape], repeats: usize) {
    let middle = middle_third(enc);
    for shape in shapes {
        let base = (shape.filter)(&middle);
        if let Some(p) = plain {
            release(p);
        }
        let mut e = search_times(enc, shape.queries, shape.prefixes, &base, repeats);
        let (p50, p99) = match plain {
            Some(p) => {
                release(enc);
                let mut s = search_times(p, shape.queries, shape.prefixes, &base, repeats);
                (ms(percentile(&mut s, 0.5)), ms(percentile(&mut s, 0.99)))
            }
            None => (f64::NAN, f64::NAN),
        };
        row(
            &format!("search p50, {}", shape.name),
            ms(percentile(&mut e, 0.5)),
            p50,
            "ms",
        );
        row(
            &format!("search p99, {}", shape.name),
            ms(percentile(&mut e, 0.99)),
            p99,
            "ms",
        );
    }
}

/// Realistic queries: words of every frequency (ranks 3 to 3,000 of the Zipf vocabulary),
/// typed letter by letter.
fn realistic_shapes(zipf: &Zipf) -> Vec<Shape> {
    let pick = |ranks: &[usize]| -> &'static [&'static str] {
        let words: Vec<&'static str> = ranks
            .iter()
            .map(|&r| {
                &*Box::leak(
                    zipf.words[r.min(zipf.words.len() - 1)]
                        .clone()
                        .into_boxed_str(),
                )
            })
            .collect();
        Box::leak(words.into_boxed_slice())
    };
    vec![
        Shape {
            name: "Zipf, common words typed",
            queries: pick(&[3, 12, 40]),
            prefixes: true,
            filter: no_filter,
        },
        Shape {
            name: "Zipf, rarer words typed",
            queries: pick(&[150, 600, 2500]),
            prefixes: true,
            filter: no_filter,
        },
    ]
}

struct Pages {
    first: f64,
    scroll: f64,
    deep: f64,
    month: f64,
    day: f64,
}

fn pages(conn: &Connection, n: usize, repeats: usize) -> Pages {
    let at = |offset: usize| -> String {
        conn.query_row(
            "SELECT entry_at FROM entries ORDER BY entry_at DESC LIMIT 1 OFFSET ?1",
            [offset as i64],
            |r| r.get(0),
        )
        .unwrap()
    };
    let deep = Cursor {
        entry_at: at(n * 9 / 10),
        id: "ffffffff".into(),
    };
    let mut first = times(10 * repeats, || {
        entries::page(conn, None, 50).unwrap();
    });
    // Scrolling: each page after the last, so every page reads pages of the file not yet read.
    let mut cursor = None;
    let mut scroll = times((20 * repeats).min(n / 50).max(1), || {
        let page = entries::page(conn, cursor.as_ref(), 50).unwrap();
        assert!(!page.entries.is_empty());
        cursor = page.next;
    });
    let mut deep_t = times(10 * repeats, || {
        entries::page(conn, Some(&deep), 50).unwrap();
    });
    let day = at(n / 2);
    let (year, month) = (day[..4].parse().unwrap(), day[5..7].parse().unwrap());
    let mut month_t = times(10 * repeats, || {
        assert!(!calendar::month(conn, year, month).unwrap().is_empty());
    });
    let mut day_t = times(10 * repeats, || {
        assert!(!calendar::day(conn, &day[..10]).unwrap().is_empty());
    });
    Pages {
        first: ms(percentile(&mut first, 0.5)),
        scroll: ms(percentile(&mut scroll, 0.5)),
        deep: ms(percentile(&mut deep_t, 0.5)),
        month: ms(percentile(&mut month_t, 0.5)),
        day: ms(percentile(&mut day_t, 0.5)),
    }
}

/// Medians, ms: the KDF alone; unlocking with the passphrase until the timeline's first page is
/// ready; the same with the device key, whose KDF (8 KiB, one pass) costs microseconds, so that
/// is the time an unlock spends after its KDF.
fn unlock_times(ks: &Keepsake, key_file: &Path, repeats: usize) -> (f64, f64, f64) {
    ks.lock();
    let runs = repeats.max(3);
    let mut kdf = times(runs, || {
        // The unwrap is the KDF (Argon2id) and one small AEAD opening.
        let file = KeyFile::load(key_file).unwrap();
        let _ = file.unwrap(SlotKind::Passphrase, PASSPHRASE.as_bytes());
    });
    let mut unlock = times(runs, || {
        ks.unlock(PASSPHRASE).unwrap();
        ks.with_diary(|d| entries::page(d.conn(), None, 50))
            .unwrap();
        ks.lock();
    });
    let mut device = times(runs * 3, || {
        ks.unlock_with_device().unwrap();
        ks.with_diary(|d| entries::page(d.conn(), None, 50))
            .unwrap();
        ks.lock();
    });
    ks.unlock(PASSPHRASE).unwrap();
    (
        ms(percentile(&mut kdf, 0.5)),
        ms(percentile(&mut unlock, 0.5)),
        ms(percentile(&mut device, 0.5)),
    )
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

fn photo_rows(
    ks: &Keepsake,
    plain_conn: &Mutex<Connection>,
    label: &str,
    sources: &[Vec<u8>],
    count: usize,
) {
    let mean_mb = sources.iter().map(Vec::len).sum::<usize>() as f64 / sources.len() as f64 / 1e6;
    println!(
        "{:<46} {mean_mb:.1} MB each on average",
        format!("  ({label})")
    );
    let photos_entry = EntryInput {
        title: "photos".into(),
        entry_at: "2026-01-01T00:00".into(),
        ..Default::default()
    };
    let id = ks
        .with_diary(|d| entries::create(d.conn(), &photos_entry))
        .unwrap()
        .id;
    let baseline = reset_peak_rss();
    let enc_rate = import_photos(sources, count, |p| {
        ks.with_diary(|d| images::attach(d.conn(), &id, p)).unwrap();
    });
    let enc_peak = peak_growth_mb(baseline);
    let pid = entries::create(&plain_conn.lock().unwrap(), &photos_entry)
        .unwrap()
        .id;
    let baseline = reset_peak_rss();
    let plain_rate = import_photos(sources, count, |p| {
        images::attach(&plain_conn.lock().unwrap(), &pid, p).unwrap();
    });
    let plain_peak = peak_growth_mb(baseline);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
    row(
        &format!("photo import, {label}"),
        enc_rate,
        plain_rate,
        "photos/s",
    );
    row(
        "  per core",
        enc_rate / cores,
        plain_rate / cores,
        "photos/s",
    );
    row("  peak memory above baseline", enc_peak, plain_peak, "MB");
}

fn main() {
    let sizes = Sizes::from_env();
    let n = sizes.entries;
    let repeats = sizes.repeats;
    let dir = tempfile::tempdir().unwrap();
    println!(
        "Keepsake benchmark: {n} entries (30% Chinese), {} generated and {} camera-like photos",
        sizes.photos, sizes.camera_photos
    );
    println!(
        "{:<46} {:>12} {:>12}  {:<10} {:>7}",
        "", "encrypted", "plain", "unit", "ratio"
    );

    // The worst-case diary: bulk load.
    let ks = new_keepsake(&dir.path().join("vault"));
    let plain_path = dir.path().join("plain.db");
    let plain_conn = plain(&plain_path);
    let worst = corpus(n, 0, 0x9E37_79B9_7F4A_7C15, &Vocabulary::WorstCase);
    let enc_rate = ks.with_diary(|d| Ok(load(d.conn(), &worst))).unwrap();
    let plain_rate = load(&plain_conn, &worst);
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
    println!(
        "  (encrypted: {})",
        ks.with_diary(|d| Ok(breakdown(d.conn()))).unwrap()
    );

    // Saves of an existing entry.
    let save_count = if n >= 1000 { 300 } else { 40 };
    release(&plain_conn);
    let (mut bare, _) = save_times(&ks, save_count, false, false);
    ks.tidy_now().unwrap();
    let (mut enc, mut enc_tidy) = save_times(&ks, save_count, true, false);
    let (mut enc_retag, _) = save_times(&ks, save_count, true, true);
    release_diary(&ks);
    let (mut pl, mut pl_tidy) = plain_save_times(&plain_conn, save_count, false);
    let (mut pl_retag, _) = plain_save_times(&plain_conn, save_count, true);
    row(
        "save an existing entry p50",
        ms(percentile(&mut enc, 0.5)),
        ms(percentile(&mut pl, 0.5)),
        "ms",
    );
    row(
        "save an existing entry p99",
        ms(percentile(&mut enc, 0.99)),
        ms(percentile(&mut pl, 0.99)),
        "ms",
    );
    row(
        "  with new tags and mood too, p99",
        ms(percentile(&mut enc_retag, 0.99)),
        ms(percentile(&mut pl_retag, 0.99)),
        "ms",
    );
    row(
        "  the tidy-up after it, while idle, p50",
        ms(percentile(&mut enc_tidy, 0.5)),
        ms(percentile(&mut pl_tidy, 0.5)),
        "ms",
    );
    row(
        "  the tidy-up after it, while idle, p99",
        ms(percentile(&mut enc_tidy, 0.99)),
        ms(percentile(&mut pl_tidy, 0.99)),
        "ms",
    );
    row(
        "  saves with no tidy-up between, p99",
        ms(percentile(&mut bare, 0.99)),
        f64::NAN,
        "ms",
    );
    let mut floor = fsync_floor(dir.path(), save_count);
    let floor_p50 = ms(percentile(&mut floor, 0.5));
    row(
        "  baseline: 4 KB append + fdatasync p50",
        f64::NAN,
        floor_p50,
        "ms",
    );
    let floor_p99 = ms(percentile(&mut floor, 0.99));
    row(
        "  baseline: 4 KB append + fdatasync p99",
        f64::NAN,
        floor_p99,
        "ms",
    );
    let mut rng = Rng(7);
    let mut new_enc = ks
        .with_diary(|d| {
            Ok(times(50, || {
                entries::create(d.conn(), &entry(&mut rng, n + 7, &Vocabulary::WorstCase)).unwrap();
            }))
        })
        .unwrap();
    ks.tidy_now().unwrap();
    let mut rng = Rng(7);
    let mut new_pl = times(50, || {
        entries::create(&plain_conn, &entry(&mut rng, n + 7, &Vocabulary::WorstCase)).unwrap();
    });
    tidy_plain(&plain_conn);
    row(
        "save a new entry p99",
        ms(percentile(&mut new_enc, 0.99)),
        ms(percentile(&mut new_pl, 0.99)),
        "ms",
    );

    // Search, the worst-case vocabulary.
    ks.with_diary(|d| {
        search_rows(d.conn(), Some(&plain_conn), WORST_CASE_SHAPES, repeats);
        Ok(())
    })
    .unwrap();

    // Timeline and calendar.
    release(&plain_conn);
    let e = ks.with_diary(|d| Ok(pages(d.conn(), n, repeats))).unwrap();
    release_diary(&ks);
    let p = pages(&plain_conn, n, repeats);
    row("timeline first page (50) p50", e.first, p.first, "ms");
    row(
        "timeline scrolling, each next page p50",
        e.scroll,
        p.scroll,
        "ms",
    );
    row("timeline page 90% deep p50", e.deep, p.deep, "ms");
    row("calendar month p50", e.month, p.month, "ms");
    row("calendar day p50", e.day, p.day, "ms");

    // Unlock: the KDF, and what comes after it until the timeline's first page is ready.
    let key_file = dir.path().join("vault").join("keyfile.json");
    let (kdf, unlock, after_kdf) = unlock_times(&ks, &key_file, repeats);
    let t = Instant::now();
    drop(plain(&plain_path));
    let plain_open = ms(t.elapsed());
    row("unlock: the KDF alone p50", kdf, f64::NAN, "ms");
    row("unlock to timeline shown p50", unlock, plain_open, "ms");
    row(
        "  after the KDF (the device key's unlock)",
        after_kdf,
        plain_open,
        "ms",
    );
    println!(
        "{:<46} Argon2id {} MiB, {} passes; plain: open + first page",
        "",
        KdfParams::PASSPHRASE.memory_kib / 1024,
        KdfParams::PASSPHRASE.iterations
    );

    // The realistic vocabulary, in a diary of its own.
    let zipf = Zipf::new(sizes.zipf_words);
    let real = corpus(
        n,
        0,
        0x51_7CC1_B727_220A,
        &Vocabulary::Zipf(Zipf::new(sizes.zipf_words)),
    );
    let zipf_ks = new_keepsake(&dir.path().join("zipf"));
    let zipf_plain_path = dir.path().join("zipf-plain.db");
    let zipf_plain = plain(&zipf_plain_path);
    zipf_ks.with_diary(|d| Ok(load(d.conn(), &real))).unwrap();
    load(&zipf_plain, &real);
    drop(real);
    println!(
        "  (realistic vocabulary: {} words, Zipf-distributed)",
        zipf.words.len()
    );
    row(
        "database size, realistic vocabulary",
        file_size(&dir.path().join("zipf").join("diary.db")),
        file_size(&zipf_plain_path),
        "MB",
    );
    zipf_ks
        .with_diary(|d| {
            search_rows(
                d.conn(),
                Some(&zipf_plain),
                &realistic_shapes(&zipf),
                repeats,
            );
            Ok(())
        })
        .unwrap();
    drop((zipf_ks, zipf_plain));

    // Photos.
    let plain_conn = Mutex::new(plain_conn);
    if sizes.photos > 0 {
        let sources: Vec<Vec<u8>> = (0..4).map(photo).collect();
        photo_rows(
            &ks,
            &plain_conn,
            "generated 12 MP JPEG",
            &sources,
            sizes.photos,
        );
    }
    if sizes.camera_photos > 0 {
        let (w, h) = sizes.camera_px;
        let sources: Vec<Vec<u8>> = (0..4).map(|s| camera_photo(s, w, h)).collect();
        let label = format!("camera-like {:.0} MP JPEG", f64::from(w * h) / 1e6);
        photo_rows(&ks, &plain_conn, &label, &sources, sizes.camera_photos);
    }
    row(
        "database size with photos",
        file_size(&vault_db),
        file_size(&plain_path),
        "MB",
    );
    drop(ks);

    growth(dir.path(), &sizes.growth);
}

/// "How cost grows": one encrypted diary grown to each size in turn, the same figures at each.
fn growth(dir: &Path, steps: &[usize]) {
    if steps.is_empty() {
        return;
    }
    println!("\nHow cost grows (encrypted, worst-case vocabulary)");
    println!(
        "{:>10} {:>12} {:>12} {:>12} {:>14} {:>10}",
        "entries", "search p99", "save p99", "page p50", "after KDF p50", "size MB"
    );
    let ks = new_keepsake(&dir.join("growth"));
    let key_file = dir.join("growth").join("keyfile.json");
    let mut have = 0;
    for &size in steps {
        if size <= have {
            continue;
        }
        let more = corpus(size - have, have, size as u64, &Vocabulary::WorstCase);
        ks.with_diary(|d| Ok(load(d.conn(), &more))).unwrap();
        have = size;
        let mut search_t = ks
            .with_diary(|d| {
                let mut all = Vec::new();
                let middle = middle_third(d.conn());
                for shape in WORST_CASE_SHAPES {
                    all.extend(search_times(
                        d.conn(),
                        shape.queries,
                        shape.prefixes,
                        &(shape.filter)(&middle),
                        1,
                    ));
                }
                Ok(all)
            })
            .unwrap();
        let (mut save_t, _) = save_times(&ks, 200, true, false);
        let page = ks.with_diary(|d| Ok(pages(d.conn(), size, 1))).unwrap();
        let (_, _, after_kdf) = unlock_times(&ks, &key_file, 1);
        println!(
            "{size:>10} {:>10.2}ms {:>10.2}ms {:>10.2}ms {:>12.2}ms {:>10.0}",
            ms(percentile(&mut search_t, 0.99)),
            ms(percentile(&mut save_t, 0.99)),
            page.first,
            after_kdf,
            file_size(&dir.join("growth").join("diary.db"))
        );
    }
}
