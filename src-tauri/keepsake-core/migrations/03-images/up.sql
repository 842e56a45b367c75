-- Photos attached to entries, re-encoded on import (no EXIF, XMP or IPTC survives).
-- The listing data and the thumbnail live here; the full bytes live in image_data, so listing
-- a gallery never walks the overflow pages of large blobs.
CREATE TABLE images (
    id          TEXT PRIMARY KEY NOT NULL,
    entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    byte_size   INTEGER NOT NULL,
    thumb_mime  TEXT NOT NULL,
    thumb       BLOB NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX images_by_entry ON images (entry_id, position);

CREATE TABLE image_data (
    image_id  TEXT PRIMARY KEY NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    bytes     BLOB NOT NULL
) STRICT;
