"""Streaming JSONL export: a header record, then every record type in :data:`PRODUCERS` order."""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TextIO

from presswatch import __version__
from presswatch.contracts import ProgressCallback, report
from presswatch.export.producers import PRODUCERS, Window, dumps, record_types
from presswatch.project import Project
from presswatch.store.atomic import atomic_text_file
from presswatch.store.db import utcnow

SCHEMA_NAME = "presswatch-export"
SCHEMA_VERSION = "1.1"
WRITE_BATCH = 500  # records per write: few system calls, memory bounded by the batch


def _day(value: date | str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not a date; use YYYY-MM-DD") from exc


def _types(types: Iterable[str] | None) -> list[str]:
    known = record_types()
    if types is None:
        return known
    chosen = [t.strip() for t in types if t.strip()]
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise ValueError(f"unknown record type(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return chosen


def header() -> dict[str, str]:
    return {"type": "meta", "schema": SCHEMA_NAME, "schema_version": SCHEMA_VERSION,
            "exported_at": utcnow(), "presswatch_version": __version__}


def export_jsonl(conn: sqlite3.Connection, out: TextIO, *, since: date | str | None = None,
                 until: date | str | None = None, types: Iterable[str] | None = None,
                 progress: ProgressCallback | None = None) -> Counter[str]:
    """Write the header and then one JSON object per line for each record; return counts by type.

    Rows stream from SQLite one at a time (the archive is never loaded whole). ``since``/``until``
    (inclusive ISO dates) keep page versions fetched in that window (and digests created in it);
    ``types`` limits the record types (default: all of :data:`PRODUCERS`).
    """
    window = Window(_day(since, "--since"), _day(until, "--until"))
    chosen = set(_types(types))
    counts: Counter[str] = Counter()
    # One read transaction: every record type comes from the same snapshot of the archive, even while
    # an ingest writes (a WAL reader sees the database as it was at its transaction's first read).
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
        conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()  # pins the snapshot now
    try:
        out.write(dumps(header()) + "\n")
        _produce(conn, out, window, chosen, counts, progress)
    finally:
        if own_transaction:
            conn.execute("COMMIT")
    return counts


def _produce(conn: sqlite3.Connection, out: TextIO, window: Window, chosen: set[str], counts: Counter[str],
             progress: ProgressCallback | None) -> None:
    buffer: list[str] = []
    written = 0
    for name, producer in PRODUCERS:
        if name not in chosen:
            continue
        for record in producer(conn, window):
            buffer.append(dumps(record))
            counts[name] += 1
            if len(buffer) >= WRITE_BATCH:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
                written += WRITE_BATCH
                report(progress, "export", written, None, "record", name)
    if buffer:
        out.write("\n".join(buffer) + "\n")
        written += len(buffer)
        report(progress, "export", written, None, "record")


def export_project(project: Project, output: str | Path, *, since: date | str | None = None,
                   until: date | str | None = None, types: Iterable[str] | None = None,
                   progress: ProgressCallback | None = None) -> Counter[str]:
    """Export the project's archive to ``output`` ("-" for standard output).

    A file is written through a temporary file and renamed at the end, so an interrupted export never
    leaves half a file behind (Python equivalent of `presswatch export`).
    """
    chosen = _types(types)
    conn = project.connect(readonly=True)
    try:
        if str(output) == "-":
            return export_jsonl(conn, sys.stdout, since=since, until=until, types=chosen, progress=progress)
        with atomic_text_file(output) as fh:
            counts = export_jsonl(conn, fh, since=since, until=until, types=chosen, progress=progress)
        return counts
    finally:
        conn.close()
