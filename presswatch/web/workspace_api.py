"""``/api/``: the editor's workspace — inbox and triage, digests and their items, issues and publishing.

The digest editor page saves through these same endpoints (as you type, on drag and on keys).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StringConstraints

from presswatch import api
from presswatch.digest.model import Digest
from presswatch.digest.publish.content import issue_content
from presswatch.digest.publish.render import render_page
from presswatch.web.api_routes import Limit, Offset, Text, empty, project_of, readers_of

router = APIRouter(prefix="/api", tags=["workspace"])

PUBLISHED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'"
FORMAT_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
                "eml": "message/rfc822", "atom": "application/atom+xml; charset=utf-8",
                "rss": "application/rss+xml; charset=utf-8"}


def digest_dict(digest: Digest) -> dict[str, Any]:
    data = asdict(digest)
    data["items"] = sorted(data["items"], key=lambda i: i["ordinal"])
    return data


# ---- inbox and triage

@router.get("/inbox", summary="What arrived since the last visit (or `since`), grouped by page, with triage marks")
def inbox(request: Request, since: Text = None, until: Text = None, source: Text = None, lang: Text = None,
          kind: Text = None, entity: int | None = None, decision: Text = None, starred: bool | None = None,
          limit: Annotated[int, Query(ge=1, le=200)] = 25, offset: Offset = 0) -> dict[str, Any]:
    """``since``/``until``: YYYY-MM-DD or an ISO time (default: since the last visit); a bad date, kind,
    language or decision answers 400 with what to write."""
    with readers_of(request).reading() as conn:
        page = api.inbox(conn, since=empty(since), until=empty(until), source=empty(source), lang=empty(lang),
                         kind=empty(kind), entity=entity, decision=empty(decision), starred=starred, limit=limit,
                         offset=offset)
    return {**asdict(page), "next_offset": page.next_offset}


class TriageBody(BaseModel):
    units: list[int] = Field(min_length=1, max_length=1000, description="Unit ids")
    action: str = Field(description="include | skip | star | unstar | clear")


@router.post("/triage", summary="Include, skip, star, unstar or clear units")
def triage(request: Request, body: TriageBody) -> dict[str, Any]:
    marks = api.triage_units(project_of(request), body.units, body.action)
    return {"items": [asdict(m) for m in marks]}


@router.get("/visit", summary="The last visit")
def get_visit(request: Request) -> dict[str, Any]:
    visit = api.last_visit(project_of(request))
    return {"visit": asdict(visit) if visit else None}


@router.post("/visit", summary="Record a visit now: what arrived so far counts as seen")
def post_visit(request: Request) -> dict[str, Any]:
    return {"visit": asdict(api.mark_visit(project_of(request)))}


# ---- digests

@router.get("/digests", summary="Drafts and issues, newest first")
def digests(request: Request, status: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    project = project_of(request)
    items = api.list_digests(project, status=empty(status), limit=limit + 1, offset=offset)
    return {"total": None if len(items) > limit else offset + len(items), "offset": offset, "limit": limit,
            "items": [asdict(d) for d in items[:limit]]}


class NewDigest(BaseModel):
    date_from: str | None = Field(None, description="YYYY-MM-DD (default: see the period rule)")
    date_to: str | None = None
    title: str | None = Field(None, max_length=300)


@router.post("/digests", summary="Start a draft for a period, pre-filled from the triaged and new units")
def create(request: Request, body: NewDigest) -> dict[str, Any]:
    digest = api.create_draft(project_of(request), body.date_from or None, body.date_to or None,
                              title=body.title or None)
    return digest_dict(digest)


@router.get("/digests/{digest_id}", summary="A draft or issue with every item (dropped ones too)")
def digest(request: Request, digest_id: int) -> dict[str, Any]:
    with readers_of(request).reading() as conn:
        digest = api.get_digest(conn, digest_id)
    return digest_dict(digest)


@router.get("/digests/{digest_id}/history", summary="Every recorded change, oldest first")
def history(request: Request, digest_id: int) -> dict[str, Any]:
    with readers_of(request).reading() as conn:
        items = [asdict(e) for e in api.digest_history(conn, digest_id)]
    return {"total": len(items), "items": items}


Bases = dict[str, Annotated[list[Annotated[str, StringConstraints(max_length=20_000)]], Field(max_length=8)]]


class DigestChange(BaseModel):
    title: str | None = Field(None, max_length=300)
    introduction: str | None = Field(None, max_length=20_000)
    revision: int | None = None
    bases: Bases | None = Field(
        None, description="Per field sent, the texts the editor's page may have seen there (the last one "
                          "confirmed and any sent since); when the field now holds none of them, another "
                          "edit landed in between and this one is refused with 409 instead of overwriting it; "
                          "several fields sent at once are saved all or none")


@router.post("/digests/{digest_id}", summary="Change the title or the introduction")
def change_digest(request: Request, digest_id: int, body: DigestChange) -> dict[str, Any]:
    project = project_of(request)
    if body.title is None and body.introduction is None:
        raise ValueError("nothing to change; send a title or an introduction")
    result = api.set_digest_texts(project, digest_id, title=body.title, introduction=body.introduction,
                                  revision=body.revision, bases=body.bases or None)
    return {"id": result.id, "revision": result.revision, "updated_at": result.updated_at}


class Order(BaseModel):
    order: list[int] = Field(description="Every item id of the digest, each once, in the new order")
    revision: int | None = None


@router.post("/digests/{digest_id}/order", summary="Put the items in a new order (after a drag)")
def order(request: Request, digest_id: int, body: Order) -> dict[str, Any]:
    result = api.reorder_items(project_of(request), digest_id, body.order, revision=body.revision)
    return {"id": result.id, "revision": result.revision,
            "order": [i.id for i in sorted(result.items, key=lambda i: i.ordinal)]}


class NewItem(BaseModel):
    unit_id: int
    passage_id: int | None = None
    position: int | None = None
    revision: int | None = None


@router.post("/digests/{digest_id}/items", summary="Add an item for a unit (from the inbox or a search hit)")
def add(request: Request, digest_id: int, body: NewItem) -> dict[str, Any]:
    return digest_dict(api.add_item(project_of(request), digest_id, body.unit_id, passage_id=body.passage_id,
                                    position=body.position, revision=body.revision))


@router.post("/digests/{digest_id}/approve", summary="Approve: the draft becomes the next numbered issue")
def approve(request: Request, digest_id: int, revision: int | None = None) -> dict[str, Any]:
    return digest_dict(api.approve_digest(project_of(request), digest_id, revision=revision))


@router.post("/digests/{digest_id}/redraft", summary="A new draft from an issue (to correct it as a new number)")
def redraft(request: Request, digest_id: int) -> dict[str, Any]:
    return digest_dict(api.draft_from_issue(project_of(request), digest_id))


class ItemChange(BaseModel):
    title: str | None = Field(None, max_length=1000)
    lead: str | None = Field(None, max_length=20_000)
    note: str | None = Field(None, max_length=20_000)
    section: str | None = Field(None, max_length=20)
    author: str | None = Field(None, max_length=300)
    outlet: str | None = Field(None, max_length=300)
    revision: int | None = None
    bases: Bases | None = Field(
        None, description="Per field sent, the texts the editor's page may have seen there (the last one "
                          "confirmed and any sent since); when the field now holds none of them, another "
                          "edit landed in between and this one is refused with 409 instead of overwriting it; "
                          "several fields sent at once are saved all or none")


@router.post("/digest-items/{item_id}", summary="Edit an item's text or note (saved as typed)")
def change_item(request: Request, item_id: int, body: ItemChange) -> dict[str, Any]:
    project = project_of(request)
    if all(v is None for v in (body.title, body.lead, body.note, body.section, body.author, body.outlet)):
        raise ValueError("nothing to change; send a title, lead, note, section, author or outlet")
    result = api.edit_item_texts(project, item_id, title=body.title, lead=body.lead, section=body.section,
                                 author=body.author, outlet=body.outlet, note=body.note, revision=body.revision,
                                 bases=body.bases or None)
    return {"id": item_id, "digest_id": result.id, "revision": result.revision, "updated_at": result.updated_at}


@router.post("/digest-items/{item_id}/{action}", summary="drop | restore | accept an item")
def item_action(request: Request, item_id: int, action: str, revision: int | None = None) -> dict[str, Any]:
    funcs = {"drop": api.drop_item, "restore": api.restore_item, "accept": api.accept_item}
    if action not in funcs:
        raise LookupError(f"unknown item action {action!r}; use drop, restore or accept")
    return digest_dict(funcs[action](project_of(request), item_id, revision=revision))


class Merge(BaseModel):
    others: list[int] = Field(min_length=1, description="Items merged into this one (they are removed)")
    revision: int | None = None


@router.post("/digest-items/{item_id}/merge", summary="Merge other items into this one")
def merge(request: Request, item_id: int, body: Merge) -> dict[str, Any]:
    return digest_dict(api.merge_items(project_of(request), item_id, body.others, revision=body.revision))


@router.get("/digest-items/{item_id}/backing", summary="The units and passages behind an item")
def backing(request: Request, item_id: int) -> dict[str, Any]:
    return asdict(api.item_backing(project_of(request), item_id))


# ---- issues and publishing

@router.get("/issues/{number}", summary="An approved issue's content model (what every format is made from)")
def issue(request: Request, number: int) -> dict[str, Any]:
    digest = api.get_issue(project_of(request), number)
    return asdict(issue_content(digest))


@router.get("/issues/{number}/{fmt}", summary="The issue in one published format: html, md, eml, atom, rss",
            response_class=Response)
def issue_format(request: Request, number: int, fmt: str) -> Response:
    if fmt not in FORMAT_TYPES:
        raise LookupError(f"unknown format {fmt!r}; use {', '.join(FORMAT_TYPES)}")
    project = project_of(request)
    conn = project.connect()
    try:
        _, docs = api.issue_documents(project, number, conn)
    finally:
        conn.close()
    headers = {"content-security-policy": PUBLISHED_CSP, "x-frame-options": "SAMEORIGIN"}
    if fmt == "eml":
        headers["content-disposition"] = f'attachment; filename="issue-{number:04d}.eml"'
    return Response(docs[fmt], media_type=FORMAT_TYPES[fmt], headers=headers)


class PublishBody(BaseModel):
    formats: list[str] | None = Field(None, description="Default: html, md, eml, atom, rss")
    send_mail: bool = False


@router.post("/issues/{number}/publish", summary="Write the issue's files (and send the email when asked)")
def publish(request: Request, number: int, body: PublishBody | None = None) -> dict[str, Any]:
    body = body or PublishBody(formats=None)
    kwargs: dict[str, Any] = {"send_mail": body.send_mail}
    if body.formats:
        kwargs["formats"] = body.formats
    result = api.publish_issue(project_of(request), number, **kwargs)
    return {"number": result.number, "digest_id": result.digest_id, "sent_to": result.sent_to,
            "files": [{"format": f.format, "path": str(f.path), "sha256": f.sha256, "changed": f.changed}
                      for f in result.files]}


def preview_html(digest: Digest) -> str:
    """A draft shown as its issue page would be (same template, label "Draft")."""
    return render_page(issue_content(digest))
