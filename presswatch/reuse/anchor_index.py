"""The translation stage's anchor postings: which units hold a strong anchor (``reuse_anchors``).

A batch's new rows go to a small level table, ``reuse_anchors_l0`` (migration 0040), merged into
``reuse_anchors`` in key order once it holds more than :data:`ANCHOR_CAPS` rows (the level merge of the
reuse index, :func:`presswatch.reuse.index.insert_levelled`): anchors are spread over the key space, so
inserted straight into a large table each row would cost a leaf of its own. A lookup reads both tables:
the rows of one table holding them all. A batch's lookups are made at once, in key order
(:func:`postings`), so they walk each table's leaves in order instead of one random leaf per anchor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from presswatch.reuse.index import insert_levelled

TABLES = ("reuse_anchors_l0", "reuse_anchors")   # newest first; the last is the main table
# Rows level 0 holds before it is merged into reuse_anchors (~300 leaves: inside a 2 MiB page cache).
ANCHOR_CAPS: tuple[int, ...] = (1 << 16,)
LOOKUP = " UNION ALL ".join(f"SELECT unit_id FROM {t} WHERE anchor = ?1" for t in TABLES) + " LIMIT ?2"


def replace_anchors(conn: sqlite3.Connection, anchors: Mapping[int, Iterable[str]],
                    caps: tuple[int, ...] = ANCHOR_CAPS) -> int:
    """Make ``anchors`` (unit id -> its strong anchors) the postings of those units: their old rows go
    (every table), the new ones are inserted sorted into level 0 (``caps`` = (): straight into
    ``reuse_anchors``, the layout before migration 0040). Returns the rows merged."""
    removed = 0
    for uid in anchors:
        for table in TABLES:
            n = conn.execute(f"DELETE FROM {table} WHERE unit_id = ?", (uid,)).rowcount
            removed += n if table == TABLES[0] else 0
    if removed:   # level 0's count only decides when it is merged
        conn.execute("UPDATE reuse_levels SET rows = MAX(rows - ?, 0) WHERE name = ?", (removed, TABLES[0]))
    rows = sorted({(a, uid) for uid, held in anchors.items() for a in held})
    if not caps:
        conn.executemany(f"INSERT OR IGNORE INTO {TABLES[-1]} (anchor, unit_id) VALUES (?, ?)", rows)
        return 0
    return insert_levelled(conn, TABLES, ("anchor", "unit_id"), rows, caps)


def lookup(conn: sqlite3.Connection, anchor: str, limit: int) -> list[int]:
    """The units holding ``anchor``, at most ``limit`` of them (a row is in one table only)."""
    return [int(r[0]) for r in conn.execute(LOOKUP, (anchor, limit)).fetchall()]


def postings(conn: sqlite3.Connection, anchors: Iterable[str], limit: int) -> dict[str, list[int]]:
    """:func:`lookup` of every distinct anchor, in key order (SQLite's binary order of UTF-8 text is
    Python's order of code points)."""
    return {a: lookup(conn, a, limit) for a in sorted(set(anchors))}


def clear(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM reuse_levels WHERE name = ?", (TABLES[0],))
