"""Archive-wide stages: work that needs the whole archive (reuse, entities, quotes, stories).

Per-page components fill a ``Doc`` in memory. Archive stages run afterwards on units already written,
may read anything stored, and record in ``stage_done`` which units they handled, so a run is
incremental (only new units) and resumable (a killed run redoes only what was not committed). What a
stage requires and provides is declared in :mod:`presswatch.runner.registry`; re-running a stage
(:func:`rerun`) resets and redoes exactly the stages that depend on what it provides.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Sequence

from presswatch.config import Config
from presswatch.contracts import ArchiveStage, ProgressCallback, report
from presswatch.errors import PipelineError
from presswatch.runner.registry import FACETS, StageSpec, dependants, load, spec
from presswatch.store.db import transaction, utcnow

BATCH = 500


def done_upto(conn: sqlite3.Connection, stage: str) -> int:
    """The id up to which every stored unit is done for ``stage`` (``stage_done_upto``; 0 if unknown)."""
    row = conn.execute("SELECT unit_id FROM stage_done_upto WHERE stage = ?", (stage,)).fetchone()
    return int(row[0]) if row is not None else 0


def pending_units(conn: sqlite3.Connection, stage: str, limit: int | None = None, after: int = 0,
                  upto: int | None = None) -> list[int]:
    """Units ``stage`` has not handled, in id order, with ids above ``after`` (the last unit of the
    previous batch: each batch starts where the last one ended instead of re-reading every unit done)
    and above :func:`done_upto` (so the first batch of a run does not read every unit done either);
    ``upto``: its value, when the caller has it (read once per batch, by :func:`mark_done`)."""
    sql = """SELECT u.id FROM units u WHERE u.id > ? AND NOT EXISTS
             (SELECT 1 FROM stage_done d WHERE d.stage = ? AND d.unit_id = u.id) ORDER BY u.id"""
    params: tuple[object, ...] = (max(after, done_upto(conn, stage) if upto is None else upto), stage)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    return [int(r[0]) for r in conn.execute(sql, params)]


def count_pending(conn: sqlite3.Connection, stage: str, upto: int | None = None) -> int:
    return int(conn.execute("""SELECT COUNT(*) FROM units u WHERE u.id > ? AND NOT EXISTS
                               (SELECT 1 FROM stage_done d WHERE d.stage = ? AND d.unit_id = u.id)""",
                            (done_upto(conn, stage) if upto is None else upto, stage)).fetchone()[0])


def raise_done_upto(conn: sqlite3.Connection, stage: str, upto: int | None = None) -> int:
    """Raise :func:`done_upto` of ``stage`` (``upto``: its value, read in the caller's transaction) to
    just below its first pending unit: a walk over the units done since it was last raised (once over
    the whole archive for one made before ``stage_done_upto``). Returns the value it now has."""
    upto = done_upto(conn, stage) if upto is None else upto
    first = conn.execute("""SELECT u.id FROM units u WHERE u.id > ? AND NOT EXISTS
                            (SELECT 1 FROM stage_done d WHERE d.stage = ? AND d.unit_id = u.id)
                            ORDER BY u.id LIMIT 1""", (upto, stage)).fetchone()
    top = int(first[0]) - 1 if first is not None else int(
        conn.execute("SELECT COALESCE(MAX(id), 0) FROM units").fetchone()[0])
    if top > upto:
        conn.execute("INSERT OR REPLACE INTO stage_done_upto (stage, unit_id) VALUES (?, ?)", (stage, top))
        return top
    return upto


def mark_done(conn: sqlite3.Connection, stage: str, unit_ids: list[int]) -> int:
    """Record ``unit_ids`` as handled by ``stage``; when they start right after its :func:`done_upto`
    (a batch of :func:`pending_units`), raise it past them. Returns the stage's done_upto, read once,
    inside this transaction, for the next batch's :func:`pending_units`."""
    now = utcnow()
    with transaction(conn):
        conn.executemany("INSERT OR IGNORE INTO stage_done (stage, unit_id, done_at) VALUES (?, ?, ?)",
                         [(stage, uid, now) for uid in unit_ids])
        upto = done_upto(conn, stage)
        if unit_ids and min(unit_ids) <= upto + 1:
            upto = raise_done_upto(conn, stage, upto)
    return upto


UNDONE_TRIGGER = "stage_done_upto_undone"   # migration 0032


def clear_done(conn: sqlite3.Connection, stages: Sequence[str]) -> None:
    """Remove every done mark of ``stages`` (a re-run over the whole archive); call inside a transaction.

    ``stage_done_upto`` of those stages goes in one statement. The trigger that lowers it for each
    removed mark (migration 0032: right for a unit deleted, one run per row for a mass reset) is left
    out of this one statement: it is dropped and created again, from its own stored SQL, in the same
    transaction, so the marks' delete costs only the rows it removes."""
    if not stages:
        return
    marks = ",".join("?" * len(stages))
    conn.execute(f"DELETE FROM stage_done_upto WHERE stage IN ({marks})", list(stages))
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           (UNDONE_TRIGGER,)).fetchone()
    if trigger is not None:
        conn.execute(f"DROP TRIGGER {UNDONE_TRIGGER}")
    conn.execute(f"DELETE FROM stage_done WHERE stage IN ({marks})", list(stages))
    if trigger is not None:
        conn.execute(str(trigger[0]))



def run_batch(conn: sqlite3.Connection, config: Config, stage: ArchiveStage, todo: list[int],
              counts: Counter[str]) -> tuple[float, int]:
    """Run ``stage`` on the units ``todo``, add its counts (prefixed with its name) to ``counts`` and
    mark the units done; the seconds it took and the stage's done_upto after it (:func:`mark_done`)."""
    start = time.perf_counter()
    counts.update({f"{stage.name}:{k}": v for k, v in stage.run(conn, config, todo).items()})
    upto = mark_done(conn, stage.name, todo)
    return time.perf_counter() - start, upto


def run_stages(conn: sqlite3.Connection, config: Config, stages: Sequence[ArchiveStage], *,
               batch: int = BATCH, progress: ProgressCallback | None = None,
               overlap: Overlap | None = None) -> Counter[str]:
    """Run every stage over the units it has not handled yet, in batches; each stage reports progress
    (units done of units pending) under its own name. The order is checked by the caller that built
    ``stages`` (:func:`presswatch.runner.build.configured`). ``overlap``: what already ran while the
    pages were processed (its counts are added, its units count as done in the progress)."""
    counts: Counter[str] = Counter(overlap.counts if overlap is not None else ())
    for stage in stages:
        with transaction(conn):
            upto = raise_done_upto(conn, stage.name)
        before = overlap.done[stage.name] if overlap is not None else 0
        own = overlap.seconds.get(stage.name, 0.0) if overlap is not None else 0.0
        total = count_pending(conn, stage.name, upto) + before
        done, last = before, 0
        if total:
            report(progress, stage.name, done, total, "unit")
        while True:
            todo = pending_units(conn, stage.name, batch, after=last, upto=upto)
            if not todo:
                break
            seconds, upto = run_batch(conn, config, stage, todo, counts)
            own += seconds
            done, last = done + len(todo), todo[-1]
            # a stage that also ran between pages: its own time, as the listener's clock counts the pages too
            note = f"{own:.1f} s of its own, {before:,} units between pages" if before and done >= total else ""
            report(progress, stage.name, done, max(total, done), "unit", note)
    return counts


class Overlap:
    """Archive stages on full batches of units while later pages are still being processed: called
    by the writer after each batch of pages it commits (:func:`presswatch.runner.pages.process_pending`,
    ``[process] commit_pages``) with the units written, so it works while the worker processes go on
    with the next pages.

    Only stages declared ``incremental`` in the registry run here, and only those whose archive
    requirements come from such stages run before them (``quotes`` after ``entities``); each runs
    exactly the batches :func:`run_stages` would (the next ``batch`` pending units in id order, a
    batch only when it is full), in stage order per batch, so the result is the same as running
    them after every page. The rest (the last, partial batch; ``sites``, ``translation``, which
    learn from or pair with later units) runs in :func:`run_stages` afterwards. When the stages'
    pending units differ at the start (a re-run left some done), nothing runs here."""

    def __init__(self, conn: sqlite3.Connection, config: Config, stages: Sequence[ArchiveStage],
                 specs: Sequence[StageSpec], *, batch: int = BATCH, progress: ProgressCallback | None = None):
        self.config, self.batch, self.progress = config, batch, progress
        provided: set[str] = set()
        chosen: list[ArchiveStage] = []
        for stage, s in zip(stages, specs, strict=True):
            if s.incremental and all(r in FACETS or r in provided for r in s.requires):
                chosen.append(stage)
                provided |= s.provides
        pending = {count_pending(conn, st.name) for st in chosen}
        self.stages = chosen if len(pending) == 1 else []
        self.waiting = pending.pop() if len(pending) == 1 else 0   # units written, not yet run here
        self.done: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.seconds: dict[str, float] = {st.name: 0.0 for st in self.stages}
        self.last: dict[str, int] = {st.name: 0 for st in self.stages}
        self.upto: dict[str, int | None] = {st.name: None for st in self.stages}   # from the last done mark

    def __call__(self, conn: sqlite3.Connection, units: int) -> None:
        if not self.stages:
            return
        self.waiting += units
        while self.waiting >= self.batch:
            for i, stage in enumerate(self.stages):
                todo = pending_units(conn, stage.name, self.batch, after=self.last[stage.name],
                                     upto=self.upto[stage.name])
                if len(todo) < self.batch:
                    if i == 0:
                        self.waiting = 0   # fewer pending than counted (a page processed again)
                        return
                    self.stages = self.stages[:i]   # should not happen: stop this stage and those after it
                    break
                seconds, self.upto[stage.name] = run_batch(conn, self.config, stage, todo, self.counts)
                self.seconds[stage.name] += seconds
                self.last[stage.name] = todo[-1]
                self.done[stage.name] += len(todo)
                report(self.progress, stage.name, self.done[stage.name], None, "unit", "while pages are processed")
            self.waiting -= self.batch


def rerun(conn: sqlite3.Connection, config: Config, name: str, specs: Sequence[StageSpec], *,
          progress: ProgressCallback | None = None) -> Counter[str]:
    """Redo archive stage ``name`` on every unit, with exactly the configured stages that depend on
    what it provides: their outputs are reset (dependants first, one transaction), their
    ``stage_done`` rows cleared, then they run again in order."""
    if spec(name).kind != "archive":
        raise PipelineError(f"{name!r} is a per-page component; re-run it with `presswatch process "
                            "--retry-quarantined` after re-ingesting, not as an archive stage")
    if name not in [s.name for s in specs]:
        raise PipelineError(f"stage {name!r} is not in [process] stages; add it there first")
    redo = dependants(name, specs)
    with transaction(conn):
        for s in reversed(redo):
            if s.reset is not None:
                load(s.reset)(conn)
        clear_done(conn, [s.name for s in redo])
    return run_stages(conn, config, [s.make(config) for s in redo], progress=progress)
