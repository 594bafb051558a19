"""Ingest files and folders: read records and store raw bytes in batches (processing is the runner's:
:func:`presswatch.api.ingest` stores with this module, then processes what is new)."""

from __future__ import annotations

import sqlite3
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.contracts import ProgressCallback
from presswatch.contracts import report as note
from presswatch.ingest.files import read_file
from presswatch.ingest.paths import iter_inputs, shown
from presswatch.ingest.readers import Limits, Passed, Record
from presswatch.models import RawDocument, Skip
from presswatch.project import Project
from presswatch.store.db import transaction
from presswatch.store.pages import store_raw
from presswatch.store.runs import clear_skip, finish_run, record_skip, start_run

# Called inside the run, after storing, with the connection and the run id; returns what it counted.
AfterStore = Callable[[sqlite3.Connection, int], Counter[str]]


@dataclass
class IngestReport:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    skips: list[Skip] = field(default_factory=list)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given paths (folders recursively, sorted, hidden files left out)."""
    return (path for path, hidden in iter_inputs(paths) if not hidden)


def ingest(project: Project, paths: Iterable[str | Path], *, process: bool | None = None,
           progress: ProgressCallback | None = None, after_store: AfterStore | None = None) -> IngestReport:
    """Store every record found under ``paths``; then, when ``process`` (default: ``[ingest] process``)
    and ``after_store`` are given, call ``after_store`` inside the same run (the API passes the runner).
    ``progress`` gets an ``ingest`` event (files) after each file.

    Each batch of records commits on its own; a run killed at any point leaves whole records only,
    and running the same command again stores the rest and processes what was not processed.
    """
    paths = list(paths)
    inputs = list(iter_inputs(paths))
    files = [path for path, hidden in inputs if not hidden]
    limits = Limits(int(project.config.get("ingest.max_bytes")),
                    tuple(project.config.get("ingest.extensions_html") or (".html", ".htm")),
                    tuple(project.config.get("ingest.extensions_text") or (".txt",)),
                    int(project.config.get("ingest.max_records_per_file")))
    batch_size = int(project.config.get("ingest.batch_size"))
    do_process = project.config.get("ingest.process") if process is None else process
    conn = project.connect()
    try:
        run_id = start_run(conn, "ingest", {"paths": [str(p) for p in paths]})
        report = IngestReport(run_id)
        counts = report.counts
        if len(inputs) > len(files):    # hidden files and folders, left out but counted
            counts["passed:hidden"] += len(inputs) - len(files)
        status = "failed"
        try:
            batch: list[RawDocument | Skip] = []
            total = len(files)
            for done, path in enumerate(files, 1):
                counts["files"] += 1
                for record in _records(path, limits):
                    if isinstance(record, Passed):
                        counts["passed"] += 1
                        counts[f"passed:{record.what}"] += 1
                        continue
                    batch.append(record)
                    if len(batch) >= batch_size:
                        _flush(conn, batch, run_id, report)
                note(progress, "ingest", done, total, "file",
                     f"stored {counts['records']}, skipped {counts['skipped']}")
            _flush(conn, batch, run_id, report)
            if do_process and after_store is not None:
                counts.update(after_store(conn, run_id))
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            finish_run(conn, run_id, counts, status)
        return report
    finally:
        conn.close()


def _records(path: Path, limits: Limits) -> Iterator[Record]:
    """The records of one file; a failure inside a reader becomes a skip instead of ending the run."""
    try:
        yield from read_file(path, limits)
    except MemoryError:
        yield Skip(str(path), "too_large", "ran out of memory reading the file; lower [ingest] max_bytes")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        yield Skip(str(path), "error", f"reading failed ({detail}); please report this file")


def _flush(conn, batch: list[RawDocument | Skip], run_id: int, report: IngestReport) -> None:  # type: ignore[no-untyped-def]
    if not batch:
        return
    with transaction(conn):
        for record in batch:
            if isinstance(record, Skip):
                record_skip(conn, record, run_id)
                report.skips.append(record)
                report.counts["skipped"] += 1
                report.counts[f"skipped:{record.reason}"] += 1
            else:
                conn.execute("SAVEPOINT one_record")   # a record that cannot be stored is one skip
                try:
                    stored = store_raw(conn, record, run_id)
                except (sqlite3.Error, UnicodeError, ValueError, OverflowError) as exc:
                    conn.execute("ROLLBACK TO one_record")
                    conn.execute("RELEASE one_record")
                    skip = Skip(shown(record.location), "error", f"storing failed ({type(exc).__name__}: {exc}); "
                                "please report this file")
                    record_skip(conn, skip, run_id)
                    report.skips.append(skip)
                    report.counts["skipped"] += 1
                    report.counts["skipped:error"] += 1
                    continue
                conn.execute("RELEASE one_record")
                if stored.outcome != "unchanged":  # an earlier skip here is fixed by the new content
                    clear_skip(conn, record.location)
                report.counts["records"] += 1
                report.counts[stored.outcome] += 1
                report.counts["invalid_dates"] += len(record.meta.get("invalid_dates", ()))
    batch.clear()
