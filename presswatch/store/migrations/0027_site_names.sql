-- What each host calls itself, learnt from its stored pages by the `sites` stage (issue 10): the name
-- that recurs across the host's pages (declared site name, a header/footer line, a byline-position name).
CREATE TABLE site_names (
    host        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    pages       INTEGER NOT NULL,          -- pages of the host on which the name stands
    host_pages  INTEGER NOT NULL,          -- pages of the host seen when it was learnt
    updated_at  TEXT NOT NULL
);
