"""FTS5's incremental merge with 16 segments a level (migration 0042): every search table of a new or
migrated archive has it; the same documents indexed in the same transactions give the same search
results (rowids in rank order, scores) as FTS5's default of 4, and the merges write fewer rows."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from presswatch.project import Project
from presswatch.store.db import migrate

TABLES = ("passage_fts", "unit_fts", "unit_source_fts", "page_source_fts")


def settings(conn: sqlite3.Connection, table: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in conn.execute(f"SELECT k, v FROM {table}_config WHERE k IN "
                                                    "('automerge', 'crisismerge')")}


def test_every_search_table_merges_sixteen_segments_a_level(tmp_path: Path) -> None:
    conn = Project.init(tmp_path / "new").connect()
    for table in TABLES:
        assert settings(conn, table) == {"automerge": 16, "crisismerge": 32}, table
    # an archive made before 0042 gets the settings when it is opened for writing
    conn.execute("DELETE FROM schema_migrations WHERE id = 42")
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}_config WHERE k IN ('automerge', 'crisismerge')")
    assert all(settings(conn, t) == {} for t in TABLES)
    assert migrate(conn) == ["0042_fts_automerge.sql"]
    for table in TABLES:
        assert settings(conn, table) == {"automerge": 16, "crisismerge": 32}, table


def index(root: Path, default: bool) -> tuple[sqlite3.Connection, int]:
    """1,000 generated passages into the archive's ``passage_fts``, 5 a transaction (as an ingest's small
    batches); with ``default`` the table first set back to FTS5's own merge settings. Returns the
    connection and the rows the inserts changed, FTS5's own segment and merge writes included."""
    conn = Project.init(root).connect()
    if default:
        conn.execute("INSERT INTO passage_fts(passage_fts, rank) VALUES ('automerge', 4)")
        conn.execute("INSERT INTO passage_fts(passage_fts, rank) VALUES ('crisismerge', 16)")
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(4000)]
    before = conn.total_changes
    for start in range(0, 1000, 5):
        conn.execute("BEGIN IMMEDIATE")
        for rowid in range(start + 1, start + 6):
            words = " ".join(rng.choice(vocab[:rng.randrange(40, 4000)]) for _ in range(50))
            conn.execute("INSERT INTO passage_fts (rowid, body) VALUES (?, ?)", (rowid, words))
        conn.execute("COMMIT")
    return conn, conn.total_changes - before


def test_sixteen_segments_a_level_give_the_same_results_and_write_less(tmp_path: Path) -> None:
    wide, wide_changes = index(tmp_path / "wide", default=False)
    four, four_changes = index(tmp_path / "four", default=True)
    assert settings(four, "passage_fts") == {"automerge": 4, "crisismerge": 16}
    queries = ["w1", "w7", "w13 w40", "w2 OR w3", '"w5 w6"', "w100", "w3999", "w0 NOT w1"]
    for query in queries:
        sql = "SELECT rowid, round(bm25(passage_fts), 9) FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank"
        assert wide.execute(sql, (query,)).fetchall() == four.execute(sql, (query,)).fetchall(), query
    assert wide.execute("SELECT count(*) FROM passage_fts WHERE passage_fts MATCH 'w1'").fetchone()[0] > 20
    for conn in (wide, four):
        conn.execute("INSERT INTO passage_fts(passage_fts) VALUES ('integrity-check')")
    # each segment is merged (rewritten) half as many times: fewer _data rows written for the same inserts
    assert wide_changes < four_changes
