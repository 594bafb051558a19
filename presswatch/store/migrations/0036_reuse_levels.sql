-- The reuse index's newest band keys and samples in levels (a log-structured merge, issue 13 point 2,
-- helper scale7). LSH band keys and containment samples are random, so inserting a batch's rows into
-- reuse_bands / reuse_fp, even sorted, writes about one B-tree leaf per row once the table has more
-- leaves than a batch has rows (pages written per ingested page: 1.7 at 1,000 pages, 24 at 10,000,
-- 159 at 100,000). New rows go to level 0, a small table; a level over its cap is merged into the next
-- in key order (each leaf of the next level receives many rows at once), the last level into
-- reuse_bands / reuse_fp, which stay the largest level. Lookups read the union of every level
-- (presswatch.reuse.index), so the rows found are the same. Empty for an existing archive: its rows
-- stay where they are.
CREATE TABLE IF NOT EXISTS reuse_bands_l0 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l0 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;

-- Rows held by each level table, kept by the index when it inserts and merges; they only decide when a
-- level is merged (lookups never read them).
CREATE TABLE IF NOT EXISTS reuse_levels (name TEXT PRIMARY KEY, rows INTEGER NOT NULL) WITHOUT ROWID;
