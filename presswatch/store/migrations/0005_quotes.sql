-- Quotes and claims: who said what, where. Offsets: start/end into the text of the passage where the
-- quoted content starts (end may run past it when a quote spans paragraphs); unit_start/unit_end into
-- the unit text.
CREATE TABLE quotes (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    passage_id        INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    speaker           TEXT,
    speaker_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    cue               TEXT,
    text              TEXT NOT NULL,
    start             INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    unit_start        INTEGER NOT NULL,
    unit_end          INTEGER NOT NULL,
    direct            INTEGER NOT NULL,      -- 1 quoted words, 0 reported claim
    outlet            TEXT,
    lang              TEXT NOT NULL DEFAULT 'und'
);
CREATE INDEX quotes_unit ON quotes(unit_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);
