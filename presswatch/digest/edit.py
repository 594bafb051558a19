"""The editor's changes to a draft, each saved at once with its history entry (see workflow.py).

Every function takes a :class:`~presswatch.project.Project` or a connection, an item or digest id and
an optional ``revision`` (the draft's revision the editor saw: a stale edit is refused with
:class:`~presswatch.digest.errors.StaleEdit`), and returns the draft as it now stands.

The text fields also take ``bases``: the texts the editor's page may have been looking at when the edit
was made (the last text it saw confirmed, plus any it sent since). An edit whose field now holds none of
them (another tab or another editor changed that field in between) is refused with ``StaleEdit``
instead of overwriting the other change; edits to other fields or items never conflict, unlike
``revision``, which any change to the draft makes stale. Texts are compared as stored (trimmed, spaces
collapsed), so a base differing only in spacing still matches.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from presswatch.digest.build import insert_item, load_digest, unit_item
from presswatch.digest.errors import DigestError, DigestNotFound, StaleEdit
from presswatch.digest.model import Digest
from presswatch.digest.workflow import check_editable, record_edit, touch
from presswatch.project import Project, connection
from presswatch.store.db import transaction, utcnow

ITEM_FIELDS = ("title", "lead", "section", "author", "outlet")
_COLUMNS = {"note": "editor_note"}   # an item field's column, where the two names differ


def _flat(text: object) -> str:
    """Text as one-line fields are stored (spaces collapsed, trimmed); also how texts are compared."""
    return " ".join(str(text or "").split())


def check_bases(what: str, stored: object, bases: Sequence[str] | None) -> None:
    """Refuse (``StaleEdit``) an edit of ``what`` made on a page that never saw the ``stored`` text."""
    if bases is None:
        return
    if _flat(stored) not in {_flat(b) for b in bases}:
        raise StaleEdit(f"{what} was changed elsewhere (another tab or another editor) since this page "
                        f"loaded it; copy your text, reload the draft to see the other change, and make "
                        f"your edit again")


def _item(conn: sqlite3.Connection, item_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM digest_items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise DigestNotFound(f"no digest item {item_id}; `presswatch digest show ID` lists the items")
    return row


def _renumber(conn: sqlite3.Connection, digest_id: int, order: list[int]) -> None:
    for n, item_id in enumerate(order):
        conn.execute("UPDATE digest_items SET ordinal = ? WHERE id = ? AND ordinal != ?", (n, item_id, n))


def _order(conn: sqlite3.Connection, digest_id: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT id FROM digest_items WHERE digest_id = ? ORDER BY ordinal, id", (digest_id,))]


@dataclass(frozen=True)
class Change:
    """What one edit did, for the history (``None`` from a change function: nothing changed)."""

    action: str
    before: Any = None
    after: Any = None
    item_id: int | None = None


ChangeFn = Callable[[sqlite3.Connection, int, str], Change | None]


def _edit(target: Project | sqlite3.Connection, revision: int | None, change: ChangeFn | Sequence[ChangeFn], *,
          digest_id: int | None = None, item_id: int | None = None) -> Digest:
    """The one way a draft changes: in one transaction, find the digest (directly or by its item), refuse
    an approved or stale one, apply ``change(conn, digest_id, now)`` (or each of several, in order: all
    or none of them are written), record a history entry for each that changed something and bump the
    revision once; then return the draft as it now stands."""
    steps = [change] if callable(change) else list(change)
    with connection(target) as conn:
        now = utcnow()
        with transaction(conn):
            if item_id is not None:
                digest_id = int(_item(conn, item_id)["digest_id"])
            assert digest_id is not None, "an edit names a digest or an item"
            check_editable(conn, digest_id, revision)
            changed = False
            for step in steps:
                done = step(conn, digest_id, now)
                if done is not None:
                    record_edit(conn, digest_id, done.action, item_id=done.item_id, before=done.before,
                                after=done.after, at=now)
                    changed = True
            if changed:
                touch(conn, digest_id, now)
        return load_digest(conn, digest_id)


def edit_item(target: Project | sqlite3.Connection, item_id: int, *, title: str | None = None,
              lead: str | None = None, section: str | None = None, author: str | None = None,
              outlet: str | None = None, revision: int | None = None,
              bases: Mapping[str, Sequence[str]] | None = None) -> Digest:
    """Change an item's text (title, lead, section, author or outlet as shown); status becomes ``edited``.

    The archive's unit is never changed: the item holds its own copy. An empty lead is refused (drop
    the item instead). ``bases``: per field, the texts the editor's page may have seen (module doc).
    """
    if all(v is None for v in (title, lead, section, author, outlet)):
        raise DigestError("nothing to change; give a new title, lead, section, author or outlet")
    return edit_item_texts(target, item_id, title=title, lead=lead, section=section, author=author,
                           outlet=outlet, revision=revision, bases=bases)


def set_item_note(target: Project | sqlite3.Connection, item_id: int, note: str | None, *,
                  revision: int | None = None, bases: Sequence[str] | None = None) -> Digest:
    """Set (or with an empty ``note``, remove) the editor's note shown under the item."""
    return _edit(target, revision, _note_change(item_id, note, bases), item_id=item_id)


def edit_item_texts(target: Project | sqlite3.Connection, item_id: int, *, title: str | None = None,
                    lead: str | None = None, section: str | None = None, author: str | None = None,
                    outlet: str | None = None, note: str | None = None, revision: int | None = None,
                    bases: Mapping[str, Sequence[str]] | None = None) -> Digest:
    """:func:`edit_item` and :func:`set_item_note` at once, all or nothing: a stale base in any field
    (``bases``, keyed by field, ``note`` included) refuses the whole edit, so that none of it is half
    written. Fields left ``None`` are not touched; each part that changes is its own history entry."""
    fields = {k: v for k, v in (("title", title), ("lead", lead), ("section", section), ("author", author),
                                ("outlet", outlet)) if v is not None}
    if not fields and note is None:
        raise DigestError("nothing to change; give a new title, lead, note, section, author or outlet")
    wanted = dict(bases or {})
    unknown = set(wanted) - set(fields) - ({"note"} if note is not None else set())
    if unknown:
        raise DigestError(f"bases given for fields not changed: {', '.join(sorted(unknown))}")
    steps: list[ChangeFn] = []
    if fields:
        steps.append(_text_change(item_id, fields, {k: v for k, v in wanted.items() if k != "note"} or None))
    if note is not None:
        steps.append(_note_change(item_id, note, wanted.get("note")))
    return _edit(target, revision, steps, item_id=item_id)


def _text_change(item_id: int, fields: Mapping[str, str], bases: Mapping[str, Sequence[str]] | None) -> ChangeFn:
    if "lead" in fields and not str(fields["lead"]).strip():
        raise DigestError("an item's lead cannot be empty; drop the item instead")
    changes = {k: _flat(v) if k != "lead" else str(v).strip() for k, v in fields.items()}
    unknown = set(bases or {}) - set(changes)
    if unknown:
        raise DigestError(f"bases given for fields not changed: {', '.join(sorted(unknown))}")
    return _item_change(item_id, "edit", changes, also={"status": "edited"}, bases=bases)


def _note_change(item_id: int, note: str | None, bases: Sequence[str] | None) -> ChangeFn:
    clean = (note or "").strip() or None
    return _item_change(item_id, "note", {"editor_note": clean}, bases=None if bases is None else {"note": bases})


def drop_item(target: Project | sqlite3.Connection, item_id: int, *, revision: int | None = None) -> Digest:
    """Leave the item out of the digest (kept, status ``rejected``; :func:`restore_item` brings it back)."""
    return _set_item(target, item_id, "drop", {"status": "rejected"}, revision)


def restore_item(target: Project | sqlite3.Connection, item_id: int, *, revision: int | None = None) -> Digest:
    """Bring a dropped item back (status ``accepted``)."""
    return _set_item(target, item_id, "restore", {"status": "accepted"}, revision)


def accept_item(target: Project | sqlite3.Connection, item_id: int, *, revision: int | None = None) -> Digest:
    """Mark the item as read and accepted by the editor (status ``accepted``)."""
    return _set_item(target, item_id, "accept", {"status": "accepted"}, revision)


def _set_item(target: Project | sqlite3.Connection, item_id: int, action: str, values: dict[str, Any],
              revision: int | None) -> Digest:
    return _edit(target, revision, _item_change(item_id, action, values), item_id=item_id)


def _item_change(item_id: int, action: str, values: dict[str, Any], also: dict[str, Any] | None = None,
                 bases: Mapping[str, Sequence[str]] | None = None) -> ChangeFn:
    """Set ``values`` on the item (and ``also``, which is written but not compared or recorded) as one
    recorded change; nothing happens when ``values`` are already what the item holds. ``bases``: per
    field (``note`` for the editor's note), the texts the edit may have been made on."""
    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        row = _item(conn, item_id)
        for field, seen in (bases or {}).items():
            column = _COLUMNS.get(field, field)
            if _flat(row[column]) != _flat(values.get(column)):   # (the same text again never conflicts)
                check_bases(f"item {item_id}'s {field}", row[column], seen)
        before = {k: row[k] for k in values}
        if before == values:
            return None
        written = values | (also or {})
        sets = ", ".join(f"{k} = ?" for k in written)
        conn.execute(f"UPDATE digest_items SET {sets} WHERE id = ?", [*written.values(), item_id])
        return Change(action, before, values, item_id)
    return change


def move_item(target: Project | sqlite3.Connection, item_id: int, position: int, *,
              revision: int | None = None) -> Digest:
    """Move the item to ``position`` (0 = first) in the digest's order; the others keep their order."""
    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        order = _order(conn, digest_id)
        old = order.index(item_id)
        order.remove(item_id)
        new = max(0, min(int(position), len(order)))
        order.insert(new, item_id)
        if old == new:
            return None
        _renumber(conn, digest_id, order)
        return Change("move", {"position": old}, {"position": new}, item_id)
    return _edit(target, revision, change, item_id=item_id)


def reorder_items(target: Project | sqlite3.Connection, digest_id: int, item_ids: list[int], *,
                  revision: int | None = None) -> Digest:
    """Put the items in the given order (every item of the digest, each once; e.g. after a drag)."""
    wanted = [int(i) for i in item_ids]

    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        order = _order(conn, digest_id)
        if sorted(wanted) != sorted(order):
            raise DigestError(f"the new order must list each of the digest's {len(order)} items once "
                              f"(got {len(wanted)}); reload the draft and try again")
        if wanted == order:
            return None
        _renumber(conn, digest_id, wanted)
        return Change("reorder", {"order": order}, {"order": wanted})
    return _edit(target, revision, change, digest_id=digest_id)


def merge_items(target: Project | sqlite3.Connection, keep_id: int, other_ids: list[int], *,
                revision: int | None = None) -> Digest:
    """Merge items into ``keep_id``: it keeps its text; each other item's article is listed with it
    (``also``, kind ``merged``, with the other's own copies and translations) and the other item is
    removed. The history keeps the removed items whole."""
    others = [int(i) for i in dict.fromkeys(other_ids) if int(i) != keep_id]
    if not others:
        raise DigestError("name at least one other item to merge into the kept one")

    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        keep = _item(conn, keep_id)
        also = json.loads(keep["also"] or "[]")
        removed = []
        for oid in others:
            other = _item(conn, oid)
            if int(other["digest_id"]) != digest_id:
                raise DigestError(f"item {oid} belongs to another digest ({other['digest_id']})")
            also.append({"unit_id": other["unit_id"], "kind": "merged", "outlet": other["outlet"],
                         "url": other["url"], "title": other["title"], "published": other["published"],
                         "lang": other["lang"]})
            also += [a for a in json.loads(other["also"] or "[]")
                     if a.get("unit_id") is None or a.get("unit_id") not in {x.get("unit_id") for x in also}]
            removed.append({k: other[k] for k in other.keys()})
            conn.execute("DELETE FROM digest_items WHERE id = ?", (oid,))
        conn.execute("UPDATE digest_items SET also = ?, status = 'edited' WHERE id = ?",
                     (json.dumps(also, ensure_ascii=False), keep_id))
        _renumber(conn, digest_id, _order(conn, digest_id))
        return Change("merge", {"removed": removed}, {"also": also}, keep_id)
    return _edit(target, revision, change, item_id=keep_id)


def add_item(target: Project | sqlite3.Connection, digest_id: int, unit_id: int, *,
             passage_id: int | None = None, position: int | None = None, lead_count: int | None = None,
             revision: int | None = None) -> Digest:
    """Add an item for a unit (from the inbox or a search hit; ``passage_id``: the hit's passage,
    whose sentences become the lead) at ``position`` (default: the end of its language's section)."""
    if lead_count is None:
        lead_count = int(target.config.get("digest.lead_sentences", 2)) if isinstance(target, Project) else 2
    lead_sentences = lead_count

    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        item = unit_item(conn, unit_id, lead_count=lead_sentences, passage_id=passage_id)
        if item is None:
            raise DigestError(f"unit {unit_id} has no sentence of prose to quote; pick an article or a passage")
        clash = conn.execute("SELECT id FROM digest_items WHERE digest_id = ? AND unit_id = ? AND status != "
                             "'rejected'", (digest_id, unit_id)).fetchone()
        if clash is not None:
            raise DigestError(f"unit {unit_id} is already item {clash[0]} of this digest")
        order = _order(conn, digest_id)
        at = position
        if at is None:
            same = [int(r[0]) for r in conn.execute(
                "SELECT id FROM digest_items WHERE digest_id = ? AND section = ? ORDER BY ordinal, id",
                (digest_id, item.section))]
            at = order.index(same[-1]) + 1 if same else len(order)
        item.status = "accepted"
        item.ordinal = len(order)
        new_id = insert_item(conn, digest_id, item)
        order.insert(max(0, min(int(at), len(order))), new_id)
        _renumber(conn, digest_id, order)
        return Change("add", None, {"unit_id": unit_id, "passage_id": passage_id, "position": order.index(new_id),
                                    "title": item.title, "lead": item.lead}, new_id)
    return _edit(target, revision, change, digest_id=digest_id)


def set_introduction(target: Project | sqlite3.Connection, digest_id: int, text: str, *,
                     revision: int | None = None, bases: Sequence[str] | None = None) -> Digest:
    """The editor's introduction shown above the items (plain text; paragraphs split on blank lines)."""
    return set_digest_texts(target, digest_id, introduction=text, revision=revision,
                            bases=None if bases is None else {"introduction": bases})


def set_title(target: Project | sqlite3.Connection, digest_id: int, title: str, *,
              revision: int | None = None, bases: Sequence[str] | None = None) -> Digest:
    """The digest's title."""
    return set_digest_texts(target, digest_id, title=title, revision=revision,
                            bases=None if bases is None else {"title": bases})


def set_digest_texts(target: Project | sqlite3.Connection, digest_id: int, *, title: str | None = None,
                     introduction: str | None = None, revision: int | None = None,
                     bases: Mapping[str, Sequence[str]] | None = None) -> Digest:
    """The digest's title and introduction at once, all or nothing (``bases`` keyed by field, as for
    :func:`edit_item_texts`); fields left ``None`` are not touched."""
    values: dict[str, str] = {}
    if title is not None:
        values["title"] = _flat(title)
        if not values["title"]:
            raise DigestError("a digest needs a title")
    if introduction is not None:
        values["introduction"] = (introduction or "").strip()
    if not values:
        raise DigestError("nothing to change; give a title or an introduction")
    unknown = set(bases or {}) - set(values)
    if unknown:
        raise DigestError(f"bases given for fields not changed: {', '.join(sorted(unknown))}")
    steps = [_digest_change("title" if column == "title" else "intro", column, value, (bases or {}).get(column))
             for column, value in values.items()]
    return _edit(target, revision, steps, digest_id=digest_id)


def _digest_change(action: str, column: str, value: str, bases: Sequence[str] | None) -> ChangeFn:
    def change(conn: sqlite3.Connection, digest_id: int, now: str) -> Change | None:
        old = conn.execute(f"SELECT {column} FROM digests WHERE id = ?", (digest_id,)).fetchone()[0]
        if old == value:
            return None
        check_bases(f"the digest's {column}", old, bases)
        conn.execute(f"UPDATE digests SET {column} = ? WHERE id = ?", (value, digest_id))
        return Change(action, {column: old}, {column: value})
    return change
