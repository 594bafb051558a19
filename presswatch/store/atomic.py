"""Writing a file whole or not at all: a temporary file in the same folder, renamed at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
SETTINGS_FILE = "presswatch.toml"


class ProtectedOutput(ValueError):
    """An output path that would replace the archive, its WAL/SHM files or the settings."""


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def check_output_path(path: str | Path) -> Path:
    """Refuse to write over an SQLite database (the archive), its -wal/-shm/-journal files, or a
    project's settings file; return the path. Every output (export, digest, OPML, ...) goes through this."""
    target = Path(path)
    what = None
    if target.name == SETTINGS_FILE:
        what = "the project settings"
    elif target.exists() and _is_sqlite(target):
        what = "an SQLite database (the archive?)"
    else:
        for suffix in SQLITE_SIDE_FILES:
            if target.name.endswith(suffix) and _is_sqlite(target.with_name(target.name[: -len(suffix)])):
                what = f"the {suffix[1:].upper()} file of an SQLite database (the archive?)"
    if what is not None:
        raise ProtectedOutput(f"{target} is {what}; writing there would destroy it. Choose another output "
                              "file, e.g. -o export.jsonl or -o digest.html")
    return target


@contextmanager
def atomic_text_file(path: str | Path) -> Iterator[TextIO]:
    """Yield a text file that replaces ``path`` only when the block ends without an error.

    A reader never sees half a file, and an interrupted write leaves the old file (or none). The
    temporary file is opened normally, so the result gets the usual permissions (umask). The
    archive, its WAL/SHM files and the settings are refused (:func:`check_output_path`).
    """
    target = check_output_path(path)
    if target.is_dir():
        raise ValueError(f"{target} is a folder; give a file name (for example one inside that folder)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
