-- A leaner, steadier search index and timeline (see search/mod.rs and entries/mod.rs).
--
-- The full-text index keeps rowids only (detail = none): no positions, so it is a sixth of its
-- former size and its doclists merge several times faster. Phrases of three or more Chinese
-- characters, which needed positions, are now their pairs ANDed and then checked against the
-- text. Prefix indexes of two and three letters make those prefixes one look-up; longer prefixes
-- become an OR of the words in search_words, which FTS5 streams newest-first. Segments are no
-- longer merged inside a save (automerge = 0): the diary's tidy-up merges them while it is idle.
DROP TRIGGER search_keys_forget;
DROP TABLE entries_fts;
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body, tags,
    content = '',
    contentless_delete = 1,
    detail = none,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO entries_fts (entries_fts, rank) VALUES ('automerge', 0);
CREATE TRIGGER search_keys_forget AFTER DELETE ON search_keys BEGIN
    DELETE FROM entries_fts WHERE rowid = old.rowid;
END;

-- Every indexed word of four characters or more, as the tokenizer folded it (lower case, no
-- diacritics). A word may outlive the entries that had it until the tidy-up sweeps it.
CREATE TABLE search_words (
    word  TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

-- What the timeline shows of an entry, kept with it so that a page reads one index and never
-- the entry's body: the plain-text start of the body. Ascending, though pages list newest
-- first (SQLite walks it backwards): entries are mostly written in date order, so new ones land
-- at its end and its pages stay full (a descending index split them half-empty).
ALTER TABLE entries ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
DROP INDEX entries_timeline;
CREATE INDEX entries_cards ON entries (entry_at, id, title, mood, excerpt);
CREATE INDEX images_cover ON images (entry_id, position, id);
DROP INDEX images_by_entry;

-- The index and the excerpts are derived in Rust (search::rebuild) right after this runs.
CREATE TABLE search_rebuild (pending INTEGER NOT NULL) STRICT;
INSERT INTO search_rebuild VALUES (1);
