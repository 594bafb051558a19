"""What `presswatch reuse ID` shows: where a text also appears, who published it first, translations."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict
from typing import Any

from presswatch.project import Project
from presswatch.reuse.groups import UnitRef, all_groups, copies_of, unit_group, unit_refs
from presswatch.reuse.links import COPY_GROUP_KINDS, links_of

REF = re.compile(r"^(?:(unit|passage):)?(\d+)$")


def parse_ref(ref: str) -> tuple[str, int]:
    m = REF.match(ref.strip())
    if not m:
        raise ValueError(f"{ref!r} is not a unit or passage: use unit:N, passage:N or a bare unit number "
                         "(ids are shown by `presswatch search` and the export)")
    return (m.group(1) or "unit"), int(m.group(2))


def _ref(r: UnitRef) -> dict[str, Any]:
    return asdict(r)


def unit_reuse(conn: sqlite3.Connection, unit_id: int) -> dict[str, Any]:
    """Copies, first publisher, passage-level copies and translations of one unit."""
    refs = unit_refs(conn, [unit_id])
    if unit_id not in refs:
        raise ValueError(f"there is no unit {unit_id} in this archive; find ids with `presswatch search`")
    me = refs[unit_id]
    group = unit_group(conn, unit_id)
    kinds: dict[int, dict[str, Any]] = {}
    for link in links_of(conn, "unit", [g.unit_id for g in group], list(COPY_GROUP_KINDS)):
        for end in (link.a, link.b):
            if end != unit_id and (link.a == unit_id or link.b == unit_id or end not in kinds):
                kinds[end] = {"kind": link.kind, "score": link.score}
    first = group[0] if group else me
    also = [{**_ref(g), **kinds.get(g.unit_id, {"kind": "copy_of", "score": None})}
            for g in group if g.unit_id != unit_id]
    # A longer page holding this whole text, or a whole text this page holds (not copies of each other).
    held = links_of(conn, "unit", [unit_id], ["contains"])
    hrefs = unit_refs(conn, [x for lk in held for x in (lk.a, lk.b)])
    for link in held:
        other = link.b if link.a == unit_id else link.a
        if other in hrefs:
            also.append({**_ref(hrefs[other]), "kind": "contains" if link.a == unit_id else "contained_in",
                         "score": link.score})
    pids = [int(r[0]) for r in conn.execute("SELECT id FROM passages WHERE unit_id = ? ORDER BY ordinal", (unit_id,))]
    passage_copies = {pid: [c.as_dict() for c in copies] for pid, copies in copies_of(conn, pids).items() if copies}
    translations = []
    tlinks = links_of(conn, "unit", [g.unit_id for g in group] or [unit_id], ["translation_of"])
    trefs = unit_refs(conn, [x for lk in tlinks for x in (lk.a, lk.b)])
    for link in tlinks:
        other = link.b if link.a in {g.unit_id for g in group} else link.a
        if other in trefs:
            translations.append({**_ref(trefs[other]), "score": link.score,
                                 "direction": "translates" if link.a == unit_id else "translated_by",
                                 "via": None if unit_id in (link.a, link.b) else (link.a if other == link.b else link.b),
                                 "alignment": link.detail.get("alignment", [])})
    return {"unit": _ref(me), "first": _ref(first), "is_first": first.unit_id == unit_id, "also_at": also,
            "passage_copies": passage_copies, "translations": translations}


def passage_reuse(conn: sqlite3.Connection, passage_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT unit_id, text FROM passages WHERE id = ?", (passage_id,)).fetchone()
    if row is None:
        raise ValueError(f"there is no passage {passage_id} in this archive; find ids with `presswatch search`")
    copies = copies_of(conn, [passage_id])[passage_id]
    me = unit_refs(conn, [int(row[0])])[int(row[0])]
    firsts = [c for c in copies if c.first]
    first = ({"unit_id": firsts[0].unit_id, "outlet": firsts[0].outlet, "date": firsts[0].date, "url": firsts[0].url}
             if firsts else {"unit_id": me.unit_id, "outlet": me.outlet, "date": me.date, "url": me.url})
    return {"passage": passage_id, "text": row[1], "unit": _ref(me), "first": first, "is_first": not firsts,
            "also_at": [c.as_dict() for c in copies]}


def reuse(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    kind, number = parse_ref(ref)
    return passage_reuse(conn, number) if kind == "passage" else unit_reuse(conn, number)


def first_published_line(first: dict[str, Any]) -> str:
    who = first.get("outlet") or first.get("url") or f"unit {first.get('unit_id')}"
    when = (first.get("date") or "")[:10]
    if not when:
        return f"first seen at {who} (no publication date stated)"
    return f"first published by {who} on {when}"


def show_reuse(project: Project, ref: str) -> dict[str, Any]:
    """Python equivalent of `presswatch reuse ID`: copies, first publisher and translations."""
    conn = project.connect(readonly=True)
    try:
        return reuse(conn, ref)
    finally:
        conn.close()


def reuse_groups(project: Project, limit: int | None = 20) -> list[dict[str, Any]]:
    """Python equivalent of `presswatch reuse --groups`: reused texts, first publisher and copies."""
    conn = project.connect(readonly=True)
    try:
        return [g.as_dict() for g in all_groups(conn, limit)]
    finally:
        conn.close()
