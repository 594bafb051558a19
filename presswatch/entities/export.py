"""Export records for entities, mentions and quotes (registered in presswatch/runner/registry.py).

``entity`` {id, kind, name, aliases}, ``mention`` {entity_id, passage_id, start, end, surface} (offsets
into the passage text) and ``quote`` {id, passage_id, speaker, speaker_entity_id, cue, text, start, end,
direct, outlet}.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Protocol

Record = dict[str, Any]
LATEST = "current_versions v"  # view defined in migration 0010_current_versions.sql


class WindowLike(Protocol):
    def clause(self, column: str) -> tuple[str, tuple[str, ...]]: ...


def _ref(kind: str, key: int | None) -> str | None:
    return None if key is None else f"{kind}:{key}"


def entity_records(conn: sqlite3.Connection, window: WindowLike) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT e.* FROM entities e WHERE e.merged_into IS NULL AND (e.source = 'watchlist' OR EXISTS (
                  SELECT 1 FROM mentions m JOIN units u ON u.id = m.unit_id
                  JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id WHERE m.entity_id = e.id {where}))
              ORDER BY e.id"""
    for r in conn.execute(sql, params).fetchall():
        aliases = [a[0] for a in conn.execute(
            """SELECT alias FROM entity_aliases WHERE status = 'active' AND entity_id IN
               (SELECT id FROM entities WHERE id = ? OR merged_into = ?) ORDER BY id""", (r["id"], r["id"]))]
        yield {"type": "entity", "id": _ref("entity", r["id"]), "kind": r["kind"], "name": r["name"],
               "aliases": [a for a in dict.fromkeys(aliases) if a != r["name"]], "key": r["key"],
               "source": r["source"]}


def mention_records(conn: sqlite3.Connection, window: WindowLike) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT m.*, COALESCE(e.merged_into, e.id) AS eid FROM mentions m
              JOIN entities e ON e.id = m.entity_id JOIN units u ON u.id = m.unit_id
              JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id WHERE 1 = 1 {where} ORDER BY m.id"""
    for r in conn.execute(sql, params):
        yield {"type": "mention", "id": _ref("mention", r["id"]), "entity_id": _ref("entity", r["eid"]),
               "passage_id": _ref("passage", r["passage_id"]), "start": r["start"], "end": r["end"],
               "surface": r["surface"], "method": r["method"]}


def quote_records(conn: sqlite3.Connection, window: WindowLike) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT q.* FROM quotes q JOIN units u ON u.id = q.unit_id
              JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id WHERE 1 = 1 {where} ORDER BY q.id"""
    for r in conn.execute(sql, params):
        yield {"type": "quote", "id": _ref("quote", r["id"]), "passage_id": _ref("passage", r["passage_id"]),
               "speaker": r["speaker"], "speaker_entity_id": _ref("entity", r["speaker_entity_id"]),
               "cue": r["cue"], "text": r["text"], "start": r["start"], "end": r["end"],
               "direct": bool(r["direct"]), "outlet": r["outlet"], **_spans(r)}


def _spans(r: sqlite3.Row) -> dict[str, int | None]:
    """Source and cue offsets of a quote, moved from unit offsets to offsets into its passage text."""
    shift = r["unit_start"] - r["start"]
    return {k: (r[k] - shift if r[k] is not None else None)
            for k in ("source_start", "source_end", "cue_start", "cue_end")}
