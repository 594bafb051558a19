"""Work per new unit of the archive-wide stages stays bounded as the archive grows (issue 13).

Counted, never timed: SQLite virtual-machine steps (``set_progress_handler``), linker builds, candidate
pairs examined. Each test builds a small and a larger archive and checks that what a batch of new units
costs does not grow with what is already stored (bench/scale.py draws the timed curves).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from presswatch.config import Config
from presswatch.project import Project
from presswatch.runner.archive import run_stages
from presswatch.store.db import transaction, utcnow


def archive(tmp_path: Path, name: str) -> Project:
    root = tmp_path / name
    root.mkdir()
    (root / "presswatch.toml").write_text("[process]\nworkers = 1\n[entities]\nuse_spacy = false\n"
                                          "[quotes]\nuse_spacy = false\n", encoding="utf-8")
    return Project.init(root)


def add_units(conn: sqlite3.Connection, n: int, start: int = 0) -> list[int]:
    """``n`` one-unit pages stored as processed (what per-page processing leaves for archive stages)."""
    now = utcnow()
    ids = []
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('x', 1, x'00')")
        for i in range(start, start + n):
            page = conn.execute("INSERT INTO pages (key, first_seen) VALUES (?, ?)", (f"p{i}", now)).lastrowid
            version = conn.execute(
                """INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location,
                   status) VALUES (?, 1, 'x', 'text', ?, ?, 'processed')""", (page, now, f"p{i}")).lastrowid
            ids.append(int(conn.execute(
                "INSERT INTO units (version_id, page_id, ordinal, kind, text) VALUES (?, ?, 0, 'article', ?)",
                (version, page, f"unit {i}")).lastrowid or 0))
    return ids


class Recording:
    """An archive stage that does nothing but note the SQLite steps counted when each batch starts and
    ends, so the runner's own work between batches (pending-unit queries, done marks) can be read off."""

    name = "probe"

    def __init__(self, steps: list[int]) -> None:
        self.steps = steps
        self.marks: list[tuple[int, int]] = []

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        self.marks.append((self.steps[0], len(unit_ids)))
        return Counter(units=len(unit_ids))


def runner_gaps(conn: sqlite3.Connection, done: int, new: int) -> list[int]:
    """Steps the runner spends between consecutive batches over ``new`` units, ``done`` already handled."""
    old = add_units(conn, done)
    if old:
        conn.executemany("INSERT INTO stage_done (stage, unit_id, done_at) VALUES ('probe', ?, 'x')",
                         [(u,) for u in old])
        conn.commit()
    add_units(conn, new, start=done)
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    stage = Recording(steps)
    conn.set_progress_handler(tick, 100)
    run_stages(conn, Config(), [stage], batch=100)
    conn.set_progress_handler(None, 0)
    starts = [s for s, _n in stage.marks]
    assert sum(n for _s, n in stage.marks) == new
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]


def test_each_batch_of_an_archive_stage_starts_where_the_last_ended_not_at_the_first_unit(tmp_path: Path) -> None:
    small = archive(tmp_path, "small").connect()
    big = archive(tmp_path, "big").connect()
    try:
        few = runner_gaps(small, done=200, new=500)
        many = runner_gaps(big, done=8000, new=500)
    finally:
        small.close()
        big.close()
    # 40x the units already done: a query that re-reads every done unit per batch costs ~40x; one that
    # starts after the last batch costs the same
    assert len(few) == len(many) == 4
    assert max(many) <= 2 * max(few) + 20, (few, many)
