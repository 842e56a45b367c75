-- Recently deleted: entries and photos the user deleted, kept for a while (30 days unless the
-- user chose otherwise) so that a careless delete can be undone. Kept apart from the diary's
-- own tables, so nothing deleted shows anywhere else (timeline, search, gallery, export, share);
-- an entry here has no row in the search index.
CREATE TABLE trash_entries (
    id               TEXT PRIMARY KEY NOT NULL,
    deleted_at       INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    entry_at         TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    mood             INTEGER,
    -- The entry's tags, one per line.
    tags             TEXT NOT NULL,
    place_name       TEXT,
    place_latitude   REAL,
    place_longitude  REAL
) STRICT;

-- Photos deleted with their entry (`with_entry` = 1, the entry is in trash_entries) or alone
-- (0, from an entry still in the diary).
CREATE TABLE trash_images (
    id          TEXT PRIMARY KEY NOT NULL,
    entry_id    TEXT NOT NULL,
    with_entry  INTEGER NOT NULL CHECK (with_entry IN (0, 1)),
    deleted_at  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    byte_size   INTEGER NOT NULL,
    thumb_mime  TEXT NOT NULL,
    thumb       BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    sha256      BLOB,
    taken_at    TEXT,
    latitude    REAL,
    longitude   REAL
) STRICT;
CREATE INDEX trash_images_by_entry ON trash_images (entry_id);
