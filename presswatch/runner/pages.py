"""Process stored page versions: run the pipeline and write units, passages and the index."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator

from presswatch.config import Config
from presswatch.contracts import Pipeline, ProgressCallback, report
from presswatch.models import RawDocument, Skip
from presswatch.runner.parallel import Outcome, PipelineFactory, map_pages, run_one
from presswatch.store.db import transaction
from presswatch.store.pages import load_raw
from presswatch.store.runs import record_skip
from presswatch.store.units import write_doc

# Below this many pending pages, starting worker processes costs more than it saves.
MIN_PARALLEL = 24


def pending_versions(conn: sqlite3.Connection, *, retry_quarantined: bool = False) -> list[int]:
    statuses = ("new", "quarantined") if retry_quarantined else ("new",)
    marks = ",".join("?" * len(statuses))
    return [int(r[0]) for r in conn.execute(
        f"SELECT id FROM page_versions WHERE status IN ({marks}) ORDER BY id", statuses)]


def quarantine(conn: sqlite3.Connection, version_id: int, location: str, reason: str, message: str,
               run_id: int | None) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE page_versions SET status = 'quarantined', status_reason = ? WHERE id = ?",
            (f"{reason}: {message}", version_id),
        )
        record_skip(conn, Skip(location, reason, message), run_id)


def _jobs(conn: sqlite3.Connection, version_ids: list[int]) -> Iterator[tuple[int, int, RawDocument]]:
    for version_id in version_ids:
        page_id = int(conn.execute("SELECT page_id FROM page_versions WHERE id = ?", (version_id,)).fetchone()[0])
        yield version_id, page_id, load_raw(conn, version_id)


def _record(conn: sqlite3.Connection, outcome: Outcome, run_id: int | None, counts: Counter[str],
            times: dict[str, float]) -> None:
    """Write one outcome: the document in one transaction, or the quarantine with its reason."""
    if outcome.doc is None:
        reason = outcome.reason or "error"
        location = conn.execute("SELECT location FROM page_versions WHERE id = ?",
                                (outcome.version_id,)).fetchone()[0]
        quarantine(conn, outcome.version_id, location, reason, outcome.message or "", run_id)
        counts["quarantined"] += 1
        counts[f"quarantined:{reason}"] += 1
        return
    with transaction(conn):
        write_doc(conn, outcome.doc)
    counts["processed"] += 1
    for name, secs in outcome.seconds:
        times[name] += secs
    for note in outcome.doc.notes:  # e.g. "anatomy_error: ..." when a component fell back
        counts[f"note:{note.split(':', 1)[0]}"] += 1
    counts["units"] += len(outcome.doc.units)
    counts["passages"] += sum(len(u.passages) for u in outcome.doc.units)


def process_pending(conn: sqlite3.Connection, pipeline: Pipeline, *, run_id: int | None = None,
                    retry_quarantined: bool = False, progress: ProgressCallback | None = None,
                    workers: int = 1, factory: PipelineFactory | None = None,
                    config: Config | None = None,
                    between: Callable[[sqlite3.Connection, int], None] | None = None) -> Counter[str]:
    """Process every version not processed yet; each one commits on its own (resumable).

    With ``workers`` > 1, a ``factory`` and a ``config``, and enough pages to pay for starting the
    pool, pages are processed in worker processes (see :mod:`presswatch.runner.parallel`); the
    results and what is written are the same as with one worker. ``progress`` gets a
    :class:`~presswatch.contracts.Progress` event (stage ``process``, unit ``page``) per page.
    ``between`` is called after each page is written (:class:`presswatch.runner.archive.Overlap`).
    """
    counts: Counter[str] = Counter()
    version_ids = pending_versions(conn, retry_quarantined=retry_quarantined)
    total = len(version_ids)
    if total:
        report(progress, "process", 0, total, "page")
    if workers > 1 and factory is not None and config is not None and len(version_ids) >= MIN_PARALLEL:
        outcomes = map_pages(factory, config, _jobs(conn, version_ids), workers)
        counts["workers"] = workers
    else:
        outcomes = (run_one(pipeline, *job) for job in _jobs(conn, version_ids))
    times: dict[str, float] = dict.fromkeys(pipeline.names, 0.0)
    writing = 0.0
    for done, outcome in enumerate(outcomes, 1):
        start = time.perf_counter()
        _record(conn, outcome, run_id, counts, times)
        writing += time.perf_counter() - start
        if between is not None and outcome.doc is not None:  # archive stages while the workers go on
            between(conn, len(outcome.doc.units))
        report(progress, "process", done, total, "page", shares(times, writing) if done % 10 == 0 or done == total else "")
    if total:
        # each per-page component's summed time (in the worker processes), and the writer's: units,
        # passages and the search index, one event each so the progress listener can show their rates
        for name, secs in times.items():
            report(progress, name, total, total, "page", "per-page component", seconds=secs)
        report(progress, "write", total, total, "page", "units, passages, search index", seconds=writing)
    return counts


def shares(times: dict[str, float], writing: float) -> str:
    """"extract 41% nlp 30% ... write 8%": where per-page processing has spent its time so far."""
    parts = {**times, "write": writing}
    whole = sum(parts.values()) or 1.0
    return " ".join(f"{name} {secs / whole:.0%}" for name, secs in parts.items())
