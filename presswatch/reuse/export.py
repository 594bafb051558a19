"""Export producer for ``link`` records (registered in presswatch/runner/registry.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from presswatch.contracts import LATEST, Window


def link_records(conn: sqlite3.Connection, window: Window) -> Iterator[dict[str, Any]]:
    """Links whose two ends belong to exported units (latest processed versions within the window)."""
    where, params = window.clause("v.fetched_at")
    exported_units = f"SELECT u.id FROM units u JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id WHERE 1 = 1 {where}"
    exported_passages = f"SELECT s.id FROM passages s WHERE s.unit_id IN ({exported_units})"
    sql = f"""SELECT * FROM links WHERE
                (level = 'unit' AND a IN ({exported_units}) AND b IN ({exported_units}))
             OR (level = 'passage' AND a IN ({exported_passages}) AND b IN ({exported_passages}))
              ORDER BY id"""
    for r in conn.execute(sql, params * 4):
        level = r["level"]
        yield {"type": "link", "id": f"link:{r['id']}", "kind": r["kind"], "level": level,
               "a": f"{level}:{r['a']}", "b": f"{level}:{r['b']}", "score": round(float(r["score"]), 4),
               "detail": json.loads(r["detail"] or "{}")}
