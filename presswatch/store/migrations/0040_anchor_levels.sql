-- The translation stage's newest anchor postings in a level (issue 13 point 2, helper scale8), as
-- migration 0036 did for reuse's band keys: a batch's (anchor, unit) rows land on random leaves of
-- reuse_anchors (anchors are words and numbers, spread over the key space), so once the table has more
-- leaves than a batch has rows each row costs a leaf written (pages written per ingested page: 0.3 at
-- 1,000 pages, 0.9 at 10,000, 10 at 100,000). New rows go to reuse_anchors_l0; over its cap it is
-- merged into reuse_anchors in key order (presswatch.reuse.anchor_index). Lookups read both. Empty for
-- an existing archive: its rows stay where they are.
CREATE TABLE IF NOT EXISTS reuse_anchors_l0 (
    anchor      TEXT NOT NULL,
    unit_id     INTEGER NOT NULL,
    PRIMARY KEY (anchor, unit_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_anchors_l0_unit ON reuse_anchors_l0(unit_id);

CREATE TRIGGER IF NOT EXISTS units_anchor_level_cleanup AFTER DELETE ON units BEGIN
    DELETE FROM reuse_anchors_l0 WHERE unit_id = old.id;
END;
