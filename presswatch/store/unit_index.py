"""The unit search index (``unit_fts``): one row per current, non-boilerplate unit, written with the
units (:func:`presswatch.store.units.write_doc`) and rebuilt whole for an archive made before it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from presswatch.store.db import transaction, utcnow
from presswatch.text.fold import fold
from presswatch.text.stems import STEMMED_LANGUAGES, stems_of

NOT_INDEXED = ("boilerplate",)


def unit_document(title: str | None, passages: Iterable[tuple[str, str]]) -> tuple[str, str, str]:
    """(title, body, stems) for a unit: folded title, folded passages, stems of its Albanian passages.
    ``passages``: (language, folded text)."""
    body, stems = [], []
    for lang, folded in passages:
        body.append(folded)
        if lang in STEMMED_LANGUAGES:
            stems.append(stems_of(folded, lang))
    folded_title = fold(title or "")
    return folded_title, "\n".join(body), " ".join(s for s in stems if s)


def drop_version(conn: sqlite3.Connection, version_id: int) -> None:
    """Remove the index rows of a version's units (before the units themselves are replaced)."""
    conn.execute("DELETE FROM unit_fts WHERE rowid IN (SELECT id FROM units WHERE version_id = ?)", (version_id,))


def index_version(conn: sqlite3.Connection, page_id: int, version_id: int,
                  units: list[tuple[int, str, str | None, list[tuple[str, str]]]]) -> None:
    """Index a just-written version's units (id, kind, title, [(lang, folded passage)]) when it is the
    page's newest processed version, and drop the page's older versions from the index."""
    row = conn.execute(
        """SELECT v.version >= COALESCE((SELECT MAX(o.version) FROM page_versions o WHERE o.page_id = v.page_id
                                         AND o.status = 'processed' AND o.id != v.id), 0)
           FROM page_versions v WHERE v.id = ?""", (version_id,)).fetchone()
    if row is None or not row[0]:
        return   # an older version processed again: the newer one stays what is searched
    conn.execute("DELETE FROM unit_fts WHERE rowid IN (SELECT id FROM units WHERE page_id = ? AND version_id != ?)",
                 (page_id, version_id))
    for unit_id, kind, title, passages in units:
        if kind in NOT_INDEXED:
            continue
        conn.execute("INSERT INTO unit_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                     (unit_id, *unit_document(title, passages)))


def index_ready(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM unit_fts_state WHERE id = 1").fetchone() is not None


def rebuild_unit_index(conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None,
                       batch: int = 2000) -> int:
    """Index every current, non-boilerplate unit again (an archive from before unit search); returns
    the number of units indexed. One transaction: an interrupted rebuild leaves the old state."""
    ids = [int(r[0]) for r in conn.execute(
        "SELECT u.id FROM units u JOIN current_versions v ON v.id = u.version_id "
        f"WHERE u.kind NOT IN ({','.join('?' * len(NOT_INDEXED))}) ORDER BY u.id", NOT_INDEXED)]
    with transaction(conn):
        conn.execute("DELETE FROM unit_fts")
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            marks = ",".join("?" * len(chunk))
            titles = {int(r[0]): r[1] for r in conn.execute(f"SELECT id, title FROM units WHERE id IN ({marks})", chunk)}
            passages: dict[int, list[tuple[str, str]]] = {}
            for r in conn.execute(f"SELECT unit_id, lang, text FROM passages WHERE unit_id IN ({marks}) "
                                  "ORDER BY unit_id, ordinal", chunk):
                passages.setdefault(int(r[0]), []).append((r[1], fold(r[2])))
            for unit_id in chunk:
                conn.execute("INSERT INTO unit_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                             (unit_id, *unit_document(titles.get(unit_id), passages.get(unit_id, []))))
            if progress is not None:
                progress(min(start + batch, len(ids)), len(ids))
        conn.execute("INSERT OR REPLACE INTO unit_fts_state (id, built_at) VALUES (1, ?)", (utcnow(),))
    return len(ids)
