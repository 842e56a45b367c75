-- The SHA-256 of each stored photo, written with it: an export's manifest takes the checksum
-- from here instead of hashing every photo again (its read-back check still hashes them all).
-- Photos stored before this migration have none; an export hashes those itself.
ALTER TABLE image_data ADD COLUMN sha256 BLOB;
