-- Entry bodies kept deflated when that makes them smaller (see packed.rs): diary text
-- packs to about 40% of its size, and the table, the largest part of a diary, shrinks with it.
-- `body` keeps short bodies as they are; a packed body leaves it empty.
ALTER TABLE entries ADD COLUMN body_packed BLOB;

-- The bodies already written are packed in Rust (entries::pack_all) right after this runs.
CREATE TABLE pack_bodies (pending INTEGER NOT NULL) STRICT;
INSERT INTO pack_bodies VALUES (1);
