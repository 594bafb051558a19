"""Writing a processed document: units, passages and the search index, replacing earlier results."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from presswatch.models import Doc
from presswatch.store.db import utcnow
from presswatch.store.unit_index import drop_version, index_version
from presswatch.text.fold import fold

# the columns of unit_prepared: one per archive stage that uses per-unit features made in the workers
PREPARED_PARTS = ("reuse", "document", "word_case", "attributions")


def delete_units(conn: sqlite3.Connection, version_id: int) -> None:
    drop_version(conn, version_id)
    conn.execute(
        """DELETE FROM passage_fts WHERE rowid IN
           (SELECT p.id FROM passages p JOIN units u ON u.id = p.unit_id WHERE u.version_id = ?)""",
        (version_id,),
    )
    conn.execute("DELETE FROM units WHERE version_id = ?", (version_id,))


def write_doc(conn: sqlite3.Connection, doc: Doc) -> list[int]:
    """Replace the units and passages of ``doc.version_id``. Call inside a transaction."""
    delete_units(conn, doc.version_id)
    unit_ids = []
    indexed: list[tuple[int, str, str | None, list[tuple[str, str]]]] = []
    for unit in doc.units:
        cur = conn.execute(
            """INSERT INTO units (version_id, page_id, ordinal, kind, title, author, outlet, published,
                   lang, url, text, start, "end", meta, date_source)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (doc.version_id, doc.page_id, unit.ordinal, unit.kind, unit.title, unit.author, unit.outlet,
             unit.published, unit.lang, unit.url, unit.text, unit.start, unit.end,
             json.dumps({**unit.meta, **({"pieces": unit.pieces, "joiner": unit.joiner} if unit.pieces else {})},
                        ensure_ascii=False, default=str), unit.date_source),
        )
        unit_id = int(cur.lastrowid or 0)
        unit_ids.append(unit_id)
        if unit.analysis is not None:
            conn.execute("INSERT INTO unit_analysis (unit_id, data) VALUES (?, ?)",
                         (unit_id, json.dumps(unit.analysis, ensure_ascii=False, separators=(",", ":"))))
        if unit.prepared is not None:
            conn.execute("INSERT INTO unit_prepared (unit_id, reuse, document, word_case, attributions) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (unit_id, *(None if (part := unit.prepared.get(name)) is None else
                                     json.dumps(part, ensure_ascii=False, separators=(",", ":"))
                                     for name in PREPARED_PARTS)))
        folded_passages: list[tuple[str, str]] = []
        indexed.append((unit_id, unit.kind, unit.title, folded_passages))
        for passage in unit.passages:
            pcur = conn.execute(
                """INSERT INTO passages (unit_id, ordinal, lang, lang_score, start, "end", text)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (unit_id, passage.ordinal, passage.lang, passage.lang_score, passage.start, passage.end,
                 passage.text),
            )
            folded = fold(passage.text)
            folded_passages.append((passage.lang, folded))
            conn.execute("INSERT INTO passage_fts (rowid, body) VALUES (?, ?)", (pcur.lastrowid, folded))
    conn.execute(
        "UPDATE page_versions SET status = 'processed', status_reason = NULL, processed_at = ? WHERE id = ?",
        (utcnow(), doc.version_id),
    )
    index_version(conn, doc.page_id, doc.version_id, indexed)
    return unit_ids


def read_analysis(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The stored per-page analysis of ``unit_ids`` (``unit_analysis``; units without one are left out)."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(unit_ids), 500):
        chunk = unit_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for uid, data in conn.execute(f"SELECT unit_id, data FROM unit_analysis WHERE unit_id IN ({marks})", chunk):
            out[int(uid)] = json.loads(data)
    return out


def read_prepared(conn: sqlite3.Connection, unit_ids: list[int], part: str) -> dict[int, Any]:
    """One part (:data:`PREPARED_PARTS`) of the stored per-unit features of ``unit_ids``
    (``unit_prepared``, written by the "prepare" page component; units without it are left out)."""
    if part not in PREPARED_PARTS:
        raise ValueError(f"unknown prepared part {part!r}")
    out: dict[int, Any] = {}
    ids = list(dict.fromkeys(unit_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for uid, data in conn.execute(
                f"SELECT unit_id, {part} FROM unit_prepared WHERE unit_id IN ({marks}) AND {part} IS NOT NULL", chunk):
            out[int(uid)] = json.loads(data)
    return out
