"""Archive-wide stages: work that needs the whole archive (reuse, entities, quotes, stories).

Per-page components (:mod:`presswatch.pipeline.component`) fill a ``Doc`` in memory. Archive stages
run afterwards on units already written, may read anything stored, and record in ``stage_done`` which
units they handled, so a run is incremental (only new units) and resumable (a killed run redoes only
what was not committed). A stage declares the stages it must run ``after``; the order is checked.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from presswatch.config import Config
from presswatch.pipeline.component import PipelineError
from presswatch.store.db import transaction, utcnow


class ArchiveStage(Protocol):
    name: str
    after: tuple[str, ...]

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        """Handle ``unit_ids`` (not yet done by this stage). Manage your own transactions; the
        units are marked done by the caller after ``run`` returns."""
        ...


def check_stage_order(stages: Sequence[ArchiveStage]) -> None:
    seen: set[str] = set()
    for stage in stages:
        missing = [name for name in stage.after if name not in seen]
        if missing:
            raise PipelineError(f"archive stage {stage.name!r} must run after {missing}; reorder the stages")
        seen.add(stage.name)


def pending_units(conn: sqlite3.Connection, stage: str, limit: int | None = None) -> list[int]:
    sql = """SELECT u.id FROM units u WHERE NOT EXISTS
             (SELECT 1 FROM stage_done d WHERE d.stage = ? AND d.unit_id = u.id) ORDER BY u.id"""
    params: tuple[object, ...] = (stage,)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    return [int(r[0]) for r in conn.execute(sql, params)]


def mark_done(conn: sqlite3.Connection, stage: str, unit_ids: list[int]) -> None:
    now = utcnow()
    with transaction(conn):
        conn.executemany("INSERT OR IGNORE INTO stage_done (stage, unit_id, done_at) VALUES (?, ?, ?)",
                         [(stage, uid, now) for uid in unit_ids])


def run_stages(conn: sqlite3.Connection, config: Config, stages: Sequence[ArchiveStage],
               batch: int = 500) -> Counter[str]:
    """Run every stage over the units it has not handled yet, in batches."""
    check_stage_order(stages)
    counts: Counter[str] = Counter()
    for stage in stages:
        while True:
            todo = pending_units(conn, stage.name, batch)
            if not todo:
                break
            counts.update({f"{stage.name}:{k}": v for k, v in stage.run(conn, config, todo).items()})
            mark_done(conn, stage.name, todo)
    return counts
