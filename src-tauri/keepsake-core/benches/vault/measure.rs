//! Timing, percentiles, memory and the report's rows.

use std::path::Path;
use std::time::{Duration, Instant};

/// True under `cargo bench` (which passes `--bench`): the real sizes. The test command runs every
/// bench through `cargo test --benches`, at a tiny size, so that a bench that no longer runs
/// fails CI instead of rotting.
pub fn full_size() -> bool {
    std::env::args().any(|a| a == "--bench")
}

pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn row(what: &str, enc: f64, plain: f64, unit: &str) {
    let ratio = if plain > 0.0 { enc / plain } else { f64::NAN };
    println!("{what:<46} {enc:>12.2} {plain:>12.2}  {unit:<10} {ratio:>6.2}x");
}

pub fn times<F: FnMut()>(n: usize, mut f: F) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

pub fn file_size(path: &Path) -> f64 {
    std::fs::metadata(path)
        .map(|m| m.len() as f64)
        .unwrap_or(0.0)
        / 1e6
}

pub fn status_mb(field: &str) -> f64 {
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
pub fn peak_growth_mb(baseline: f64) -> f64 {
    status_mb("VmHWM:") - baseline
}

/// Restart the peak-memory count; returns the memory in use now.
pub fn reset_peak_rss() -> f64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}
