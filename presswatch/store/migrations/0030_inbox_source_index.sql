-- The inbox's source filter (a source name, an outlet, a URL or path substring) first names the
-- versions that can hold a matching unit, once per request, from indexes alone instead of walking the
-- archive's versions newest first and reading pages and units until a screen is filled (0.7-0.9 s
-- per request on 100,000 units): a unit's own outlet by equality (any case), its own URL and its
-- page's URL / path by a pass over these small covering indexes (never the unit rows, which hold the
-- whole text).
CREATE INDEX IF NOT EXISTS units_outlet_nocase ON units(outlet COLLATE NOCASE, version_id) WHERE outlet IS NOT NULL;
CREATE INDEX IF NOT EXISTS units_url ON units(url, version_id) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS pages_source_match ON pages(url, path, source_id);
