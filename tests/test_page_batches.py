"""Processed pages committed in batches (``[process] commit_pages``, :class:`PageBatch`): the archive is
the one that one transaction per page writes, row for row (units, passages, links, mentions, quotes,
done marks) and search for search, with the incremental archive stages running on committed batches;
a failure inside a batch leaves its pages ``new`` for the next run."""

from __future__ import annotations

import contextlib
import importlib
import sqlite3
import sys
from pathlib import Path

import pytest

import presswatch.runner.pages as runner_pages
from presswatch.api import ingest
from presswatch.project import Project
from presswatch.runner import archive
from presswatch.runner.build import archive_specs, archive_stages, build_pipeline
from presswatch.runner.pages import process_pending

BENCH = Path(__file__).resolve().parents[1] / "bench"
SETTINGS = ("[process]\nworkers = 1\n[ingest]\nprocess = false\n[entities]\nuse_spacy = false\n"
            "[quotes]\nuse_spacy = false\n")
PAGES = 40
QUERIES = ("qeveria", "minister", "tirana", "2024", "parliament OR parlament", "water")


def stored(root: Path, pages: Path) -> Project:
    """A project holding the generated pages, stored and not yet processed."""
    root.mkdir()
    (root / "presswatch.toml").write_text(SETTINGS, encoding="utf-8")
    project = Project.init(root)
    ingest(project, [pages], progress=False)
    return Project.open(root)


def process(project: Project, commit_pages: int, batch: int = 40) -> sqlite3.Connection:
    """What ``process_stored`` does, with stage batches of ``batch`` units so that the incremental
    stages run between pages in this small archive."""
    conn = project.connect()
    config = project.config
    stages = archive_stages(config)
    overlap = archive.Overlap(conn, config, stages, archive_specs(config), batch=batch)
    process_pending(conn, build_pipeline(config), between=overlap, commit_pages=commit_pages)
    assert overlap.done, "no stage ran between pages"
    archive.run_stages(conn, config, stages, batch=batch, overlap=overlap)
    return conn


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    rows = {
        "units": "SELECT id, version_id, page_id, ordinal, kind, title, lang, published, url, text FROM units",
        "passages": "SELECT id, unit_id, ordinal, lang, start, \"end\" FROM passages",
        "links": "SELECT kind, level, a, b, round(score, 6), detail FROM links",
        "mentions": "SELECT * FROM mentions",
        "quotes": "SELECT * FROM quotes",
        "done": "SELECT stage, unit_id FROM stage_done",
        "versions": "SELECT id, status FROM page_versions",
        "anchors": "SELECT anchor, unit_id FROM (SELECT anchor, unit_id FROM reuse_anchors UNION ALL SELECT anchor, unit_id FROM reuse_anchors_l0)",
    }
    out = {name: sorted(tuple(r) for r in conn.execute(sql)) for name, sql in rows.items()}
    for q in QUERIES:
        out[f"passage_fts:{q}"] = [tuple(r) for r in conn.execute(
            "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank, rowid", (q,))]
        out[f"unit_fts:{q}"] = [tuple(r) for r in conn.execute(
            "SELECT rowid FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid", (q,))]
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        corpus = importlib.import_module("scale_corpus")
    finally:
        sys.path.remove(str(BENCH))
    folder = tmp_path_factory.mktemp("generated") / "pages"
    corpus.Generator(13).write_jsonl(folder, 0, PAGES)
    return folder


def test_pages_committed_in_batches_give_the_archive_of_one_transaction_per_page(
        tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = snapshot(process(stored(tmp_path / "one", pages), 1))
    commits: list[int] = []
    real_commit = runner_pages.commit

    def counted(conn: sqlite3.Connection) -> None:
        commits.append(1)
        real_commit(conn)

    monkeypatch.setattr(runner_pages, "commit", counted)
    batched = snapshot(process(stored(tmp_path / "batched", pages), 7))
    assert len(commits) == -(-PAGES // 7)    # one COMMIT per 7 pages written, the last batch partial
    assert one["links"] and one["mentions"] and one["units"]
    assert any(one[f"passage_fts:{q}"] for q in QUERIES) and any(one[f"unit_fts:{q}"] for q in QUERIES)
    for name in one:
        assert batched[name] == one[name], name


def test_a_failure_inside_a_batch_leaves_its_pages_new_for_the_next_run(
        tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = stored(tmp_path / "failed", pages)
    real_write = runner_pages.write_doc
    written: list[int] = []

    def failing(conn: sqlite3.Connection, doc: object) -> list[int]:
        written.append(1)
        if len(written) == 12:
            raise RuntimeError("disk full")
        return real_write(conn, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_pages, "write_doc", failing)
    conn = project.connect()
    with pytest.raises(RuntimeError):
        process_pending(conn, build_pipeline(project.config), commit_pages=5)
    assert not conn.in_transaction
    # pages 1-10 were committed in two batches; 11 and 12 were in the batch that failed
    assert conn.execute("SELECT COUNT(*) FROM page_versions WHERE status = 'processed'").fetchone()[0] == 10
    assert conn.execute("SELECT COUNT(*) FROM units u JOIN page_versions v ON v.id = u.version_id "
                        "WHERE v.status = 'new'").fetchone()[0] == 0
    conn.close()
    monkeypatch.setattr(runner_pages, "write_doc", real_write)
    resumed = process(project, 5)
    clean = process(stored(tmp_path / "clean", pages), 5)
    ours, theirs = snapshot(resumed), snapshot(clean)
    for name in ("versions", "links", "mentions", "quotes", "anchors") + tuple(k for k in ours if "fts" in k):
        assert ours[name] == theirs[name], name


def test_a_failure_on_the_first_page_of_a_batch_leaves_no_transaction_open(
        tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = stored(tmp_path / "first", pages)

    def failing(conn: sqlite3.Connection, doc: object) -> list[int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(runner_pages, "write_doc", failing)
    conn = project.connect()
    with pytest.raises(RuntimeError):
        process_pending(conn, build_pipeline(project.config), commit_pages=5)
    assert not conn.in_transaction
    assert conn.execute("SELECT COUNT(*) FROM page_versions WHERE status = 'new'").fetchone()[0] == PAGES


def test_the_write_lock_is_free_while_pages_are_processed(
        tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's pages wait in memory and are written at its commit: another writer (the web editor)
    can take the write lock whenever a page is being processed (found by review8: the lock was held
    from a batch's first page to its last)."""
    project = stored(tmp_path / "lock", pages)
    real = runner_pages.run_one
    seen: list[str] = []

    def probing(pipeline: object, *job: object) -> object:
        other = project.connect()
        other.execute("PRAGMA busy_timeout = 200")
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            seen.append("free")
        except sqlite3.OperationalError:
            seen.append("locked")
        finally:
            other.close()
        return real(pipeline, *job)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_pages, "run_one", probing)
    conn = project.connect()
    process_pending(conn, build_pipeline(project.config), commit_pages=50)
    assert len(seen) == PAGES and seen.count("locked") == 0
    assert conn.execute("SELECT COUNT(*) FROM page_versions WHERE status = 'processed'").fetchone()[0] == PAGES



def _written_bytes() -> int:
    return int(dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())["wchar"])


def _wal_frames(conn: sqlite3.Connection) -> int:
    db = conn.execute("PRAGMA database_list").fetchone()[2]
    return int.from_bytes(Path(f"{db}-shm").read_bytes()[16:20], sys.byteorder)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts the process's written bytes (/proc/self/io)")
def test_a_statement_journal_in_memory_writes_only_the_wal_frames(tmp_path: Path) -> None:
    """Every statement of a transaction after its first may abort, so SQLite keeps a statement journal
    of the pages it changes; past 64 KiB it becomes a temporary file that every later statement of the
    transaction writes (in the probe of bench/scale.py, 10 pages per page: scale13). A row of a table
    with 24 indexes and a trigger changes more than 16 pages: with ``temp_store = FILE`` the process writes the
    journal's file besides the WAL frames; in :func:`statement_journal_in_memory`, only the frames
    (4 KiB + a 24-byte header each), and the connection's temp_store is its own again afterwards."""
    from presswatch.store.db import connect
    conn = connect(tmp_path / "j.sqlite")
    conn.execute("PRAGMA wal_autocheckpoint = 0")   # the WAL only grows: its new frames are the writes
    conn.execute("PRAGMA cache_size = -65536")      # no page spilled from the cache into the WAL early
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, " + ", ".join(f"c{i} TEXT" for i in range(24)) + ")")
    for i in range(24):
        conn.execute(f"CREATE INDEX t_{i} ON t (c{i})")
    conn.execute("CREATE TABLE seen (id INTEGER PRIMARY KEY, c0 TEXT)")   # a trigger, as units has
    conn.execute("CREATE TRIGGER t_seen AFTER INSERT ON t BEGIN INSERT INTO seen VALUES (new.id, new.c0); END")
    rng = __import__("random").Random(7)

    def rows(n: int) -> list[tuple[str, ...]]:
        return [tuple(f"{rng.random():.12f}" * 8 for _ in range(24)) for _ in range(n)]

    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO t VALUES (NULL, {', '.join('?' * 24)})", rows(3000))
    conn.execute("COMMIT")
    measured = {}
    for name, journal in (("file", contextlib.nullcontext), ("memory", runner_pages.statement_journal_in_memory)):
        conn.execute("PRAGMA temp_store = FILE")
        frames, written = _wal_frames(conn), _written_bytes()
        with journal(conn) if name == "memory" else journal():
            conn.execute("BEGIN")
            for row in rows(200):
                conn.execute(f"INSERT INTO t VALUES (NULL, {', '.join('?' * 24)})", row)
            conn.execute("COMMIT")
        frames, written = _wal_frames(conn) - frames, _written_bytes() - written
        measured[name] = (frames, written, written - frames * (4096 + 24))
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 1   # FILE, as the connection had it
    conn.close()
    assert measured["file"][0] > 100 and measured["memory"][0] > 100
    assert measured["file"][2] > 100 * 4096, measured          # the journal's file, besides the frames
    assert measured["memory"][2] < 4 * 4096, measured          # nothing but the frames


def test_a_batch_is_written_with_its_statement_journal_in_memory(
        tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """:class:`PageBatch` writes and commits its pages with ``temp_store = MEMORY`` (the journal above),
    and the connection has its own temp_store again for the archive stages between batches (whose
    merges of millions of rows must not keep their journal in memory)."""
    project = stored(tmp_path / "journal", pages)
    conn = project.connect()
    conn.execute("PRAGMA temp_store = FILE")
    inside: list[int] = []
    real_write = runner_pages.write_doc

    def noting(c: sqlite3.Connection, doc: object) -> list[int]:
        inside.append(int(c.execute("PRAGMA temp_store").fetchone()[0]))
        return real_write(c, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_pages, "write_doc", noting)
    between: list[int] = []
    process_pending(conn, build_pipeline(project.config), commit_pages=7,
                    between=lambda c, n: between.append(int(c.execute("PRAGMA temp_store").fetchone()[0])))
    assert len(inside) == PAGES and set(inside) == {2}   # MEMORY while the batch is written
    assert between and set(between) == {1}               # FILE again between batches
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 1
    conn.close()
