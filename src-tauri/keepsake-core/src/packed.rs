//! Entry bodies at rest: each deflated when that makes it smaller, which for diary text (a few
//! hundred words) is about 2.5 times. `entries.body` holds a body kept as it is (short ones,
//! and rows written before migration 08 until the upgrade packs them) and is then the only
//! copy; otherwise it is empty and `entries.body_packed` holds the body deflated.
//!
//! The packed form is one format byte and a raw deflate stream (RFC 1951, through
//! `miniz_oxide`, which the ZIP export already builds on). The byte leaves room for another
//! codec; an unknown one or a damaged stream is a clear error, never a wrong text.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use rusqlite::Row;

use crate::entries::MAX_BODY_CHARS;

const DEFLATE: u8 = 1;
/// Deflate's default level: on diary text levels above it gain under 1% and cost twice the time.
const LEVEL: u8 = 6;
/// Bodies shorter than this are kept as they are: deflate gains little or nothing on them.
const MIN_PACKED_BYTES: usize = 128;
/// No body unpacks to more than its limit in characters, four bytes each.
const MAX_UNPACKED_BYTES: usize = MAX_BODY_CHARS * 4;

/// The `(body, body_packed)` columns for `body`.
pub(crate) fn pack(body: &str) -> (&str, Option<Vec<u8>>) {
    if body.len() < MIN_PACKED_BYTES {
        return (body, None);
    }
    let mut packed = Vec::with_capacity(body.len() / 2);
    packed.push(DEFLATE);
    packed.extend(compress_to_vec(body.as_bytes(), LEVEL));
    match packed.len() < body.len() {
        true => ("", Some(packed)),
        false => (body, None),
    }
}

/// The body from the `(body, body_packed)` columns at `index` and `index + 1` of `row`.
pub(crate) fn body_at(row: &Row<'_>, index: usize) -> rusqlite::Result<String> {
    let body: String = row.get(index)?;
    let packed: Option<Vec<u8>> = row.get(index + 1)?;
    match packed {
        None => Ok(body),
        // As SQLite reports a damaged page: the diary says its file is damaged.
        Some(packed) => unpack(&packed).ok_or_else(|| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some("an entry's packed text is damaged".into()),
            )
        }),
    }
}

fn unpack(packed: &[u8]) -> Option<String> {
    match packed.split_first()? {
        (&DEFLATE, stream) => {
            let bytes = decompress_to_vec_with_limit(stream, MAX_UNPACKED_BYTES).ok()?;
            String::from_utf8(bytes).ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_pack_smaller_and_come_back_exactly() {
        let body = "We walked along the harbour in the morning rain; 今天天气很好。\n".repeat(20);
        let (kept, packed) = pack(&body);
        let packed = packed.expect("a long body is packed");
        assert_eq!(kept, "");
        assert!(
            packed.len() * 4 < body.len(),
            "{} of {}",
            packed.len(),
            body.len()
        );
        assert_eq!(unpack(&packed).as_deref(), Some(body.as_str()));
    }

    #[test]
    fn short_or_incompressible_bodies_are_kept_as_they_are() {
        assert_eq!(pack("a short note"), ("a short note", None));
        // Text with no repetition at all: deflate would not make it smaller.
        let noise: String = (0..400u32)
            .map(|i| char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap())
            .collect();
        let (kept, packed) = pack(&noise);
        match packed {
            Some(p) => assert!(p.len() < noise.len() && kept.is_empty()),
            None => assert_eq!(kept, noise),
        }
    }

    #[test]
    fn damaged_or_unknown_packing_is_refused() {
        let (_, packed) = pack(&"the harbour at dawn ".repeat(40));
        let mut damaged = packed.unwrap();
        let middle = damaged.len() / 2;
        damaged.truncate(middle);
        assert_eq!(unpack(&damaged), None, "a truncated stream");
        damaged[0] = 9;
        assert_eq!(unpack(&damaged), None, "an unknown format byte");
        assert_eq!(unpack(&[]), None);
        // A bomb: deflate of more than any body may hold.
        let mut bomb = vec![DEFLATE];
        bomb.extend(compress_to_vec(&vec![b'a'; MAX_UNPACKED_BYTES + 1], 6));
        assert_eq!(unpack(&bomb), None);
    }

    #[test]
    fn a_damaged_body_reads_as_a_damaged_diary_not_as_other_text() {
        let (_dir, conn) = crate::test_support::open_test_diary();
        crate::policy::accept(&conn, crate::policy::CURRENT_VERSION).unwrap();
        let input = crate::entries::EntryInput {
            title: "t".into(),
            body: "the harbour at dawn ".repeat(40),
            entry_at: "2026-11-20T09:00".into(),
            ..Default::default()
        };
        let e = crate::entries::create(&conn, &input).unwrap();
        assert_eq!(e.body, input.body);
        conn.execute(
            "UPDATE entries SET body_packed = substr(body_packed, 1, 10) WHERE id = ?1",
            [&e.id],
        )
        .unwrap();
        let err = crate::entries::get(&conn, &e.id).unwrap_err();
        assert!(matches!(err, crate::Error::DatabaseDamaged), "{err:?}");
    }
}
