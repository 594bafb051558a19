"""Writing a file whole or not at all: a temporary file in the same folder, renamed at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(path: str | Path) -> Iterator[TextIO]:
    """Yield a text file that replaces ``path`` only when the block ends without an error.

    A reader never sees half a file, and an interrupted write leaves the old file (or none). The
    temporary file is opened normally, so the result gets the usual permissions (umask).
    """
    target = Path(path)
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
