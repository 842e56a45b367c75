//! Capture date and GPS position read from a photo's EXIF before it is re-encoded without them.
//! Kept (as entry fields, in `image_metadata`) only while photo_metadata is granted.

use std::io::Cursor;

use exif::{In, Reader, Tag, Value};
use rusqlite::{params, Connection, OptionalExtension};

use crate::permissions::{is_granted, require, Permission};
use crate::Result;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhotoMetadata {
    /// Local capture time as the camera wrote it, `YYYY-MM-DDTHH:MM`.
    pub taken_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl PhotoMetadata {
    fn is_empty(&self) -> bool {
        self.taken_at.is_none() && self.latitude.is_none()
    }
}

/// What the photo's EXIF says, if anything useful. Never fails: bad EXIF is no EXIF.
pub fn read(input: &[u8]) -> Option<PhotoMetadata> {
    let exif = Reader::new()
        .read_from_container(&mut Cursor::new(input))
        .ok()?;
    let taken_at = exif
        .get_field(Tag::DateTimeOriginal, In::PRIMARY)
        .or_else(|| exif.get_field(Tag::DateTime, In::PRIMARY))
        .and_then(|f| match &f.value {
            Value::Ascii(parts) => parts
                .first()
                .and_then(|p| exif::DateTime::from_ascii(p).ok()),
            _ => None,
        })
        .filter(|d| d.year >= 1900 && (1..=12).contains(&d.month) && (1..=31).contains(&d.day))
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                d.year, d.month, d.day, d.hour, d.minute
            )
        });
    let coordinate = |value: Tag, reference: Tag, negative: u8, limit: f64| -> Option<f64> {
        let Value::Rational(parts) = &exif.get_field(value, In::PRIMARY)?.value else {
            return None;
        };
        let [d, m, s] = parts.as_slice() else {
            return None;
        };
        let mut v = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        if let Some(Value::Ascii(r)) = exif.get_field(reference, In::PRIMARY).map(|f| &f.value) {
            if r.first().and_then(|r| r.first()) == Some(&negative) {
                v = -v;
            }
        }
        (v.is_finite() && v.abs() <= limit).then_some((v * 1e6).round() / 1e6)
    };
    let latitude = coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S', 90.0);
    let longitude = coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W', 180.0);
    let (latitude, longitude) = match (latitude, longitude) {
        (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        _ => (None, None),
    };
    let metadata = PhotoMetadata {
        taken_at,
        latitude,
        longitude,
    };
    (!metadata.is_empty()).then_some(metadata)
}

/// Store `metadata` for a just-imported image when the permission allows; otherwise drop it.
pub(super) fn keep_if_granted(
    conn: &Connection,
    image_id: &str,
    metadata: Option<&PhotoMetadata>,
) -> Result<()> {
    let Some(m) = metadata else { return Ok(()) };
    if !is_granted(conn, Permission::PhotoMetadata)? {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO image_metadata (image_id, taken_at, latitude, longitude)
         VALUES (?1, ?2, ?3, ?4)",
        params![image_id, m.taken_at, m.latitude, m.longitude],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, image_id: &str) -> Result<Option<PhotoMetadata>> {
    require(conn, Permission::PhotoMetadata)?;
    Ok(conn
        .query_row(
            "SELECT taken_at, latitude, longitude FROM image_metadata WHERE image_id = ?1",
            [image_id],
            |r| {
                Ok(PhotoMetadata {
                    taken_at: r.get(0)?,
                    latitude: r.get(1)?,
                    longitude: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Remove every stored capture date and position; returns how many photos had some.
pub fn delete_all(conn: &Connection) -> Result<usize> {
    // The metadata of recently deleted photos goes too.
    conn.execute(
        "UPDATE trash_images SET taken_at = NULL, latitude = NULL, longitude = NULL
         WHERE taken_at IS NOT NULL OR latitude IS NOT NULL",
        [],
    )?;
    Ok(conn.execute("DELETE FROM image_metadata", [])?)
}
