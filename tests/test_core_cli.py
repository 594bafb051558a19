from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from presswatch.cli import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append(prefix + (name,))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, prefix + (name,)))
    return found


def test_every_command_has_help() -> None:
    runner = CliRunner()
    commands = all_commands(cli)
    assert {("init",), ("ingest",), ("status",), ("process",)} <= set(commands)
    for path in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
        assert len(result.output.splitlines()) > 3, path


def test_missing_project_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "status"])
    assert result.exit_code != 0
    assert "presswatch init" in result.output


def test_console_script_runs_init_ingest_status(tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text("A title line\n\nThis is a paragraph of English prose about the election results.\n",
                    encoding="utf-8")
    proj = tmp_path / "proj"
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "presswatch", *args], capture_output=True, text=True, check=True)
    run("init", str(proj))
    out = run("--project", str(proj), "ingest", "-q", str(page.parent)).stdout
    assert "new_page 1" in out
    out = run("ingest", "--project", str(proj), "-q", str(page.parent)).stdout
    assert "unchanged 1" in out and "new_page" not in out
    status = run("--project", str(proj), "status").stdout
    assert "pages" in status and "processed" in status
