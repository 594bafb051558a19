-- Entities (people, organisations, places) with aliases in any script, and their mentions.

-- One row per entity. Watchlist entities carry the watchlist key; discovered ones get "auto:<name>".
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'unknown',  -- person | org | place | unknown
    name        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'watchlist', -- watchlist | discovered
    merged_into INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);

-- Every name an entity is known by. Learned aliases record the passage and the text that taught them;
-- an editor can reject one (status 'rejected'), after which it is never learned again.
CREATE TABLE entity_aliases (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    folded      TEXT NOT NULL,
    source      TEXT NOT NULL,                -- watchlist | learned | discovered
    passage_id  INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    evidence    TEXT,
    status      TEXT NOT NULL DEFAULT 'active', -- active | rejected
    created_at  TEXT NOT NULL,
    UNIQUE (entity_id, folded)
);
CREATE INDEX entity_aliases_folded ON entity_aliases(folded);

-- A mention: a span of a passage (offsets into the passage text) resolved to an entity.
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    passage_id  INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    surface     TEXT NOT NULL,
    method      TEXT NOT NULL                 -- exact | inflected | variant | fuzzy | coref | discovered | spacy
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_unit ON mentions(unit_id);
CREATE INDEX mentions_passage ON mentions(passage_id);

-- Riskier identities (another first name, an added middle name, a maiden name) wait for an editor.
CREATE TABLE merge_suggestions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    other_id    INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open', -- open | accepted | rejected
    created_at  TEXT NOT NULL,
    UNIQUE (entity_id, other_id)
);
