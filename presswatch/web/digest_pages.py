"""The digest editor's pages: the list, a draft being edited, an approved issue and its publication.

Text fields save themselves through the JSON API as the editor types (static/app.js); structural
changes (drop, restore, merge, add, approve, publish) are plain forms answered with a redirect, so
they work without JavaScript too.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from presswatch import api, browse
from presswatch.digest.errors import DigestError, DigestNotFound, StaleEdit
from presswatch.digest.period import resolve_period
from presswatch.digest.publish.content import issue_content
from presswatch.digest.publish.render import render_body
from presswatch.project import Project
from presswatch.web.api_routes import Text, empty, project_of, readers_of, snippet_chars
from presswatch.web.rendering import render
from presswatch.web.workspace_api import PUBLISHED_CSP, preview_html

router = APIRouter(include_in_schema=False)
HISTORY_SHOWN = 100   # the editor lists the latest changes; all of them are in /api/digests/{id}/history


def back(digest_id: int, anchor: str = "", error: str | None = None) -> RedirectResponse:
    query = "?" + urlencode({"error": error}) if error else ""
    return RedirectResponse(f"/digests/{digest_id}{query}{anchor}", status_code=303)


@router.get("/digests", response_class=HTMLResponse)
def digests(request: Request) -> Response:
    project = project_of(request)
    start, end = resolve_period(None, None)
    return render(request, "digests.html", title="Digests", nav="digests", digests=api.list_digests(project),
                  default_from=start, default_to=end)


@router.post("/digests")
def create(request: Request, date_from: Annotated[str, Form()] = "", date_to: Annotated[str, Form()] = "",
           title: Annotated[str, Form()] = "") -> Response:
    digest = api.create_draft(project_of(request), date_from or None, date_to or None, title=title or None)
    return back(int(digest.id or 0))


@router.get("/digests/{digest_id}", response_class=HTMLResponse)
def editor(request: Request, digest_id: int, q: Text = None, error: Text = None) -> Response:
    return _editor_page(request, digest_id, q=q, error=error)


def _editor_page(request: Request, digest_id: int, *, q: str | None = None, error: str | None = None,
                 kept: dict[str, str] | None = None, http_status: int = 200) -> Response:
    """The editor; ``kept``: texts of a refused plain-form save, shown read-only beside their fields
    (keys ``digest-FIELD`` and ``item-ID-FIELD``)."""
    project = project_of(request)
    hits = None
    with readers_of(request).reading() as conn:   # (a kept read-only connection: the page only reads)
        digest = api.get_digest(conn, digest_id)
        if q and q.strip() and digest.status == "draft":
            try:
                hits = api.search_units(conn, q, limit=10, snippet_chars=snippet_chars(project)).hits
            except ValueError:
                hits = []
        publications = api.list_publications(conn, digest_id) if digest.status == "approved" else []
        history = api.digest_history(conn, digest_id, last=HISTORY_SHOWN + 1)
    content = issue_content(digest)
    attribution = {item.item_id: item for section in content.sections for item in section.items}
    items = sorted(digest.items, key=lambda i: i.ordinal)
    return render(request, "digest.html", http_status, title=digest.title, nav="digests", digest=digest,
                  items=items, attribution=attribution, hits=hits, q=q or "", error=error, kept=kept or {},
                  in_draft={i.unit_id for i in items if i.status != "rejected"} | {
                      int(a["unit_id"]) for i in items for a in i.also if a.get("unit_id")},
                  history=history[-HISTORY_SHOWN:], more_history=len(history) > HISTORY_SHOWN,
                  publications=publications,
                  body_html=render_body(content) if digest.status == "approved" else None)


@router.get("/digests/{digest_id}/items/{item_id}/backing", response_class=HTMLResponse)
def backing(request: Request, digest_id: int, item_id: int) -> Response:
    data = api.item_backing(project_of(request), item_id)
    if data.digest_id != digest_id:
        raise browse.NotFound(f"item {item_id} is not in digest {digest_id}")
    return render(request, "_backing.html", backing=data)


@router.get("/digests/{digest_id}/preview")
def preview(request: Request, digest_id: int) -> Response:
    """The draft as its published page would look (no scripts; the page's own CSS only)."""
    html = preview_html(api.get_digest(project_of(request), digest_id))
    return Response(html, media_type="text/html; charset=utf-8", headers={"content-security-policy": PUBLISHED_CSP})


@router.post("/digests/{digest_id}/items")
def add(request: Request, digest_id: int, unit_id: Annotated[int, Form()],
        passage_id: Annotated[int | None, Form()] = None) -> Response:
    try:
        api.add_item(project_of(request), digest_id, unit_id, passage_id=passage_id)
    except DigestNotFound:
        raise
    except DigestError as exc:
        return back(digest_id, "#items", error=str(exc))
    return back(digest_id, "#items")


OneLine = Annotated[str | None, Form(max_length=1000)]
LongText = Annotated[str | None, Form(max_length=20_000)]


@router.post("/digests/{digest_id}/text")
def save_text(request: Request, digest_id: int, item_id: Annotated[int | None, Form()] = None,
              title: OneLine = None, introduction: LongText = None, lead: LongText = None, note: LongText = None,
              base_title: OneLine = None, base_introduction: LongText = None, base_lead: LongText = None,
              base_note: LongText = None) -> Response:
    """The text fields as a plain form (the editor without JavaScript): an item's title, lead and note,
    or the digest's title and introduction, saved all or none; unchanged fields record nothing. Each
    ``base_FIELD`` is the text the page showed in that field: when the field was changed elsewhere since,
    nothing is saved and the editor comes back (409) with the other change in the field and this form's
    text kept beside it. Back to the editor."""
    project = project_of(request)
    anchor = f"#item-{item_id}" if item_id is not None else ""
    sent = {"title": title, "introduction": introduction, "lead": lead, "note": note}
    seen = {"title": base_title, "introduction": base_introduction, "lead": base_lead, "note": base_note}
    bases = {k: [v] for k, v in seen.items() if v is not None and sent[k] is not None}
    try:
        if item_id is not None:
            if item_id not in {i.id for i in api.get_digest(project, digest_id).items}:
                raise browse.NotFound(f"item {item_id} is not in digest {digest_id}")
            if title is not None or lead is not None or note is not None:
                api.edit_item_texts(project, item_id, title=title, lead=lead, note=note, bases=bases or None)
        elif title is not None or introduction is not None:
            api.set_digest_texts(project, digest_id, title=title, introduction=introduction, bases=bases or None)
    except DigestNotFound:
        raise
    except StaleEdit as exc:
        digest = api.get_digest(project, digest_id)
        item = next((i for i in digest.items if i.id == item_id), None)
        now = ({"title": item.title, "lead": item.lead, "note": item.editor_note} if item is not None
               else {"title": digest.title, "introduction": digest.introduction})
        prefix = f"item-{item_id}-" if item_id is not None else "digest-"
        kept = {prefix + k: v for k, v in sent.items()   # (only what differs from what the field now holds)
                if v is not None and " ".join(v.split()) != " ".join(str(now.get(k) or "").split())}
        return _editor_page(request, digest_id, error=str(exc), kept=kept, http_status=409)
    except DigestError as exc:
        return back(digest_id, anchor, error=str(exc))
    return back(digest_id, anchor)


@router.post("/digests/{digest_id}/items/{item_id}/{action}")
def item_action(request: Request, digest_id: int, item_id: int, action: str,
                others: Annotated[str, Form()] = "") -> Response:
    try:
        _item_action(project_of(request), digest_id, item_id, action, others)
    except DigestNotFound:
        raise
    except DigestError as exc:
        return back(digest_id, f"#item-{item_id}", error=str(exc))
    return back(digest_id, f"#item-{item_id}")


def _item_action(project: Project, digest_id: int, item_id: int, action: str, others: str) -> None:
    if action == "drop":
        api.drop_item(project, item_id)
    elif action == "restore":
        api.restore_item(project, item_id)
    elif action == "accept":
        api.accept_item(project, item_id)
    elif action == "merge":
        ids = [int(x) for x in others.replace(",", " ").split() if x.strip().isdigit()]
        if not ids:
            raise DigestError("select the items to merge into this one first (x on each), then press Merge")
        api.merge_items(project, item_id, ids)
    elif action in ("up", "down"):
        digest = api.get_digest(project, digest_id)
        order = [i.id for i in sorted(digest.items, key=lambda i: i.ordinal)]
        position = order.index(item_id) + (-1 if action == "up" else 1)
        api.move_item(project, item_id, max(0, position))
    else:
        raise browse.NotFound(f"unknown action {action!r}")


@router.post("/digests/{digest_id}/approve")
def approve(request: Request, digest_id: int) -> Response:
    try:
        api.approve_digest(project_of(request), digest_id)
    except DigestNotFound:
        raise
    except DigestError as exc:
        return back(digest_id, error=str(exc))
    return back(digest_id)


@router.post("/digests/{digest_id}/redraft")
def redraft(request: Request, digest_id: int) -> Response:
    draft = api.draft_from_issue(project_of(request), digest_id)
    return back(int(draft.id or 0))


@router.post("/digests/{digest_id}/publish", response_class=HTMLResponse)
def publish(request: Request, digest_id: int, send_mail: Annotated[str, Form()] = "") -> Response:
    project = project_of(request)
    digest = api.get_digest(project, digest_id)
    if digest.number is None:
        raise ValueError(f"digest {digest_id} is a draft; approve it before publishing")
    api.publish_issue(project, digest.number, send_mail=bool(empty(send_mail)))
    return back(digest_id, "#published")
