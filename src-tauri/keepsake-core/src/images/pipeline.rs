//! Decode with limits set first, apply the EXIF orientation, re-encode without metadata, and make
//! a thumbnail. Pure CPU work with no database access, so callers run it outside any lock and
//! several at once.

use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::{Error, Result};

/// Larger files are refused before anything is decoded.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Width or height beyond this is refused from the header, before allocating.
const MAX_DIMENSION: u32 = 20_000;
/// 100 megapixels.
const MAX_PIXELS: u64 = 100_000_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Photos are kept at up to this many pixels on their long edge: plenty for a diary page.
pub const STORED_MAX_EDGE: u32 = 2048;
/// JPEGs are decoded at the smallest DCT scale that still gives this long edge. A 12 MP photo
/// (4000-4032 px) decodes at half scale to 2000-2016 px, within the stored size: no resize.
const DECODE_MIN_EDGE: u32 = 1920;
pub const THUMB_MAX_EDGE: u32 = 400;
const PHOTO_QUALITY: u8 = 85;
const THUMB_QUALITY: u8 = 78;

#[derive(Debug, Clone)]
pub struct Prepared {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    pub thumb_mime: &'static str,
    pub thumb: Vec<u8>,
    /// Capture date and place from the original's EXIF; stored only under photo_metadata.
    pub metadata: Option<super::PhotoMetadata>,
}

/// Turn untrusted file bytes into a clean photo and thumbnail, or a clear error.
pub fn prepare(input: &[u8]) -> Result<Prepared> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::ImageTooLarge);
    }
    let format = image::guess_format(input).map_err(|_| Error::ImageUnsupported)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(Error::ImageUnsupported);
    }
    // Decoders are not supposed to panic on bad input, but a diary must not crash on a photo.
    panic::catch_unwind(AssertUnwindSafe(|| prepare_checked(input, format)))
        .unwrap_or(Err(Error::ImageDamaged))
}

/// An image coming back from an export: it goes through the whole pipeline (limits, decoding,
/// a fresh thumbnail), and when it already is what the pipeline stores (JPEG or PNG, within the
/// stored size, no metadata segments) its own bytes are kept, so a round trip is lossless.
pub fn prepare_restored(input: &[u8]) -> Result<Prepared> {
    let prepared = prepare(input)?;
    let format = image::guess_format(input).map_err(|_| Error::ImageUnsupported)?;
    let canonical = match format {
        ImageFormat::Jpeg => Some(super::JPEG),
        ImageFormat::Png => Some(super::PNG),
        _ => None,
    }
    .filter(|_| prepared.width.max(prepared.height) <= STORED_MAX_EDGE)
    .filter(|_| !has_metadata(input, format));
    Ok(match canonical {
        Some(mime) => Prepared {
            mime,
            bytes: input.to_vec(),
            metadata: None,
            ..prepared
        },
        None => prepared,
    })
}

/// True when the file carries metadata segments: JPEG APP1-APP15 (EXIF, XMP, IPTC…) or COM;
/// PNG text, EXIF or time chunks.
fn has_metadata(input: &[u8], format: ImageFormat) -> bool {
    match format {
        ImageFormat::Jpeg => {
            let mut i = 2;
            while i + 4 <= input.len() && input[i] == 0xFF {
                let marker = input[i + 1];
                if marker == 0xDA {
                    return false; // start of scan: no more headers
                }
                if (0xE1..=0xEF).contains(&marker) || marker == 0xFE {
                    return true;
                }
                let len = usize::from(u16::from_be_bytes([input[i + 2], input[i + 3]]));
                i += 2 + len;
            }
            false
        }
        ImageFormat::Png => [b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"]
            .iter()
            .any(|chunk| input.windows(4).any(|w| w == *chunk)),
        _ => true,
    }
}

fn prepare_checked(input: &[u8], format: ImageFormat) -> Result<Prepared> {
    let decoded = decode(input, format)?;
    let opaque = !decoded.color().has_alpha();
    // Normalise to 8-bit RGB(A) so every later step sees one of two pixel layouts (no copy when
    // it is one already, as a decoded JPEG is).
    let decoded = if opaque {
        DynamicImage::ImageRgb8(decoded.into_rgb8())
    } else {
        DynamicImage::ImageRgba8(decoded.into_rgba8())
    };
    let stored = match shrunk(&decoded, STORED_MAX_EDGE)? {
        Some(smaller) => smaller,
        None => decoded,
    };
    let thumb = match shrunk(&stored, THUMB_MAX_EDGE)? {
        Some(smaller) => smaller,
        None => stored.clone(),
    };
    let (mime, bytes) = encode(&stored, PHOTO_QUALITY)?;
    let (thumb_mime, thumb) = encode(&thumb, THUMB_QUALITY)?;
    Ok(Prepared {
        mime,
        width: stored.width(),
        height: stored.height(),
        bytes,
        thumb_mime,
        thumb,
        metadata: super::metadata::read(input),
    })
}

fn check_dimensions(width: u32, height: u32) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(Error::ImageDamaged);
    }
    if width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(Error::ImageTooLarge);
    }
    Ok(())
}

fn image_error(e: image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => Error::ImageTooLarge,
        image::ImageError::Unsupported(_) => Error::ImageUnsupported,
        _ => Error::ImageDamaged,
    }
}

fn decode(input: &[u8], format: ImageFormat) -> Result<DynamicImage> {
    if format == ImageFormat::Jpeg {
        if let Some(image) = decode_jpeg_scaled(input)? {
            return Ok(image);
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(input), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    // GIFs: the decoder yields the first frame.
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// JPEGs are decoded at 1/2, 1/4 or 1/8 scale (DCT scaling) when that still gives
/// `DECODE_MIN_EDGE`: a 12 MP photo is never decoded at full size. `None` for pixel formats
/// this path does not handle (CMYK, 16-bit), which take the general path.
fn decode_jpeg_scaled(input: &[u8]) -> Result<Option<DynamicImage>> {
    use jpeg_decoder::{Decoder, PixelFormat};

    let mut decoder = Decoder::new(input);
    decoder.read_info().map_err(|_| Error::ImageDamaged)?;
    let info = decoder.info().ok_or(Error::ImageDamaged)?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_dimensions(width, height)?;
    if !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        return Ok(None);
    }
    let long = width.max(height);
    if long > DECODE_MIN_EDGE {
        let want =
            |side: u32| (u64::from(side) * u64::from(DECODE_MIN_EDGE)).div_ceil(u64::from(long));
        decoder
            .scale(want(width) as u16, want(height) as u16)
            .map_err(|_| Error::ImageDamaged)?;
    }
    decoder.set_max_decoding_buffer_size(MAX_ALLOC as usize);
    let pixels = decoder.decode().map_err(|_| Error::ImageDamaged)?;
    let info = decoder.info().ok_or(Error::ImageDamaged)?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let mut image = match info.pixel_format {
        PixelFormat::RGB24 => image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8),
        _ => image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8),
    }
    .ok_or(Error::ImageDamaged)?;
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    image.apply_orientation(orientation);
    Ok(Some(image))
}

/// The image scaled down so its long edge is `max_edge`, with Lanczos3; `None` when it is no
/// larger than that already (never scaled up).
fn shrunk(image: &DynamicImage, max_edge: u32) -> Result<Option<DynamicImage>> {
    let (w, h) = (image.width(), image.height());
    let long = w.max(h);
    if long <= max_edge {
        return Ok(None);
    }
    let scale =
        |side: u32| ((u64::from(side) * u64::from(max_edge)) / u64::from(long)).max(1) as u32;
    let mut out = DynamicImage::new(scale(w), scale(h), image.color());
    Resizer::new()
        .resize(
            image,
            &mut out,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|_| Error::ImageDamaged)?;
    Ok(Some(out))
}

/// JPEG for opaque images, PNG where there is transparency. Neither writes any metadata.
/// JPEG encoding uses `jpeg-encoder` (SIMD where the CPU has it): several times faster than
/// `image`'s own encoder, which dominated the import time.
fn encode(image: &DynamicImage, quality: u8) -> Result<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    match image {
        DynamicImage::ImageRgb8(rgb) => {
            let (w, h) = (
                u16::try_from(rgb.width()).map_err(|_| Error::ImageTooLarge)?,
                u16::try_from(rgb.height()).map_err(|_| Error::ImageTooLarge)?,
            );
            jpeg_encoder::Encoder::new(&mut out, quality)
                .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|_| Error::ImageDamaged)?;
            Ok((super::JPEG, out))
        }
        _ => {
            image
                .write_with_encoder(PngEncoder::new(&mut out))
                .map_err(|_| Error::ImageDamaged)?;
            Ok((super::PNG, out))
        }
    }
}
