"""Kept read-only connections for the web face's searches: one per server thread, reopened when the
archive's files are replaced.

A search on a connection opened for the request starts with an empty SQLite page cache and reads
again the FTS5 index pages and the ``unit_fts_docsize`` rows that BM25 needs for every match; a kept
connection finds them in its cache (SQLite keeps the cache across read transactions while the file
is unchanged, and drops it itself when another connection wrote). Each connection is used only by
the thread that opened it (FastAPI runs the synchronous routes in a thread pool); ``close()`` (on the
application's shutdown) closes them all.

Before each use the archive file, its ``-wal`` and its ``-shm`` are compared (device and inode) with
those the connection opened: a file replaced or deleted and made again by another process (a restore,
a new project in the same folder) would otherwise leave the kept connection on the old files, where
SQLite answers "disk I/O error". A connection that raised an SQLite error is closed, not kept.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from presswatch.project import Project
from presswatch.store.db import size_cache
from presswatch.store.unit_index import index_ready

FileId = tuple[tuple[int, int] | None, ...]


def file_identity(db_path: Path) -> FileId:
    """(device, inode) of the archive, its ``-wal`` and its ``-shm`` (None for a file not there)."""
    out: list[tuple[int, int] | None] = []
    for suffix in ("", "-wal", "-shm"):
        try:
            st = os.stat(f"{db_path}{suffix}")
        except FileNotFoundError:
            out.append(None)
        else:
            out.append((st.st_dev, st.st_ino))
    return tuple(out)


@dataclass
class _Kept:
    conn: sqlite3.Connection
    files: FileId


def _from_sqlite(exc: BaseException) -> bool:
    """Whether ``exc`` or what caused it is an SQLite error (the library wraps some in QueryError)."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, sqlite3.Error):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Readers:
    """Per-thread kept read-only connections to one project's archive (see the module's text)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.db_path = Path(project.db_path)
        self.reopened = 0                    # how many kept connections were replaced (tests read it)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[_Kept] = []
        self._closed = False

    def _opened(self) -> _Kept:
        conn = self.project.connect(readonly=True, any_thread=True)
        try:
            size_cache(conn, int(self.project.config.get("project.cache_mb", 2)),
                       int(self.project.config.get("project.mmap_mb", 0)))
        except BaseException:
            conn.close()
            raise
        # taken once the connection is open: opening makes the -wal and -shm when no other connection had
        kept = _Kept(conn, file_identity(self.db_path))
        with self._lock:
            self._open.append(kept)
        return kept

    def _drop(self, kept: _Kept) -> None:
        with self._lock:
            if kept in self._open:
                self._open.remove(kept)
        self._local.kept = None
        kept.conn.close()

    def _current(self) -> _Kept:
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is not None and kept.files != file_identity(self.db_path):
            self._drop(kept)
            with self._lock:
                self.reopened += 1
            kept = None
        if kept is None:
            kept = self._opened()
            self._local.kept = kept
        return kept

    @contextmanager
    def search_connection(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection to search on, kept for this thread; a connection of the request's own
        (read-write, closed at the end) when the unit index must be built first or after ``close()``."""
        if self._closed:
            with self._fresh() as conn:
                yield conn
            return
        kept = self._current()
        try:
            ready = index_ready(kept.conn)
        except sqlite3.Error:   # a file swapped between the check and the open: once more, on a new one
            self._drop(kept)
            kept = self._current()
            ready = index_ready(kept.conn)
        if not ready:   # the first search builds the unit index, which needs a writer
            with self._fresh() as conn:
                yield conn
            return
        try:
            yield kept.conn
        except BaseException as exc:
            if _from_sqlite(exc):
                self._drop(kept)
                raise
            self._end_transaction(kept)
            raise
        self._end_transaction(kept)

    def _end_transaction(self, kept: _Kept) -> None:
        """Never left holding a read snapshot (it would keep checkpoints from finishing the WAL)."""
        if kept.conn.in_transaction:
            kept.conn.rollback()

    @contextmanager
    def _fresh(self) -> Iterator[sqlite3.Connection]:
        conn = self.project.connect()
        try:
            yield conn
        finally:
            conn.close()

    def close(self) -> None:
        """Close every kept connection (the application's shutdown); later searches open their own."""
        with self._lock:
            self._closed = True
            kept, self._open = self._open, []
        for k in kept:
            k.conn.close()
