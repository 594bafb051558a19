"""Groups of reused text: where a text also appears, and who published it first.

A group is the connected component of reuse links (unit level: copy_of / excerpt_of; passage level:
duplicate / near_duplicate / excerpt_of). Its earliest dated member (unit.published; ties by id) is
the source; the rest are later copies. "First published" is decided among dated members only: an
undated member (the page states no date; the fetch time is when we saw it) sorts after every dated
one. ``contains`` (a longer page holding a whole earlier text) is listed by :func:`all_groups` but
does not make the container a copy of the text.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from presswatch.reuse.links import COPY_GROUP_KINDS, REUSE_KINDS, UNIT_REUSE_KINDS, Link, links_of

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
    fetched_at: str = ""     # when the page version was fetched or ingested (not a publication date)

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
                f"""SELECT u.id, u.page_id, COALESCE(u.published, '') AS date, u.title,
                           u.outlet, COALESCE(u.url, p.url, p.key) AS url, u.lang, pv.fetched_at
                    FROM units u JOIN page_versions pv ON pv.id = u.version_id JOIN pages p ON p.id = u.page_id
                    WHERE u.id IN ({marks})""", chunk):
            out[int(r[0])] = UnitRef(int(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5], r[6], str(r[7] or ""))
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
    members, _ = component(conn, "unit", unit_id, COPY_GROUP_KINDS)
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
    """One reused text: its first publisher and the later copies, earliest first.

    ``kind`` is ``"unit"`` (whole units linked by copy_of / excerpt_of / contains) or ``"passage"``
    (a passage repeated on other pages while the units are not copies: shared boilerplate, a quoted
    paragraph); ``text`` is then the passage's text."""

    first: UnitRef
    copies: list[UnitRef]
    kind: str = "unit"
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "first": asdict(self.first), "copies": [asdict(c) for c in self.copies],
                **({"text": self.text} if self.text is not None else {})}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        while self.parent.setdefault(x, x) != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def components(self) -> list[list[int]]:
        members: dict[int, list[int]] = {}
        for x in list(self.parent):
            members.setdefault(self.find(x), []).append(x)
        return list(members.values())


def all_groups(conn: sqlite3.Connection, limit: int | None = None, *, passages: bool = True) -> list[Group]:
    """Every group of units linked by copy_of / excerpt_of / contains, largest first (then earliest);
    with ``passages``, then every passage found on other pages whose units are in no such group
    together (what the reuse stage flagged at passage level only)."""
    units = _Union()
    kinds = ",".join("?" * len(UNIT_REUSE_KINDS))
    for a, b in conn.execute(f"SELECT a, b FROM links WHERE level = 'unit' AND kind IN ({kinds})", UNIT_REUSE_KINDS):
        units.join(int(a), int(b))
    refs = unit_refs(conn, units.parent)
    groups = []
    for members in units.components():
        ordered = sorted((refs[u] for u in members if u in refs), key=order)
        if len(ordered) > 1:
            groups.append(Group(ordered[0], ordered[1:]))
    groups.sort(key=lambda g: (-len(g.copies), order(g.first)))
    if passages and (limit is None or len(groups) < limit):
        groups.extend(passage_groups(conn, units))
    return groups[:limit] if limit is not None else groups


def passage_groups(conn: sqlite3.Connection, unit_groups: _Union | None = None) -> list[Group]:
    """Passages repeated on other pages (duplicate / near_duplicate / excerpt_of passage links) where
    the units are not already one unit group; one group per set of linked passages, most pages first."""
    unit_groups = unit_groups or _Union()
    passages = _Union()
    kinds = ",".join("?" * len(REUSE_KINDS))
    for a, b in conn.execute(f"SELECT a, b FROM links WHERE level = 'passage' AND kind IN ({kinds})", REUSE_KINDS):
        passages.join(int(a), int(b))
    out = []
    for members in passages.components():
        punits = passage_units(conn, members)
        uids = set(punits.values())
        if len({unit_groups.find(u) if u in unit_groups.parent else -u for u in uids}) < 2:
            continue     # already listed as one unit group
        refs = unit_refs(conn, uids)
        by_unit: dict[int, int] = {}
        for pid, uid in sorted(punits.items()):
            by_unit.setdefault(uid, pid)
        ordered = sorted((refs[u] for u in by_unit if u in refs), key=order)
        pages = {r.page_id for r in ordered}
        if len(pages) < 2:
            continue
        row = conn.execute("SELECT text FROM passages WHERE id = ?", (by_unit[ordered[0].unit_id],)).fetchone()
        out.append(Group(ordered[0], ordered[1:], "passage", str(row[0]) if row else None))
    out.sort(key=lambda g: (-len(g.copies), order(g.first)))
    return out
