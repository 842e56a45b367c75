-- Every grant and revoke of an optional permission: when, which, under which accepted policy
-- version, and by whom. The current state of a permission is its latest row. Append-only.
CREATE TABLE consent_ledger (
    seq             INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    permission      TEXT NOT NULL,
    granted         INTEGER NOT NULL CHECK (granted IN (0, 1)),
    policy_version  INTEGER NOT NULL,
    actor           TEXT NOT NULL CHECK (actor IN ('user', 'guardian')),
    guardian_name   TEXT,
    CHECK ((actor = 'guardian') = (guardian_name IS NOT NULL))
) STRICT;
CREATE INDEX consent_ledger_latest ON consent_ledger (permission, seq);

CREATE TRIGGER consent_ledger_no_update BEFORE UPDATE ON consent_ledger BEGIN
    SELECT RAISE(ABORT, 'the consent ledger is append-only');
END;
CREATE TRIGGER consent_ledger_no_delete BEFORE DELETE ON consent_ledger BEGIN
    SELECT RAISE(ABORT, 'the consent ledger is append-only');
END;

-- The optional local profile: one row per field that has a value.
CREATE TABLE profile (
    field       TEXT PRIMARY KEY NOT NULL
                CHECK (field IN ('display_name', 'email', 'birthday', 'gender')),
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The avatar, re-encoded through the image pipeline (no metadata).
CREATE TABLE profile_avatar (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    mime        TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- An entry's place (location permission): typed, or taken from a photo's coordinates.
CREATE TABLE entry_places (
    entry_id   TEXT PRIMARY KEY NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    latitude   REAL,
    longitude  REAL
) STRICT;

-- Capture date and coordinates of imported photos, kept only under photo_metadata.
CREATE TABLE image_metadata (
    image_id   TEXT PRIMARY KEY NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    taken_at   TEXT,
    latitude   REAL,
    longitude  REAL
) STRICT;

-- Local writing statistics (usage_stats): one row per local day with writing in it, and how
-- many saves fell in each hour of the day.
CREATE TABLE usage_days (
    day              TEXT PRIMARY KEY NOT NULL,
    entries_created  INTEGER NOT NULL DEFAULT 0,
    saves            INTEGER NOT NULL DEFAULT 0,
    words_added      INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE TABLE usage_hours (
    hour   INTEGER PRIMARY KEY CHECK (hour BETWEEN 0 AND 23),
    saves  INTEGER NOT NULL
) STRICT;

-- The local error log (diagnostics): an error kind and where in the app, never diary content.
CREATE TABLE error_log (
    seq      INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    context  TEXT NOT NULL
) STRICT;

-- Shares of an entry outside the app (sharing): when, which entry, how, to what kind of place.
CREATE TABLE share_log (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    entry_id     TEXT NOT NULL,
    format       TEXT NOT NULL,
    destination  TEXT NOT NULL
) STRICT;
