"""Which files an ingest reads: walking folders (hidden entries counted, folder loops walked once) and
the checks on one path before it is opened (a name that is not UTF-8, a symlink loop, a device or FIFO).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from presswatch.models import Skip


def shown(path: str | Path) -> str:
    """A path as valid text: bytes of a name that is not UTF-8 become ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """(path, hidden) for every file under ``paths``: folders recursively and sorted; hidden files
    and folders (a leading dot) are yielded with ``hidden=True`` so the run counts what it left out.
    A folder reached twice through symbolic links is walked once."""
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) in seen_dirs:
                    dirs[:] = []
                    continue
                seen_dirs.add((st.st_dev, st.st_ino))
                for d in sorted(d for d in dirs if d.startswith(".")):
                    yield Path(root) / d, True
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    yield Path(root) / name, name.startswith(".")
        elif path.exists() or path.is_symlink():
            yield path, False
        else:
            raise FileNotFoundError(f"{path} does not exist; check the path (folders are read recursively)")


def check_path(path: Path) -> Skip | None:
    """The skip for a path that cannot be read as an input file, else None."""
    loc = shown(path)
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return Skip(loc, "bad_name", "the file name is not valid UTF-8 (bytes shown as \\xNN); rename it, "
                    "for example with `convmv -f latin1 -t utf8 --notest FILE`, and ingest again")
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skip(loc, "symlink_loop", "a symbolic link that points (through others) back to itself; "
                        "fix or remove the link")
        if path.is_symlink():
            return Skip(loc, "unreadable", f"a symbolic link to a missing file ({os.readlink(path)}); fix the link")
        return Skip(loc, "unreadable", f"cannot read the file: {exc}; check its permissions")
    if not stat.S_ISREG(st.st_mode):
        what = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        return Skip(loc, "not_a_file", f"{what}, not a regular file; only files are read, leave it out")
    return None
