"""The reuse index's levels (migration 0036): new band keys and samples go to small level tables that
are merged into the next in key order, the last into ``reuse_bands`` / ``reuse_fp``; tiered (migration
0048), a level holds several runs and a full level is merged into a new run of the next. A lookup reads
the union of every table, so the links are those of the layout with one table per kind (``index_levels =
()``), batch after batch, whatever the merges moved."""

from __future__ import annotations

import importlib
import shutil
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

from presswatch.api import ingest
from presswatch.project import Project
from presswatch.reuse.detect import ReuseParams, detect
from presswatch.reuse.index import (
    ReuseIndex,
    all_level_tables,
    index_tables,
    insert_levelled,
    insert_tiered,
    level_tables,
)
from presswatch.reuse.stage import content_units

BENCH = Path(__file__).resolve().parents[1] / "bench"
PER_PAGE = '["decode", "extract", "anatomy", "passages", "lang", "nlp", "prepare"]'
SETTINGS = f"[process]\nworkers = 1\nstages = {PER_PAGE}\n[entities]\nuse_spacy = false\n[quotes]\nuse_spacy = false\n"


def written_archive(root: Path, pages: int) -> list[int]:
    """Generated pages (copies, excerpts, digests, translations) written by the per-page stages only."""
    sys.path.insert(0, str(BENCH))
    try:
        corpus = importlib.import_module("scale_corpus")
    finally:
        sys.path.remove(str(BENCH))
    root.mkdir()
    (root / "presswatch.toml").write_text(SETTINGS, encoding="utf-8")
    project = Project.init(root)
    corpus.Generator(13).write_jsonl(root.parent / "pages", 0, pages)
    ingest(project, [root.parent / "pages"], progress=False)
    conn = project.connect()
    units = [int(r[0]) for r in conn.execute("SELECT id FROM units ORDER BY id")]
    conn.close()
    return units


def held(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in index_tables("reuse_bands")}


def check_counts(conn: sqlite3.Connection) -> None:
    """The kept row counts are the level tables' own."""
    counts = dict(conn.execute("SELECT name, rows FROM reuse_levels"))
    for main in ("reuse_bands", "reuse_fp"):
        for table in all_level_tables(main):
            assert counts.get(table, 0) == conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0], table


def run_reuse(root: Path, units: list[int], levels: tuple[int, ...], batch: int, runs: int = 1,
              runs_from: int = 0) -> tuple[list[tuple], sqlite3.Connection, list[dict[str, int]]]:
    """The reuse stage's detect over ``units`` in batches (levelled before unit index ``runs_from``,
    then with ``runs`` runs per level); the links, and the band rows each table held after each batch."""
    conn = Project.open(root).connect()
    states = []
    for start in range(0, len(units), batch):
        params = replace(ReuseParams(), index_levels=levels, index_runs=runs if start >= runs_from else 1)
        detect(conn, params, content_units(conn, units[start:start + batch]))
        states.append(held(conn))
    links = sorted(tuple(r) for r in conn.execute("SELECT kind, level, a, b, round(score, 6), detail FROM links"))
    return links, conn, states


def test_levelled_index_links_equal_the_one_table_layout_through_every_merge(tmp_path: Path) -> None:
    units = written_archive(tmp_path / "base", 120)
    shutil.copytree(tmp_path / "base", tmp_path / "levels")
    flat, flat_conn, flat_states = run_reuse(tmp_path / "base", units, (), 5)
    # Caps small enough that level 0 is merged every few batches and later merges reach the main tables.
    levelled, conn, states = run_reuse(tmp_path / "levels", units, (600, 1200, 2000, 3000), 5, runs=1)
    assert max(sum(n > 0 for n in s.values()) for s in states) >= 3, states   # rows at several levels at once
    assert states[0]["reuse_bands"] == 0 and states[len(states) // 2]["reuse_bands"] > 0   # main reached midway
    assert all(s["reuse_bands_l0"] == 0 for s in flat_states)
    kinds = {k for k, *_ in flat}
    assert {"copy_of", "duplicate"} <= kinds and len(flat) > 100   # links to find, of several kinds
    assert levelled == flat
    # The same rows, wherever they are; the kept counts are the level tables' own.
    for main in ("reuse_bands", "reuse_fp"):
        assert ReuseIndex(conn).rows(main) == ReuseIndex(flat_conn).rows(main)
    check_counts(conn)
    conn.close()
    flat_conn.close()


def test_tiered_index_links_equal_the_one_table_layout_through_every_merge(tmp_path: Path) -> None:
    """Levels of two runs (migration 0048), from an archive indexed levelled (as before 0048) for its
    first 20 units: runs are filled, merged into runs of the next level and into the main tables, and the
    links and rows stay those of one table."""
    units = written_archive(tmp_path / "base", 120)
    shutil.copytree(tmp_path / "base", tmp_path / "tiers")
    flat, flat_conn, _ = run_reuse(tmp_path / "base", units, (), 5)
    tiered, conn, states = run_reuse(tmp_path / "tiers", units, (300, 1200, 2000, 3000), 5, runs=2, runs_from=20)
    runs = [t for t in index_tables("reuse_bands") if "_r" in t]
    assert any(s[t] > 0 for s in states for t in runs)                      # second runs written
    assert max(sum(s[t] > 0 for t in s) for s in states) >= 5, states        # rows in many tables at once
    assert states[3]["reuse_bands_l1"] > 0                                  # levelled rows before the runs
    assert states[0]["reuse_bands"] == 0 < states[-1]["reuse_bands"]        # the main tables reached, twice
    assert sum(a["reuse_bands"] < b["reuse_bands"] for a, b in zip(states, states[1:], strict=False)) >= 2
    assert tiered == flat
    for main in ("reuse_bands", "reuse_fp"):
        assert ReuseIndex(conn).rows(main) == ReuseIndex(flat_conn).rows(main)
    check_counts(conn)
    conn.close()
    flat_conn.close()


def _wal_pages(conn: sqlite3.Connection) -> int:
    """Pages (frames) written to the WAL since the last checkpoint."""
    return int(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])


def test_tiered_merges_write_each_run_into_an_empty_table_and_fewer_pages(tmp_path: Path) -> None:
    """A tiered merge appends into an empty run (only the main table, past the last level, already holds
    rows), so the same random rows write fewer pages than merges into the next level's one table, which
    rewrite its leaves every time: counted as WAL frames, checkpoints off. Same rows either way."""
    import random

    from presswatch.store.db import connect, migrate, transaction

    caps = (2_000, 16_000, 128_000, 1 << 30)
    written: dict[int, int] = {}
    stored: dict[int, list[tuple[int, int]]] = {}
    for runs in (8, 1):
        conn = connect(tmp_path / f"runs{runs}.sqlite")
        migrate(conn)
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        statements: list[str] = []
        rng = random.Random(3)
        frames, moves = 0, 0
        for b in range(60):
            rows = sorted((rng.getrandbits(64) - (1 << 63), b * 1_000 + i) for i in range(1_000))
            state = {t: int(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0])
                     for t in index_tables("reuse_bands")}
            statements.clear()
            conn.set_trace_callback(statements.append)
            with transaction(conn):
                if runs > 1:
                    insert_tiered(conn, "reuse_bands", rows, caps, runs)
                else:
                    insert_levelled(conn, [*level_tables("reuse_bands"), "reuse_bands"], ("key", "passage_id"), rows,
                                    caps)
            conn.set_trace_callback(None)
            for sql in statements:    # replayed: is each table a merge writes into empty at that moment?
                words = sql.split()
                if sql.startswith("INSERT OR IGNORE INTO reuse_bands") and " SELECT " in sql:
                    moves += 1
                    if runs > 1 and words[4] != "reuse_bands":
                        assert state[words[4]] == 0, (words[4], b)
                    state[words[4]] = 1
                elif sql.startswith("DELETE FROM reuse_bands"):
                    state[words[2]] = 0
            frames += _wal_pages(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        written[runs] = frames
        stored[runs] = ReuseIndex(conn).rows("reuse_bands")
        if runs > 1:
            assert moves >= 20       # runs of levels 1 and 2 (level 0 is flushed every third batch)
            assert sum(state.values()) >= 6, state      # rows at three levels, in several runs
        conn.close()
    assert stored[8] == stored[1] and len(stored[8]) == 60_000
    assert written[8] < 0.8 * written[1], written   # 1,486 against 2,110 frames when written


def test_an_archive_indexed_before_the_runs_gets_them_and_keeps_its_rows(tmp_path: Path) -> None:
    """Migration 0048 on an archive whose levels were written levelled: the run tables are created, the
    rows stay in run 0 of their level, and tiered inserts then read and keep them."""
    import random

    from presswatch.store.db import connect, migrate, transaction

    conn = connect(tmp_path / "a.sqlite")
    migrate(conn)
    runs = [t for main in ("reuse_bands", "reuse_fp") for t in all_level_tables(main) if "_r" in t]
    assert len(runs) == 2 * 3 * 7
    for table in runs:   # as before 0048
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM schema_migrations WHERE id = 48")
    rng = random.Random(9)
    rows = [sorted((rng.getrandbits(64) - (1 << 63), b * 500 + i) for i in range(500)) for b in range(12)]
    caps = (600, 1_500, 4_000, 1 << 30)
    for batch in rows[:6]:
        with transaction(conn):
            insert_levelled(conn, [*level_tables("reuse_bands"), "reuse_bands"], ("key", "passage_id"), batch, caps,
                            filtered=True)
    assert migrate(conn) == ["0048_reuse_runs.sql"]
    assert set(runs) <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert conn.execute("SELECT COUNT(*) FROM reuse_bands_l2").fetchone()[0] > 0     # a levelled merge's rows
    for batch in rows[6:]:
        with transaction(conn):
            insert_tiered(conn, "reuse_bands", batch, caps, filtered=True)
    assert conn.execute("SELECT COUNT(*) FROM reuse_bands_l1_r1").fetchone()[0] > 0   # a second run written
    assert ReuseIndex(conn).rows("reuse_bands") == sorted(r for batch in rows for r in batch)
    index = ReuseIndex(conn)
    some = [r for batch in rows for r in batch[::50]]
    index.prefetch([k for k, _ in some], [])
    assert all(p in index.candidates(-1, [k], []) for k, p in some)     # found through the filters of every run
    check_counts(conn)
    conn.close()
