-- Triage: an editor's marks on units (include in the next digest, skip; a star is separate and can sit
-- beside either), and each reader's last visit, so the inbox shows what arrived since.
-- Marks are keyed by (version, unit ordinal), not unit id: re-processing a version replaces its unit
-- rows (new ids) and the marks stay with the same parts of the same content.
CREATE TABLE triage (
    version_id  INTEGER NOT NULL REFERENCES page_versions(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    decision    TEXT CHECK (decision IN ('include', 'skip')),   -- NULL: not decided
    starred     INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (version_id, ordinal)
);
CREATE INDEX triage_decision ON triage(decision);

CREATE TABLE visits (
    reader      TEXT PRIMARY KEY,             -- 'default' unless the face knows who reads
    seen_at     TEXT NOT NULL,                -- the inbox shows units that arrived after this
    previous    TEXT                          -- the visit before (the inbox of the visit just made)
);

-- The inbox orders and filters by arrival (the time a version was processed into units).
CREATE INDEX page_versions_processed ON page_versions(processed_at);
