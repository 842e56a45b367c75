-- A save writes its entry and the entry's place in the index's date order (its key) at once,
-- and leaves its words to the tidy-up a moment later (search/index.rs): writing the full-text
-- index's new segment at commit was most of a save's time. Until then search reads such an
-- entry itself (search/mod.rs), so what was just written is found.
--
-- state: 0 the index holds the entry's words; 1 it holds older words of it; 2 it holds none.
ALTER TABLE search_keys ADD COLUMN state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2));
CREATE INDEX search_keys_waiting ON search_keys (entry_id) WHERE state > 0;

-- A key whose words never reached the index has nothing there to delete.
DROP TRIGGER search_keys_forget;
CREATE TRIGGER search_keys_forget AFTER DELETE ON search_keys WHEN old.state < 2 BEGIN
    DELETE FROM entries_fts WHERE rowid = old.rowid;
END;

-- The tidy-up's own row. It writes it right after a checkpoint that emptied the WAL: the first
-- commit to an emptied WAL starts it over and syncs its new header, an extra sync that is then
-- the tidy-up's and not the next save's (db::checkpoint).
CREATE TABLE checkpoints (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    count  INTEGER NOT NULL
) STRICT;
INSERT INTO checkpoints VALUES (1, 0);
