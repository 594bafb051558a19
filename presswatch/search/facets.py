"""Counts behind a search: how many units match, by language, source, kind, month and entity.

The counts are over the same matches as :func:`presswatch.search.search_units` (every term anywhere in
a unit, the unit index of each page's newest version, boilerplate left out) with the same filters,
plus an entity. Up to ``cap`` matching units are counted, best first (a bounded sample: the ranking
is walked as unit search walks it, so the cost does not grow with the number of matches); beyond
that the counts say they are partial.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from presswatch.lang.names import language_name
from presswatch.search.filters import _U0, conditions, fold_ascii, source_matches
from presswatch.search.query import Query, QueryError, parse_query
from presswatch.search.units import (
    SearchResult,
    Walked,
    run_search,
    searched_expression,
    walk_ranking,
    wanted,
)
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
# Columns: id, lang, kind, outlet (the unit's, else its page's), month, page id, URL (the unit's, else its
# page's first unit's); the page's own URL and path are read once per page (``_pages``). The page's first
# unit is read by the filters' scalar subqueries (``_U0``), which COALESCE evaluates only for a unit that
# lacks the value (a page's first unit has its own: one index lookup per unit instead of two).
FACET_SELECT = f"""SELECT u.id, u.lang, u.kind, COALESCE(u.outlet, {_U0.format(col="outlet")}),
       substr(COALESCE(u.published, {_U0.format(col="published")},
                       (SELECT fetched_at FROM page_versions WHERE id = u.version_id)), 1, 7),
       u.page_id, COALESCE(u.url, {_U0.format(col="url")})
FROM units u INDEXED BY units_by_id"""
TOP_SOURCES = 20   # source values counted and shown (each one's count is the source filter's own)


def _filters(lang: str | None, since: str | None, until: str | None, source: str | None, kind: str | None,
             entity: int | None) -> tuple[list[str], list[Any]]:
    where, args = conditions(lang_column="u.lang", lang=lang, since=since, until=until, source=source, kind=kind)
    if entity is not None:
        cond, more = entity_condition(entity)
        where.append(cond)
        args += more
    return where, args


def _walk(conn: sqlite3.Connection, query: str, parsed: Query, where: list[str], args: list[Any],
          want: int) -> tuple[Walked, str]:
    """The walk of the ranking with the facet columns, and the expression walked."""
    try:
        if not index_ready(conn):
            rebuild_unit_index(conn)
        expr = searched_expression(conn, parsed)
        return walk_ranking(conn, expr, FACET_SELECT, where, args, want), expr
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from exc


def search_facets(conn: sqlite3.Connection, query: str, *, lang: str | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None, kind: str | None = None,
                  entity: int | None = None, cap: int = DEFAULT_CAP) -> Facets:
    """Facet counts for ``query`` with these filters (see the module docstring)."""
    where, args = _filters(lang, since, until, source, kind, entity)
    (walked, _), _ = _walk(conn, query, parse_query(query), where, args, cap + 1)
    return _counts(conn, [r for r, _ in walked], cap)


def search_with_facets(conn: sqlite3.Connection, query: str, *, lang: str | None = None, since: str | None = None,
                       until: str | None = None, source: str | None = None, kind: str | None = None,
                       entity: int | None = None, limit: int = 20, offset: int = 0, snippet_chars: int = 200,
                       cap: int = DEFAULT_CAP) -> tuple[SearchResult, Facets]:
    """One page of :func:`presswatch.search.search_units` hits (also narrowed to an ``entity``) and the
    facet counts, from one walk of the ranking: FTS5 ranks the matches once for both."""
    parsed = parse_query(query)
    where, args = _filters(lang, since, until, source, kind, entity)
    (walked, seen), expr = _walk(conn, query, parsed, where, args, max(cap + 1, wanted(offset, limit)))
    facets = _counts(conn, [r for r, _ in walked], cap)
    result = run_search(conn, parsed, where, args, offset=offset, limit=limit, snippet_chars=snippet_chars,
                        walked=(walked, seen), expr=expr)
    return result, facets


def _counts(conn: sqlite3.Connection, rows: list[sqlite3.Row], cap: int) -> Facets:
    facets = Facets(partial=len(rows) > cap)
    rows = rows[:cap]
    facets.units = len(rows)
    facets.unit_ids = [int(r[0]) for r in rows]
    for name, col in (("lang", 1), ("kind", 2), ("month", 4)):
        counts: Counter[str] = Counter()
        for value, n in Counter([r[col] for r in rows]).items():   # (counted in C, then named)
            counts[str(value or "unknown")] += n
        ordered = sorted(counts.items(), key=(lambda kv: kv[0]) if name == "month" else (lambda kv: (-kv[1], kv[0])))
        setattr(facets, name, [Facet(v, language_name(v) if name == "lang" else v, n) for v, n in ordered])
    facets.source = _source_facet(conn, rows)
    facets.entity = _entity_facet(conn, facets.unit_ids)
    return facets


def _pages(conn: sqlite3.Connection, page_ids: set[int], url_ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
    """(URL, path) of these pages, by id: the path of those that have one (through the partial index
    ``pages_path``: most pages have none, and then no page row is read), the URL only of ``url_ids``
    (the pages whose units have no URL of their own or of their page's first unit); None for the rest."""
    paths: dict[int, str] = {}
    urls: dict[int, str | None] = {}
    for wanted_ids, sql, into in (
            (page_ids, "SELECT id, path FROM pages INDEXED BY pages_path WHERE path IS NOT NULL AND id IN ({})", paths),
            (url_ids, "SELECT id, url FROM pages WHERE id IN ({})", urls)):
        ids = sorted(wanted_ids)
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            into.update((int(r[0]), r[1]) for r in conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
    return {i: (urls.get(i), paths.get(i)) for i in page_ids | url_ids if i in paths or i in urls}


def _source_facet(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Facet]:
    """The sources of the matching units, each counted as the source filter counts it.

    A unit is named by its outlet, else its URL, else its file's path (the first of them it has); the
    ``TOP_SOURCES`` names that hold most units are shown, and each one's count is the number of matching
    units that ``source=<name>`` keeps (:func:`presswatch.search.filters.source_matches`, the filter's own
    rule), so a click on a source finds as many units as its count says: a page's path counts every unit
    of that page, an outlet also the units of pages whose URL holds its name.
    """
    if not rows:
        return []
    about = _pages(conn, {int(r[5]) for r in rows}, {int(r[5]) for r in rows if not r[6]})
    units: Counter[tuple[str, str, str]] = Counter()   # (outlet, URL, path) of each matching unit
    for r in rows:
        page_url, path = about.get(int(r[5]), (None, None))
        units[(r[3] or "", r[6] or page_url or "", path or "")] += 1
    named: Counter[str] = Counter()
    for (outlet, url, path), n in units.items():
        named[outlet or url or path or "unknown"] += n
    top = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SOURCES]
    matcher = SourceMatcher([(fold_ascii(outlet), fold_ascii(url), path) for outlet, url, path in units])
    sizes = list(units.values())
    counted = [(value, sum(sizes[i] for i in matcher.matching(value))) for value, _ in top]
    return [Facet(v, v, n) for v, n in sorted(counted, key=lambda kv: (-kv[1], kv[0])) if n]


class SourceMatcher:
    """Which of many (outlet, URL, path) entries (outlet and URL folded by ``fold_ascii``) ``source=<value>``
    keeps, exactly as :func:`~presswatch.search.filters.source_matches` decides, without a Python test
    per entry and value: outlets through a dict, the substring tests through ``str.find`` over all URLs
    (and all paths) joined by a separator no value holds (a value holding it is tested entry by entry)."""

    SEP = "\x00"

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        self.entries = entries
        self.by_outlet: dict[str, list[int]] = {}
        for i, (outlet, _, _) in enumerate(entries):
            self.by_outlet.setdefault(outlet, []).append(i)
        self.urls = self._joined([url for _, url, _ in entries])
        self.paths = self._joined([path for _, _, path in entries])

    def _joined(self, texts: list[str]) -> tuple[str, list[int]]:
        starts, pos = [], 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        return self.SEP.join(texts), starts

    @staticmethod
    def _holding(joined: tuple[str, list[int]], needle: str, found: set[int]) -> None:
        text, starts = joined
        pos = text.find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            found.add(i)
            pos = text.find(needle, starts[i + 1]) if i + 1 < len(starts) else -1

    def matching(self, value: str) -> set[int]:
        if self.SEP in value or not value:
            return {i for i, (o, u, p) in enumerate(self.entries) if source_matches(value, o, u, p, folded=True)}
        wanted = fold_ascii(value)
        found = set(self.by_outlet.get(wanted, ()))
        self._holding(self.urls, wanted, found)
        self._holding(self.paths, value, found)
        return found


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
