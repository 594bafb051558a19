"""A project: a folder with ``presswatch.toml`` and the SQLite archive."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from presswatch.config import CONFIG_FILE, STARTER_CONFIG, Config
from presswatch.errors import ProjectError
from presswatch.store import connect, migrate
from presswatch.store.db import StoreError, check_schema, database_problem, size_cache

ENV_VAR = "PRESSWATCH_PROJECT"


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def db_path(self) -> Path:
        return self.root / str(self.config.get("project.database", "presswatch.sqlite"))

    def connect(self, *, readonly: bool = False, any_thread: bool = False) -> sqlite3.Connection:
        """Open the archive. Writing applies pending migrations first; reading (``readonly``) never
        changes the file and refuses an archive whose schema is not the code's, saying what to do.
        ``any_thread``: the connection may be closed from another thread than the one that opened it
        (the web face's kept connections, each used by one thread)."""
        conn = connect(self.db_path, readonly=readonly, any_thread=any_thread)
        if readonly:
            try:
                check_schema(conn, str(self.db_path))
            except BaseException:
                conn.close()
                raise
        else:
            try:
                migrate(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StoreError(database_problem(self.db_path, exc)) from exc
            size_cache(conn, int(self.config.get("project.cache_mb", 2)), int(self.config.get("project.mmap_mb", 0)))
        return conn

    @staticmethod
    def resolve_root(root: str | Path | None = None) -> Path:
        if root is None:
            root = os.environ.get(ENV_VAR) or "."
        return Path(root).expanduser().resolve()

    @classmethod
    def open(cls, root: str | Path | None = None) -> Project:
        path = cls.resolve_root(root)
        if not (path / CONFIG_FILE).exists():
            raise ProjectError(
                f"{path} is not a presswatch project (no {CONFIG_FILE}). "
                f"Run `presswatch init {path}` first, or pass --project DIR / set {ENV_VAR}."
            )
        return cls(path, Config.load(path))

    @classmethod
    def init(cls, root: str | Path | None = None, *, name: str | None = None) -> Project:
        """Create (or re-open) a project: write a starter config if none, create the database."""
        path = cls.resolve_root(root)
        path.mkdir(parents=True, exist_ok=True)
        cfg = path / CONFIG_FILE
        if not cfg.exists():
            cfg.write_text(STARTER_CONFIG.format(name=name or path.name), encoding="utf-8")
        project = cls(path, Config.load(path))
        project.connect().close()
        return project


@contextmanager
def connection(target: Project | sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The given connection as is, or a new one to the project's archive, closed at the end."""
    if isinstance(target, sqlite3.Connection):
        yield target
        return
    conn = target.connect()
    try:
        yield conn
    finally:
        conn.close()
