"""Counts behind a search: how many units match, by language, source, kind, month and entity.

The counts are over the same matches as :func:`presswatch.search.search_units` (every term anywhere in
a unit, the unit index of each page's newest version, boilerplate left out) with the same filters,
plus an entity. Up to ``cap`` matching units are counted, best first (a bounded sample: the ranking
is walked as unit search walks it, so the cost does not grow with the number of matches); beyond
that the counts say they are partial.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from presswatch.lang.names import language_name
from presswatch.search.filters import conditions
from presswatch.search.query import QueryError, parse_query
from presswatch.search.units import SearchResult, Walked, run_search, unit_expression, walk_ranking, wanted
from presswatch.store.unit_index import index_ready, rebuild_unit_index

DEFAULT_CAP = 500   # matching units counted, best first (the facets of a bounded sample; UI and API say so)
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
    partial: bool = False              # more than ``cap`` units matched: the counts cover the best ones
    lang: list[Facet] = field(default_factory=list)
    source: list[Facet] = field(default_factory=list)
    kind: list[Facet] = field(default_factory=list)
    month: list[Facet] = field(default_factory=list)
    entity: list[Facet] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)   # matching units, best first

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"units": self.units, "partial": self.partial}
        for name in ("lang", "source", "kind", "month", "entity"):
            out[name] = [f.as_dict() for f in getattr(self, name)]
        return out


def entity_condition(entity: int) -> tuple[str, list[Any]]:
    """SQL over ``u``: the unit mentions the entity or one merged into it."""
    return ("EXISTS (SELECT 1 FROM mentions m WHERE m.unit_id = u.id AND (m.entity_id = ? OR "
            "m.entity_id IN (SELECT id FROM entities WHERE merged_into = ?)))", [entity, entity])


# The unit and its page's first unit through the narrow covering indexes (migration 0033), not the
# unit rows with their whole text; the planner would look rows up by id, so the indexes are named.
FACET_SELECT = """SELECT u.id, u.lang, u.kind,
       COALESCE(u.outlet, u0.outlet, (SELECT COALESCE(url, path) FROM pages WHERE id = u.page_id)),
       substr(COALESCE(u.published, u0.published, (SELECT fetched_at FROM page_versions WHERE id = u.version_id)), 1, 7)
FROM units u INDEXED BY units_by_id
LEFT JOIN units u0 INDEXED BY units_by_version ON u0.version_id = u.version_id AND u0.ordinal = 0"""


def _filters(lang: str | None, since: str | None, until: str | None, source: str | None, kind: str | None,
             entity: int | None) -> tuple[list[str], list[Any]]:
    where, args = conditions(lang_column="u.lang", lang=lang, since=since, until=until, source=source, kind=kind)
    if entity is not None:
        cond, more = entity_condition(entity)
        where.append(cond)
        args += more
    return where, args


def _walk(conn: sqlite3.Connection, query: str, expr: str, where: list[str], args: list[Any], want: int) -> Walked:
    try:
        if not index_ready(conn):
            rebuild_unit_index(conn)
        return walk_ranking(conn, expr, FACET_SELECT, where, args, want)
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from exc


def search_facets(conn: sqlite3.Connection, query: str, *, lang: str | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None, kind: str | None = None,
                  entity: int | None = None, cap: int = DEFAULT_CAP) -> Facets:
    """Facet counts for ``query`` with these filters (see the module docstring)."""
    where, args = _filters(lang, since, until, source, kind, entity)
    walked, _ = _walk(conn, query, unit_expression(parse_query(query)), where, args, cap + 1)
    return _counts(conn, [r for r, _ in walked], cap)


def search_with_facets(conn: sqlite3.Connection, query: str, *, lang: str | None = None, since: str | None = None,
                       until: str | None = None, source: str | None = None, kind: str | None = None,
                       entity: int | None = None, limit: int = 20, offset: int = 0, snippet_chars: int = 200,
                       cap: int = DEFAULT_CAP) -> tuple[SearchResult, Facets]:
    """One page of :func:`presswatch.search.search_units` hits (also narrowed to an ``entity``) and the
    facet counts, from one walk of the ranking: FTS5 ranks the matches once for both."""
    parsed = parse_query(query)
    where, args = _filters(lang, since, until, source, kind, entity)
    walked, seen = _walk(conn, query, unit_expression(parsed), where, args, max(cap + 1, wanted(offset, limit)))
    facets = _counts(conn, [r for r, _ in walked], cap)
    result = run_search(conn, parsed, where, args, offset=offset, limit=limit, snippet_chars=snippet_chars,
                        walked=(walked, seen))
    return result, facets


def _counts(conn: sqlite3.Connection, rows: list[sqlite3.Row], cap: int) -> Facets:
    facets = Facets(partial=len(rows) > cap)
    rows = rows[:cap]
    facets.units = len(rows)
    facets.unit_ids = [int(r[0]) for r in rows]
    for name, col in (("lang", 1), ("kind", 2), ("source", 3), ("month", 4)):
        counts: Counter[str] = Counter()
        for value, n in Counter([r[col] for r in rows]).items():   # (counted in C, then named)
            counts[str(value or "unknown")] += n
        ordered = sorted(counts.items(), key=(lambda kv: kv[0]) if name == "month" else (lambda kv: (-kv[1], kv[0])))
        setattr(facets, name, [Facet(v, language_name(v) if name == "lang" else v, n) for v, n in ordered])
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
