//! Where a photo's time goes: the import pipeline (`images::prepare`) on camera-like 12 MP
//! JPEGs (`benches/vault`'s generator: 4000 x 3000, sensor noise, 3-5 MB), one thread, split
//! into its stages, with the alternatives for the costliest ones beside them:
//!
//! - decoding: `jpeg-decoder` at half scale (DCT scaling, what the pipeline does) against
//!   `image`'s decoder (zune-jpeg) at full size followed by a resize to the stored size;
//! - the thumbnail, resized from the stored photo;
//! - encoding the stored photo and the thumbnail (`jpeg-encoder`);
//! - reading the EXIF the pipeline keeps only with the photo-metadata permission;
//!
//! and the whole pipeline again on every core at once (what an import does), to show what the
//! cores cost each other.
//!
//!   cargo run --release -p keepsake-core --features testing --example photo_breakdown
//!
//! KEEPSAKE_BENCH_CAMERA_PHOTOS photos (10).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/vault/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::time::{Duration, Instant};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;
use keepsake_core::images;

fn resize(image: &DynamicImage, long_edge: u32, filter: FilterType) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let long = w.max(h);
    let scale = |side: u32| (u64::from(side) * u64::from(long_edge) / u64::from(long)) as u32;
    let mut out = DynamicImage::new(scale(w), scale(h), image.color());
    Resizer::new()
        .resize(
            image,
            &mut out,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter)),
        )
        .unwrap();
    out
}

fn half_scale(input: &[u8]) -> DynamicImage {
    let mut decoder = jpeg_decoder::Decoder::new(input);
    decoder.read_info().unwrap();
    let info = decoder.info().unwrap();
    decoder.scale(info.width / 2, info.height / 2).unwrap();
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    DynamicImage::ImageRgb8(
        image::RgbImage::from_raw(info.width.into(), info.height.into(), pixels).unwrap(),
    )
}

fn encode(image: &DynamicImage, quality: u8) -> Vec<u8> {
    let rgb = image.as_rgb8().unwrap();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(
            rgb.as_raw(),
            rgb.width() as u16,
            rgb.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// Median time of `f` over `inputs`.
fn median<T>(inputs: &[T], mut f: impl FnMut(&T)) -> f64 {
    let mut times: Vec<Duration> = inputs
        .iter()
        .map(|input| {
            let t = Instant::now();
            f(input);
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let count = std::env::var("KEEPSAKE_BENCH_CAMERA_PHOTOS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let photos: Vec<Vec<u8>> = (0..count)
        .map(|s| corpus::camera_photo(s as u64, 4000, 3000))
        .collect();
    let mb = photos.iter().map(Vec::len).sum::<usize>() as f64 / count as f64 / 1e6;
    println!("{count} camera-like 12 MP JPEGs ({mb:.1} MB each), one thread, median ms");
    let line = |label: &str, ms: f64| println!("{label:<58} {ms:>8.1}");
    let halves: Vec<DynamicImage> = photos.iter().map(|p| half_scale(p)).collect();
    let stored = images::STORED_MAX_EDGE;
    line(
        "the whole pipeline (images::prepare)",
        median(&photos, |p| drop(images::prepare(p).unwrap())),
    );
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let together = std::thread::scope(|s| {
        let runs: Vec<_> = (0..cores)
            .map(|_| s.spawn(|| median(&photos, |p| drop(images::prepare(p).unwrap()))))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).sum::<f64>() / cores as f64
    });
    line(
        &format!("  the same on each of the {cores} cores at once"),
        together,
    );
    line(
        "decode at half scale (jpeg-decoder): what it does",
        median(&photos, |p| drop(half_scale(p))),
    );
    line(
        "decode at full size (image, zune-jpeg)",
        median(&photos, |p| drop(image::load_from_memory(p).unwrap())),
    );
    let full: Vec<DynamicImage> = photos
        .iter()
        .take(3)
        .map(|p| image::load_from_memory(p).unwrap())
        .collect();
    for (label, filter) in [
        ("  then resize to 2048, Lanczos3", FilterType::Lanczos3),
        ("  then resize to 2048, CatmullRom", FilterType::CatmullRom),
        ("  then resize to 2048, Bilinear", FilterType::Bilinear),
    ] {
        line(label, median(&full, |i| drop(resize(i, stored, filter))));
    }
    line(
        "copy of the decoded pixels (to_rgb8)",
        median(&halves, |i| drop(i.to_rgb8())),
    );
    line(
        "thumbnail: resize to 400, Lanczos3",
        median(&halves, |i| {
            drop(resize(i, images::THUMB_MAX_EDGE, FilterType::Lanczos3))
        }),
    );
    line(
        "encode the stored photo (jpeg-encoder, quality 85)",
        median(&halves, |i| drop(encode(i, 85))),
    );
    let thumbs: Vec<DynamicImage> = halves
        .iter()
        .map(|i| resize(i, images::THUMB_MAX_EDGE, FilterType::Lanczos3))
        .collect();
    line(
        "encode the thumbnail (quality 78)",
        median(&thumbs, |i| drop(encode(i, 78))),
    );
    line(
        "read the EXIF (images::metadata)",
        median(&photos, |p| drop(images::metadata::read(p))),
    );
}
