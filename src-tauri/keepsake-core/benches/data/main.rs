//! `cargo bench -p keepsake-core --features testing --bench data`: export, import, backups
//! (restored whole and entry by entry), the full check and delete-everything of a diary with
//! KEEPSAKE_BENCH_DATA_ENTRIES entries (default 10000) and KEEPSAKE_BENCH_DATA_MB of photos
//! (default 1024), each beside `cp -r` / `cat` / `rm -rf` of the same bytes in the same run, with
//! the peak memory above the baseline. Figures are printed, never asserted.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Shared with the vault bench; this one uses only part of each.
#[allow(dead_code)]
#[path = "../vault/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "../vault/measure.rs"]
mod measure;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use keepsake_core::archive::Progress;
use keepsake_core::backup::{Reason, Summary};
use keepsake_core::entries::EntryInput;
use keepsake_core::keychain::MockKeyStore;
use keepsake_core::vault::KdfParams;
use keepsake_core::{entries, images, Keepsake};

use corpus::{entry, photo, Rng, Vocabulary};
use measure::{peak_growth_mb, reset_peak_rss, status_mb};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn keepsake(dir: &Path) -> Keepsake {
    // Cheap key slots: the KDF is not what is measured here (sealed exports use the same).
    let ks = Keepsake::with_kdf(dir, KdfParams::FAST_INSECURE, KdfParams::FAST_INSECURE)
        .unwrap()
        .with_key_store(Arc::new(MockKeyStore::default()));
    ks.create("bench passphrase", keepsake_core::policy::CURRENT_VERSION)
        .unwrap();
    ks
}

fn progress_run<T>(f: impl FnOnce(&mut Progress<'_>) -> T) -> T {
    let cancel = AtomicBool::new(false);
    let mut on = |_: u64, _: u64| {};
    f(&mut Progress::new(&mut on, &cancel))
}

/// cp and each export run this many times; the median is reported.
const RUNS: usize = 3;

/// No writeback left over from an earlier step to slow the next one down.
fn settle() {
    run(&mut Command::new("sync"));
}

fn run(command: &mut Command) {
    assert!(command.status().unwrap().success(), "{command:?}");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn mbps(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// One line of a table: `mb_s` against the baseline's `base_mb_s`.
fn row(what: &str, secs: f64, mb_s: f64, base_mb_s: f64, peak: f64) {
    let ratio = mb_s / base_mb_s;
    println!("{what:<48} {secs:>10.2} {mb_s:>12.0} {ratio:>8.2} {peak:>14.0}");
}

/// `f` after a full sync: its result, seconds, and peak memory (MB) above what was in use.
fn measured<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    settle();
    let base = reset_peak_rss();
    let t = Instant::now();
    let value = f();
    let secs = t.elapsed().as_secs_f64();
    (value, secs, peak_growth_mb(base))
}

/// Bytes of the files at or under `path`.
fn bytes_under(path: &Path) -> u64 {
    let meta = std::fs::metadata(path).unwrap();
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .unwrap()
        .map(|e| bytes_under(&e.unwrap().path()))
        .sum()
}

/// Files under `dir`, their bytes, and what the file system allocated for them (`du`).
fn folder_size(dir: &Path) -> (usize, u64, u64) {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                if path.is_dir() {
                    count(&path)
                } else {
                    1
                }
            })
            .sum()
    }
    let du = Command::new("du")
        .arg("-s")
        .arg("-B1")
        .arg(dir)
        .output()
        .unwrap();
    let on_disk = String::from_utf8_lossy(&du.stdout)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (count(dir), bytes_under(dir), on_disk)
}

fn back_up(ks: &Keepsake) -> Summary {
    progress_run(|p| ks.back_up(Reason::Manual, p)).unwrap()
}

fn entry_count(ks: &Keepsake) -> i64 {
    ks.with_diary(|d| {
        Ok(d.conn()
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
    })
    .unwrap()
}

/// Backups beside `cp -r` of the diary's folder (without backups/), restores whole and entry by
/// entry, and the full check beside `cat` of the database. `copy` is left holding the last cp.
fn backups(ks: &Keepsake, src: &Path, copy: &Path, ids: &[String]) {
    let db = src.join("diary.db");
    // What a backup covers, and what cp copies: the folder without its backups.
    let files: Vec<PathBuf> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "backups"))
        .collect();
    let folder_bytes: u64 = files.iter().map(|p| bytes_under(p)).sum();
    let cp_secs = median(
        (0..RUNS)
            .map(|_| {
                let _ = std::fs::remove_dir_all(copy);
                std::fs::create_dir(copy).unwrap();
                settle();
                let t = Instant::now();
                run(Command::new("cp").arg("-r").args(&files).arg(copy));
                run(Command::new("sync").arg("-f").arg(copy.join("diary.db")));
                t.elapsed().as_secs_f64()
            })
            .collect(),
    );
    let cp_mb_s = mbps(folder_bytes, cp_secs);

    println!(
        "\nBackups\n{:<48} {:>10} {:>12} {:>8} {:>14}",
        "what", "seconds", "MB/s", "x base", "peak MB above"
    );
    row(
        "cp -r of the diary folder, no backups/ (+ sync)",
        cp_secs,
        cp_mb_s,
        cp_mb_s,
        f64::NAN,
    );

    // 1. The first backup, into an empty folder each run (the one before is deleted, with
    // every chunk only it used).
    let (mut times, mut peak, mut rss) = (Vec::new(), 0f64, (0f64, 0f64));
    let mut first: Option<Summary> = None;
    for _ in 0..RUNS {
        if let Some(earlier) = first.take() {
            ks.delete_backup(&earlier.id).unwrap();
        }
        let rss_before = status_mb("VmRSS:");
        let (summary, secs, growth) = measured(|| back_up(ks));
        times.push(secs);
        if growth >= peak {
            peak = growth;
            rss = (rss_before, status_mb("VmHWM:"));
        }
        first = Some(summary);
    }
    let first = first.unwrap();
    assert!(first.verified);
    let first_secs = median(times);
    let secs = first_secs;
    row(
        "first backup (checked)",
        secs,
        mbps(folder_bytes, secs),
        cp_mb_s,
        peak,
    );
    println!(
        "  stored {:.0} MB of a {:.0} MB database; {} entries, {} photos; RSS {:.0} MB before,\n  \
         peak (VmHWM) {:.0} MB during the run that grew most",
        mb(first.added_bytes),
        mb(first.db_bytes),
        first.entries,
        first.photos,
        rss.0,
        rss.1
    );

    // 2. Ten entries edited, spread over the diary, then a second backup.
    let step = ids.len() / 10;
    let edited: Vec<&String> = (0..10).map(|i| &ids[i * step]).collect();
    let deleted: Vec<String> = (0..10).map(|i| ids[i * step + step / 2].clone()).collect();
    ks.with_diary(|d| {
        for id in &edited {
            let e = d.entry(id)?;
            let input = EntryInput {
                title: e.title,
                body: format!("{}\n\nRead again a year later.", e.body),
                entry_at: e.entry_at,
                tags: e.tags,
                mood: e.mood,
            };
            d.update_entry(id, &input)?;
        }
        Ok(())
    })
    .unwrap();
    let (second, secs, peak) = measured(|| back_up(ks));
    row(
        "second backup, after 10 edits",
        secs,
        mbps(folder_bytes, secs),
        cp_mb_s,
        peak,
    );
    let (n_files, bytes, on_disk) = folder_size(&src.join("backups"));
    println!(
        "  stored {:.1} MB new: {:.2}% of the first backup's {:.0} MB (target <= 5%)\n  \
         backups/ after both: {:.0} MB in {n_files} files, {:.0} MB on disk",
        mb(second.added_bytes),
        second.added_bytes as f64 * 100.0 / first.db_bytes as f64,
        mb(first.db_bytes),
        mb(bytes),
        mb(on_disk)
    );

    // 3. Per entry: ten entries deleted for good, then brought back from the first backup.
    ks.with_diary(|d| {
        deleted
            .iter()
            .try_for_each(|id| entries::delete(d.conn(), id))
    })
    .unwrap();
    let (_, secs, peak) = measured(|| progress_run(|p| ks.open_backup(&first.id, p)).unwrap());
    row(
        "open the first backup (put together beside)",
        secs,
        mbps(first.db_bytes, secs),
        cp_mb_s,
        peak,
    );
    let (restored, secs, peak) = measured(|| ks.restore_entries(&first.id, &deleted).unwrap());
    assert_eq!(restored.restored, deleted.len());
    row(
        "restore 10 entries deleted for good",
        secs,
        f64::NAN,
        cp_mb_s,
        peak,
    );
    println!(
        "  {:.0} ms: {} entries back ({} as copies) with {} photos",
        secs * 1000.0,
        restored.restored,
        restored.as_copies,
        restored.photos
    );
    ks.close_backup();

    // 4. The full check beside reading the database file once.
    let db_bytes = std::fs::metadata(&db).unwrap().len();
    let cat_secs = median(
        (0..RUNS)
            .map(|_| {
                settle();
                let t = Instant::now();
                run(Command::new("cat").arg(&db).stdout(Stdio::null()));
                t.elapsed().as_secs_f64()
            })
            .collect(),
    );
    let cat_mb_s = mbps(db_bytes, cat_secs);
    row(
        "cat of the database > /dev/null",
        cat_secs,
        cat_mb_s,
        cat_mb_s,
        f64::NAN,
    );
    for (label, with_backups) in [
        ("full check, the diary", false),
        ("full check, the diary and every backup chunk", true),
    ] {
        let (mut times, mut peak, mut report) = (Vec::new(), 0f64, None);
        for _ in 0..RUNS {
            let (r, secs, growth) =
                measured(|| progress_run(|p| ks.check_diary(with_backups, p)).unwrap());
            times.push(secs);
            peak = peak.max(growth);
            report = Some(r);
        }
        let report = report.unwrap();
        assert!(report.diary_healthy() && report.backup_chunks_damaged == 0);
        let secs = median(times);
        row(label, secs, mbps(db_bytes, secs), cat_mb_s, peak);
        println!(
            "  {} photos checked, {} backup chunks checked",
            report.photos_checked, report.backup_chunks_checked
        );
    }

    // 5. The whole diary from the first backup. The restore backs up the diary first; a backup
    // just before, with as little new to store, times that part.
    back_up(ks);
    let (_, safety_secs, peak) = measured(|| back_up(ks));
    row(
        "a backup with nothing new (as the safety one)",
        safety_secs,
        mbps(folder_bytes, safety_secs),
        cp_mb_s,
        peak,
    );
    println!(
        "  so the first backup spent about {:.2} s writing its {:.0} MB of new chunks",
        first_secs - safety_secs,
        mb(first.added_bytes)
    );
    let (_, secs, peak) = measured(|| progress_run(|p| ks.restore_backup(&first.id, p)).unwrap());
    assert_eq!(entry_count(ks), first.entries);
    row(
        "restore the whole diary from the first backup",
        secs,
        mbps(first.db_bytes, secs),
        cp_mb_s,
        peak,
    );
    let rest = secs - safety_secs;
    row(
        "  of which after the safety backup (estimate)",
        rest,
        mbps(first.db_bytes, rest),
        cp_mb_s,
        f64::NAN,
    );
    let (n_files, bytes, on_disk) = folder_size(&src.join("backups"));
    println!(
        "  MB/s of a backup is of the diary folder, cp's bytes; of a restore or an open, of the\n  \
         backup's database; of a check, of the database file (`cat` reads it from the page cache).\n  \
         cp, the first backup, cat and the checks: the median of {RUNS} runs, each after a full sync.\n  \
         backups/ at the end ({} backups): {:.0} MB in {n_files} files, {:.0} MB on disk",
        ks.backups().unwrap().len(),
        mb(bytes),
        mb(on_disk)
    );
}

fn main() {
    let full = measure::full_size();
    let n_entries = env_or(
        "KEEPSAKE_BENCH_DATA_ENTRIES",
        if full { 10_000 } else { 200 },
    );
    let photo_mb = env_or("KEEPSAKE_BENCH_DATA_MB", if full { 1024 } else { 8 });
    let work = tempfile::tempdir().unwrap();
    let (src, out) = (work.path().join("diary"), work.path().join("out"));
    std::fs::create_dir_all(&out).unwrap();

    // Seed: entries in one transaction, then stored photos (prepared once, attached many times:
    // the export reads stored bytes, so what matters is their number and size).
    let t = Instant::now();
    let ks = keepsake(&src);
    let mut rng = Rng(7);
    let ids: Vec<String> = ks
        .with_diary(|d| {
            d.conn().execute_batch("BEGIN")?;
            let ids = (0..n_entries)
                .map(|i| {
                    entries::create(d.conn(), &entry(&mut rng, i, &Vocabulary::WorstCase))
                        .map(|e| e.id)
                })
                .collect::<keepsake_core::Result<Vec<_>>>()?;
            d.conn().execute_batch("COMMIT")?;
            Ok(ids)
        })
        .unwrap();
    let prepared: Vec<images::Prepared> = (0..4)
        .map(|s| images::prepare(&photo(s)).unwrap())
        .collect();
    let mut photo_bytes = 0u64;
    let mut photos = 0usize;
    ks.with_diary(|d| {
        d.conn().execute_batch("BEGIN")?;
        while photo_bytes < photo_mb as u64 * 1_000_000 {
            let p = &prepared[photos % prepared.len()];
            images::attach(d.conn(), &ids[(photos * 7) % ids.len()], p)?;
            photo_bytes += p.bytes.len() as u64;
            photos += 1;
        }
        d.conn().execute_batch("COMMIT")?;
        d.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    })
    .unwrap();
    let db_bytes = dir_bytes(&src);
    println!(
        "seeded {n_entries} entries and {photos} photos ({:.0} MB of photos, {:.0} MB on disk) in {:.0} s",
        photo_bytes as f64 / 1e6,
        db_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // cp -r of the same folder, synced like the export is.
    let copy = work.path().join("copy");
    let cp_secs = median(
        (0..RUNS)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&copy);
                settle();
                let t = Instant::now();
                run(Command::new("cp").arg("-r").arg(&src).arg(&copy));
                run(Command::new("sync").arg("-f").arg(copy.join("diary.db")));
                t.elapsed().as_secs_f64()
            })
            .collect(),
    );

    let cp_mb_s = mbps(db_bytes, cp_secs);
    println!(
        "\n{:<44} {:>10} {:>12} {:>8} {:>14}",
        "what", "seconds", "MB/s", "x cp", "peak MB above"
    );
    let line = |what: &str, secs: f64, mb_s: f64, peak: f64| {
        let ratio = mb_s / cp_mb_s;
        println!("{what:<44} {secs:>10.2} {mb_s:>12.0} {ratio:>8.2} {peak:>14.0}");
    };
    line(
        "cp -r of the diary folder (+ sync)",
        cp_secs,
        cp_mb_s,
        f64::NAN,
    );

    // KEEPSAKE_BENCH_DATA_ONLY_BACKUPS=1: straight to the backups (while working on them).
    let only_backups = std::env::var_os("KEEPSAKE_BENCH_DATA_ONLY_BACKUPS").is_some();
    if !only_backups {
        for (label, passphrase, name) in [
            ("export, plain zip", None, "plain.zip"),
            (
                "export, sealed with a passphrase",
                Some("an export passphrase"),
                "sealed.keepsake",
            ),
        ] {
            let (mut times, mut peak, mut bytes) = (Vec::new(), 0f64, 0);
            for _ in 0..RUNS {
                let _ = std::fs::remove_file(out.join(name));
                settle();
                let base = reset_peak_rss();
                let t = Instant::now();
                bytes = progress_run(|p| ks.export_to(&out.join(name), passphrase, p))
                    .unwrap()
                    .bytes;
                times.push(t.elapsed().as_secs_f64());
                peak = peak.max(peak_growth_mb(base));
            }
            let secs = median(times);
            line(label, secs, mbps(db_bytes, secs), peak);
            println!("  (an archive of {:.0} MB)", bytes as f64 / 1e6);
        }
        println!(
        "  MB/s is of the diary folder, the same bytes as cp's. cp and exports: the median of\n  \
         {RUNS} runs, each after a full sync; an export's time includes reading the file back to\n  \
         verify every checksum."
    );

        let target = keepsake(&work.path().join("imported"));
        let base = reset_peak_rss();
        let t = Instant::now();
        let summary =
            progress_run(|p| target.import_from(&out.join("plain.zip"), None, p)).unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(summary.images_added as usize, photos);
        let plain_zip = std::fs::metadata(out.join("plain.zip")).unwrap().len();
        line(
            "import of the plain zip (photos re-checked)",
            secs,
            mbps(plain_zip, secs),
            peak_growth_mb(base),
        );
        drop(target);
    }

    backups(&ks, &src, &copy, &ids);

    // Delete everything now removes the backups too: the copy gets the same folder first.
    run(Command::new("cp")
        .arg("-r")
        .arg(src.join("backups"))
        .arg(copy.join("backups")));
    settle();
    let t = Instant::now();
    run(Command::new("rm").arg("-rf").arg(&copy));
    let rm_secs = t.elapsed().as_secs_f64();
    settle();
    let t = Instant::now();
    let report = ks.delete_everything().unwrap();
    let wipe_secs = t.elapsed().as_secs_f64();
    println!("\n{:<48} {:>10}", "what", "seconds");
    println!(
        "{:<48} {rm_secs:>10.2}",
        "rm -rf of the copy (with a copy of backups/)"
    );
    println!(
        "{:<48} {wipe_secs:>10.2}",
        "delete everything (crypto-erase, files, backups)"
    );
    println!(
        "  removed {}; backups removed: {:?}",
        report.removed_files.join(", "),
        report.backups_removed
    );
}
