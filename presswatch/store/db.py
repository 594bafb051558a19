"""SQLite connection, recorded migrations and the single-writer transaction helper."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from presswatch.errors import StoreError

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the archive with WAL, foreign keys and a busy timeout.

    Only one process writes at a time: writers take ``BEGIN IMMEDIATE`` (see :func:`transaction`),
    so a second writer waits up to the busy timeout and then fails with a clear error.
    """
    if readonly:
        uri = f"file:{Path(path)}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"the archive is locked by another writer ({exc}); wait for the other presswatch command to finish"
        ) from exc
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def available_migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("presswatch.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        m = MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise StoreError(f"two migrations share a number: {[name for _, name, _ in found]}")
    return found


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded in ``schema_migrations``; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT id FROM schema_migrations")}
    applied = []
    for number, name, sql in available_migrations():
        if number in done:
            continue
        # executescript would commit implicitly; run statements inside one explicit transaction.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_sql(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)", (number, name, utcnow())
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(name)
    return applied


def split_sql(script: str) -> list[str]:
    """Split a migration script into complete statements (handles triggers' inner semicolons)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        raise StoreError(f"incomplete SQL statement in migration: {buf[:80]!r}")
    return statements
