-- The archive keeps every version of a page; what users see (search, digest, quotes, entities,
-- export) is each page's newest processed version. One definition for all of them.

CREATE VIEW current_versions AS
SELECT v.* FROM page_versions v
WHERE v.status = 'processed'
  AND v.version = (SELECT MAX(v2.version) FROM page_versions v2
                   WHERE v2.page_id = v.page_id AND v2.status = 'processed');

CREATE VIEW current_units AS
SELECT u.* FROM units u JOIN current_versions cv ON cv.id = u.version_id;

-- A page may return to earlier content (edited, then reverted): that is a new version again, so
-- content is compared with the newest version only and no longer unique per page.
CREATE INDEX page_versions_page_hash ON page_versions(page_id, content_hash);
