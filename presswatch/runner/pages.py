"""Process stored page versions: run the pipeline and write units, passages and the index."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from presswatch.config import Config
from presswatch.contracts import Pipeline, ProgressCallback, report
from presswatch.models import Doc, RawDocument, Skip
from presswatch.runner.parallel import Outcome, PipelineFactory, map_pages, run_one
from presswatch.store.db import begin, transaction
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


def commit(conn: sqlite3.Connection) -> None:
    """Commit the open batch of written pages (a module attribute, so a bench can measure it)."""
    conn.execute("COMMIT")


@contextmanager
def statement_journal_in_memory(conn: sqlite3.Connection) -> Iterator[None]:
    """The batch's transaction with ``PRAGMA temp_store = MEMORY`` (set before its BEGIN, which is when
    SQLite decides; the connection's own value again after it).

    Every statement of a batch after its first (an ``INSERT`` into ``units`` with its triggers and
    foreign keys, into ``passages``, the FTS5 tables) may abort, so SQLite keeps a statement journal:
    a copy of each page the statement changes, to undo that statement alone. Held in memory up to
    64 KiB and then in a temporary file, which stays a file for the rest of the transaction: every later
    statement's pages are written to it, 10–16 pages per processed page (measured: docs/decisions.md,
    scale13), about as many as the batch's WAL frames. In memory, a statement's journal is the pages of
    one row's B-trees (tens of KiB), freed when it ends. Not for the archive stages: a merge of the
    reuse index (``INSERT … SELECT`` of millions of rows) would keep its journal in memory. (Changing
    temp_store drops a connection's TEMP tables; the runner's connection has none.)"""
    before = int(conn.execute("PRAGMA temp_store").fetchone()[0])
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA temp_store = {before}")


class PageBatch:
    """Processed pages written together, ``size`` at a time (``[process] commit_pages``).

    A page's writes touch the same few B-tree leaves as the previous page's (the last leaves of
    ``units``, ``passages``, their indexes, the FTS5 content tables) and each FTS5 table's pending
    terms become a new segment at every commit, which FTS5 then merges. Committed one page at a time,
    each of those leaves is written to the WAL once per page (about 60 of them) and the segments merged
    grow with the index; committed ``size`` pages at a time, once per batch (docs/decisions.md,
    scale8). The documents wait in memory and are written in one transaction when the batch is
    committed, so the archive's write lock is held only while they are written, never while the next
    pages are processed (another writer, such as the web editor, waits milliseconds, not the time of
    50 pages). A killed run loses at most the pages not committed yet: those versions are still
    ``new`` and are processed again by the next run, as a page's own transaction was."""

    def __init__(self, conn: sqlite3.Connection, size: int) -> None:
        self.conn, self.size = conn, max(int(size), 1)
        self.docs: list[Doc] = []   # processed, not written yet

    @property
    def pages(self) -> int:
        return len(self.docs)

    def write(self, doc: Doc) -> None:
        self.docs.append(doc)

    def full(self) -> bool:
        return self.pages >= self.size

    def commit(self) -> int:
        """Write the waiting documents in one transaction; return the units written (0: none waited)."""
        if not self.docs:
            return 0
        docs, self.docs = self.docs, []
        with statement_journal_in_memory(self.conn):
            begin(self.conn)
            try:
                for doc in docs:
                    write_doc(self.conn, doc)
                commit(self.conn)
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        return sum(len(doc.units) for doc in docs)

    def rollback(self) -> None:
        """Forget the documents not written (their versions stay ``new``)."""
        self.docs = []


def _record(conn: sqlite3.Connection, outcome: Outcome, run_id: int | None, counts: Counter[str],
            times: dict[str, float], batch: PageBatch) -> None:
    """Write one outcome: the document into the open batch, or (the batch committed first) the
    quarantine with its reason."""
    if outcome.doc is None:
        reason = outcome.reason or "error"
        location = conn.execute("SELECT location FROM page_versions WHERE id = ?",
                                (outcome.version_id,)).fetchone()[0]
        quarantine(conn, outcome.version_id, location, reason, outcome.message or "", run_id)
        counts["quarantined"] += 1
        counts[f"quarantined:{reason}"] += 1
        return
    batch.write(outcome.doc)
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
                    between: Callable[[sqlite3.Connection, int], None] | None = None,
                    commit_pages: int = 1) -> Counter[str]:
    """Process every version not processed yet, committing ``commit_pages`` written pages at a time
    (:class:`PageBatch`; resumable: a version is ``processed`` only once its batch is committed).

    With ``workers`` > 1, a ``factory`` and a ``config``, and enough pages to pay for starting the
    pool, pages are processed in worker processes (see :mod:`presswatch.runner.parallel`); the
    results and what is written are the same as with one worker. ``progress`` gets a
    :class:`~presswatch.contracts.Progress` event (stage ``process``, unit ``page``) per page.
    ``between`` is called with the units of each committed batch (:class:`presswatch.runner.archive.Overlap`).
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
    batch = PageBatch(conn, commit_pages)
    try:
        for done, outcome in enumerate(outcomes, 1):
            start = time.perf_counter()
            committed = batch.commit() if outcome.doc is None else 0   # a quarantine takes its own transaction
            _record(conn, outcome, run_id, counts, times, batch)
            if batch.full() or done == total:
                committed += batch.commit()
            writing += time.perf_counter() - start
            if between is not None and committed:  # archive stages on committed units, while the workers go on
                between(conn, committed)
            report(progress, "process", done, total, "page",
                   shares(times, writing) if done % 10 == 0 or done == total else "")
        start = time.perf_counter()
        committed = batch.commit()   # fewer outcomes than versions (should not happen): what is open
        writing += time.perf_counter() - start
        if between is not None and committed:
            between(conn, committed)
    except BaseException:
        batch.rollback()   # the open batch's versions stay "new": the next run processes them
        raise
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
