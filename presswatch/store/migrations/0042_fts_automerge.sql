-- FTS5's incremental merge with a wider fan-in (issue 13 point 2, helper scale9). FTS5 merges a level
-- once it holds `automerge` segments (default 4) and does, per leaf a flush writes, merge work in
-- proportion to the number of levels, so the pages written per ingested page grow with the logarithm
-- of the index (measured: 6.5 / 9.5 / 14.0 FTS pages written per page at 1,000 / 10,000 / 100,000
-- documents, bench of docs/decisions.md). With 16 segments a level, there are half as many levels
-- (log16 instead of log4) and each row is rewritten half as often; a search reads up to 15 segments a
-- level instead of 3 (measured: +3% steps over 24 searches at 10,000). `crisismerge` (default 16: a
-- level with that many segments is merged at once, in the transaction that made it) must be above
-- `automerge` for the incremental merge to do the work. The values live in each table's _config, so
-- an existing archive keeps its segments and merges the new way from now on. Results are the same:
-- a segment layout changes no rowid, match or rank.
INSERT INTO passage_fts(passage_fts, rank) VALUES ('automerge', 16);
INSERT INTO passage_fts(passage_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO unit_fts(unit_fts, rank) VALUES ('automerge', 16);
INSERT INTO unit_fts(unit_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO unit_source_fts(unit_source_fts, rank) VALUES ('automerge', 16);
INSERT INTO unit_source_fts(unit_source_fts, rank) VALUES ('crisismerge', 32);
INSERT INTO page_source_fts(page_source_fts, rank) VALUES ('automerge', 16);
INSERT INTO page_source_fts(page_source_fts, rank) VALUES ('crisismerge', 32);
