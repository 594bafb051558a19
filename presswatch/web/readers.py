"""Kept read-only connections for the web face's searches: a small pool, each connection used by one
request at a time, reopened when the archive's files are replaced.

A search on a connection opened for the request starts with an empty SQLite page cache and reads
again the FTS5 index pages and the ``unit_fts_docsize`` rows that BM25 needs for every match; a kept
connection finds them in its cache (SQLite keeps the cache across read transactions while the file
is unchanged, and drops it itself when another connection wrote). A search takes an idle connection
from the pool and gives it back (FastAPI runs the synchronous routes in a thread pool whose threads come
and go, so connections are not tied to threads); at most ``serve.kept_connections`` idle ones are kept;
``close()`` (on the application's shutdown) closes them.

Before each use the archive file, its ``-wal`` and its ``-shm`` are compared (device and inode) with
those the connection opened: a file replaced or deleted and made again by another process (a restore,
a new project in the same folder) would otherwise leave the kept connection on the old files, where
SQLite answers "disk I/O error". The schema's version is compared too with the one checked at opening,
so a migration made in place by another process is checked again. A connection that raised an SQLite
error is closed, not kept.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from presswatch.errors import ArchiveTooOld
from presswatch.project import Project
from presswatch.search import QueryError
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
    schema: int = 0   # PRAGMA schema_version when the schema was checked (any DDL of any connection raises it)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA schema_version").fetchone()[0])


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


def _same_schema(kept: _Kept) -> bool:
    """Whether the archive's schema is still the one checked when ``kept`` was opened: another process
    (a newer presswatch's ``ingest``) may have migrated it in place, and only opening checks that this
    presswatch knows every migration (a newer archive is refused with its message, not read)."""
    try:
        return schema_version(kept.conn) == kept.schema
    except sqlite3.Error:
        return False


class Readers:
    """A small pool of kept read-only connections to one project's archive (see the module's text).

    A search takes an idle connection (the one used last: its cache is the warmest) or opens one, and
    gives it back afterwards; at most ``keep`` idle connections are kept, the rest are closed. So a
    connection is used by one thread at a time, and the pool never grows with the server's threads
    (the thread pool behind FastAPI's synchronous routes ends idle threads and starts new ones; a
    connection tied to a thread would outlive it)."""

    def __init__(self, project: Project, keep: int | None = None) -> None:
        self.project = project
        self.db_path = Path(project.db_path)
        self.keep = max(1, int(keep if keep is not None else project.config.get("serve.kept_connections", 4)))
        self.reopened = 0                    # how many kept connections were replaced (tests read it)
        self._lock = threading.Lock()
        self._idle: list[_Kept] = []         # kept, not in use, the last given back at the end
        self._busy = 0                       # taken and not given back yet
        self._closed = False

    @property
    def kept(self) -> int:
        """Connections open now: idle in the pool or in use by a search."""
        with self._lock:
            return len(self._idle) + self._busy

    def _opened(self) -> _Kept:
        try:
            conn = self.project.connect(readonly=True, any_thread=True)
        except ArchiveTooOld:
            # the archive was replaced by an older one (a restore) while serving: upgraded by a writer's
            # connection, as the server's start and every write do (a reader never migrates)
            self.project.connect().close()
            conn = self.project.connect(readonly=True, any_thread=True)
        try:
            size_cache(conn, int(self.project.config.get("project.cache_mb", 2)),
                       int(self.project.config.get("project.mmap_mb", 0)))
        except BaseException:
            conn.close()
            raise
        # taken once the connection is open: opening makes the -wal and -shm when no other connection had
        return _Kept(conn, file_identity(self.db_path), schema_version(conn))

    def _take(self) -> _Kept:
        """An idle connection still on the archive's files, or a new one (counted as in use)."""
        files = file_identity(self.db_path)
        with self._lock:
            self._busy += 1
            kept = self._idle.pop() if self._idle else None
        while kept is not None and (kept.files != files or not _same_schema(kept)):
            kept.conn.close()
            with self._lock:
                self.reopened += 1
                kept = self._idle.pop() if self._idle else None
        if kept is None:
            try:
                kept = self._opened()
            except BaseException:
                with self._lock:
                    self._busy -= 1
                raise
        return kept

    def _give_back(self, kept: _Kept | None) -> None:
        """``None``: the connection was closed (dropped after an error)."""
        with self._lock:
            self._busy -= 1
            if kept is not None and not self._closed and len(self._idle) < self.keep:
                self._idle.append(kept)
                return
        if kept is not None:
            kept.conn.close()

    @contextmanager
    def search_connection(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection to search on, from the pool; a connection of the request's own
        (read-write, closed at the end) when the unit index must be built first or after ``close()``.
        A connection that raised an SQLite error is closed, not given back (unless the error was a query
        the index refused and the connection still reads the archive)."""
        if self._closed:
            with self._fresh() as conn:
                yield conn
            return
        kept = self._take()
        good = True
        try:
            try:
                ready = index_ready(kept.conn)
            except sqlite3.Error:   # a file swapped between the check and the open: once more, on a new one
                good = False
                kept.conn.close()
                kept = self._opened()
                good = True
                with self._lock:
                    self.reopened += 1
                ready = index_ready(kept.conn)
            if not ready:   # the first search builds the unit index, which needs a writer
                with self._fresh() as conn:
                    yield conn
                return
            try:
                yield kept.conn
            except BaseException as exc:
                if _from_sqlite(exc) and not (isinstance(exc, QueryError) and _usable(kept.conn)):
                    good = False
                raise
        finally:
            if good:
                try:
                    self._end_transaction(kept)
                except sqlite3.Error:
                    good = False
            if not good:
                kept.conn.close()
            self._give_back(kept if good else None)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A kept read-only connection for a page or answer that only reads (the inbox, a unit, the digest
        editor), as :meth:`search_connection` gives one: no connection opened, its schema read and
        checked, and its page cache emptied per library call (about 1 ms of CPU each, and the index pages
        read again)."""
        with self.search_connection() as conn:
            yield conn

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
        """Close the idle connections (the application's shutdown); those in use are closed when given
        back, and later searches open their own."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for k in idle:
            k.conn.close()


def _usable(conn: sqlite3.Connection) -> bool:
    """Whether the connection still reads the archive (its first page)."""
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    return True
