"""Groups of reused text: where a text also appears, and who published it first.

A group is the connected component of reuse links (unit level: copy_of / excerpt_of; passage level:
duplicate / near_duplicate / excerpt_of). Its earliest dated member (unit.published, else the time
the page was fetched; ties by id) is the source; the rest are later copies.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from presswatch.reuse.links import REUSE_KINDS, Link, links_of

MAX_GROUP = 1000   # a component larger than this is cut (boilerplate shared by thousands of pages)


@dataclass(frozen=True)
class UnitRef:
    unit_id: int
    page_id: int
    date: str
    title: str | None
    outlet: str | None
    url: str | None
    lang: str

    def label(self) -> str:
        return self.outlet or (self.url or f"unit {self.unit_id}")


@dataclass(frozen=True)
class Copy:
    """Another place where a passage's text appears."""

    passage_id: int
    unit_id: int
    kind: str            # the link kind that connects it (to the passage or to the group)
    score: float
    date: str
    outlet: str | None
    url: str | None
    title: str | None
    first: bool          # the earliest member of the group

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def unit_refs(conn: sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, UnitRef]:
    ids = list(dict.fromkeys(unit_ids))
    out: dict[int, UnitRef] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
                f"""SELECT u.id, u.page_id, COALESCE(NULLIF(u.published, ''), pv.fetched_at, '') AS date, u.title,
                           u.outlet, COALESCE(u.url, p.url, p.key) AS url, u.lang
                    FROM units u JOIN page_versions pv ON pv.id = u.version_id JOIN pages p ON p.id = u.page_id
                    WHERE u.id IN ({marks})""", chunk):
            out[int(r[0])] = UnitRef(int(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5], r[6])
    return out


def order(ref: UnitRef) -> tuple[str, int]:
    return (ref.date or "~", ref.unit_id)


def component(conn: sqlite3.Connection, level: str, start: int, kinds: Iterable[str]) -> tuple[set[int], list[Link]]:
    """Members reachable from ``start`` over links of ``kinds`` at ``level``, and those links."""
    kind_list = list(kinds)
    seen, queue, links = {start}, deque([start]), {}
    while queue and len(seen) < MAX_GROUP:
        node = queue.popleft()
        for link in links_of(conn, level, [node], kind_list):
            links[link.id] = link
            for other in (link.a, link.b):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return seen, list(links.values())


def unit_group(conn: sqlite3.Connection, unit_id: int) -> list[UnitRef]:
    """The unit and every unit it is a copy or excerpt of (transitively), earliest first."""
    members, _ = component(conn, "unit", unit_id, ("copy_of", "excerpt_of"))
    refs = unit_refs(conn, members)
    return sorted(refs.values(), key=order)


def canonical_unit(conn: sqlite3.Connection, unit_id: int) -> int:
    """The earliest unit of ``unit_id``'s copy group (``unit_id`` itself when it has no copies)."""
    group = unit_group(conn, unit_id)
    return group[0].unit_id if group else unit_id


def passage_units(conn: sqlite3.Connection, passage_ids: Iterable[int]) -> dict[int, int]:
    ids = list(dict.fromkeys(passage_ids))
    out: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, unit_id FROM passages WHERE id IN ({marks})", chunk):
            out[int(r[0])] = int(r[1])
    return out


def copies_of(conn: sqlite3.Connection, passage_ids: Iterable[int]) -> dict[int, list[Copy]]:
    """For each passage: the other passages carrying its text (transitively), earliest first.

    Passages without copies map to an empty list. The earliest member of the group (which may be the
    passage itself, then absent from the list) is marked ``first``.
    """
    out: dict[int, list[Copy]] = {}
    for pid in dict.fromkeys(passage_ids):
        members, links = component(conn, "passage", pid, REUSE_KINDS)
        if len(members) == 1:
            out[pid] = []
            continue
        kind_of: dict[int, tuple[str, float]] = {}
        for link in links:
            for end in (link.a, link.b):
                if end not in kind_of or link.score > kind_of[end][1]:
                    kind_of[end] = (link.kind, link.score)
        punits = passage_units(conn, members)
        refs = unit_refs(conn, punits.values())
        ordered = sorted((m for m in members if m in punits and punits[m] in refs),
                         key=lambda m: order(refs[punits[m]]))
        first = ordered[0] if ordered else pid
        out[pid] = [Copy(m, punits[m], kind_of.get(m, ("duplicate", 1.0))[0], kind_of.get(m, ("", 1.0))[1],
                         refs[punits[m]].date, refs[punits[m]].outlet, refs[punits[m]].url, refs[punits[m]].title,
                         m == first)
                    for m in ordered if m != pid]
    return out


@dataclass(frozen=True)
class Group:
    """One reused text: its first publisher and the later copies, earliest first."""

    first: UnitRef
    copies: list[UnitRef]

    def as_dict(self) -> dict[str, Any]:
        return {"first": asdict(self.first), "copies": [asdict(c) for c in self.copies]}


def all_groups(conn: sqlite3.Connection, limit: int | None = None) -> list[Group]:
    """Every group of units linked by copy_of / excerpt_of, largest first (then earliest)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in conn.execute("SELECT a, b FROM links WHERE level = 'unit' AND kind IN ('copy_of', 'excerpt_of')"):
        parent[find(int(a))] = find(int(b))
    members: dict[int, list[int]] = {}
    for unit in list(parent):
        members.setdefault(find(unit), []).append(unit)
    refs = unit_refs(conn, parent)
    groups = []
    for units in members.values():
        ordered = sorted((refs[u] for u in units if u in refs), key=order)
        if len(ordered) > 1:
            groups.append(Group(ordered[0], ordered[1:]))
    groups.sort(key=lambda g: (-len(g.copies), order(g.first)))
    return groups[:limit] if limit is not None else groups
