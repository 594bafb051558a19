-- Live collection: sources with health, per-URL fetch state (conditional GET), and a URL queue
-- (frontier) so that an interrupted collect run continues where it stopped.

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    url           TEXT NOT NULL,               -- what the user gave
    kind          TEXT NOT NULL,               -- feed | sitemap | wordpress | crawl | page
    endpoint      TEXT NOT NULL,               -- what is fetched: feed URL, sitemap URL, wp-json base, start URL
    lang          TEXT,
    tags          TEXT NOT NULL DEFAULT '[]',  -- JSON list
    options       TEXT NOT NULL DEFAULT '{}',  -- JSON: crawl patterns, depth, budget, ...
    added_at      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active', -- active | backoff | paused
    status_reason TEXT,
    last_attempt  TEXT,
    last_success  TEXT,
    last_error    TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    cursor        TEXT                          -- incremental position (WordPress: newest date seen)
);

-- One row per fetched URL (normalised): validators for conditional GET and what it resolved to.
CREATE TABLE fetch_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    status        INTEGER,
    fetched_at    TEXT,
    page_key      TEXT,                         -- the page it was stored as (canonical form)
    item_stamp    TEXT                          -- the feed/API "updated" value when last fetched
);

-- Article URLs found by a source and not yet fetched; a killed run leaves them here for the next one.
CREATE TABLE collect_queue (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,                -- normalised
    meta          TEXT NOT NULL DEFAULT '{}',   -- JSON: title, author, published, outlet, lang, stamp
    depth         INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'pending', -- pending | done | failed
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    added_at      TEXT NOT NULL,
    UNIQUE (source_id, url)
);
CREATE INDEX collect_queue_status ON collect_queue(status);
CREATE INDEX pages_source ON pages(source_id);
