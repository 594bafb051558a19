-- A host's pages in any case of scheme and host (issue 12 review): `HTTPS://WWW.Example.com/a` is a page
-- of example.com as `https://example.com/a` is (``host_of`` lower-cases the host, RFC 3986 says scheme
-- and host are case-insensitive). ``host_page_ids`` (the sites stage) reads the ranges of the URLs that
-- start with the host through this index, comparing with NOCASE (ASCII case folding, as ``host_of``'s
-- lower() does on a host), so a mixed-case URL is found without a pass over every URL of the archive.
-- An index: back-filled for an existing archive as it is created, kept by SQLite on every write.
CREATE INDEX IF NOT EXISTS pages_url_nocase ON pages(url COLLATE NOCASE);
