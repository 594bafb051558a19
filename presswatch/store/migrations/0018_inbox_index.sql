-- The inbox counts and pages units by version, kind and language without reading unit rows (each row
-- holds the unit's whole text, so a table scan reads the archive's text), and finds each page's
-- current version (the current_versions view) from an index alone.
CREATE INDEX units_inbox ON units(version_id, kind, lang, page_id);
CREATE INDEX page_versions_current ON page_versions(status, page_id, version, processed_at);
