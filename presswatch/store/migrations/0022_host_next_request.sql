-- The earliest time of the next request to a host (its per-host delay, robots.txt Crawl-delay or a
-- short Retry-After), so a run that starts right after another keeps the host's pace.
ALTER TABLE host_backoff ADD COLUMN next_request_at TEXT;
