"""SQLite connection, recorded migrations and the single-writer transaction helper."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from presswatch.errors import ArchiveTooOld, StoreError

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def connect(path: Path | str, *, readonly: bool = False, any_thread: bool = False) -> sqlite3.Connection:
    """Open the archive with WAL, foreign keys and a busy timeout (``any_thread``: no same-thread check,
    for a connection used by one thread at a time but closed by another).

    Only one process writes at a time: writers take ``BEGIN IMMEDIATE`` (see :func:`transaction`),
    so a second writer waits up to the busy timeout and then fails with a clear error.
    """
    check_database_file(Path(path), readonly=readonly)
    try:
        if readonly:
            uri = f"file:{Path(path)}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=not any_thread)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=not any_thread)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()   # reads the schema: damage shows here
    except sqlite3.DatabaseError as exc:
        raise StoreError(database_problem(Path(path), exc)) from exc
    return conn


def size_cache(conn: sqlite3.Connection, cache_mb: int, mmap_mb: int) -> None:
    """Give ``conn`` a page cache of ``cache_mb`` MiB (``PRAGMA cache_size``, in KiB when negative) and a
    memory map of up to ``mmap_mb`` MiB of the file (``PRAGMA mmap_size``; 0: none)."""
    conn.execute(f"PRAGMA cache_size = {-1024 * max(int(cache_mb), 1)}")
    conn.execute(f"PRAGMA mmap_size = {1024 * 1024 * max(int(mmap_mb), 0)}")


SQLITE_MAGIC = b"SQLite format 3\x00"


def database_problem(path: Path, exc: BaseException) -> str:
    """A message for an SQLite failure on the archive that says what to do."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return (f"the archive {path} is read-only ({text}); fix the permissions of the file and its folder "
                "(SQLite writes -wal and -shm files next to it)")
    if "unable to open" in text:
        return (f"cannot open the archive {path} ({text}); check that its folder exists and is writable, "
                "or fix [project] database in presswatch.toml")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (f"the archive {path} is damaged ({text}); restore it from a backup, or try "
                f"`sqlite3 {path} .recover | sqlite3 recovered.sqlite` and point [project] database at the result")
    return f"the archive {path} cannot be used ({text})"


def check_database_file(path: Path, *, readonly: bool = False) -> None:
    """Refuse, with what to do, an archive path that SQLite would fail on or silently replace: a missing
    folder, a zero-length file (not an empty archive: an interrupted copy), a file that is not SQLite,
    a file shorter than its header says (cut off), a read-only file or folder when writing."""
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"the archive's folder {folder} does not exist; create it, or fix [project] database "
                         "in presswatch.toml")
    if not path.exists():
        if readonly:
            raise StoreError(f"no archive at {path}; run `presswatch init` or a command that writes first")
        if not os.access(folder, os.W_OK):
            raise StoreError(f"cannot create the archive {path}: the folder {folder} is read-only; fix its "
                             "permissions or point [project] database elsewhere")
        return
    if not path.is_file():
        raise StoreError(f"the archive path {path} is not a file; fix [project] database in presswatch.toml")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"cannot read the archive {path} ({exc.strerror}); check its permissions") from exc
    if size == 0:
        raise StoreError(f"the archive {path} is an empty (zero-length) file, not an archive: an interrupted "
                         "copy or a failed disk write? Restore it from a backup, or delete it to start a new, "
                         "empty archive")
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path} is not an SQLite database (it starts with {header[:16]!r}); restore the archive "
                         "from a backup, or fix [project] database in presswatch.toml")
    if len(header) == 100:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        valid_for = int.from_bytes(header[92:96], "big")
        change = int.from_bytes(header[24:28], "big")
        wal = path.with_name(path.name + "-wal")
        wal_pending = wal.exists() and wal.stat().st_size > 0
        if pages and valid_for == change and not wal_pending and size < pages * page_size:
            raise StoreError(f"the archive {path} is cut off: {size:,} bytes where its header says "
                             f"{pages * page_size:,}; restore it from a backup (a copy made while it was written?)")
    if not readonly and (not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)):
        what = "file" if not os.access(path, os.W_OK) else "folder"
        raise StoreError(f"the archive {path} cannot be written: its {what} is read-only. Fix the permissions "
                         "(SQLite also writes -wal and -shm files next to it)")


def begin(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``: take the write lock, or say that another writer holds it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"the archive is locked by another writer ({exc}); wait for the other presswatch command to finish"
        ) from exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error)."""
    begin(conn)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@lru_cache(maxsize=1)
def migration_files() -> tuple[tuple[int, str, Traversable], ...]:
    """The packaged migrations in order, by number and name, not read: every connection checks them
    against ``schema_migrations`` and reads only the ones it still has to apply. Listed once per
    process (the package's files do not change while it runs; every request opens a connection)."""
    folder = resources.files("presswatch.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        m = MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry))
    found.sort(key=lambda f: (f[0], f[1]))
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise StoreError(f"two migrations share a number: {[name for _, name, _ in found]}")
    return tuple(found)


def available_migrations() -> list[tuple[int, str, str]]:
    """The packaged migrations in order, with their SQL."""
    return [(number, name, entry.read_text(encoding="utf-8")) for number, name, entry in migration_files()]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded in ``schema_migrations``; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT id FROM schema_migrations")}
    applied = []
    for number, name, entry in migration_files():
        if number in done:
            continue
        sql = entry.read_text(encoding="utf-8")
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


def check_schema(conn: sqlite3.Connection, where: str = "the archive") -> None:
    """For a read-only connection: the archive's recorded migrations are exactly the code's.

    A reader never migrates; an archive older than the code (migrations not applied yet) or newer
    (made by a later presswatch) is refused with what to do."""
    try:
        done = {int(row[0]) for row in conn.execute("SELECT id FROM schema_migrations")}
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{where} has no presswatch schema ({exc}); run `presswatch init` on the project "
                         "folder first") from exc
    known = {number for number, _name, _entry in migration_files()}
    missing = sorted(known - done)
    if missing:
        raise ArchiveTooOld(f"{where} is older than this presswatch ({len(missing)} migration(s) not applied: "
                         f"{', '.join(f'{n:04d}' for n in missing)}); run a writing command once, e.g. "
                         "`presswatch process`, to upgrade it, then retry")
    extra = sorted(done - known)
    if extra:
        raise StoreError(f"{where} was written by a newer presswatch (migrations {extra} are unknown here); "
                         "upgrade presswatch to read it")


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


class StepCounter:
    """SQLite virtual-machine steps counted on a connection (see :func:`counting_steps`): ``ticks``
    handler calls, one every ``every`` steps; ``steps`` = ticks x every. Read ``ticks`` while counting
    to mark where a piece of work starts."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.ticks = 0

    @property
    def steps(self) -> int:
        return self.ticks * self.every

    def tick(self) -> int:
        self.ticks += 1
        return 0   # 0: go on (a non-zero return would interrupt the statement)


@contextmanager
def counting_steps(conn: sqlite3.Connection, every: int = 1000) -> Iterator[StepCounter]:
    """Count the SQLite virtual-machine steps ``conn`` makes inside the block (``set_progress_handler``):
    the work of queries, independent of the machine's load, for benchmarks and tests that bound it.
    The connection's progress handler is removed at the end."""
    counter = StepCounter(every)
    conn.set_progress_handler(counter.tick, every)
    try:
        yield counter
    finally:
        conn.set_progress_handler(None, 0)
