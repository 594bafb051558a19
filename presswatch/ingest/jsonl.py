"""JSONL / NDJSON (optionally gzipped): one object per line with ``url`` and ``html`` or ``text``.

Optional metadata keys are stored in ``RawDocument.meta`` under the names the Extract component
reads: title, author, published (also ``date``), outlet (also ``site`` / ``sitename``), lang;
``fetched_at`` becomes the version's fetch time. Every invalid line is its own skip at
``path#line:N``; a truncated gzip keeps the lines read before the break.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presswatch.extract.dates import iso_timestamp, normalise_date
from presswatch.ingest.readers import (
    TRUNCATED_ERRORS,
    Limits,
    Record,
    check_payload,
    open_input,
    page_key,
    too_large_message,
    too_many_records,
)
from presswatch.models import MediaType, RawDocument, Skip

META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("author",),
    "published": ("published", "date"),
    "outlet": ("outlet", "site", "sitename"),
    "lang": ("lang",),
}


def read_jsonl(path: Path, gz: bool, limits: Limits) -> Iterator[Record]:
    loc = str(path)
    try:
        fh = open_input(path, gz)
    except OSError as exc:
        yield Skip(loc, "unreadable", f"cannot read the file: {exc}")
        return
    number = records = 0
    try:
        while True:
            number += 1
            line_loc = f"{loc}#line:{number}"
            line = fh.readline(limits.max_bytes + 1)
            if not line:
                return
            if records >= limits.max_records:
                yield too_many_records(line_loc, limits)
                return
            records += 1
            if len(line) > limits.max_bytes and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # drop the rest of the line unread-into-memory
                    line = fh.readline(1 << 20)
                yield Skip(line_loc, "too_large", too_large_message(limits))
                continue
            if not line.strip():
                continue
            try:
                yield parse_line(line, line_loc)
            except Exception as exc:  # noqa: BLE001 - one bad line never ends the file
                yield Skip(line_loc, "invalid_jsonl", f"the line cannot be read ({type(exc).__name__}: {exc}); "
                           "fix or remove it")
    except TRUNCATED_ERRORS as exc:
        yield Skip(f"{loc}#line:{number}", "truncated",
                   f"broken or truncated gzip stream at line {number} ({exc}); the lines before it were read — "
                   "re-download the file and ingest it again")
    except OSError as exc:
        yield Skip(f"{loc}#line:{number}", "unreadable", f"cannot read the file: {exc}")
    finally:
        fh.close()


def parse_line(line: bytes, loc: str) -> Record:
    try:
        obj = json.loads(line)
    except RecursionError:
        return Skip(loc, "invalid_jsonl", "the JSON is nested too deeply to read (thousands of levels); "
                    "this is not a page record, remove the line")
    except UnicodeDecodeError as exc:
        return Skip(loc, "invalid_jsonl", f"the line is not UTF-8 ({exc.reason}); JSONL must be UTF-8")
    except ValueError as exc:
        return Skip(loc, "invalid_jsonl", f"not valid JSON ({exc}); fix or remove the line")
    if not isinstance(obj, dict):
        return Skip(loc, "invalid_jsonl", f"expected a JSON object, got {type(obj).__name__}")
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return Skip(loc, "invalid_jsonl", "the line holds a lone UTF-16 surrogate escape (such as \\ud800), "
                    "which is not text; fix the program that wrote the file")
    url = obj.get("url")
    if not isinstance(url, str) or not url.strip():
        return Skip(loc, "invalid_jsonl", "no \"url\" string; every line needs a url and html or text")
    body: Any = None
    media: MediaType = "html"
    for key, kind in (("html", "html"), ("text", "text")):
        if isinstance(obj.get(key), str) and obj[key].strip():
            body, media = obj[key], kind  # type: ignore[assignment]
            break
    if body is None:
        return Skip(loc, "invalid_jsonl", "no non-empty \"html\" or \"text\" string; nothing to store")
    data = body.encode("utf-8", errors="replace")
    bad = check_payload(loc, data)
    if bad:
        return bad
    meta: dict[str, Any] = {"url": url.strip()}
    invalid: list[str] = []
    for name, keys in META_KEYS.items():
        for key in keys:
            value = obj.get(key)
            if isinstance(value, str | int | float) and str(value).strip():
                meta[name] = str(value).strip()
                break
    if "published" in meta:
        published = normalise_date(meta["published"])
        if published is None:
            invalid.append(f"published {shorten(meta.pop('published'))}")
        else:
            meta["published"] = published
    fetched = obj.get("fetched_at")
    fetched_at = iso_timestamp(fetched) if fetched not in (None, "") else None
    if fetched not in (None, "") and fetched_at is None:
        invalid.append(f"fetched_at {shorten(fetched)}")
    if invalid:   # the page is kept; the value is not a date and is not stored as one
        meta["invalid_dates"] = invalid
    return RawDocument(location=loc, key=page_key(url), data=data, media_type=media, url=url.strip(),
                       fetched_at=fetched_at, declared_encoding="utf-8", meta=meta)


def shorten(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
