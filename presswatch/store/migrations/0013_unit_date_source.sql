-- Where a unit's publication date comes from: metadata (the page's own metadata), dateline (a date
-- line or byline of the unit), title (a date in the headline: "Weekly Digest – November 03, 2017"),
-- url (/2017/11/03/ in the address), teaser (the dated teaser that introduces the article on the same
-- page), translation (the dated text it translates, announced on the page); '' when nothing states it.
-- Then `published` is NULL: the time the page was fetched or ingested stays in page_versions.fetched_at
-- and is never taken for a publication date.
ALTER TABLE units ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
UPDATE units SET date_source = 'metadata' WHERE published IS NOT NULL AND published != '';
UPDATE units SET published = NULL WHERE published = '';
