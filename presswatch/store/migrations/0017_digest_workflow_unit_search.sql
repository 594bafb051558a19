-- The digest editor's workflow: a draft is edited item by item (every edit recorded), then approved
-- into an immutable, numbered issue; published files are recorded with their checksum.
ALTER TABLE digests ADD COLUMN number INTEGER;                  -- issue number, set on approval
ALTER TABLE digests ADD COLUMN introduction TEXT NOT NULL DEFAULT '';
ALTER TABLE digests ADD COLUMN approved_at TEXT;
ALTER TABLE digests ADD COLUMN based_on INTEGER REFERENCES digests(id) ON DELETE SET NULL;
ALTER TABLE digests ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;   -- +1 per edit (stale-edit check)
ALTER TABLE digests ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX digests_number ON digests(number) WHERE number IS NOT NULL;

-- Every change to a draft: what was done, to which item, the values before and after (JSON).
CREATE TABLE digest_edits (
    id          INTEGER PRIMARY KEY,
    digest_id   INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    item_id     INTEGER,                     -- no foreign key: the history outlives a removed item
    action      TEXT NOT NULL,               -- create | edit | note | move | merge | drop | restore | add | intro | title | approve
    before      TEXT,
    after       TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX digest_edits_digest ON digest_edits(digest_id, id);

-- Each published output of an issue (the latest per format): where, its checksum, when.
CREATE TABLE digest_publications (
    digest_id   INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    format      TEXT NOT NULL,               -- html | md | eml | atom | rss | smtp
    target      TEXT NOT NULL,               -- file path, or the SMTP recipients
    sha256      TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (digest_id, format, target)
);

-- An approved issue is immutable: the database refuses any change to it or its items.
CREATE TRIGGER digests_approved_immutable BEFORE UPDATE ON digests
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved digest issues cannot be edited; start a new draft from the issue');
END;
CREATE TRIGGER digests_approved_undeletable BEFORE DELETE ON digests
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved digest issues cannot be deleted');
END;
-- (unit_id alone may change: re-processing a page replaces its unit rows and sets it to NULL)
CREATE TRIGGER digest_items_approved_update BEFORE UPDATE ON digest_items
WHEN (SELECT status FROM digests WHERE id = OLD.digest_id) = 'approved'
  AND (NEW.digest_id IS NOT OLD.digest_id OR NEW.ordinal IS NOT OLD.ordinal OR NEW.section IS NOT OLD.section
       OR NEW.title IS NOT OLD.title OR NEW.author IS NOT OLD.author OR NEW.outlet IS NOT OLD.outlet
       OR NEW.published IS NOT OLD.published OR NEW.lang IS NOT OLD.lang OR NEW.url IS NOT OLD.url
       OR NEW.lead IS NOT OLD.lead OR NEW.status IS NOT OLD.status OR NEW.editor_note IS NOT OLD.editor_note
       OR NEW.also IS NOT OLD.also OR NEW.dated_by IS NOT OLD.dated_by)
BEGIN
    SELECT RAISE(ABORT, 'approved digest issues cannot be edited; start a new draft from the issue');
END;
CREATE TRIGGER digest_items_approved_insert BEFORE INSERT ON digest_items
WHEN (SELECT status FROM digests WHERE id = NEW.digest_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved digest issues cannot be edited; start a new draft from the issue');
END;
CREATE TRIGGER digest_items_approved_delete BEFORE DELETE ON digest_items
WHEN (SELECT status FROM digests WHERE id = OLD.digest_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved digest issues cannot be edited; start a new draft from the issue');
END;

-- Unit-level search: one row per unit of each page's newest processed version, boilerplate left out
-- (rowid = units.id), so all query terms may match anywhere in an article. Folded text as in
-- passage_fts; ``stems`` holds the Albanian word-form stems (presswatch/text/stems.py). Filled
-- by the store when units are written; an archive from before this migration is indexed on its first
-- unit search.
CREATE VIRTUAL TABLE unit_fts USING fts5(title, body, stems, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE unit_fts_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    built_at    TEXT NOT NULL                 -- the index holds every current unit since then
);
-- Title words count more than body words, a stem match less than the word as typed.
INSERT INTO unit_fts(unit_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.6)');
-- A new archive (no units yet) is complete from the start; an older one is indexed on first search.
INSERT INTO unit_fts_state (id, built_at) SELECT 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE NOT EXISTS (SELECT 1 FROM units);
