"""WARC / WARC.gz (and ARC) files: one record per HTML response, read with warcio.

WARC-Target-URI is the page key and url, WARC-Date the fetched_at, and the charset of the HTTP
Content-Type the declared encoding. Request, metadata, revisit and other records, and responses that
are not HTML, are passed over and counted. A truncated file keeps every record read before the break
and records one skip (reason ``truncated``) for the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from presswatch.extract.dates import iso_timestamp
from presswatch.ingest.readers import (
    Limits,
    Passed,
    Record,
    check_payload,
    page_key,
    too_large_message,
    too_many_records,
)
from presswatch.models import RawDocument, Skip

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|p|div|title)[\s>]", re.I)


def charset_of(content_type: str | None) -> str | None:
    m = CHARSET.search(content_type or "")
    return m.group(1).lower() if m else None


def is_html(content_type: str | None, head: bytes) -> bool:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime:
        return mime in HTML_TYPES
    return bool(HTML_HINT.search(head[:2048]))


def read_warc(path: Path, limits: Limits) -> Iterator[Record]:
    """Every record of a WARC file. A record warcio cannot parse (no WARC-Target-URI, broken headers)
    is one skip, and reading goes on from the next record start found after it."""
    loc = str(path)
    try:
        size = os.path.getsize(path)
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Skip(loc, "unreadable", f"cannot read the file: {exc}")
        return
    count = bad = 0
    offset = start = 0
    try:
        while True:
            fh.seek(start)
            iterator = ArchiveIterator(fh, arc2warc=True)
            try:
                for record in iterator:
                    offset = int(iterator.offset)
                    if count >= limits.max_records:
                        yield too_many_records(f"{loc}#warc:{offset}", limits)
                        return
                    result = _record(record, f"{loc}#warc:{offset}", limits)
                    if result is None:  # the record broke off: the file ends inside it
                        yield _truncated(loc, offset, count)
                        return
                    count += 1
                    yield result
            except Exception as exc:  # noqa: BLE001 - warcio raises many types for broken files
                offset = int(getattr(iterator, "offset", offset) or 0)
                if count == 0 and bad == 0 and "Unknown archive format" in str(exc):
                    yield Skip(loc, "invalid", f"not a WARC/ARC file ({exc}); check that this is a web archive")
                    return
                nxt = next_record_start(fh, offset + 1) if bad < MAX_BAD_RECORDS else None
                if nxt is None or isinstance(exc, EOFError):
                    yield _truncated(loc, offset, count, str(exc))
                    return
                bad += 1
                yield Skip(f"{loc}#warc:{offset}", "invalid",
                           f"a WARC record that cannot be read ({type(exc).__name__}: {exc}; for example no "
                           "WARC-Target-URI); the records after it were read")
                start = nxt
                continue
            end = int(iterator.offset or 0)
            if end < size - 4:  # a gzip member that broke off is dropped silently by warcio
                yield _truncated(loc, end, count)
            return
    finally:
        fh.close()


# Records that cannot be parsed before the rest of a file counts as broken.
MAX_BAD_RECORDS = 1000
RECORD_START = re.compile(rb"(?:^|\r?\n)(WARC/1\.[01]\r?\n)")
GZIP_MEMBER = b"\x1f\x8b\x08"


def next_record_start(fh: BinaryIO, after: int, window: int = 1 << 20) -> int | None:
    """The byte offset of the next WARC record (a ``WARC/1.x`` line, or a gzip member in a .warc.gz)
    at or after ``after``; None at the end of the file. Reads forward in windows (bounded memory)."""
    pos = after
    while True:
        fh.seek(pos)
        chunk = fh.read(window + 16)
        if not chunk:
            return None
        hits = [i for i in (chunk.find(GZIP_MEMBER),) if i >= 0]
        m = RECORD_START.search(chunk)
        if m:
            hits.append(m.start(1))
        if hits:
            return pos + min(hits)
        if len(chunk) <= window:
            return None
        pos += window


def _truncated(loc: str, offset: int, kept: int, detail: str = "") -> Skip:
    why = f" ({detail})" if detail else ""
    return Skip(f"{loc}#warc:{offset}", "truncated",
                f"the WARC file breaks off at byte {offset:,}{why}; the {kept} record(s) before it were read, "
                "the rest is lost — re-download the file and ingest it again")


def _record(record: Any, loc: str, limits: Limits) -> Record | None:
    """The record to yield for one WARC record, or None when it is cut short by the end of file."""
    rec_type = record.rec_type
    if rec_type != "response":
        return Passed(loc, f"warc_{rec_type}")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    content_type = http.get_header("Content-Type") if http is not None else None
    stream = record.content_stream()
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return Skip(loc, "too_large", too_large_message(limits))
    record.raw_stream.read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None
    if status and not str(status).startswith("2"):
        return Passed(loc, f"http_{str(status)[:1]}xx")
    if not is_html(content_type, data):
        return Passed(loc, "non_html")
    bad = check_payload(loc, data)
    if bad:
        return bad
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    uri = uri.strip().strip("<>")
    if not uri:
        return Skip(loc, "invalid", "response record without WARC-Target-URI; cannot tell which page it is")
    meta: dict[str, Any] = {"url": uri}
    warc_date = record.rec_headers.get_header("WARC-Date")
    fetched_at = iso_timestamp(warc_date) if warc_date else None
    if warc_date and fetched_at is None:
        meta["invalid_dates"] = [f"WARC-Date {warc_date[:60]!r}"]
    return RawDocument(location=loc, key=page_key(uri), data=data, media_type="html", url=uri,
                       fetched_at=fetched_at,
                       declared_encoding=charset_of(content_type), meta=meta)
