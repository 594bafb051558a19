-- Core archive: runs, raw blobs, pages and their versions, units, passages, skips.

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,               -- ingest | process | collect | ...
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running',  -- running | done | failed | interrupted
    args        TEXT NOT NULL DEFAULT '{}',  -- JSON
    counts      TEXT NOT NULL DEFAULT '{}'   -- JSON: outcome -> count
);

-- Raw bytes, zlib-compressed, addressed by the SHA-256 of the uncompressed bytes.
CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL
);

-- A page is one identity: a URL, or an absolute path when no URL is known.
CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    url         TEXT,
    path        TEXT,
    first_seen  TEXT NOT NULL,
    source_id   INTEGER
);

-- Every distinct content seen for a page is a version (1, 2, ...).
CREATE TABLE page_versions (
    id            INTEGER PRIMARY KEY,
    page_id       INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL REFERENCES blobs(hash),
    media_type    TEXT NOT NULL,             -- html | text | eml
    declared_encoding TEXT,
    fetched_at    TEXT NOT NULL,
    location      TEXT NOT NULL,             -- where it was read from (path, path#record, URL)
    meta          TEXT NOT NULL DEFAULT '{}',-- JSON metadata given by the input (JSONL fields, WARC headers)
    run_id        INTEGER REFERENCES runs(id),
    status        TEXT NOT NULL DEFAULT 'new', -- new | processed | quarantined
    status_reason TEXT,
    processed_at  TEXT,
    UNIQUE (page_id, version)
);
CREATE INDEX page_versions_status ON page_versions(status);

-- A unit is a part of a page: an article, teaser, digest item, translation, boilerplate.
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    version_id  INTEGER NOT NULL REFERENCES page_versions(id) ON DELETE CASCADE,
    page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT,
    author      TEXT,
    outlet      TEXT,
    published   TEXT,                        -- ISO 8601 date or datetime
    lang        TEXT NOT NULL DEFAULT 'und',
    url         TEXT,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL DEFAULT 0,  -- offsets in the version's extracted text
    "end"       INTEGER NOT NULL DEFAULT 0,
    meta        TEXT NOT NULL DEFAULT '{}',
    UNIQUE (version_id, ordinal)
);
CREATE INDEX units_published ON units(published);
CREATE INDEX units_page ON units(page_id);

CREATE TABLE passages (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'und',
    lang_score  REAL,
    start       INTEGER NOT NULL,            -- offsets in the unit's text
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    UNIQUE (unit_id, ordinal)
);
CREATE INDEX passages_lang ON passages(lang);

-- Search index over folded passage text (diacritics, Arabic-script variants, ZWNJ folded in Python).
CREATE VIRTUAL TABLE passage_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

-- Input that could not be stored or processed, with its reason; one row per (location, reason).
CREATE TABLE skips (
    id          INTEGER PRIMARY KEY,
    location    TEXT NOT NULL,
    reason      TEXT NOT NULL,               -- short code: binary, empty, too_large, truncated, ...
    message     TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    times       INTEGER NOT NULL DEFAULT 1,
    run_id      INTEGER REFERENCES runs(id),
    UNIQUE (location, reason)
);

-- Digests: drafts that an editor reviews (the review workflow comes later).
CREATE TABLE digests (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft'  -- draft | reviewed | published
);

CREATE TABLE digest_items (
    id          INTEGER PRIMARY KEY,
    digest_id   INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    unit_id     INTEGER REFERENCES units(id) ON DELETE SET NULL,
    ordinal     INTEGER NOT NULL,
    section     TEXT NOT NULL,               -- grouping key, for now the language
    title       TEXT,
    author      TEXT,
    outlet      TEXT,
    published   TEXT,
    lang        TEXT,
    url         TEXT,
    lead        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'proposed', -- proposed | accepted | rejected | edited
    editor_note TEXT
);

-- Archive-wide stages (reuse, entities, quotes, ...) run after per-page processing; this records
-- which units each stage has handled, so that stages are incremental and resumable.
CREATE TABLE stage_done (
    stage       TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    done_at     TEXT NOT NULL,
    PRIMARY KEY (stage, unit_id)
);
