"""Output paths that are the archive, its WAL/SHM files or the settings are refused; outputs are whole."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import generators as gen
import pytest
from click.testing import CliRunner

from presswatch.api import ingest
from presswatch.cli import cli
from presswatch.project import Project


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path) -> Project:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "presswatch.toml").write_text("[ingest]\nprocess = false\n", encoding="utf-8")
    project = Project.init(tmp_path / "proj")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(gen.good_page(1))
    ingest(project, [tmp_path / "in"], progress=False)
    return project


@pytest.mark.hostile("outputs")
@pytest.mark.parametrize("command", [["export", "-o"], ["digest", "-o"], ["source", "export"]])
@pytest.mark.parametrize("target", ["presswatch.sqlite", "presswatch.sqlite-wal", "presswatch.sqlite-shm",
                                    "presswatch.toml"])
def test_outputs_never_replace_the_archive_or_the_settings(filled: Project, command: list[str],
                                                           target: str) -> None:
    db, settings = filled.db_path, filled.root / "presswatch.toml"
    conn = filled.connect()               # keep the WAL and SHM files present, as during use
    try:
        before = {p: digest_of(p) for p in (db, settings)}
        old = os.getcwd()
        os.chdir(filled.root)
        try:
            result = CliRunner().invoke(cli, ["--project", str(filled.root), *command, target])
            gen.expect_no_traceback(result)
        finally:
            os.chdir(old)
        if target.endswith(("-wal", "-shm")) and not (filled.root / target).exists():
            pytest.skip("no WAL/SHM file on this platform")
        assert result.exit_code != 0, result.output
        assert "would destroy it" in result.output and "Traceback" not in result.output
        assert {p: digest_of(p) for p in (db, settings)} == before
        assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.hostile("outputs")
def test_outputs_are_written_through_a_temporary_file(filled: Project, tmp_path: Path) -> None:
    from presswatch.api import export_project, process

    process(filled)
    out = tmp_path / "out.jsonl"
    out.write_text("old export\n", encoding="utf-8")
    seen: list[list[str]] = []

    def progress(_n: int) -> None:        # during the export the target still holds the old file
        seen.append(sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")))
        assert out.read_text(encoding="utf-8") == "old export\n"

    export_project(filled, out, progress=progress)
    assert seen and all(names for names in seen)          # a temporary file in the target folder
    assert '"type":"page"' in out.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
