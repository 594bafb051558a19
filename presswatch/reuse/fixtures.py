"""Reading the parallel fixture format (``### <id> <lang>`` headers, blank-line paragraphs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from presswatch.models import Doc, Passage, RawDocument, Unit
from presswatch.reuse.anchors import split_paragraphs
from presswatch.store.db import transaction
from presswatch.store.pages import store_raw
from presswatch.store.units import write_doc


def read_parallel(path: Path) -> dict[tuple[str, str], str]:
    """(article id, lang) -> text with one paragraph per line."""
    out: dict[tuple[str, str], str] = {}
    key: tuple[str, str] | None = None
    paras: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            paras.append(" ".join(block))
            block.clear()

    for line in path.read_text(encoding="utf-8").splitlines() + ["### end end"]:
        if line.startswith("### "):
            flush()
            if key is not None:
                out[key] = "\n".join(paras)
            parts = line[4:].split()
            if len(parts) != 2:
                raise ValueError(f"{path}: bad header {line!r}; expected '### <id> <lang>'")
            key, paras = (parts[0], parts[1]), []
        elif line.startswith("#") and key is None:
            continue
        elif not line.strip():
            flush()
        else:
            block.append(line.strip())
    out.pop(("end", "end"), None)
    return out


def add_unit(conn: sqlite3.Connection, key: str, text: str, *, lang: str = "en", published: str | None = None,
             outlet: str | None = None, url: str | None = None, title: str | None = None,
             fetched_at: str = "2024-01-01T00:00:00Z") -> int:
    """Store one page with one article unit (one passage per paragraph) without the per-page pipeline;
    return the unit id. For tests and benchmarks of the archive stages."""
    raw = RawDocument(location=key, key=key, data=text.encode("utf-8"), media_type="text", url=url,
                      fetched_at=fetched_at)
    paras, passages, pos = split_paragraphs(text), [], 0
    body = "\n\n".join(paras)
    for i, para in enumerate(paras):
        start = body.index(para, pos)
        passages.append(Passage(ordinal=i, start=start, end=start + len(para), text=para, lang=lang))
        pos = start + len(para)
    with transaction(conn):
        stored = store_raw(conn, raw)
        unit = Unit(ordinal=0, kind="article", text=body, end=len(body), title=title, outlet=outlet,
                    published=published, url=url, lang=lang, passages=passages)
        ids = write_doc(conn, Doc(version_id=stored.version_id, page_id=stored.page_id, raw=raw, units=[unit]))
    return ids[0]
