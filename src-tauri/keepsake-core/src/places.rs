//! Places on entries (the location permission): a typed name, and coordinates when the place
//! was taken from a photo. Reading and writing both need the permission.

use rusqlite::{params, Connection, OptionalExtension};

use crate::permissions::{require, Permission};
use crate::{Error, Result};

pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Place {
    fn validated(&self) -> Result<Place> {
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::InvalidInput("place name"));
        }
        match (self.latitude, self.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {}
            _ => return Err(Error::InvalidInput("coordinates")),
        }
        Ok(Place { name, ..*self })
    }
}

pub fn get(conn: &Connection, entry_id: &str) -> Result<Option<Place>> {
    require(conn, Permission::Location)?;
    Ok(conn
        .query_row(
            "SELECT name, latitude, longitude FROM entry_places WHERE entry_id = ?1",
            [entry_id],
            |r| {
                Ok(Place {
                    name: r.get(0)?,
                    latitude: r.get(1)?,
                    longitude: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Set or (with `None`) clear the place of an entry.
pub fn set(conn: &Connection, entry_id: &str, place: Option<&Place>) -> Result<()> {
    require(conn, Permission::Location)?;
    match place {
        None => {
            conn.execute("DELETE FROM entry_places WHERE entry_id = ?1", [entry_id])?;
        }
        Some(place) => {
            let place = place.validated()?;
            crate::entries::require_exists(conn, entry_id)?;
            conn.execute(
                "INSERT INTO entry_places (entry_id, name, latitude, longitude)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (entry_id) DO UPDATE SET name = excluded.name,
                     latitude = excluded.latitude, longitude = excluded.longitude",
                params![entry_id, place.name, place.latitude, place.longitude],
            )?;
        }
    }
    Ok(())
}

/// Remove every stored place; returns how many there were.
pub fn delete_all(conn: &Connection) -> Result<usize> {
    // Places of recently deleted entries go too.
    conn.execute(
        "UPDATE trash_entries SET place_name = NULL, place_latitude = NULL,
             place_longitude = NULL WHERE place_name IS NOT NULL",
        [],
    )?;
    Ok(conn.execute("DELETE FROM entry_places", [])?)
}
