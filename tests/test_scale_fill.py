"""The scale benchmark's bulk fill (bench/scale_fill.py) makes an archive the next ingest can work on.

A seed archive is ingested through the real pipeline, filled to several times its size at the SQL
level, checked (``scale_fill.check``: integrity, foreign keys, FTS rows, offsets), then new pages are
ingested on top: the archive must still check out, the new pages must find their reuse partners in the
seed's copy, and a page that repeats a *varied* copy's text must be linked to that copy's passages
(its reuse signatures were made from its own text).
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from presswatch.api import ingest
from presswatch.project import Project

BENCH = Path(__file__).resolve().parents[1] / "bench"
RULES = "[process]\nworkers = 1\n[entities]\nuse_spacy = false\n[quotes]\nuse_spacy = false\n"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("scale_fill"), importlib.import_module("scale_corpus")
    finally:
        sys.path.remove(str(BENCH))


def seed_project(root: Path, corpus: ModuleType, pages: int) -> None:
    root.mkdir()
    (root / "presswatch.toml").write_text(RULES, encoding="utf-8")
    corpus.Generator(13).write(root.parent / "seed-pages", 0, pages)
    ingest(Project.init(root), [root.parent / "seed-pages"])


def test_filled_archive_is_consistent_and_new_pages_link_into_it(tmp_path: Path, bench: tuple[ModuleType, ModuleType]
                                                                 ) -> None:
    fill, corpus = bench
    seed_project(tmp_path / "seed", corpus, 60)
    root = tmp_path / "filled"
    stats = fill.fill(tmp_path / "seed", root, 200, RULES)
    assert stats["copies"] == 4 and stats["first_copy_pages"] == 20
    before = fill.check(root)
    assert before["indexed_units"] == before["unit_fts"] > 0

    conn = sqlite3.connect(root / "presswatch.sqlite")
    assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 200
    # the seed's own copy is last and unchanged; a varied copy has other words, the same lengths and names
    seed_conn = sqlite3.connect(tmp_path / "seed" / "presswatch.sqlite")
    seed_text = dict(seed_conn.execute("SELECT id, text FROM units"))
    stride = max(seed_text)
    last = {uid - 3 * stride: text for uid, text in conn.execute("SELECT id, text FROM units WHERE id > ?", (3 * stride,))}
    assert last == seed_text
    varied = {uid - 2 * stride: text for uid, text in conn.execute(
        "SELECT id, text FROM units WHERE id > ? AND id <= ?", (2 * stride, 3 * stride))}
    assert all(len(varied[u]) == len(seed_text[u]) and varied[u] != seed_text[u] for u in varied)
    names = conn.execute("SELECT COUNT(*) FROM mentions WHERE unit_id > ? AND unit_id <= ?",
                         (2 * stride, 3 * stride)).fetchone()[0]
    assert names == seed_conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] > 0
    # a page repeating a varied unit's passages verbatim
    target = min(varied) + 2 * stride
    passages = [r[0] for r in conn.execute("SELECT text FROM passages WHERE unit_id = ? ORDER BY ordinal", (target,))]
    conn.close()
    seed_conn.close()
    probe = tmp_path / "probe"
    corpus.Generator(13).write(probe, 60, 100)
    (probe / "repeat.txt").write_text("Repeated\n\n" + "\n\n".join(passages) + "\n", encoding="utf-8")

    first_unit = 1 + 4 * stride
    ingest(Project.open(root), [probe])
    after = fill.check(root)
    assert after["passages"] > before["passages"]
    conn = sqlite3.connect(root / "presswatch.sqlite")
    kinds = {k for (k,) in conn.execute(
        "SELECT DISTINCT l.kind FROM links l WHERE l.level = 'unit' AND l.a >= ? AND l.b BETWEEN ? AND ?",
        (first_unit, 3 * stride + 1, 4 * stride))}
    assert "copy_of" in kinds or "excerpt_of" in kinds, kinds
    repeated = conn.execute(
        """SELECT COUNT(*) FROM links l JOIN passages p ON p.id = l.b
           WHERE l.level = 'passage' AND l.kind IN ('duplicate', 'near_duplicate') AND p.unit_id = ?
             AND l.a IN (SELECT p2.id FROM passages p2 WHERE p2.unit_id >= ?)""", (target, first_unit)).fetchone()[0]
    assert repeated >= max(1, len(passages) - 1)
    conn.close()
