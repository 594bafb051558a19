"""The translation stage's anchor postings in a level (migration 0040): a batch's rows go sorted into
``reuse_anchors_l0``, merged into ``reuse_anchors`` in key order over its cap; a batch's lookups are read
at once, in key order. The links are those of the layout before (rows straight into ``reuse_anchors``,
one lookup per anchor and unit), batch after batch, through the merges."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_reuse_levels import written_archive

from presswatch.config import Config
from presswatch.project import Project
from presswatch.reuse.anchor_index import TABLES, lookup, replace_anchors
from presswatch.reuse.stage import ReuseStage, TranslationStage
from presswatch.runner.archive import run_stages

ANCHORS = "SELECT anchor, unit_id FROM reuse_anchors UNION ALL SELECT anchor, unit_id FROM reuse_anchors_l0"


def run(root: Path, levels: tuple[int, ...], batch: int) -> tuple[list[tuple], list[tuple], sqlite3.Connection,
                                                                   TranslationStage]:
    conn = Project.open(root).connect()
    stage = TranslationStage(anchor_levels=levels)
    run_stages(conn, Config(), [ReuseStage(), stage], batch=batch)
    links = sorted(tuple(r) for r in conn.execute(
        "SELECT kind, level, a, b, round(score, 6), detail FROM links WHERE kind = 'translation_of'"))
    anchors = sorted(tuple(r) for r in conn.execute(ANCHORS))
    return links, anchors, conn, stage


def test_levelled_anchor_postings_give_the_links_of_one_table_through_every_merge(tmp_path: Path) -> None:
    written_archive(tmp_path / "written", 120)
    shutil.copytree(tmp_path / "written", tmp_path / "one")
    one_links, one_anchors, one_conn, one_stage = run(tmp_path / "one", (), 40)
    links, anchors, conn, stage = run(tmp_path / "written", (500,), 40)
    assert one_links, "no translation found: the test says nothing"
    assert links == one_links
    assert anchors == one_anchors
    assert len(anchors) == len(set(anchors))            # each row in one table only
    assert stage.work["anchor_rows_merged"] > 0         # level 0 was merged at least once...
    held = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert all(held.values()), held                     # ...and both tables hold rows at the end
    kept = conn.execute("SELECT rows FROM reuse_levels WHERE name = ?", (TABLES[0],)).fetchone()[0]
    assert kept == held[TABLES[0]]
    assert stage.work["postings_read"] == one_stage.work["postings_read"]
    assert stage.work["candidates"] == one_stage.work["candidates"]
    assert one_conn.execute(f"SELECT COUNT(*) FROM {TABLES[0]}").fetchone()[0] == 0


def test_replacing_a_units_anchors_removes_its_rows_from_every_table(tmp_path: Path) -> None:
    conn = Project.init(tmp_path / "p").connect()
    conn.execute("BEGIN")
    replace_anchors(conn, {1: ["n:2024", "w:tira"], 2: ["n:2024"]}, caps=(2,))   # over the cap: merged
    replace_anchors(conn, {3: ["n:2024"]}, caps=(2,))                             # stays in level 0
    assert sorted(lookup(conn, "n:2024", 10)) == [1, 2, 3]
    assert len(lookup(conn, "n:2024", 2)) == 2                                    # the limit spans both tables
    replace_anchors(conn, {1: ["a:nato"], 3: []}, caps=(2,))
    assert sorted(lookup(conn, "n:2024", 10)) == [2]
    assert lookup(conn, "w:tira", 10) == [] and lookup(conn, "a:nato", 10) == [1]
    conn.execute("COMMIT")
