"""A damaged, unreadable or read-only archive gets a clear message (never a traceback, never a silent
new archive); kill -9 of an ingest leaves no worker behind and the run is marked interrupted."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import generators as gen
import pytest
from click.testing import CliRunner

from presswatch.api import ingest
from presswatch.cli import cli
from presswatch.project import Project

REPO = Path(__file__).resolve().parents[2]


def filled(root: Path, pages: int = 3) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "presswatch.toml").write_text("[ingest]\nprocess = false\n", encoding="utf-8")
    project = Project.init(root)
    folder = root.parent / "in"
    folder.mkdir(exist_ok=True)
    for i in range(pages):
        (folder / f"p{i}.html").write_bytes(gen.good_page(i) * 40)   # a few database pages each
    ingest(project, [folder], progress=False)
    conn = project.connect()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return project


def damage(db: Path, how: str) -> None:
    data = db.read_bytes()
    if how == "header":
        db.write_bytes(b"SQLite formut 3\x00" + data[16:])
    elif how == "truncated":
        db.write_bytes(data[: len(data) // 2])
    elif how == "random":
        db.write_bytes(random.Random(1).randbytes(len(data)))
    elif how == "empty":
        db.write_bytes(b"")
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)


@pytest.mark.hostile("archive")
@pytest.mark.parametrize(("how", "words"), [("header", "not an SQLite database"), ("truncated", "cut off"),
                                            ("random", "not an SQLite database"), ("empty", "zero-length")])
@pytest.mark.parametrize("command", [["status"], ["search", "council"], ["export", "-o", "out.jsonl"]])
def test_damaged_archive_is_a_clear_error(tmp_path: Path, how: str, words: str, command: list[str]) -> None:
    project = filled(tmp_path / "proj")
    damage(project.db_path, how)
    size = project.db_path.stat().st_size
    if command[0] == "export":
        command = ["export", "-o", str(tmp_path / "out.jsonl")]
    result = CliRunner().invoke(cli, ["--project", str(project.root), *command])
    gen.expect_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output
    assert project.db_path.stat().st_size == size           # nothing written over it, no new archive


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """Run a CLI command in a forked child that became user "nobody" (modules already imported, so the
    child needs no access to the interpreter's files): (exit code, output)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child
        code, out = 99, ""
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            result = CliRunner().invoke(cli, args)
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            code, out = result.exit_code, result.output + (f"UNCAUGHT {result.exception!r}" if crashed else "")
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            out = f"child failed: {exc!r}"
        finally:
            os.write(write, json.dumps([code, out]).encode())
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    code, out = json.loads(b"".join(chunks))
    return int(code), str(out)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder other users can enter (pytest's own temporary folders are private)."""
    path = Path(tempfile.mkdtemp(prefix="pw-hostile-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.hostile("archive")
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to run the command as another user (root ignores file permissions)")
@pytest.mark.parametrize("what", ["folder", "database"])
def test_read_only_archive_is_a_clear_error(shared_tmp: Path, what: str) -> None:
    project = filled(shared_tmp / "proj")
    for path in [shared_tmp, *shared_tmp.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)        # owned by root: read-only for "nobody"
    if what == "database":
        project.root.chmod(0o777)                            # the folder is writable, the file is not
    (shared_tmp / "in" / "new.html").write_bytes(gen.good_page(50))
    (shared_tmp / "in" / "new.html").chmod(0o644)
    code, out = _as_nobody(["--project", str(project.root), "ingest", str(shared_tmp / "in")])
    if "UNCAUGHT" in out:
        raise gen.Crashed(out[-300:])
    assert code == 1, out
    assert "read-only" in out and "Traceback" not in out and "Error" in out, out


def _proc_state(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) from /proc/<pid>/stat, None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state = _proc_state(int(entry.name))
            if state is not None and state[1] == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    state = _proc_state(pid)
    return state is not None and state[0] != "Z"


@pytest.mark.hostile("kill")
@pytest.mark.skipif(sys.platform != "linux", reason="Linux process model")
def test_kill_9_of_ingest_leaves_no_workers_and_marks_the_run_interrupted(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "presswatch.toml").write_text("[process]\nworkers = 2\n", encoding="utf-8")
    Project.init(root)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"p{i}.html").write_bytes(gen.good_page(i))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "presswatch", "--project", str(root), "ingest", str(folder)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    for _ in range(1200):                      # until the worker pool is up (bounded: 120 s)
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "the ingest never started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [p for p in workers if _alive(p)]
        time.sleep(0.1)
    for pid in alive:                          # never leave them behind, even when the case fails
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "orphaned workers survived their parent"
    project = Project.open(root)
    from presswatch.api import status

    runs = status(project).runs
    assert runs[0].status == "interrupted", runs           # seen by status, before any new run
    report = ingest(project, [folder], progress=False)          # and the re-run finishes the work
    assert json.loads(json.dumps(dict(report.counts)))["records"] == 60
    conn = project.connect(readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM page_versions WHERE status = 'new'").fetchone()[0] == 0
    conn.close()
