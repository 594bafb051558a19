-- A host's pages in any case of scheme and host (issue 12 review): `HTTPS://WWW.Example.com/a` is a page
-- of example.com as `https://example.com/a` is (``host_of`` lower-cases the host, RFC 3986 says scheme
-- and host are case-insensitive). ``host_page_ids`` (the sites stage) reads the ranges of the URLs that
-- start with the host through this index, comparing with NOCASE (ASCII case folding, as ``host_of``'s
-- lower() does on a host), so a mixed-case URL is found without a pass over every URL of the archive.
-- An index: back-filled for an existing archive as it is created, kept by SQLite on every write.
CREATE INDEX IF NOT EXISTS pages_url_nocase ON pages(url COLLATE NOCASE);

-- The narrow columns of a unit, by its id and by (version, ordinal), in two covering indexes: the
-- search page's facet pass (language, kind, source, month of the best 1,001 matches, each with its
-- page's first unit for the outlet and date it lacks), the search filters and the inbox's source filter
-- read them without the unit rows, which hold the whole text (one page read each: 8.2 -> 4.7 ms CPU
-- per facet pass of 1,001 units on the 100,000-unit bench archive). A narrow facet table kept by
-- SQLite itself: written with every unit, back-filled here, nothing for the store to keep in step.
-- units_by_id starts with units_version_of's columns (migration 0025), which it replaces.
DROP INDEX IF EXISTS units_version_of;
CREATE INDEX IF NOT EXISTS units_by_id ON units(id, version_id, page_id, kind, lang, ordinal, outlet, published, url);
CREATE INDEX IF NOT EXISTS units_by_version ON units(version_id, ordinal, kind, lang, page_id, outlet, published, url);

-- The search page's entity facet counts the entities of the best 1,001 matching units from the
-- mentions' (unit, entity) pairs alone (3.9 -> 1.9 ms CPU per 900 units on the bench archive);
-- it replaces mentions_unit (migration 0004), whose column it starts with.
DROP INDEX IF EXISTS mentions_unit;
CREATE INDEX IF NOT EXISTS mentions_unit_entity ON mentions(unit_id, entity_id);
