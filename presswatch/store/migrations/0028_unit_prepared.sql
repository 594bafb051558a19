-- Per-unit features of the archive-wide stages, computed in the worker processes by the "prepare"
-- page component (presswatch/quotes/prepare.py) and written in the page's own transaction, one JSON
-- column per stage so each stage parses only its own: reuse shingle hashes and MinHash signatures per
-- passage, translation paragraphs and anchors, English word-case counts for entity discovery, the
-- attribution rules' findings for quotes. The archive stages join them against the archive instead of
-- recomputing them in the single writer; a unit without them (an older archive) is prepared there.
CREATE TABLE unit_prepared (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    reuse TEXT,
    document TEXT,
    word_case TEXT,
    attributions TEXT
);
