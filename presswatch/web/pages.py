"""Server-rendered pages: inbox, unit, search, entities, sources, runs, login (the digest editor is in
:mod:`presswatch.web.digest_pages`)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from presswatch import api, browse
from presswatch.browse import UNIT_KINDS
from presswatch.web.api_routes import Text, empty, project_of, readers_of
from presswatch.web.rendering import render
from presswatch.web.sanitize import clean_html, page_base, with_base
from presswatch.web.security import AUTH_COOKIE, SAVED_PAGE_CSP, saved_page_csp

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
PAGE_GROUPS = 25   # inbox: pages per screen (a page's units are never split)


def pager(request: Request, total: int, offset: int, limit: int,
          more: bool = False) -> dict[str, str | int | None]:
    """Links to the previous and next page, keeping the other query parameters (``more``: the total
    is a capped count, there are more than ``total``)."""
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v != ""}

    def link(value: int) -> str:
        return request.url.path + "?" + urlencode({**params, "offset": value})

    return {"total": total, "first": offset + 1 if total else 0, "last": min(offset + limit, total),
            "prev": link(max(0, offset - limit)) if offset > 0 else None,
            "next": link(offset + limit) if offset + limit < total or more else None}


@router.get("/", response_class=HTMLResponse)
def inbox(request: Request, source: Text = None, lang: Text = None, kind: Text = None,
          entity: int | None = None, since: Text = None, until: Text = None, decision: Text = None,
          starred: Text = None, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """What arrived since the last visit ("Mark all as seen" records a visit), or since a time, or all
    (``since=all``); ``until`` ends the window. A bad date or kind answers 400 with what to write."""
    with readers_of(request).reading() as conn:   # (a kept read-only connection: the page only reads)
        visit = api.last_visit(conn)
        since = empty(since)
        window = "all" if since == "all" else ("since" if since else "visit")
        start = None if window == "all" else (since if since else (visit.seen_at if visit else None))
        if window == "visit" and visit is None:
            window = "all"
        listing = api.inbox(conn, since=start, until=empty(until), reader=None, source=empty(source),
                            lang=empty(lang), kind=empty(kind), entity=entity, decision=empty(decision),
                            starred=True if starred else None, limit=PAGE_GROUPS, offset=offset)
        entity_name = browse.entity_name(conn, entity) if entity is not None else None
        languages = browse.languages(conn)
    return render(request, "inbox.html", title="Inbox", nav="inbox", listing=listing, window=window,
                  last_seen=visit.seen_at if visit else None,
                  pager=pager(request, listing.total_pages, offset, PAGE_GROUPS,
                              more=listing.next_offset is not None), kinds=UNIT_KINDS,
                  languages=languages,
                  filters={"source": source or "", "lang": lang or "", "kind": kind or "",
                           "since": since or "", "until": until or "", "entity": entity,
                           "decision": decision or "", "starred": bool(starred)},
                  filtered=bool(empty(source) or empty(lang) or empty(kind) or entity is not None
                                or empty(decision) or starred),
                  entity_name=entity_name)


@router.post("/visit")
def visit(request: Request) -> Response:
    """Everything that arrived so far counts as seen: the inbox starts again from now."""
    api.mark_visit(project_of(request))
    return RedirectResponse("/", status_code=303)


@router.post("/units/{unit_id}/triage", response_class=HTMLResponse)
def triage(request: Request, unit_id: int, action: Annotated[str, Form()]) -> Response:
    """Include, skip, star (or undo them); answers the buttons' new state to htmx, else goes back."""
    mark = api.triage_units(project_of(request), unit_id, action)[0]
    if request.headers.get("hx-request"):
        return render(request, "_triage.html", tid=unit_id, decision=mark.decision, starred=mark.starred)
    return RedirectResponse(_local(_referer_path(request)) if _referer_path(request) else f"/units/{unit_id}",
                            status_code=303)


def _referer_path(request: Request) -> str | None:
    """The path (and query) of the page the form was sent from, when it is this server."""
    from urllib.parse import urlsplit

    ref = request.headers.get("referer")
    if not ref:
        return None
    parts = urlsplit(ref)
    if parts.netloc != request.url.netloc:
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit(request: Request, unit_id: int) -> Response:
    with readers_of(request).reading() as conn:
        view = browse.view_unit(conn, unit_id)
        mark = api.triage_marks(conn, [unit_id]).get(unit_id)
    return render(request, "unit.html", title=view.unit.title or f"unit {unit_id}", nav="inbox", view=view,
                  tid=unit_id, decision=mark.decision if mark else None, starred=bool(mark and mark.starred))


@router.get("/units/{unit_id}/original")
def original(request: Request, unit_id: int) -> Response:
    """The saved page as served by the outlet, only for a sandboxed frame: nothing loads or runs."""
    project = project_of(request)
    summary = browse.unit_summaries(project, [unit_id]).get(unit_id)
    if summary is None:
        raise browse.NotFound(f"there is no unit {unit_id} in this archive")
    saved = browse.saved_page(project, summary.version_id)
    media = "text/html" if saved.kind == "html" else "text/plain"
    # the outlet's URL as the page's base (first in its head), allowed by base-uri: its links point there
    base = page_base(saved.content, saved.page_url) if saved.kind == "html" else None
    csp = saved_page_csp(base)
    content = with_base(saved.content, base) if csp != SAVED_PAGE_CSP else saved.content
    return Response(content, media_type=f"{media}; charset=utf-8",
                    headers={"content-security-policy": csp, "x-frame-options": "SAMEORIGIN",
                             "cache-control": "no-store"})


@router.get("/units/{unit_id}/clean", response_class=HTMLResponse)
def original_clean(request: Request, unit_id: int) -> Response:
    """The saved page sanitised (nh3): its text, headings, lists, tables and links, nothing active."""
    project = project_of(request)
    summary = browse.unit_summaries(project, [unit_id]).get(unit_id)
    if summary is None:
        raise browse.NotFound(f"there is no unit {unit_id} in this archive")
    saved = browse.saved_page(project, summary.version_id)
    base = page_base(saved.content, saved.page_url) if saved.kind == "html" else None
    return render(request, "original.html", title="Saved page", nav="inbox", unit=summary, saved=saved, base=base,
                  cleaned=clean_html(saved.content, base=base) if saved.kind == "html" else None)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Text = None, lang: Text = None, source: Text = None, kind: Text = None,
           since: Text = None, until: Text = None, entity: int | None = None,
           offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    filters = {"lang": lang or "", "source": source or "", "kind": kind or "", "since": since or "",
               "until": until or "", "entity": entity}
    result = None
    error = None
    if q and q.strip():
        try:
            with readers_of(request).search_connection() as conn:
                result = browse.search_page(project_of(request), q, lang=empty(lang), source=empty(source),
                                            kind=empty(kind), since=empty(since), until=empty(until),
                                            entity=entity, limit=20, offset=offset, conn=conn)
        except ValueError as exc:
            error = str(exc)
    base = {k: v for k, v in {"q": q or "", **filters}.items() if v not in ("", None)}
    # each parameter of the page encoded once (a page has up to ~60 facet links; the same strings as
    # ``urlencode`` of the whole dict, which quoted every parameter again for every link)
    encoded = {k: urlencode({k: v}) for k, v in base.items()}

    def link_with(left_out: tuple[str, ...], added: dict[str, str]) -> str:
        parts = [text for k, text in encoded.items() if k not in left_out]
        if added:
            parts.append(urlencode(added))
        return "/search?" + "&".join(parts)

    def facet_link(name: str, value: str | None) -> str:
        return link_with((name,), {} if value is None else {name: value})

    def month_link(month: str) -> tuple[str, bool]:
        """The link of a month facet (the whole month: since its first day until its last) and whether
        that month is the filter now (then the link removes it)."""
        span = month_span(month)
        active = span is not None and (filters["since"], filters["until"]) == span
        added = {"since": span[0], "until": span[1]} if span is not None and not active else {}
        return link_with(("since", "until"), added), active

    return render(request, "search.html", title=f"Search: {q}" if q else "Search", nav="search", q=q or "",
                  result=result, error=error, filters=filters, facet_link=facet_link,
                  month_link=month_link,
                  pager=pager(request, result.total, offset, 20, more=result.capped) if result else None)


def month_span(month: str) -> tuple[str, str] | None:
    """``YYYY-MM`` as its first and last day (``2024-02`` → 2024-02-01, 2024-02-29); None if not a month."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    last = calendar.monthrange(first.year, first.month)[1]
    return first.isoformat(), first.replace(day=last).isoformat()


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, name: Text = None, kind: Text = None,
             offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    listing = browse.list_entities(project_of(request), name=empty(name), kind=empty(kind), limit=PAGE_SIZE,
                                   offset=offset)
    return render(request, "entities.html", title="Entities", nav="entities", listing=listing,
                  name=name or "", kind=kind or "", pager=pager(request, listing.total, offset, PAGE_SIZE))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: int) -> Response:
    project = project_of(request)
    info = api.entity_info(project, browse.entity_key(project, entity_id)).as_dict()
    peak = max([t["mentions"] for t in info["timeline"]] or [1])
    return render(request, "entity.html", title=info["entity"]["name"], nav="entities", info=info, peak=peak,
                  units=browse.entity_units(project, entity_id))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> Response:
    return render(request, "sources.html", title="Sources", nav="sources",
                  sources=api.list_sources(project_of(request)))


@router.get("/runs", response_class=HTMLResponse)
def runs(request: Request, reason: Text = None, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    project = project_of(request)
    skips = browse.list_skips(project, reason=empty(reason), limit=PAGE_SIZE, offset=offset)
    return render(request, "runs.html", title="Runs and skipped input", nav="runs",
                  runs=browse.list_runs(project, limit=20), skips=skips, reasons=browse.skip_reasons(project),
                  reason=reason or "", status=api.status(project, recent=1),
                  pager=pager(request, skips.total, offset, PAGE_SIZE))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> Response:
    return render(request, "help.html", title="Keyboard and help", nav="help")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Text = None) -> Response:
    return render(request, "login.html", title="Log in", nav="", next=_local(next), failed=False)


def _local(target: str | None) -> str:
    """Only a path on this server (never another site) is a place to go after logging in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, secret: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    guard = request.app.state.guard
    if not guard.auth_required:
        return RedirectResponse(_local(next), status_code=303)
    if not guard.login(secret):
        return render(request, "login.html", http_status=401, title="Log in", nav="", next=_local(next), failed=True)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(AUTH_COOKIE, guard.auth_cookie(request.state.session), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(AUTH_COOKIE)
    return response
