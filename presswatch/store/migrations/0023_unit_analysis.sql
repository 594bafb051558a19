-- The per-page English analysis of a unit (presswatch/quotes/analysis.py, the "nlp" component, run in
-- the worker processes): spaCy name spans per passage and attributions as JSON, which the entities and
-- quotes stages link and join instead of parsing the unit again in the writer.
CREATE TABLE unit_analysis (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
