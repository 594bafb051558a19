"""Read-only views of the archive for the faces (web UI, JSON API): lists, one unit, bookkeeping.

Each function reads the project's archive (a connection opened for the call, or the one given: the
web face passes its kept read-only connections) and returns typed records; the connection-level
functions (in :mod:`presswatch.browse.units` and :mod:`presswatch.browse.archive`) serve callers
that already hold a connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from presswatch.browse import archive as _archive
from presswatch.browse import units as _units
from presswatch.browse.archive import (
    EntityRow,
    Paged,
    PageView,
    Publication,
    RunView,
    SavedPage,
    SkipView,
    VersionRow,
)
from presswatch.browse.units import (
    EntityRef,
    NotFound,
    PassageView,
    QuoteView,
    UnitList,
    UnitSummary,
    UnitView,
)
from presswatch.models import UNIT_KINDS
from presswatch.project import Project, connection
from presswatch.search import UnitHit
from presswatch.search.facets import Facet, Facets, search_facets, search_with_facets

__all__ = [
    "UNIT_KINDS", "EntityRef", "EntityRow", "Facet", "Facets", "NotFound", "Paged", "PassageView", "QuoteView",
    "RunView", "SavedPage", "SkipView", "UnitList", "UnitSummary", "UnitView",
    "browse_units", "view_unit", "saved_page", "list_runs", "list_skips", "skip_reasons", "list_entities",
    "entity_key", "entity_name", "entity_units", "unit_summaries", "facets", "SearchPage", "search_page",
    "PageView", "VersionRow", "view_page", "Publication", "list_publications", "languages",
]

T = TypeVar("T")


Target = Project | sqlite3.Connection   # a project (a connection opened for the call) or an open connection


def _run(target: Target, func: Callable[[sqlite3.Connection], T]) -> T:
    with connection(target) as conn:
        return func(conn)


def browse_units(project: Target, *, since: str | None = None, source: str | None = None,
                 lang: str | list[str] | None = None, kind: str | list[str] | None = None,
                 entity: int | None = None, include_boilerplate: bool = False, limit: int = 50,
                 offset: int = 0) -> UnitList:
    """Units newest arrival first, filtered (the inbox); see :func:`presswatch.browse.units.list_units`."""
    return _run(project, lambda c: _units.list_units(
        c, since=since, source=source, lang=lang, kind=kind, entity=entity,
        include_boilerplate=include_boilerplate, limit=limit, offset=offset))


def view_unit(project: Target, unit_id: int) -> UnitView:
    """One unit: passages with languages, entities, quotes, reuse, its translation, its page's units."""
    return _run(project, lambda c: _units.unit_view(c, unit_id))


def view_page(project: Target, page_id: int) -> PageView:
    """A page: its versions, the one users see, and that version's units."""
    return _run(project, lambda c: _archive.page_view(c, page_id))


def languages(project: Target) -> list[str]:
    """Language codes present in the archive (for filters), sorted."""
    return _run(project, _archive.languages)


def list_publications(project: Target, digest_id: int) -> list[Publication]:
    """Where an approved issue has been published (files, email), by format."""
    return _run(project, lambda c: _archive.publications(c, digest_id))


def unit_summaries(project: Target, unit_ids: list[int]) -> dict[int, UnitSummary]:
    return _run(project, lambda c: _units.unit_summaries(c, unit_ids))


def saved_page(project: Target, version_id: int) -> SavedPage:
    """The stored page as served (hostile content included: show it sanitised or sandboxed only)."""
    return _run(project, lambda c: _archive.saved_page(c, version_id))


def list_runs(project: Target, *, limit: int = 50, offset: int = 0) -> Paged:
    return _run(project, lambda c: _archive.list_runs(c, limit=limit, offset=offset))


def list_skips(project: Target, *, reason: str | None = None, limit: int = 50, offset: int = 0) -> Paged:
    return _run(project, lambda c: _archive.list_skips(c, reason=reason, limit=limit, offset=offset))


def skip_reasons(project: Target) -> dict[str, int]:
    return _run(project, _archive.skip_reasons)


def list_entities(project: Target, *, kind: str | None = None, name: str | None = None, limit: int = 50,
                  offset: int = 0) -> Paged:
    return _run(project, lambda c: _archive.list_entities(c, kind=kind, name=name, limit=limit, offset=offset))


def entity_key(project: Target, entity_id: int) -> str:
    return _run(project, lambda c: _archive.entity_key(c, entity_id))


def entity_name(project: Target, entity_id: int) -> str:
    return _run(project, lambda c: _archive.entity_name(c, entity_id))


def entity_units(project: Target, entity_id: int, *, limit: int = 20) -> list[UnitSummary]:
    def read(c: sqlite3.Connection) -> list[UnitSummary]:
        ids = _archive.entity_units(c, entity_id, limit=limit)
        found = _units.unit_summaries(c, ids)
        return [found[i] for i in ids if i in found]
    return _run(project, read)


def facets(project: Target, query: str, *, lang: str | None = None, since: str | None = None,
           until: str | None = None, source: str | None = None, kind: str | None = None,
           entity: int | None = None) -> Facets:
    """Matching units in all and by language, source, kind, month and entity (search sidebars)."""
    return _run(project, lambda c: search_facets(c, query, lang=lang, since=since, until=until, source=source,
                                                 kind=kind, entity=entity))


@dataclass
class SearchPage:
    """One page of unit search results (:func:`presswatch.search.search_units`) with the facet counts."""

    query: str
    total: int            # matching units (with the filters)
    offset: int
    limit: int
    hits: list[UnitHit]
    facets: Facets
    capped: bool = False  # the total is a capped count (more units match than it says)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "capped": self.capped, "offset": self.offset,
                "limit": self.limit, "hits": [h.to_dict() for h in self.hits], "facets": self.facets.as_dict()}


def search_page(project: Project, query: str, *, lang: str | None = None, since: str | None = None,
                until: str | None = None, source: str | None = None, kind: str | None = None,
                entity: int | None = None, limit: int = 20, offset: int = 0,
                conn: sqlite3.Connection | None = None) -> SearchPage:
    """Units matching ``query`` best first with the total (as `presswatch search`) and the facets, from
    one walk of the ranking; an ``entity`` narrows the hits, the total and the facets to the units
    mentioning it. ``conn``: search on this connection (the web face's kept reader) instead of one
    opened for the call."""
    with connection(project if conn is None else conn) as reader:
        snippet = int(project.config.get("search.snippet_chars", 200))
        result, counts = search_with_facets(reader, query, lang=lang, since=since, until=until, source=source,
                                            kind=kind, entity=entity, limit=limit, offset=offset,
                                            snippet_chars=snippet)
        return SearchPage(query=query, total=result.total, offset=result.offset, limit=limit, hits=result.hits,
                          facets=counts, capped=result.capped)
