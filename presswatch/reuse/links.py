"""The ``links`` table: typed, scored, directed links between passages or units."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from presswatch.store.db import utcnow

LinkKind = Literal["duplicate", "near_duplicate", "excerpt_of", "copy_of", "contains", "translation_of"]
Level = Literal["passage", "unit"]
REUSE_KINDS = ("duplicate", "near_duplicate", "excerpt_of", "copy_of")
# Unit links that make two units the same text (a copy group: one first publisher); ``contains``
# (a longer page holding a whole earlier text) relates them without making them one text.
COPY_GROUP_KINDS = ("copy_of", "excerpt_of")
UNIT_REUSE_KINDS = ("copy_of", "excerpt_of", "contains")


@dataclass(frozen=True)
class Link:
    kind: str
    level: str
    a: int
    b: int
    score: float
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def record(self) -> dict[str, Any]:
        """The export shape: ``{type: link, kind, a, b, score, ...}`` with typed references."""
        return {"type": "link", "kind": self.kind, "a": f"{self.level}:{self.a}", "b": f"{self.level}:{self.b}",
                "score": round(self.score, 4), "level": self.level, "detail": self.detail}


def put_links(conn: sqlite3.Connection, links: Iterable[Link]) -> int:
    """Insert or update links (one per level, kind, a, b). Call inside a transaction."""
    now = utcnow()
    rows = [(lk.kind, lk.level, lk.a, lk.b, float(lk.score), json.dumps(lk.detail, ensure_ascii=False), now)
            for lk in links]
    conn.executemany(
        """INSERT INTO links (kind, level, a, b, score, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (level, kind, a, b) DO UPDATE SET score = excluded.score, detail = excluded.detail""",
        rows)
    return len(rows)


def _row(row: sqlite3.Row) -> Link:
    return Link(row["kind"], row["level"], int(row["a"]), int(row["b"]), float(row["score"]),
                json.loads(row["detail"] or "{}"), int(row["id"]))


def links_of(conn: sqlite3.Connection, level: str, ids: Iterable[int],
             kinds: Iterable[str] | None = None) -> list[Link]:
    """Every link touching one of ``ids`` at ``level`` (either end)."""
    wanted = list(dict.fromkeys(ids))
    kind_set = set(kinds) if kinds is not None else None
    out: dict[int, Link] = {}
    for start in range(0, len(wanted), 400):
        chunk = wanted[start:start + 400]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
                f"""SELECT * FROM links WHERE level = ? AND a IN ({marks})
                    UNION SELECT * FROM links WHERE level = ? AND b IN ({marks})""",
                (level, *chunk, level, *chunk)):
            link = _row(row)
            if kind_set is None or link.kind in kind_set:
                out[int(row["id"])] = link
    return list(out.values())


def iter_links(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every link as an export record (``type: link``), in id order."""
    for row in conn.execute("SELECT * FROM links ORDER BY id"):
        yield _row(row).record()
