"""Readers turn a file into records: ``RawDocument`` for what can be stored, ``Skip`` for what cannot."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from presswatch.models import MediaType, RawDocument, Skip

Record = RawDocument | Skip


class Limits:
    def __init__(self, max_bytes: int = 15_000_000):
        self.max_bytes = max_bytes


def kind_of(path: Path) -> tuple[str, bool]:
    """Return (kind, gzipped) from the file name: html, text, warc, jsonl, eml or unknown."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "html", gz
    if name.endswith(".txt"):
        return "text", gz
    if name.endswith((".warc", ".arc")):
        return "warc", gz
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl", gz
    if name.endswith(".eml"):
        return "eml", gz
    return "unknown", gz


def read_limited(path: Path, gz: bool, limits: Limits) -> bytes:
    """Read a whole (possibly gzipped) file, refusing more than ``limits.max_bytes`` after decompression."""
    opener = gzip.open if gz else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        data = fh.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise TooLarge(f"larger than {limits.max_bytes:,} bytes; raise [ingest] max_bytes to accept it")
    return data


class TooLarge(ValueError):
    pass


def read_file(path: Path, limits: Limits) -> Iterator[Record]:
    kind, gz = kind_of(path)
    loc = str(path)
    if kind == "unknown":
        yield Skip(loc, "unsupported_type", "not a known input type (.html .htm .txt .warc .jsonl .eml, optionally .gz)")
        return
    if kind in ("html", "text", "eml"):
        try:
            data = read_limited(path, gz, limits)
        except TooLarge as exc:
            yield Skip(loc, "too_large", str(exc))
            return
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield Skip(loc, "truncated", f"broken gzip stream ({exc}); re-download or re-save the file")
            return
        except OSError as exc:
            yield Skip(loc, "unreadable", f"cannot read the file: {exc}")
            return
        if not data.strip():
            yield Skip(loc, "empty", "the file is empty")
            return
        media: MediaType = "html" if kind == "html" else ("text" if kind == "text" else "eml")
        yield RawDocument(location=loc, key=str(path.resolve()), data=data, media_type=media, path=str(path.resolve()))
        return
    yield Skip(loc, "unsupported_type", f"{kind} input is not supported yet")
