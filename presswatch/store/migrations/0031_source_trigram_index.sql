-- The inbox's source filter (a source name, an outlet, a URL or path substring, issue 12 point 7)
-- through an index: a trigram FTS5 index of every page's URL and path and of every unit's own URL
-- answers "which rows contain this string" (3 characters or more) from the doclists of its trigrams,
-- so a request costs what the source's pages cost, not a pass over every URL of the archive
-- (migration 0030's indexes, ~730 k SQLite steps per request on 100,000 units). Contentless (the
-- strings stay in pages / units); kept by triggers, so every writer (ingest, collect, a re-run, a
-- test's plain INSERT) keeps it exact. The trigram tokenizer folds case (Unicode), a superset of the
-- filter's ASCII lower() / case-sensitive path test, which still decide on the rows found.
CREATE VIRTUAL TABLE page_source_fts USING fts5(url, path, content = '', tokenize = 'trigram');
CREATE VIRTUAL TABLE unit_source_fts USING fts5(url, content = '', tokenize = 'trigram');

CREATE TRIGGER page_source_fts_insert AFTER INSERT ON pages BEGIN
    INSERT INTO page_source_fts (rowid, url, path) VALUES (new.id, new.url, new.path);
END;
CREATE TRIGGER page_source_fts_delete AFTER DELETE ON pages BEGIN
    INSERT INTO page_source_fts (page_source_fts, rowid, url, path) VALUES ('delete', old.id, old.url, old.path);
END;
CREATE TRIGGER page_source_fts_update AFTER UPDATE OF id, url, path ON pages BEGIN
    INSERT INTO page_source_fts (page_source_fts, rowid, url, path) VALUES ('delete', old.id, old.url, old.path);
    INSERT INTO page_source_fts (rowid, url, path) VALUES (new.id, new.url, new.path);
END;

CREATE TRIGGER unit_source_fts_insert AFTER INSERT ON units WHEN new.url IS NOT NULL BEGIN
    INSERT INTO unit_source_fts (rowid, url) VALUES (new.id, new.url);
END;
CREATE TRIGGER unit_source_fts_delete AFTER DELETE ON units WHEN old.url IS NOT NULL BEGIN
    INSERT INTO unit_source_fts (unit_source_fts, rowid, url) VALUES ('delete', old.id, old.url);
END;
CREATE TRIGGER unit_source_fts_update AFTER UPDATE OF id, url ON units BEGIN
    INSERT INTO unit_source_fts (unit_source_fts, rowid, url) SELECT 'delete', old.id, old.url WHERE old.url IS NOT NULL;
    INSERT INTO unit_source_fts (rowid, url) SELECT new.id, new.url WHERE new.url IS NOT NULL;
END;

-- back-fill an existing archive
INSERT INTO page_source_fts (rowid, url, path) SELECT id, url, path FROM pages;
INSERT INTO unit_source_fts (rowid, url) SELECT id, url FROM units WHERE url IS NOT NULL;
-- one segment per index after the back-fill (a back-fill of 40,000 pages left ~150 segment reads per
-- lookup, 10 after this); later writes are merged by FTS5's automerge
INSERT INTO page_source_fts (page_source_fts) VALUES ('optimize');
INSERT INTO unit_source_fts (unit_source_fts) VALUES ('optimize');
