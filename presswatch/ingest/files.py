"""One input file to records: picks the reader by the file's kind (single page, WARC, JSONL, e-mail).

The readers (:mod:`presswatch.ingest.readers` for single files and the shared checks,
:mod:`presswatch.ingest.warc`, :mod:`presswatch.ingest.jsonl`) sit below this module, so none of
them imports another in a circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presswatch.ingest.jsonl import read_jsonl
from presswatch.ingest.paths import check_path
from presswatch.ingest.readers import Limits, Record, kind_of, read_single
from presswatch.ingest.warc import read_warc
from presswatch.models import Skip


def read_file(path: Path, limits: Limits) -> Iterator[Record]:
    """Every record in one file (never raises for bad content)."""
    bad_path = check_path(path)
    if bad_path is not None:
        yield bad_path
        return
    kind, gz = kind_of(path, limits)
    loc = str(path)
    if kind == "unknown":
        yield Skip(loc, "unsupported_type",
                   "not a known input type (.html .htm .txt .warc .jsonl .ndjson .eml, optionally .gz); "
                   "rename it or leave it out")
        return
    try:
        if path.stat().st_size == 0:
            yield Skip(loc, "empty", "the file is empty")
            return
    except OSError as exc:
        yield Skip(loc, "unreadable", f"cannot read the file: {exc}")
        return
    if kind in ("html", "text", "eml"):
        yield from read_single(path, kind, gz, limits)
    elif kind == "warc":
        yield from read_warc(path, limits)
    else:
        yield from read_jsonl(path, gz, limits)
