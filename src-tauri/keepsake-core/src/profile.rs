//! The optional local profile. Every field is optional and can be corrected or deleted on its
//! own; the birthday also decides the minors rule (under 14: a guardian consents).

use rusqlite::{params, Connection, OptionalExtension};
use time::Date;

use crate::db::{atomically, now_ms};
use crate::images::Prepared;
use crate::{clock, Error, Result};

/// Below this age, optional permissions and sharing need a guardian's consent.
pub const MINOR_BELOW_AGE: i32 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    DisplayName,
    Email,
    Birthday,
    Gender,
}

impl Field {
    pub const ALL: [Field; 4] = [
        Field::DisplayName,
        Field::Email,
        Field::Birthday,
        Field::Gender,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Field::DisplayName => "display_name",
            Field::Email => "email",
            Field::Birthday => "birthday",
            Field::Gender => "gender",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthday: Option<String>,
    pub gender: Option<String>,
    pub has_avatar: bool,
}

pub fn get(conn: &Connection) -> Result<Profile> {
    let field = |f: Field| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM profile WHERE field = ?1",
                [f.id()],
                |r| r.get(0),
            )
            .optional()?)
    };
    Ok(Profile {
        display_name: field(Field::DisplayName)?,
        email: field(Field::Email)?,
        birthday: field(Field::Birthday)?,
        gender: field(Field::Gender)?,
        has_avatar: conn.query_row("SELECT EXISTS (SELECT 1 FROM profile_avatar)", [], |r| {
            r.get(0)
        })?,
    })
}

fn parse_date(text: &str) -> Option<Date> {
    clock::parse_date(text)
}

/// The value as stored, or a clear error. Empty means "delete this field".
fn normalise(field: Field, value: &str, today: Date) -> Result<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let ok = match field {
        Field::DisplayName => value.chars().count() <= 80,
        Field::Gender => value.chars().count() <= 40,
        Field::Email => {
            let mut parts = value.split('@');
            let (local, domain) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            value.len() <= 254
                && parts.next().is_none()
                && !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        Field::Birthday => {
            parse_date(value).is_some_and(|d| d <= today && d.year() >= today.year() - 130)
        }
    };
    if !ok {
        return Err(Error::InvalidInput(match field {
            Field::DisplayName => "display name (at most 80 characters)",
            Field::Gender => "gender (at most 40 characters)",
            Field::Email => "e-mail address",
            Field::Birthday => "birthday (a past date, YYYY-MM-DD)",
        }));
    }
    Ok(Some(value.to_owned()))
}

/// Set one field; an empty value deletes it.
pub fn set(conn: &Connection, field: Field, value: &str) -> Result<()> {
    set_on(conn, field, value, clock::today())
}

pub fn set_on(conn: &Connection, field: Field, value: &str, today: Date) -> Result<()> {
    match normalise(field, value, today)? {
        Some(value) => conn.execute(
            "INSERT INTO profile (field, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (field) DO UPDATE SET value = excluded.value,
                                               updated_at = excluded.updated_at",
            params![field.id(), value, now_ms()],
        )?,
        None => conn.execute("DELETE FROM profile WHERE field = ?1", [field.id()])?,
    };
    Ok(())
}

/// The avatar is the pipeline's thumbnail: re-encoded, no metadata, small.
pub fn set_avatar(conn: &Connection, image: &Prepared) -> Result<()> {
    atomically(conn, || {
        conn.execute(
            "INSERT INTO profile_avatar (id, mime, bytes, updated_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes,
                                            updated_at = excluded.updated_at",
            params![image.thumb_mime, image.thumb, now_ms()],
        )?;
        Ok(())
    })
}

pub fn avatar(conn: &Connection) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row("SELECT mime, bytes FROM profile_avatar", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub fn delete_avatar(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM profile_avatar", [])?;
    Ok(())
}

/// Delete every field and the avatar.
pub fn delete_all(conn: &Connection) -> Result<()> {
    atomically(conn, || {
        conn.execute_batch("DELETE FROM profile; DELETE FROM profile_avatar;")?;
        Ok(())
    })
}

/// Whole years from `birthday` to `today`.
pub fn age_on(birthday: Date, today: Date) -> i32 {
    let mut age = today.year() - birthday.year();
    if (today.month() as u8, today.day()) < (birthday.month() as u8, birthday.day()) {
        age -= 1;
    }
    age
}

/// True when the profile's birthday says the user is under 14 today.
pub fn is_minor(conn: &Connection) -> Result<bool> {
    is_minor_on(conn, clock::today())
}

pub fn is_minor_on(conn: &Connection, today: Date) -> Result<bool> {
    Ok(get(conn)?
        .birthday
        .as_deref()
        .and_then(parse_date)
        .is_some_and(|b| age_on(b, today) < MINOR_BELOW_AGE))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::test_support::open_test_diary;

    #[test]
    fn each_field_is_set_corrected_and_deleted_on_its_own() {
        let (_dir, conn) = open_test_diary();
        let today = date!(2026 - 11 - 23);
        set_on(&conn, Field::DisplayName, " Mei ", today).unwrap();
        set_on(&conn, Field::Email, "mei@example.org", today).unwrap();
        set_on(&conn, Field::Birthday, "1990-02-03", today).unwrap();
        set_on(&conn, Field::Gender, "女", today).unwrap();
        set_on(&conn, Field::DisplayName, "Mei Lin", today).unwrap();
        set_on(&conn, Field::Email, "", today).unwrap();
        let p = get(&conn).unwrap();
        assert_eq!(p.display_name.as_deref(), Some("Mei Lin"));
        assert_eq!(p.email, None);
        assert_eq!(p.birthday.as_deref(), Some("1990-02-03"));
        assert_eq!(p.gender.as_deref(), Some("女"));
        assert!(!p.has_avatar);
    }

    #[test]
    fn bad_values_are_refused_and_keep_the_old_one() {
        let (_dir, conn) = open_test_diary();
        let today = date!(2026 - 11 - 23);
        set_on(&conn, Field::Email, "a@b.cn", today).unwrap();
        for (field, bad) in [
            (Field::Email, "no-at-sign"),
            (Field::Email, "two@@example.org"),
            (Field::Email, "a b@example.org"),
            (Field::Birthday, "2027-01-01"),
            (Field::Birthday, "1890-01-01"),
            (Field::Birthday, "yesterday"),
            (Field::DisplayName, &"x".repeat(81)),
        ] {
            assert!(
                matches!(
                    set_on(&conn, field, bad, today),
                    Err(Error::InvalidInput(_))
                ),
                "{bad}"
            );
        }
        assert_eq!(get(&conn).unwrap().email.as_deref(), Some("a@b.cn"));
    }

    #[test]
    fn the_minors_rule_follows_the_birthday_to_the_day() {
        let (_dir, conn) = open_test_diary();
        let today = date!(2026 - 11 - 23);
        assert!(!is_minor_on(&conn, today).unwrap(), "no birthday, no rule");
        set_on(&conn, Field::Birthday, "2012-11-24", today).unwrap();
        assert!(
            is_minor_on(&conn, today).unwrap(),
            "13, one day short of 14"
        );
        set_on(&conn, Field::Birthday, "2012-11-23", today).unwrap();
        assert!(!is_minor_on(&conn, today).unwrap(), "14 today");
        assert_eq!(age_on(date!(2000 - 02 - 29), date!(2026 - 02 - 28)), 25);
    }

    #[test]
    fn the_avatar_goes_through_the_pipeline_and_keeps_no_metadata() {
        let (_dir, conn) = open_test_diary();
        let photo = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/portrait-exif-gps.jpg"),
        )
        .unwrap();
        set_avatar(&conn, &crate::images::prepare(&photo).unwrap()).unwrap();
        let (mime, bytes) = avatar(&conn).unwrap().unwrap();
        assert_eq!(mime, "image/jpeg");
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF stripped");
        assert!(get(&conn).unwrap().has_avatar);
        delete_avatar(&conn).unwrap();
        assert_eq!(avatar(&conn).unwrap(), None);
        assert!(matches!(
            crate::images::prepare(b"not an image"),
            Err(Error::ImageUnsupported)
        ));
    }
}
