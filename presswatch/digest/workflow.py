"""The digest workflow: a draft pre-filled from the period and the editor's triage, edited, approved into
an immutable, numbered issue; a new draft can be started from an issue.

Every change is one transaction that also writes its ``digest_edits`` row (the history) and bumps the
draft's ``revision``; the database itself refuses changes to an approved issue (triggers in migration
0017), so no face can edit one by accident. Functions take a :class:`~presswatch.project.Project`
(a connection is opened and closed) or an open ``sqlite3.Connection``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from presswatch.digest.build import build_digest, insert_digest, load_digest
from presswatch.digest.errors import DigestLocked, DigestNotFound, StaleEdit
from presswatch.digest.model import Digest, DigestItem
from presswatch.digest.period import resolve_period
from presswatch.project import Project, connection
from presswatch.store.db import transaction, utcnow
from presswatch.triage.marks import units_marked


@dataclass(frozen=True)
class DigestSummary:
    """One line of the digest list."""

    id: int
    title: str
    status: str
    number: int | None
    period_from: str
    period_to: str
    created_at: str
    approved_at: str | None
    updated_at: str | None
    items: int            # items not dropped
    based_on: int | None


@dataclass(frozen=True)
class EditRecord:
    """One entry of a digest's history: ``before`` / ``after`` hold the changed values."""

    id: int
    digest_id: int
    item_id: int | None
    action: str
    before: Any
    after: Any
    at: str


def _config_int(project: Project | sqlite3.Connection, key: str, default: int) -> int:
    return int(project.config.get(key, default)) if isinstance(project, Project) else default


def published_units(conn: sqlite3.Connection) -> set[int]:
    """Units that back an item of an approved issue (not offered again in a new draft)."""
    return {int(r[0]) for r in conn.execute(
        """SELECT i.unit_id FROM digest_items i JOIN digests d ON d.id = i.digest_id
           WHERE d.status = 'approved' AND i.unit_id IS NOT NULL AND i.status != 'rejected'""")}


def record_edit(conn: sqlite3.Connection, digest_id: int, action: str, *, item_id: int | None = None,
                before: Any = None, after: Any = None, at: str | None = None) -> None:
    """Write one history row (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO digest_edits (digest_id, item_id, action, before, after, at) VALUES (?, ?, ?, ?, ?, ?)",
        (digest_id, item_id, action, None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
         None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True), at or utcnow()))


def check_editable(conn: sqlite3.Connection, digest_id: int, revision: int | None = None) -> sqlite3.Row:
    """The digest's row if it is a draft (and still at ``revision`` when given), else a clear error."""
    row = conn.execute("SELECT id, status, number, revision FROM digests WHERE id = ?", (digest_id,)).fetchone()
    if row is None:
        raise DigestNotFound(f"no digest {digest_id}; `presswatch digest list` shows them")
    if row["status"] == "approved":
        raise DigestLocked(f"digest {digest_id} is approved issue #{row['number']} and cannot change; "
                           f"start a new draft from it (`presswatch digest edit {digest_id} --new-draft`)")
    if revision is not None and int(row["revision"]) != revision:
        raise StaleEdit(f"digest {digest_id} changed since you loaded it (revision {row['revision']}, "
                        f"you had {revision}); reload it and make the edit again")
    return row


def touch(conn: sqlite3.Connection, digest_id: int, at: str) -> None:
    conn.execute("UPDATE digests SET revision = revision + 1, updated_at = ? WHERE id = ?", (at, digest_id))


def prefilled_draft(conn: sqlite3.Connection, start: str, end: str, *, title: str | None,
                    lead_count: int) -> Digest:
    """The draft :func:`create_draft` stores, not stored: the period's articles and the triaged units."""
    done = published_units(conn)
    skipped = set(units_marked(conn, "skip"))
    include = [u for u in units_marked(conn, "include") if u not in done]
    exclude = {u: "skipped" for u in skipped} | {u: "already_published" for u in done}
    return build_digest(conn, start, end, title=title, lead_count=lead_count, save=False,
                        exclude=exclude, include=include)


def create_draft(target: Project | sqlite3.Connection, date_from: date | str | None = None,
                 date_to: date | str | None = None, *, title: str | None = None,
                 lead_count: int | None = None, today: date | None = None) -> Digest:
    """Start a draft for a period (see :func:`presswatch.digest.period.resolve_period`), pre-filled.

    The items are the period's articles (:func:`presswatch.digest.build.build_digest`: copies folded,
    translations listed) plus every unit the editor triaged ``include`` (any kind or date), minus the
    units triaged ``skip`` and those already in an approved issue (``left_out`` counts them as
    ``skipped`` / ``already_published``). The draft is stored; its history starts with ``create``.
    """
    start, end = resolve_period(date_from, date_to, today=today)
    lead_count = lead_count if lead_count is not None else _config_int(target, "digest.lead_sentences", 2)
    if title is None and isinstance(target, Project):
        title = str(target.config.get("digest.title", "Weekly digest"))
    with connection(target) as conn:
        digest = prefilled_draft(conn, start, end, title=title, lead_count=lead_count)
        with transaction(conn):
            digest_id = insert_digest(conn, digest)
            record_edit(conn, digest_id, "create", after={
                "period_from": start, "period_to": end, "items": len(digest.items),
                "left_out": digest.left_out}, at=digest.created_at)
        stored = load_digest(conn, digest_id)
        stored.left_out = digest.left_out
        return stored


def draft_from_issue(target: Project | sqlite3.Connection, digest_id: int) -> Digest:
    """A new draft with the same period, introduction and items as ``digest_id`` (usually an approved
    issue, to correct and approve again as a new number)."""
    with connection(target) as conn:
        source = load_digest(conn, digest_id)
        now = utcnow()
        copy = Digest(title=source.title, period_from=source.period_from, period_to=source.period_to,
                      created_at=now, introduction=source.introduction, based_on=source.id)
        for item in source.items:
            data = asdict(item)
            data.update(id=None)
            copy.items.append(DigestItem(**data))
        with transaction(conn):
            new_id = insert_digest(conn, copy)
            record_edit(conn, new_id, "create", after={"from_digest": source.id, "from_issue": source.number,
                                                       "items": len(copy.items)}, at=now)
        return load_digest(conn, new_id)


def get_digest(target: Project | sqlite3.Connection, digest_id: int) -> Digest:
    """A stored digest (draft or issue) with all its items, dropped ones included (status ``rejected``)."""
    with connection(target) as conn:
        return load_digest(conn, digest_id)


def get_issue(target: Project | sqlite3.Connection, number: int) -> Digest:
    """The approved issue with this number."""
    with connection(target) as conn:
        row = conn.execute("SELECT id FROM digests WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise DigestNotFound(f"no issue #{number}; `presswatch digest list --approved` shows the issues")
        return load_digest(conn, int(row[0]))


def list_digests(target: Project | sqlite3.Connection, *, status: str | None = None,
                 limit: int = 100, offset: int = 0) -> list[DigestSummary]:
    """Digests newest first; ``status`` ``draft`` or ``approved`` narrows the list."""
    where, args = "", []
    if status:
        where, args = "WHERE d.status = ?", [status]
    with connection(target) as conn:
        rows = conn.execute(
            f"""SELECT d.*, (SELECT COUNT(*) FROM digest_items i WHERE i.digest_id = d.id AND i.status != 'rejected')
                AS n FROM digests d {where} ORDER BY d.id DESC LIMIT ? OFFSET ?""", [*args, limit, offset]).fetchall()
    return [DigestSummary(id=int(r["id"]), title=r["title"], status=r["status"], number=r["number"],
                          period_from=r["period_from"], period_to=r["period_to"], created_at=r["created_at"],
                          approved_at=r["approved_at"], updated_at=r["updated_at"], items=int(r["n"]),
                          based_on=r["based_on"]) for r in rows]


def digest_history(target: Project | sqlite3.Connection, digest_id: int, *,
                   last: int | None = None) -> list[EditRecord]:
    """Every recorded change of the digest, oldest first (an approved issue keeps its draft's history);
    with ``last``, only the latest ``last`` changes (still oldest first)."""
    with connection(target) as conn:
        if conn.execute("SELECT 1 FROM digests WHERE id = ?", (digest_id,)).fetchone() is None:
            raise DigestNotFound(f"no digest {digest_id}; `presswatch digest list` shows them")
        sql = "SELECT * FROM digest_edits WHERE digest_id = ? ORDER BY id"
        args: list[Any] = [digest_id]
        if last is not None:
            sql = f"SELECT * FROM ({sql} DESC LIMIT ?) ORDER BY id"
            args.append(max(0, last))
        return [EditRecord(id=int(r["id"]), digest_id=int(r["digest_id"]), item_id=r["item_id"], action=r["action"],
                           before=json.loads(r["before"]) if r["before"] else None,
                           after=json.loads(r["after"]) if r["after"] else None, at=r["at"])
                for r in conn.execute(sql, args)]


def approve_digest(target: Project | sqlite3.Connection, digest_id: int, *, revision: int | None = None) -> Digest:
    """Approve a draft: it becomes issue number N (one more than the last) and never changes again.

    Refused for a draft with no item left (nothing to publish) and for a stale ``revision``.
    """
    with connection(target) as conn:
        now = utcnow()
        with transaction(conn):
            check_editable(conn, digest_id, revision)
            shown = conn.execute("SELECT COUNT(*) FROM digest_items WHERE digest_id = ? AND status != 'rejected'",
                                 (digest_id,)).fetchone()[0]
            if not shown:
                raise DigestLocked(f"digest {digest_id} has no items left to publish; add items or widen the period")
            number = int(conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM digests").fetchone()[0])
            record_edit(conn, digest_id, "approve", after={"number": number}, at=now)
            conn.execute("UPDATE digests SET status = 'approved', number = ?, approved_at = ?, "
                         "revision = revision + 1, updated_at = ? WHERE id = ?", (number, now, now, digest_id))
        return load_digest(conn, digest_id)
