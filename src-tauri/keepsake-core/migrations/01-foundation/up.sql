-- Diary entries. `entry_at` is the moment the entry is about, as the user set it
-- (local time, 'YYYY-MM-DDTHH:MM'); it is not the creation time.
CREATE TABLE entries (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    entry_at    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- The timeline pages by (entry_at, id), newest first.
CREATE INDEX entries_timeline ON entries (entry_at DESC, id DESC);

-- Which version of the privacy policy the user accepted, and when. Append-only.
CREATE TABLE policy_acceptances (
    version      INTEGER NOT NULL,
    accepted_at  INTEGER NOT NULL
) STRICT;
