-- Text reuse and translation links, and the persistent MinHash LSH index behind them.

-- A link between two passages (level 'passage') or two units (level 'unit'). Direction: for copies,
-- `a` is the later-dated text and `b` the earlier source; for excerpt_of, `a` is the excerpt;
-- for translation_of, `a` is the later (or, on equal dates, the non-English) unit.
CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,               -- duplicate | near_duplicate | excerpt_of | copy_of | translation_of
    level       TEXT NOT NULL,               -- passage | unit
    a           INTEGER NOT NULL,
    b           INTEGER NOT NULL,
    score       REAL NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',  -- JSON: containment, jaccard, paragraph alignment, ...
    created_at  TEXT NOT NULL,
    UNIQUE (level, kind, a, b)
);
CREATE INDEX links_a ON links(level, a);
CREATE INDEX links_b ON links(level, b);

-- One MinHash signature per indexed passage (uint32 values, little-endian).
CREATE TABLE reuse_sig (
    passage_id  INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL,
    shingles    INTEGER NOT NULL,            -- number of distinct shingles
    exact       INTEGER NOT NULL,            -- 64-bit hash of the normalised token sequence
    sig         BLOB NOT NULL
);
CREATE INDEX reuse_sig_unit ON reuse_sig(unit_id);

-- LSH buckets: one row per (band key, passage); the key mixes the band number and its hash values.
CREATE TABLE reuse_bands (
    key         INTEGER NOT NULL,
    passage_id  INTEGER NOT NULL,
    PRIMARY KEY (key, passage_id)
) WITHOUT ROWID;

-- Content-defined shingle samples (hash mod p == 0) for containment: excerpts inside longer texts.
CREATE TABLE reuse_fp (
    fp          INTEGER NOT NULL,
    passage_id  INTEGER NOT NULL,
    PRIMARY KEY (fp, passage_id)
) WITHOUT ROWID;

-- Translation anchors per unit (numbers, URLs, Latin-script names, ...), for candidate pairs.
CREATE TABLE reuse_anchors (
    anchor      TEXT NOT NULL,
    unit_id     INTEGER NOT NULL,
    PRIMARY KEY (anchor, unit_id)
) WITHOUT ROWID;
CREATE INDEX reuse_anchors_unit ON reuse_anchors(unit_id);

-- Deleted passages and units (a page re-processed) take their index entries and links with them;
-- rows left in reuse_bands / reuse_fp are ignored (they no longer join reuse_sig) and pruned later.
CREATE TRIGGER passages_reuse_cleanup AFTER DELETE ON passages BEGIN
    DELETE FROM reuse_sig WHERE passage_id = old.id;
    DELETE FROM links WHERE level = 'passage' AND (a = old.id OR b = old.id);
END;

CREATE TRIGGER units_reuse_cleanup AFTER DELETE ON units BEGIN
    DELETE FROM reuse_anchors WHERE unit_id = old.id;
    DELETE FROM links WHERE level = 'unit' AND (a = old.id OR b = old.id);
END;
