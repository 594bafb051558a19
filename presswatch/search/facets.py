"""Counts behind a search: how many units match, by language, source, kind, month and entity.

The counts cover every matching passage of each page's newest processed version (boilerplate left
out), with the same filters as :func:`presswatch.search.search` plus unit kind and entity. Up to
``cap`` matching passages are counted (best first); beyond that the counts say they are partial.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from presswatch.digest.languages import language_name
from presswatch.search.query import QueryError, parse_query

DEFAULT_CAP = 20_000
TOP_ENTITIES = 15


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int          # matching units

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Facets:
    units: int = 0                     # matching units
    passages: int = 0                  # matching passages
    partial: bool = False              # more than ``cap`` passages matched: counts cover the best ones
    lang: list[Facet] = field(default_factory=list)
    source: list[Facet] = field(default_factory=list)
    kind: list[Facet] = field(default_factory=list)
    month: list[Facet] = field(default_factory=list)
    entity: list[Facet] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)   # matching units, best passage first

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"units": self.units, "passages": self.passages, "partial": self.partial}
        for name in ("lang", "source", "kind", "month", "entity"):
            out[name] = [f.as_dict() for f in getattr(self, name)]
        return out


_DAY = "substr(COALESCE(u.published, u0.published, pv.fetched_at), 1, 10)"


def search_facets(conn: sqlite3.Connection, query: str, *, lang: str | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None, kind: str | None = None,
                  entity: int | None = None, cap: int = DEFAULT_CAP) -> Facets:
    """Facet counts for ``query`` with these filters (see the module docstring)."""
    expr = parse_query(query).fts()
    where = ["u.kind != 'boilerplate'" if not kind else "u.kind = ?"]
    args: list[Any] = [expr] + ([kind] if kind else [])
    if lang:
        codes = [c.strip().lower() for c in lang.split(",") if c.strip()]
        where.append(f"p.lang IN ({','.join('?' * len(codes))})")
        args += codes
    if since:
        where.append(f"{_DAY} >= ?")
        args.append(since[:10])
    if until:
        where.append(f"{_DAY} <= ?")
        args.append(until[:10])
    if source:
        where.append("(lower(COALESCE(u.outlet, u0.outlet, '')) = lower(?) "
                     "OR instr(lower(COALESCE(u.url, u0.url, pg.url, '')), lower(?)) > 0 "
                     "OR instr(COALESCE(pg.path, ''), ?) > 0)")
        args += [source, source, source]
    if entity is not None:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.unit_id = u.id AND (m.entity_id = ? OR "
                     "m.entity_id IN (SELECT id FROM entities WHERE merged_into = ?)))")
        args += [entity, entity]
    sql = f"""SELECT p.unit_id, p.lang, u.kind, COALESCE(u.outlet, u0.outlet, pg.url, pg.path) AS outlet,
                     substr({_DAY}, 1, 7) AS month
              FROM (SELECT rowid AS fid, rank FROM passage_fts WHERE passage_fts MATCH ?) f
              JOIN passages p ON p.id = f.fid JOIN current_units u ON u.id = p.unit_id
              LEFT JOIN units u0 ON u0.version_id = u.version_id AND u0.ordinal = 0
              JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id
              WHERE {' AND '.join(where)} ORDER BY f.rank LIMIT ?"""
    try:
        rows = conn.execute(sql, [*args, cap + 1]).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from exc
    facets = Facets(partial=len(rows) > cap)
    rows = rows[:cap]
    facets.passages = len(rows)
    seen: dict[int, sqlite3.Row] = {}
    langs: dict[str, set[int]] = {}
    for r in rows:
        seen.setdefault(int(r[0]), r)
        langs.setdefault(r[1] or "und", set()).add(int(r[0]))
    facets.units = len(seen)
    facets.unit_ids = list(seen)
    facets.lang = [Facet(code, language_name(code), len(ids))
                   for code, ids in sorted(langs.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    for name, col in (("kind", 2), ("source", 3), ("month", 4)):
        counts = Counter(str(r[col] or "unknown") for r in seen.values())
        ordered = sorted(counts.items(), key=(lambda kv: kv[0]) if name == "month" else (lambda kv: (-kv[1], kv[0])))
        setattr(facets, name, [Facet(v, v, n) for v, n in ordered])
    facets.entity = _entity_facet(conn, facets.unit_ids)
    return facets


def _entity_facet(conn: sqlite3.Connection, unit_ids: list[int]) -> list[Facet]:
    counts: Counter[int] = Counter()
    names: dict[int, str] = {}
    for start in range(0, len(unit_ids), 900):
        chunk = unit_ids[start:start + 900]
        for r in conn.execute(
                f"""SELECT COALESCE(e.merged_into, e.id) AS eid, COUNT(DISTINCT m.unit_id) FROM mentions m
                    JOIN entities e ON e.id = m.entity_id WHERE m.unit_id IN ({','.join('?' * len(chunk))})
                    GROUP BY eid""", chunk):
            counts[int(r[0])] += int(r[1])
    top = counts.most_common(TOP_ENTITIES)
    if top:
        ids = [eid for eid, _ in top]
        names = {int(r[0]): r[1] for r in conn.execute(
            f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(ids))})", ids)}
    return [Facet(str(eid), names.get(eid, str(eid)), n) for eid, n in top]
