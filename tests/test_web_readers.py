"""The web face's kept search connections (presswatch.web.readers): the same answers as a connection
opened for the request, writes of another process seen, a replaced archive reopened, one connection
from a bounded pool (threads that come and go leave no connection behind), all closed on shutdown."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from presswatch.api import search_units
from presswatch.project import Project
from presswatch.web import create_app
from presswatch.web.readers import Readers, file_identity
from tests.test_search_units import FILLER, add_page

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[1]


def make_project(root: Path, word: str, pages: int = 3) -> Project:
    project = Project.init(root)
    for i in range(pages):
        add_page(project, f"https://{word}.example/{i}", [("article", "en", f"{word.title()} report {i}", [
            f"The {word} committee met again on day {i} to discuss the {word} plan.", FILLER])])
    return project


def api_json(client: TestClient, query: str, **params: str) -> dict[str, object]:
    answer = client.get("/api/search", params={"q": query, **params})
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()
    return data


def test_kept_connection_answers_as_a_new_connection_does(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "budget", pages=8)
    with TestClient(create_app(project)) as client:
        readers: Readers = client.app.state.readers   # type: ignore[attr-defined]
        for query, params in (("budget", {}), ("budget committee", {"limit": "3", "offset": "2"}),
                              ("committee", {"lang": "en"}), ("budget", {"kind": "article"})):
            for _ in range(2):   # the second time on the kept connection, its cache warm
                kept = api_json(client, query, **params)
                fresh = search_units(project, query, limit=int(params.get("limit", 20)),
                                     offset=int(params.get("offset", 0)), lang=params.get("lang"),
                                     kind=params.get("kind"))
                assert kept["hits"] == [h.to_dict() for h in fresh.hits]
                assert (kept["total"], kept["capped"]) == (fresh.total, fresh.capped)
            with_facets = api_json(client, query, facets="true", **params)
            assert with_facets["hits"] == kept["hits"] and with_facets["facets"]
        assert readers.kept == 1 and readers.reopened == 0   # one kept connection, never reopened
        assert client.get("/search", params={"q": "budget"}).status_code == 200
    assert readers.kept == 0   # closed on shutdown


def test_a_write_by_another_process_is_seen(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour")
    with TestClient(create_app(project)) as client:
        assert api_json(client, "lighthouse")["total"] == 0
        code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
                "from presswatch.project import Project; from tests.test_search_units import add_page; "
                "p = Project.open(Path(sys.argv[2])); "
                "add_page(p, 'https://harbour.example/new', [('article', 'en', 'Lighthouse', "
                "['The old lighthouse was lit again.'])]); "
                "c = p.connect(); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()")
        subprocess.run([sys.executable, "-c", code, str(REPO), str(project.root)], check=True, timeout=120)
        found = api_json(client, "lighthouse")
        assert found["total"] == 1 and found["hits"][0]["title"] == "Lighthouse"   # type: ignore[index]


def test_a_replaced_archive_is_reopened(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour")
    other = make_project(tmp_path / "other", "glacier", pages=2)
    with TestClient(create_app(project)) as client:
        readers: Readers = client.app.state.readers   # type: ignore[attr-defined]
        assert api_json(client, "harbour")["total"] == 3
        before = file_identity(readers.db_path)
        # another process puts a different archive in its place (a restore): new files, new inodes
        code = ("import shutil, sys, sqlite3; src, dst = sys.argv[1], sys.argv[2]; "
                "c = sqlite3.connect(src); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close(); "
                "import os; [os.remove(dst + s) for s in ('-wal', '-shm') if os.path.exists(dst + s)]; "
                "shutil.copyfile(src, dst + '.new'); os.replace(dst + '.new', dst)")
        subprocess.run([sys.executable, "-c", code, str(other.db_path), str(project.db_path)], check=True,
                       timeout=60)
        assert file_identity(readers.db_path) != before
        assert api_json(client, "harbour")["total"] == 0      # the new archive, not the old file's pages
        glacier = api_json(client, "glacier")
        assert glacier["total"] == 2
        assert readers.reopened >= 1 and readers.kept == 1
        fresh = search_units(project, "glacier")
        assert glacier["hits"] == [h.to_dict() for h in fresh.hits]


def test_the_file_identity_follows_each_of_the_three_files(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=1)
    conn = project.connect()   # keeps -wal and -shm in place while it is open
    try:
        first = file_identity(project.db_path)
        assert all(part is not None for part in first)
        wal = Path(f"{project.db_path}-wal")
        shutil.copyfile(wal, tmp_path / "wal")
        os.replace(tmp_path / "wal", wal)
        second = file_identity(project.db_path)
        assert second[0] == first[0] and second[1] != first[1] and second[2] == first[2]
    finally:
        conn.close()
    assert file_identity(tmp_path / "nothing.sqlite") == (None, None, None)


def test_a_bounded_pool_read_only_and_closed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=1)
    readers = Readers(project, keep=2)
    seen: list[sqlite3.Connection] = []
    inside = threading.Barrier(3, timeout=30)

    def use() -> None:
        with readers.search_connection() as conn:
            seen.append(conn)
            inside.wait()   # three searches at once: three connections, none shared
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("DELETE FROM units")

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len({id(c) for c in seen}) == 3
    assert readers.kept == 2   # given back: two kept idle, the third closed
    closed = [c for c in seen if not _open(c)]
    assert len(closed) == 1
    # many short-lived threads one after another (as the server's pool ends idle threads): no growth
    for _ in range(20):
        t = threading.Thread(target=_one_search, args=(readers,))
        t.start()
        t.join(timeout=60)
    assert readers.kept == 2
    readers.close()
    assert readers.kept == 0
    for conn in seen:
        assert not _open(conn)
    with readers.search_connection() as conn:   # after close: a connection of the request's own
        assert conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 1


def _one_search(readers: Readers) -> None:
    with readers.search_connection() as conn:
        conn.execute("SELECT COUNT(*) FROM units").fetchone()


def _open(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return False
    return True


def test_a_refused_query_keeps_the_connection(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=1)
    readers = Readers(project)
    with readers.search_connection() as first:
        pass
    with pytest.raises(ValueError):
        with readers.search_connection() as conn:
            search_units(conn, '*')   # (refused: no word to search for)
    with readers.search_connection() as again:
        assert again is first
    readers.close()


def test_an_sqlite_error_drops_the_kept_connection(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=1)
    readers = Readers(project)
    with readers.search_connection() as first:
        pass
    with pytest.raises(sqlite3.OperationalError):
        with readers.search_connection() as conn:
            conn.execute("SELECT * FROM no_such_table")
    assert readers.kept == 0
    with readers.search_connection() as again:
        assert again is not first
    readers.close()


def test_an_archive_without_its_unit_index_is_indexed_by_a_writer(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=2)
    conn = project.connect()
    conn.execute("DELETE FROM unit_fts_state")
    conn.close()
    with TestClient(create_app(project)) as client:
        assert api_json(client, "harbour")["total"] == 2   # built on the first search, by a writer
        assert api_json(client, "harbour")["total"] == 2   # then on the kept read-only connection


def test_a_broken_kept_connection_is_replaced_before_the_request_uses_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", "harbour", pages=1)
    readers = Readers(project)
    with readers.search_connection() as first:
        pass
    first.close()   # as a connection whose files went away under it: its first statement fails
    with readers.search_connection() as conn:
        assert conn is not first and conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 1
    assert readers.kept == 1
    readers.close()


def test_the_objects_alive_at_startup_are_frozen_while_serving(tmp_path: Path) -> None:
    """Serving freezes the startup objects (a full collection inside a request then walks only what the
    requests left) and unfreezes them when it stops; a process that froze objects itself is left as it is."""
    import gc

    project = make_project(tmp_path / "p", "budget")
    assert gc.get_freeze_count() == 0
    with TestClient(create_app(project)) as client:
        frozen = gc.get_freeze_count()
        assert frozen > 10_000   # the modules, the application, its templates
        assert client.get("/api/search", params={"q": "budget"}).status_code == 200
        gc.collect()
        assert gc.get_freeze_count() > frozen // 2   # (a collection leaves them frozen)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    mine = gc.get_freeze_count()
    try:
        with TestClient(create_app(project)) as client:
            assert client.get("/?since=all").status_code == 200 and mine // 2 < gc.get_freeze_count() <= mine
        assert mine // 2 < gc.get_freeze_count() <= mine   # (not unfrozen, nothing more frozen)
    finally:
        gc.unfreeze()


def test_an_archive_replaced_by_an_older_one_is_upgraded_as_at_startup(tmp_path: Path) -> None:
    """A restore of an archive made by an earlier presswatch (a migration not applied yet) while the server
    runs: the reading pages and the searches upgrade it, as the server's start and every write do, instead of
    answering 500 (the kept read-only connections refused it; before web11 the pages' own connections
    migrated it). review12."""
    from presswatch.store.db import migration_files

    project = make_project(tmp_path / "p", "harbour")
    other = make_project(tmp_path / "other", "glacier", pages=2)
    last = max(number for number, _name, _entry in migration_files())
    old = sqlite3.connect(other.db_path)
    old.execute("DELETE FROM schema_migrations WHERE id = ?", (last,))   # its migration is idempotent (IF NOT EXISTS)
    old.commit()
    old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old.close()
    with TestClient(create_app(project)) as client:
        assert api_json(client, "harbour")["total"] == 3
        assert client.get("/?since=all").status_code == 200
        for suffix in ("-wal", "-shm"):
            if os.path.exists(f"{project.db_path}{suffix}"):
                os.remove(f"{project.db_path}{suffix}")
        shutil.copyfile(other.db_path, f"{project.db_path}.new")
        os.replace(f"{project.db_path}.new", project.db_path)
        page = client.get("/?since=all")
        assert page.status_code == 200 and "Glacier report 1" in page.text, page.text[:300]
        assert api_json(client, "glacier")["total"] == 2
    check = sqlite3.connect(project.db_path)
    assert check.execute("SELECT 1 FROM schema_migrations WHERE id = ?", (last,)).fetchone() is not None
    check.close()


def test_an_archive_migrated_in_place_by_a_newer_presswatch_is_checked_again(tmp_path: Path) -> None:
    """Another process (a newer presswatch's ingest) migrates the archive in place while serving: the kept
    connection's schema is checked again before its next use, and the archive is refused with the newer
    presswatch's message instead of being read by code that does not know its schema (review12's risk)."""
    from presswatch.errors import StoreError

    project = make_project(tmp_path / "p", "harbour")
    readers = Readers(project)
    try:
        with readers.reading() as conn:
            assert conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 3
        with readers.reading() as conn:          # the same kept connection, schema unchanged
            conn.execute("SELECT 1").fetchone()
        assert readers.reopened == 0
        newer = sqlite3.connect(project.db_path)
        newer.execute("CREATE TABLE from_a_newer_presswatch (x INTEGER)")
        newer.execute("INSERT INTO schema_migrations (id, name, applied_at) VALUES (9999, 'future', 'now')")
        newer.commit()
        newer.close()
        with pytest.raises(StoreError, match="newer presswatch"):
            with readers.reading() as conn:
                conn.execute("SELECT 1").fetchone()
        assert readers.reopened == 1
    finally:
        readers.close()
