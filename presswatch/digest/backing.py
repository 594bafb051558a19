"""What backs a digest item: its unit and the passages its lead was taken from, and the other units
named with it (copies, translations, merged items, the first publisher)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from presswatch.digest.build import load_digest
from presswatch.digest.errors import DigestNotFound
from presswatch.project import Project, connection
from presswatch.reuse.lead import lead_sentences
from presswatch.text.fold import fold


@dataclass(frozen=True)
class BackingPassage:
    passage_id: int
    ordinal: int
    lang: str
    start: int       # offsets in the unit's text
    end: int
    text: str


@dataclass(frozen=True)
class BackingUnit:
    """A unit behind the item; ``role`` is ``item`` (the article quoted) or the ``also`` kind."""

    unit_id: int
    role: str
    kind: str
    lang: str
    title: str | None
    outlet: str | None
    url: str | None
    passages: list[BackingPassage] = field(default_factory=list)  # for ``item``: those the lead quotes


@dataclass(frozen=True)
class ItemBacking:
    item_id: int
    digest_id: int
    units: list[BackingUnit]
    lead_found: bool     # every lead sentence was found in the unit's passages (False once edited away)


def _norm(text: str) -> str:
    return " ".join(fold(text).casefold().split())


def item_backing(target: Project | sqlite3.Connection, item_id: int) -> ItemBacking:
    """The units and passages behind item ``item_id`` (a unit removed from the archive is left out)."""
    with connection(target) as conn:
        row = conn.execute("SELECT digest_id FROM digest_items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise DigestNotFound(f"no digest item {item_id}; `presswatch digest show ID` lists the items")
        digest = load_digest(conn, int(row[0]))
        item = next(i for i in digest.items if i.id == item_id)
        wanted = [(item.unit_id, "item")] if item.unit_id is not None else []
        wanted += [(int(a["unit_id"]), str(a.get("kind") or "also")) for a in item.also if a.get("unit_id")]
        units: list[BackingUnit] = []
        found_all = False
        for unit_id, role in wanted:
            u = conn.execute("SELECT u.id, u.kind, u.lang, u.title, u.outlet, u.url, p.url AS page_url, u.text "
                             "FROM units u JOIN pages p ON p.id = u.page_id WHERE u.id = ?", (unit_id,)).fetchone()
            if u is None:
                continue
            passages: list[BackingPassage] = []
            if role == "item":
                # the lead's sentences as written in the unit (the dateline may have been cut from the first)
                sentences = [_norm(s) for s in lead_sentences(item.lead, 50)] or [_norm(item.lead)]
                hits = set()
                for p in conn.execute('SELECT id, ordinal, lang, start, "end", text FROM passages '
                                      "WHERE unit_id = ? ORDER BY ordinal", (unit_id,)):
                    body = _norm(p["text"])
                    matched = {n for n, s in enumerate(sentences) if s and (s in body or s[-60:] in body)}
                    if matched:
                        hits |= matched
                        passages.append(BackingPassage(int(p["id"]), int(p["ordinal"]), p["lang"], int(p["start"]),
                                                       int(p["end"]), p["text"]))
                found_all = len(hits) == len(sentences)
            units.append(BackingUnit(int(u["id"]), role, u["kind"], u["lang"], u["title"], u["outlet"],
                                     u["url"] or u["page_url"], passages))
        return ItemBacking(item_id, digest.id or 0, units, found_all)
