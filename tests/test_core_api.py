"""The library API: typed results, progress as events (never drawn by the library), read-only reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from presswatch.api import ArchiveStatus, Progress, entity_relink, ingest, process, search, status
from presswatch.errors import StoreError
from presswatch.project import Project
from presswatch.store.db import available_migrations, split_sql

ARTICLE = """Dam vote delayed in Lumëz

By Arta Gjoka

The council of Lumëz postponed the vote on the hydropower dam on Thursday, said mayor Besnik Hoxha,
after farmers from the valley protested outside the town hall for the third day in a row.

"We will not vote while the families who lose their land have not been heard," Hoxha told reporters.
"""


def project_with_pages(tmp_path: Path, n: int = 3) -> tuple[Project, Path]:
    project = Project.init(tmp_path / "p")
    with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[process]\nworkers = 1\n\n[entities]\nuse_spacy = false\n")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"a{i}.txt").write_text(ARTICLE.replace("third", f"{i + 3}th"), encoding="utf-8")
    return Project.open(project.root), src


def test_progress_reaches_the_callback_for_every_stage(tmp_path: Path) -> None:
    project, src = project_with_pages(tmp_path)
    events: list[Progress] = []
    report = ingest(project, [src], progress=events.append)
    assert report.counts["processed"] == 3
    stages = [e.stage for e in events]
    # storing, per-page processing, then each archive-wide stage, in that order
    assert stages.index("ingest") < stages.index("process") < stages.index("reuse") < stages.index("quotes")
    for stage in ("ingest", "process", "reuse", "translation", "entities", "quotes"):
        mine = [e for e in events if e.stage == stage]
        assert mine, stage
        assert mine[-1].done == mine[-1].total, (stage, mine[-1])  # each stage ends complete
        assert [e.done for e in mine] == sorted(e.done for e in mine)
    assert {e.unit for e in events if e.stage == "process"} == {"page"}
    assert {e.unit for e in events if e.stage == "entities"} == {"unit"}
    relinked: list[Progress] = []
    entity_relink(project, progress=relinked.append)
    assert {e.stage for e in relinked} == {"entities", "quotes"}   # exactly the stage and its dependant
    assert process(project, progress=relinked.append)["processed"] == 0


def test_status_is_typed_and_reads_without_migrating(tmp_path: Path) -> None:
    project, src = project_with_pages(tmp_path, 1)
    ingest(project, [src])
    info = status(project)
    assert isinstance(info, ArchiveStatus)
    assert info.counts["processed"] == 1 and info.runs[0].kind == "ingest"
    assert info.runs[0].counts["processed"] == 1
    assert info.as_dict()["counts"]["pages"] == 1


def older_archive(path: Path) -> int:
    """An archive as an older presswatch left it: every migration but the last applied."""
    path.unlink()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    migrations = available_migrations()
    for number, name, sql in migrations[:-1]:
        for statement in split_sql(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01')", (number, name))
    conn.close()
    return migrations[-1][0]


def test_reads_refuse_an_archive_older_than_the_code_and_leave_it_alone(tmp_path: Path) -> None:
    project, _src = project_with_pages(tmp_path, 0)
    last = older_archive(project.db_path)
    for read in (lambda: status(project), lambda: search(project, "dam")):
        with pytest.raises(StoreError, match="older than this presswatch.*presswatch process"):
            read()
    conn = sqlite3.connect(project.db_path)
    assert conn.execute("SELECT MAX(id) FROM schema_migrations").fetchone()[0] < last  # nothing migrated
    conn.close()
    process(project)   # a writing command upgrades it
    assert status(project).counts["pages"] == 0


def test_reads_of_a_missing_archive_say_what_to_do_and_create_nothing(tmp_path: Path) -> None:
    project, _src = project_with_pages(tmp_path, 0)
    project.db_path.unlink()
    assert status(project).counts["pages"] == 0          # nothing there yet: an empty status ...
    assert not project.db_path.exists()                   # ... and reading created nothing
    with pytest.raises(StoreError, match="no archive at .*presswatch init"):
        search(project, "dam")
