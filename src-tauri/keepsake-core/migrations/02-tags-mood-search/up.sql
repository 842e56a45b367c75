-- Mood on a small fixed scale, 1 (awful) to 5 (great); NULL when not set.
ALTER TABLE entries ADD COLUMN mood INTEGER CHECK (mood BETWEEN 1 AND 5);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE entry_tags (
    entry_id  TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id, entry_id);

-- Full-text search. Each entry's row in the index has a rowid that encodes its date
-- ((minutes since the Unix epoch) << 16 | sequence), so "newest first" streams from the index
-- in rowid order and a date range is a rowid range. search_keys maps rowids to entries.
CREATE TABLE search_keys (
    rowid     INTEGER PRIMARY KEY,
    entry_id  TEXT NOT NULL UNIQUE REFERENCES entries (id) ON DELETE CASCADE
) STRICT;

-- The indexed text is derived (see search/cjk.rs): runs of Chinese characters are written as
-- overlapping pairs and single characters, so one- and two-character words are tokens.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body, tags,
    content = '',
    contentless_delete = 1,
    -- A two-letter prefix index: typing "ha" is a look-up, not a merge of every "ha…" term.
    -- (Three letters expand to few terms; its index would double the cost of every save.)
    prefix = '2',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_keys_forget AFTER DELETE ON search_keys BEGIN
    DELETE FROM entries_fts WHERE rowid = old.rowid;
END;
