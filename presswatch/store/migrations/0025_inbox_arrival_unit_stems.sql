-- The inbox walks each page's current version newest arrival first and stops after one screen (and a
-- capped count), instead of grouping and counting the whole archive on every visit.
CREATE INDEX IF NOT EXISTS page_versions_arrival ON page_versions(processed_at, page_id) WHERE status = 'processed';
-- Albanian stems changed (-jeve is an ending: zgjedhjeve meets zgjedhje): an archive with units is
-- indexed again on its first unit search.
DELETE FROM unit_fts_state WHERE EXISTS (SELECT 1 FROM units);
-- A unit's version by its id without reading the unit's row (which holds its whole text): the inbox's
-- entity filter and the search filters look units up by id.
CREATE INDEX IF NOT EXISTS units_version_of ON units(id, version_id, page_id, kind, lang);
