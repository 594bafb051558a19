"""Readers turn a file into records: ``RawDocument`` for what can be stored, ``Skip`` for what cannot.

One module per format: this one holds the shared pieces (limits, bounded reading, binary sniffing) and
the readers for single-page files (HTML, text dumps, .eml); ``warc.py`` and ``jsonl.py`` read
multi-record files. Readers never raise for bad input: every problem becomes a :class:`Skip` with a
short reason code and a message that says what to do. Records passed over on purpose (WARC request
records, non-HTML responses) are reported as :class:`Passed` so that the run can count them.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from presswatch.collect.urls import BadURL, normalise_url
from presswatch.models import MediaType, RawDocument, Skip
from presswatch.payload import BOMS, GZIP_MAGIC, check_payload, sniff_binary, utf16_without_bom  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Passed:
    """A record deliberately not stored (not a problem): counted as ``passed:<what>``."""

    location: str
    what: str


Record = RawDocument | Skip | Passed


class Limits:
    """What a reader accepts: the size limit and the file extensions read as HTML and as text."""

    def __init__(self, max_bytes: int = 15_000_000,
                 html_extensions: tuple[str, ...] = (".html", ".htm", ".xhtml", ".shtml"),
                 text_extensions: tuple[str, ...] = (".txt",), max_records: int = 1_000_000):
        self.max_bytes = max_bytes
        self.max_records = max_records
        self.html_extensions = tuple(e.lower() for e in html_extensions)
        self.text_extensions = tuple(e.lower() for e in text_extensions)


class TooLarge(ValueError):
    pass


TRUNCATED_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def kind_of(path: Path, limits: Limits | None = None) -> tuple[str, bool]:
    """Return (kind, gzipped) from the file name: html, text, warc, jsonl, eml or unknown."""
    limits = limits or Limits()
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    if name.endswith(limits.html_extensions):
        return "html", gz
    if name.endswith(limits.text_extensions):
        return "text", gz
    if name.endswith((".warc", ".arc")):
        return "warc", gz
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl", gz
    if name.endswith(".eml"):
        return "eml", gz
    return "unknown", gz


def open_input(path: Path, gz: bool) -> BinaryIO:
    """Open a file for reading, decompressing gzip (by name, or by magic number when misnamed)."""
    fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - returned to the caller
    if not gz:
        if fh.read(2) != GZIP_MAGIC:
            fh.seek(0)
            return fh
        fh.seek(0)
    return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]


def read_limited(path: Path, gz: bool, limits: Limits) -> bytes:
    """Read a whole (possibly gzipped) file, refusing more than ``limits.max_bytes`` after decompression.

    Reads at most ``max_bytes + 1`` bytes, so a huge file or a gzip bomb is never read or
    decompressed in full. Bytes after the last complete gzip member that are not gzip themselves
    (padding, junk appended by a download tool) are ignored, as gzip(1) does.
    """
    with open(path, "rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if gz or magic == GZIP_MAGIC:
            return gunzip_limited(raw, limits)
    fh = open_input(path, gz)
    try:
        data = fh.read(limits.max_bytes + 1)
    finally:
        fh.close()
        inner = getattr(fh, "fileobj", None)
        if inner is not None:
            inner.close()
    if len(data) > limits.max_bytes:
        raise TooLarge(too_large_message(limits))
    return data


def gunzip_limited(fh: BinaryIO, limits: Limits) -> bytes:
    """Decompress every gzip member of ``fh`` (at most ``max_bytes + 1`` bytes of output); trailing
    bytes that do not start a new member end the data instead of failing it. A member that breaks
    off raises :class:`EOFError` (reported as truncated)."""
    out = bytearray()
    budget = limits.max_bytes + 1
    pending = b""
    while len(out) < budget:
        head = pending or fh.read(2)
        if len(head) < 2 or head[:2] != GZIP_MAGIC:
            if not out:
                raise gzip.BadGzipFile("not a gzip file")
            break                                     # trailing junk after the last member
        dec = zlib.decompressobj(wbits=31)
        out += dec.decompress(head, budget - len(out))
        while not dec.eof and len(out) < budget:
            if dec.unconsumed_tail:
                chunk = dec.unconsumed_tail
            else:
                chunk = fh.read(1 << 16)
                if not chunk:
                    raise EOFError("compressed file ended before the end-of-stream marker was reached")
            out += dec.decompress(chunk, budget - len(out))
        pending = dec.unused_data
        if dec.eof and not pending:
            pending = fh.read(2)
            if not pending:
                break
    if len(out) > limits.max_bytes:
        raise TooLarge(too_large_message(limits))
    return bytes(out)


def too_many_records(location: str, limits: Limits) -> Skip:
    return Skip(location, "too_many_records",
                f"more than {limits.max_records:,} records in one file; the first {limits.max_records:,} were "
                "read. Split the file, or raise [ingest] max_records_per_file in presswatch.toml")


def too_large_message(limits: Limits) -> str:
    return (f"larger than {limits.max_bytes:,} bytes (after decompression); raise [ingest] max_bytes "
            "in presswatch.toml to accept it")


# Magic numbers of common non-text files (checked at the start of the decompressed bytes).

def read_single(path: Path, kind: str, gz: bool, limits: Limits) -> Iterator[Record]:
    """A file holding one page: HTML, a plain-text dump, or an .eml newsletter."""
    loc = str(path)
    try:
        data = read_limited(path, gz, limits)
    except TooLarge as exc:
        yield Skip(loc, "too_large", str(exc))
        return
    except TRUNCATED_ERRORS as exc:
        yield Skip(loc, "truncated", f"broken or truncated gzip stream ({exc}); re-download or re-save the file")
        return
    except OSError as exc:
        yield Skip(loc, "unreadable", f"cannot read the file: {exc}; check its permissions")
        return
    bad = check_payload(loc, data)
    if bad:
        yield bad
        return
    resolved = str(path.resolve())
    if kind == "eml":
        from presswatch.mail import eml_record

        yield eml_record(loc, resolved, data)
        return
    media: MediaType = "html" if kind == "html" else "text"
    yield RawDocument(location=loc, key=resolved, data=data, media_type=media, path=resolved)


def page_key(url: str) -> str:
    """The page identity of a URL read from a file (WARC, JSONL): the same normal form the collector
    uses (host case, default port, fragment and tracking parameters removed), so one article reached
    through a saved archive and through live collection is one page. Non-http(s) URLs stay as given."""
    try:
        return normalise_url(url)
    except BadURL:
        return url.strip()

