//! `cargo bench -p keepsake-core --features testing --bench data`: export, import and delete-everything of a diary
//! with KEEPSAKE_BENCH_DATA_ENTRIES entries (default 10000) and KEEPSAKE_BENCH_DATA_MB of photos
//! (default 1024), each beside `cp -r` / `rm -rf` of the same bytes in the same run, with the
//! peak memory above the baseline. Figures are printed, never asserted.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Shared with the vault bench; this one uses only part of each.
#[allow(dead_code)]
#[path = "../vault/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "../vault/measure.rs"]
mod measure;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use keepsake_core::archive::Progress;
use keepsake_core::keychain::MockKeyStore;
use keepsake_core::vault::KdfParams;
use keepsake_core::{entries, images, Keepsake};

use corpus::{entry, photo, Rng};
use measure::{peak_growth_mb, reset_peak_rss};

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

fn main() {
    let n_entries = env_or("KEEPSAKE_BENCH_DATA_ENTRIES", 10_000);
    let photo_mb = env_or("KEEPSAKE_BENCH_DATA_MB", 1024);
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
                .map(|i| entries::create(d.conn(), &entry(&mut rng, i)).map(|e| e.id))
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
    let summary = progress_run(|p| target.import_from(&out.join("plain.zip"), None, p)).unwrap();
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

    settle();
    let t = Instant::now();
    run(Command::new("rm").arg("-rf").arg(&copy));
    let rm_secs = t.elapsed().as_secs_f64();
    settle();
    let t = Instant::now();
    let report = ks.delete_everything().unwrap();
    let wipe_secs = t.elapsed().as_secs_f64();
    line("rm -rf of the copy", rm_secs, f64::NAN, f64::NAN);
    line(
        "delete everything (crypto-erase + files)",
        wipe_secs,
        f64::NAN,
        f64::NAN,
    );
    println!("  removed {}", report.removed_files.join(", "));
}
