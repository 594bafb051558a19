"""The reuse index's levels (migration 0036): new band keys and samples go to small level tables that
are merged into the next in key order, the last into ``reuse_bands`` / ``reuse_fp``. A lookup reads the
union of every level, so the links are those of the layout with one table per kind (``index_levels =
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
from presswatch.reuse.index import ReuseIndex, index_tables, level_tables
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


def run_reuse(root: Path, units: list[int], levels: tuple[int, ...], batch: int
              ) -> tuple[list[tuple], sqlite3.Connection, list[dict[str, int]]]:
    """The reuse stage's detect over ``units`` in batches; the links, and the band rows each table held
    after each batch."""
    conn = Project.open(root).connect()
    params = replace(ReuseParams(), index_levels=levels)
    states = []
    for start in range(0, len(units), batch):
        detect(conn, params, content_units(conn, units[start:start + batch]))
        states.append(held(conn))
    links = sorted(tuple(r) for r in conn.execute("SELECT kind, level, a, b, round(score, 6), detail FROM links"))
    return links, conn, states


def test_levelled_index_links_equal_the_one_table_layout_through_every_merge(tmp_path: Path) -> None:
    units = written_archive(tmp_path / "base", 120)
    shutil.copytree(tmp_path / "base", tmp_path / "levels")
    flat, flat_conn, flat_states = run_reuse(tmp_path / "base", units, (), 5)
    # Caps small enough that level 0 is merged every few batches and later merges reach the main tables.
    levelled, conn, states = run_reuse(tmp_path / "levels", units, (600, 1200, 2000, 3000), 5)
    assert max(sum(n > 0 for n in s.values()) for s in states) >= 3, states   # rows at several levels at once
    assert states[0]["reuse_bands"] == 0 and states[len(states) // 2]["reuse_bands"] > 0   # main reached midway
    assert all(s["reuse_bands_l0"] == 0 for s in flat_states)
    kinds = {k for k, *_ in flat}
    assert {"copy_of", "duplicate"} <= kinds and len(flat) > 100   # links to find, of several kinds
    assert levelled == flat
    # The same rows, wherever they are; the kept counts are the level tables' own.
    for main in ("reuse_bands", "reuse_fp"):
        assert ReuseIndex(conn).rows(main) == ReuseIndex(flat_conn).rows(main)
        counts = dict(conn.execute("SELECT name, rows FROM reuse_levels"))
        for table in level_tables(main):
            assert counts.get(table, 0) == conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    conn.close()
    flat_conn.close()


def test_a_row_in_two_levels_counts_once_against_the_cap(tmp_path: Path) -> None:
    """A passage id indexed again before its old rows were pruned can hold a row at two levels: it is one
    passage, as in one table, whether it decides the cap or not."""
    from presswatch.store.db import connect, migrate

    conn = connect(tmp_path / "a.sqlite")
    migrate(conn)
    conn.executemany("INSERT INTO reuse_bands (key, passage_id) VALUES (?, ?)", [(7, p) for p in (1, 2, 3)])
    conn.executemany("INSERT INTO reuse_bands_l0 (key, passage_id) VALUES (?, ?)", [(7, 3), (8, 1), (8, 4)])
    conn.execute("INSERT INTO reuse_bands (key, passage_id) VALUES (8, 1)")
    index = ReuseIndex(conn, max_postings=3)
    index.prefetch([7, 8], [])
    assert index.candidates(99, [7], []).keys() == {1, 2, 3}     # 4 rows, 3 passages: under the cap
    assert sorted(index.candidates(99, [8], [])) == [1, 4]
    conn.execute("INSERT INTO reuse_bands_l1 (key, passage_id) VALUES (7, 5)")
    assert ReuseIndex(conn, max_postings=3).candidates(99, [7], []) == {}   # 4 passages: over it
    conn.close()
