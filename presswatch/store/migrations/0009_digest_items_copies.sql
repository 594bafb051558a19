-- Digest items: the other outlets that published the same article (folded into one item), and whether
-- the item's date is the published date or the day its page was fetched.
ALTER TABLE digest_items ADD COLUMN also TEXT NOT NULL DEFAULT '[]';  -- JSON: [{"unit_id", "outlet", "url", "kind"}]
ALTER TABLE digest_items ADD COLUMN dated_by TEXT NOT NULL DEFAULT 'published';  -- published | fetched
