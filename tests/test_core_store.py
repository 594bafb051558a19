from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from presswatch.models import RawDocument
from presswatch.project import Project, ProjectError
from presswatch.store.db import StoreError, connect, migrate, transaction
from presswatch.store.pages import get_blob, load_raw, store_raw


def raw(key: str, data: bytes) -> RawDocument:
    return RawDocument(location=key, key=key, data=data, media_type="html", url=key)


def test_init_creates_wal_database_with_recorded_migrations(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p", name="demo")
    assert (project.root / "presswatch.toml").read_text().count('name = "demo"') == 1
    conn = project.connect()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY id")]
    assert names[0] == "0001_core.sql"
    # Re-running init and migrate applies nothing twice.
    Project.init(tmp_path / "p")
    assert migrate(conn) == []
    assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(names)


def test_open_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="presswatch init"):
        Project.open(tmp_path)


def test_same_content_is_a_noop_and_changed_content_is_a_new_version(project: Project) -> None:
    conn = project.connect()
    with transaction(conn):
        first = store_raw(conn, raw("https://a.example/x", b"<p>one</p>"))
        again = store_raw(conn, raw("https://a.example/x", b"<p>one</p>"))
        changed = store_raw(conn, raw("https://a.example/x", b"<p>two</p>"))
    assert (first.outcome, again.outcome, changed.outcome) == ("new_page", "unchanged", "new_version")
    assert first.page_id == changed.page_id and changed.version == 2
    assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 1
    assert load_raw(conn, changed.version_id).data == b"<p>two</p>"


def test_identical_bytes_on_two_pages_share_one_blob(project: Project) -> None:
    conn = project.connect()
    with transaction(conn):
        a = store_raw(conn, raw("k1", b"same bytes"))
        b = store_raw(conn, raw("k2", b"same bytes"))
    assert a.page_id != b.page_id
    assert conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
    digest = conn.execute("SELECT content_hash FROM page_versions LIMIT 1").fetchone()[0]
    assert get_blob(conn, digest) == b"same bytes"


def test_failed_transaction_leaves_nothing_half_written(project: Project) -> None:
    conn = project.connect()
    with pytest.raises(RuntimeError), transaction(conn):
        store_raw(conn, raw("k1", b"data"))
        raise RuntimeError("crash in the middle")
    assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


def test_second_writer_gets_a_clear_error(project: Project) -> None:
    first = project.connect()
    second = connect(project.db_path)
    second.execute("PRAGMA busy_timeout = 50")
    first.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="another writer"), transaction(second):
            pass
    finally:
        first.execute("ROLLBACK")


def test_foreign_keys_are_enforced(project: Project) -> None:
    conn = project.connect()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO passages (unit_id, ordinal, start, \"end\", text) VALUES (999, 0, 0, 1, 'x')")
