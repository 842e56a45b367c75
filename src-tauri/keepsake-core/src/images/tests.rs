use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;
use crate::entries::{self, EntryInput};
use crate::test_support::open_test_diary;
use crate::Error;

const CAMERA: &[u8] = b"KeepsakeTestCam\0";

/// A 64x32 JPEG, left half red and right half blue.
fn red_blue_jpeg() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 32, |x, _| {
        if x < 32 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    out
}

/// A little-endian TIFF block: Make, Orientation = 6 (rotate 90° clockwise), an Exif IFD with
/// DateTimeOriginal, and a GPS IFD with latitude and longitude.
fn exif_tiff() -> Vec<u8> {
    let mut t = Vec::new();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    let rationals = |t: &mut Vec<u8>, parts: [(u32, u32); 3]| {
        for (num, den) in parts {
            t.extend(num.to_le_bytes());
            t.extend(den.to_le_bytes());
        }
    };
    t.extend(b"II*\0");
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: four entries, ends at 62.
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, CAMERA.len() as u32, 202); // Make (ASCII) at 202
    entry(&mut t, 0x0112, 3, 1, 6); // Orientation (SHORT) = 6
    entry(&mut t, 0x8769, 4, 1, 62); // Exif IFD at 62
    entry(&mut t, 0x8825, 4, 1, 80); // GPS IFD at 80
    t.extend(0u32.to_le_bytes());
    // Exif IFD at 62: one entry, ends at 80.
    t.extend(1u16.to_le_bytes());
    entry(&mut t, 0x9003, 2, TAKEN.len() as u32, 182); // DateTimeOriginal at 182
    t.extend(0u32.to_le_bytes());
    // GPS IFD at 80: four entries, ends at 134.
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, 134); // GPSLatitude (3 RATIONAL) at 134
    entry(&mut t, 0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0")); // GPSLongitudeRef
    entry(&mut t, 0x0004, 5, 3, 158); // GPSLongitude (3 RATIONAL) at 158
    t.extend(0u32.to_le_bytes());
    rationals(&mut t, [(31, 1), (14, 1), (1234, 100)]);
    rationals(&mut t, [(121, 1), (28, 1), (30, 1)]);
    t.extend(TAKEN);
    assert_eq!(t.len(), 202);
    t.extend(CAMERA);
    t
}

const TAKEN: &[u8] = b"2024:05:01 10:22:33\0";

/// The JPEG the end-to-end photo tests attach (tests/fixtures/portrait-exif-gps.jpg): a
/// landscape image whose EXIF says "rotate to portrait", with a capture date and GPS position.
fn e2e_fixture() -> Vec<u8> {
    with_exif(&red_blue_jpeg())
}

#[test]
fn the_end_to_end_fixture_is_this_generator_output() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/portrait-exif-gps.jpg");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, e2e_fixture()).unwrap();
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        e2e_fixture(),
        "regenerate with UPDATE_FIXTURES=1 cargo test -p keepsake-core fixture"
    );
}

#[test]
fn capture_date_and_position_are_read_before_being_stripped() {
    let out = prepare(&e2e_fixture()).unwrap();
    let m = out.metadata.expect("EXIF read");
    assert_eq!(m.taken_at.as_deref(), Some("2024-05-01T10:22"));
    assert_eq!(m.latitude, Some(31.236761));
    assert_eq!(m.longitude, Some(121.475));
    assert_eq!(
        metadata::read(&out.bytes),
        None,
        "the stored photo has none"
    );
    assert_eq!(metadata::read(&red_blue_jpeg()), None);
    assert_eq!(
        metadata::read(b"\xff\xd8\xff\xe1\xff\xffExif\0\0garbage"),
        None
    );
}

fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let tiff = exif_tiff();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(&tiff);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn decode(bytes: &[u8]) -> RgbImage {
    image::load_from_memory(bytes).unwrap().to_rgb8()
}

#[test]
fn exif_orientation_is_applied_and_all_metadata_is_dropped() {
    let input = with_exif(&red_blue_jpeg());
    assert!(
        contains(&input, b"Exif") && contains(&input, CAMERA),
        "fixture has metadata"
    );
    let out = prepare(&input).unwrap();
    assert_eq!((out.width, out.height), (32, 64), "rotated to portrait");
    assert_eq!(out.mime, "image/jpeg");
    for bytes in [&out.bytes, &out.thumb] {
        assert!(!contains(bytes, b"Exif"), "no EXIF");
        assert!(
            !contains(bytes, &[0xFF, 0xE1]),
            "no APP1 segment (EXIF/XMP)"
        );
        assert!(!contains(bytes, &[0xFF, 0xED]), "no APP13 segment (IPTC)");
        assert!(!contains(bytes, &CAMERA[..15]), "no camera make");
    }
    // Rotating 90° clockwise puts the red left half at the top.
    let img = decode(&out.bytes);
    let (top, bottom) = (img.get_pixel(16, 8), img.get_pixel(16, 56));
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    out.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // A valid PNG header claiming 100000 x 100000 pixels (30 GB decoded) in under 100 bytes.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut png, b"IEND", &[]);
    assert!(png.len() < 100);
    assert!(matches!(prepare(&png), Err(Error::ImageTooLarge)));

    // The same claim in a JPEG frame header.
    let mut jpeg = red_blue_jpeg();
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    assert!(matches!(prepare(&jpeg), Err(Error::ImageTooLarge)));
}

#[test]
fn truncated_unsupported_and_mutated_files_get_clear_errors_never_a_panic() {
    let jpeg = red_blue_jpeg();
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(RgbImage::new(40, 40))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    for truncated in [&jpeg[..jpeg.len() / 3], &png[..png.len() / 2], &jpeg[..3]] {
        let result = prepare(truncated);
        assert!(
            matches!(result, Err(Error::ImageDamaged | Error::ImageUnsupported)),
            "{} bytes: {:?}",
            truncated.len(),
            result.as_ref().map(|p| (p.width, p.height))
        );
    }
    for unsupported in [&b"just some text"[..], b"", b"BM\0\0\0\0", b"%PDF-1.7"] {
        assert!(matches!(prepare(unsupported), Err(Error::ImageUnsupported)));
    }
    // Deterministic pseudo-random byte flips across the file: any outcome but a panic.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..300 {
        let mut mutated = jpeg.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % mutated.len();
            mutated[at] = (seed >> 32) as u8;
        }
        let _ = prepare(&mutated);
    }
    assert!(matches!(
        prepare(&vec![0xFF; MAX_INPUT_BYTES + 1]),
        Err(Error::ImageTooLarge)
    ));
}

#[test]
fn large_photos_are_decoded_scaled_and_kept_at_the_stored_size_with_a_thumbnail() {
    let img = RgbImage::from_fn(4000, 3000, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    let out = prepare(&jpeg).unwrap();
    // Half-scale DCT decoding gives 2000 x 1500, within the stored size: kept as is.
    assert_eq!((out.width, out.height), (2000, 1500));
    assert!(out.width <= STORED_MAX_EDGE);
    let thumb = image::load_from_memory(&out.thumb).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (THUMB_MAX_EDGE, 300));

    // Larger photos are scaled down to the stored size.
    let big = RgbImage::from_fn(6000, 4000, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 40])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&DynamicImage::ImageRgb8(big))
        .unwrap();
    let out = prepare(&jpeg).unwrap();
    assert_eq!((out.width, out.height), (STORED_MAX_EDGE, 1365));
    assert!(out.thumb.len() < out.bytes.len());
}

#[test]
fn transparency_is_kept_as_png_and_gif_and_webp_are_accepted() {
    let rgba = RgbaImage::from_fn(20, 10, |x, _| {
        Rgba([10, 200, 10, if x < 10 { 0 } else { 255 }])
    });
    for format in [ImageFormat::Png, ImageFormat::Gif, ImageFormat::WebP] {
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(rgba.clone())
            .write_to(&mut std::io::Cursor::new(&mut bytes), format)
            .unwrap();
        let out = prepare(&bytes).unwrap();
        assert_eq!((out.width, out.height), (20, 10), "{format:?}");
        assert_eq!(out.mime, "image/png", "{format:?} keeps its transparency");
        let back = image::load_from_memory(&out.bytes).unwrap().to_rgba8();
        assert_eq!(back.get_pixel(2, 2)[3], 0, "{format:?}");
        assert_eq!(back.get_pixel(15, 2)[3], 255, "{format:?}");
    }
}

#[test]
fn stored_images_list_serve_and_delete_with_their_thumbnails() {
    let (_dir, conn) = open_test_diary();
    let entry = entries::create(
        &conn,
        &EntryInput {
            title: "Photos".into(),
            entry_at: "2026-11-23T10:00".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let prepared = prepare(&red_blue_jpeg()).unwrap();
    let a = attach(&conn, &entry.id, &prepared).unwrap();
    let b = attach(&conn, &entry.id, &prepared).unwrap();
    assert_eq!((a.position, b.position), (0, 1));
    assert!(matches!(
        attach(&conn, "no-such-entry", &prepared),
        Err(Error::NotFound)
    ));
    assert_eq!(
        list_for_entry(&conn, &entry.id).unwrap(),
        [a.clone(), b.clone()]
    );
    assert_eq!(gallery(&conn, 0, 10).unwrap().len(), 2);
    let listed = entries::page(&conn, None, 10).unwrap().entries.remove(0);
    assert_eq!(
        listed.cover_image.as_deref(),
        Some(a.id.as_str()),
        "the first photo is the cover"
    );
    assert_eq!(
        full(&conn, &a.id).unwrap(),
        ("image/jpeg".into(), prepared.bytes.clone())
    );
    assert_eq!(thumbnail(&conn, &a.id).unwrap().1, prepared.thumb);

    delete(&conn, &a.id).unwrap();
    assert!(matches!(full(&conn, &a.id), Err(Error::NotFound)));
    assert!(matches!(thumbnail(&conn, &a.id), Err(Error::NotFound)));
    assert!(matches!(delete(&conn, &a.id), Err(Error::NotFound)));
    let blobs: i64 = conn
        .query_row("SELECT count(*) FROM image_data", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blobs, 1, "the deleted photo's bytes are gone");

    entries::delete(&conn, &entry.id).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM images) + (SELECT count(*) FROM image_data)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "deleting the entry deletes its photos");
}
