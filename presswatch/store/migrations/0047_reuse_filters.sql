-- Membership filters over the reuse index's merged levels (issue 13 point 2, helper scale10): a blocked
-- Bloom filter per level table written only by merges (reuse_bands_l1 .. _l3, reuse_bands, and the same
-- of reuse_fp), so a lookup skips a level that certainly does not hold the key (presswatch.reuse.filters).
-- At 100,000 pages a batch's lookups read ~85 leaves per page of levels holding none of its keys. Empty
-- for an existing archive: a level gets its filter the next time a merge writes into it; until then it
-- is read as before. Blocks are 4,000-byte blobs (one page each), id = table number << 32 | block.
CREATE TABLE IF NOT EXISTS reuse_filters (name TEXT PRIMARY KEY, blocks INTEGER NOT NULL, capacity INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_filter_blocks (id INTEGER PRIMARY KEY, bits BLOB NOT NULL);
