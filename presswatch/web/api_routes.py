"""``/api/``: JSON for everything the UI shows and does, over the same library calls.

Lists take ``limit`` and ``offset`` and answer ``{"total", "offset", "limit", "items"}``; errors are
``{"error": {"status", "message"}}``. State changes need the CSRF token (``GET /api/session``) or a
bearer token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from presswatch import api, browse
from presswatch.project import Project
from presswatch.web.readers import Readers

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500, description="How many items")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items (paging)")]
Text = Annotated[str | None, Query(max_length=500)]


def project_of(request: Request) -> Project:
    project: Project = request.app.state.project
    return project


def readers_of(request: Request) -> Readers:
    readers: Readers = request.app.state.readers
    return readers


def snippet_chars(project: Project) -> int:
    return int(project.config.get("search.snippet_chars", 200))


def empty(value: str | None) -> str | None:
    return value if value not in (None, "") else None


@router.get("/session", summary="The CSRF token of this browser session (send it as X-CSRF-Token)")
def session(request: Request) -> dict[str, Any]:
    return {"csrf_token": request.state.csrf_token, "auth_required": request.app.state.guard.auth_required}


@router.get("/status", summary="What the archive holds, skips by reason, recent runs")
def status(request: Request) -> dict[str, Any]:
    return api.status(project_of(request)).as_dict()


@router.get("/units", summary="Units, newest arrival first (the inbox), filtered and paged")
def units(request: Request, since: Text = None, source: Text = None, lang: Text = None, kind: Text = None,
          entity: int | None = None, include_boilerplate: bool = False, limit: Limit = 50,
          offset: Offset = 0) -> dict[str, Any]:
    with readers_of(request).reading() as conn:
        listing = browse.browse_units(conn, since=empty(since), source=empty(source), lang=empty(lang),
                                      kind=empty(kind), entity=entity, include_boilerplate=include_boilerplate,
                                      limit=limit, offset=offset)
    return listing.as_dict()


@router.get("/units/{unit_id}", summary="One unit: passages, entities, quotes, reuse, its translation")
def unit(request: Request, unit_id: int) -> dict[str, Any]:
    with readers_of(request).reading() as conn:
        view = browse.view_unit(conn, unit_id)
    return view.as_dict()


@router.get("/units/{unit_id}/reuse", summary="Where the unit's text also appears, who published it first")
def unit_reuse(request: Request, unit_id: int) -> dict[str, Any]:
    return api.show_reuse(project_of(request), f"unit:{unit_id}").as_dict()


@router.get("/passages/{passage_id}/reuse", summary="Where a passage also appears")
def passage_reuse(request: Request, passage_id: int) -> dict[str, Any]:
    return api.show_reuse(project_of(request), f"passage:{passage_id}").as_dict()


@router.get("/reuse/groups", summary="Reused texts: first publisher and copies, largest groups first")
def reuse_groups(request: Request, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    groups = api.reuse_groups(project_of(request), limit=None)
    return {"total": len(groups), "offset": offset, "limit": limit, "items": groups[offset:offset + limit]}


@router.get("/pages/{page_id}", summary="A page: versions, the one shown, its units")
def page(request: Request, page_id: int) -> dict[str, Any]:
    return browse.view_page(project_of(request), page_id).as_dict()


# The answer is JSON-ready (str, int, float, bool, None, lists, dicts): it is sent as a JSONResponse, not
# validated against ``response_model`` and passed through the encoder (for a synchronous route FastAPI
# validates in a second trip to the thread pool); the OpenAPI schema is the one the model gives.
@router.get("/search", summary="Ranked hits with a total and facets (language, source, kind, month, entity)",
            response_model=dict[str, Any])
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)], lang: Text = None,
           source: Text = None, kind: Text = None, since: Text = None, until: Text = None,
           entity: int | None = None, facets: bool = False, limit: Limit = 20,
           offset: Offset = 0) -> Response:
    """Units best first with the total (``facets=true`` adds counts by language, source, kind, month and
    entity, as the search page shows them)."""
    project = project_of(request)
    with readers_of(request).search_connection() as conn:
        if facets or entity is not None:
            return JSONResponse(browse.search_page(
                project, q, lang=empty(lang), source=empty(source), kind=empty(kind), since=empty(since),
                until=empty(until), entity=entity, limit=limit, offset=offset, conn=conn).as_dict())
        result = api.search_units(conn, q, lang=empty(lang), source=empty(source), kind=empty(kind),
                                  since=empty(since), until=empty(until), limit=limit, offset=offset,
                                  snippet_chars=snippet_chars(project))
    return JSONResponse({"query": result.query, "total": result.total, "capped": result.capped,
                         "offset": result.offset, "limit": result.limit,
                         "hits": [h.to_dict() for h in result.hits], "facets": None})


@router.get("/entities", summary="Entities, most mentioned first")
def entities(request: Request, kind: Text = None, name: Text = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    return browse.list_entities(project_of(request), kind=empty(kind), name=empty(name), limit=limit,
                                offset=offset).as_dict()


@router.get("/entities/{entity_id}", summary="An entity: aliases, mentions per month, quotes by and about")
def entity(request: Request, entity_id: int) -> dict[str, Any]:
    project = project_of(request)
    info = api.entity_info(project, browse.entity_key(project, entity_id)).as_dict()
    info["units"] = [u.as_dict() for u in browse.entity_units(project, entity_id)]
    return info


@router.get("/quotes", summary="Quotes, optionally by a speaker or about an entity")
def quotes(request: Request, speaker: Text = None, about: Text = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    rows = api.list_quotes(project_of(request), speaker=empty(speaker), about=empty(about), limit=offset + limit + 1)
    items = rows[offset:offset + limit]
    return {"total": None if len(rows) > offset + limit else offset + len(items), "offset": offset,
            "limit": limit, "items": items}


@router.get("/sources", summary="Sources with their health")
def sources(request: Request) -> dict[str, Any]:
    items = [s.as_dict() for s in api.list_sources(project_of(request))]
    return {"total": len(items), "offset": 0, "limit": len(items), "items": items}


@router.get("/runs", summary="Runs, newest first")
def runs(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return browse.list_runs(project_of(request), limit=limit, offset=offset).as_dict()


@router.get("/skips", summary="Input that was skipped, with its reason and what to do")
def skips(request: Request, reason: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return browse.list_skips(project_of(request), reason=empty(reason), limit=limit, offset=offset).as_dict()
