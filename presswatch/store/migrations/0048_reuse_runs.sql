-- The reuse index's merged levels tiered (issue 13 point 2, helper scale12): levels 1 to 3 of the band
-- keys and samples each hold up to 8 runs, reuse_bands_l1 (run 0, migration 0036) and reuse_bands_l1_r1 ..
-- _r7. Level 0 over its cap is written as a new run of level 1 (into an empty table, in key order:
-- appended leaf after leaf); a level whose 8 runs are full is merged into one new run of the next level
-- (and level 3's into reuse_bands / reuse_fp). A row is written once per level, where merging into the
-- next level's single table (0036) rewrote that table's leaves about 4 times per row. Each run has its
-- membership filter (presswatch.reuse.filters), so a lookup reads the runs that may hold its key. Empty
-- for an existing archive: its rows stay in run 0 of their level.
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r1 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r2 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r3 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r4 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r5 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r6 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l1_r7 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r1 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r2 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r3 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r4 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r5 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r6 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l2_r7 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r1 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r2 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r3 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r4 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r5 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r6 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_bands_l3_r7 (key INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (key, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r1 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r2 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r3 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r4 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r5 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r6 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l1_r7 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r1 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r2 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r3 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r4 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r5 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r6 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l2_r7 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r1 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r2 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r3 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r4 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r5 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r6 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_fp_l3_r7 (fp INTEGER NOT NULL, passage_id INTEGER NOT NULL, PRIMARY KEY (fp, passage_id)) WITHOUT ROWID;
