"""Reuse for other parts: fold copies in search hits, credit the first publisher in a digest.

Both are small steps the search engine and the digest builder call at the end of their own work;
they only read the ``links`` table and do nothing when the reuse stage has not run.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol

from presswatch.reuse.groups import canonical_unit, copies_of, unit_refs
from presswatch.reuse.shingles import tokens


class FoldableHit(Protocol):
    passage_id: int
    unit_id: int
    outlet: str | None
    url: str | None
    date: str | None
    copies: list[dict[str, Any]]


def _has_links(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM links LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def passage_texts(conn: sqlite3.Connection, passage_ids: list[int]) -> dict[int, str]:
    marks = ",".join("?" * len(passage_ids))
    return {int(r[0]): str(r[1]) for r in conn.execute(
        f"SELECT id, text FROM passages WHERE id IN ({marks})", passage_ids)} if passage_ids else {}


def typing_variant(a: str, b: str) -> bool:
    """The same words typed differently (diacritics, Arabic/Persian letter forms, case): a search
    shows both spellings rather than folding one away."""
    return " ".join(a.split()) != " ".join(b.split()) and tokens(a) == tokens(b)


def fold_hits(conn: sqlite3.Connection, hits: list[Any]) -> list[Any]:
    """Keep the best-ranked hit of each group of copies; the others go into its ``copies`` list
    (passage_id, unit_id, outlet, url, date, kind, first), so a result reads "… and 4 copies".
    The same words typed differently stay separate hits (see :func:`typing_variant`)."""
    if len(hits) < 2 or not _has_links(conn):
        return hits
    groups = copies_of(conn, [h.passage_id for h in hits])
    texts = passage_texts(conn, [h.passage_id for h in hits])
    kept: list[Any] = []
    owner: dict[int, Any] = {}        # passage id -> the kept hit whose group holds it
    for hit in hits:
        holder = owner.get(hit.passage_id)
        if (holder is not None and holder.unit_id != hit.unit_id
                and not typing_variant(texts.get(holder.passage_id, ""), texts.get(hit.passage_id, ""))):
            holder.copies.append({"passage_id": hit.passage_id, "unit_id": hit.unit_id, "outlet": hit.outlet,
                                  "url": hit.url, "date": hit.date})
            continue
        kept.append(hit)
        for copy in groups.get(hit.passage_id, []):
            owner.setdefault(copy.passage_id, hit)
        owner.setdefault(hit.passage_id, hit)
    for hit in kept:
        listed = {c["passage_id"] for c in hit.copies}
        for copy in groups.get(hit.passage_id, []):   # copies that did not match (or fell beyond the page)
            if copy.passage_id not in listed:
                hit.copies.append({"passage_id": copy.passage_id, "unit_id": copy.unit_id, "outlet": copy.outlet,
                                   "url": copy.url, "date": copy.date, "kind": copy.kind, "first": copy.first})
    return kept


def credit_first_publishers(conn: sqlite3.Connection, digest: Any) -> None:
    """Digest items never repeat a text and name its first publisher.

    * an item whose article is an excerpt of another selected item's article is folded into it;
    * an item whose text was first published elsewhere (an earlier unit of its copy group outside
      the digest) names that first publisher at the head of its ``also`` list (kind
      ``first_published``); two items with the same first publisher become one.
    """
    if not digest.items or not _has_links(conn):
        return
    by_unit = {item.unit_id: item for item in digest.items if item.unit_id is not None}
    folded: set[int] = set()
    for a, b in conn.execute("SELECT a, b FROM links WHERE level = 'unit' AND kind = 'excerpt_of' ORDER BY id"):
        if a in by_unit and b in by_unit and a not in folded and b not in folded:
            digest.fold_into(by_unit[b], by_unit[a], "excerpt")
            folded.add(a)
    digest.drop_folded(folded)
    taken: dict[int, Any] = {item.unit_id: item for item in digest.items if item.unit_id is not None}
    repeated: list[Any] = []
    credited: dict[int, Any] = {}     # first unit outside the digest -> the item that names it
    for item in digest.items:
        if item.unit_id is None:
            continue
        first = canonical_unit(conn, item.unit_id)
        if first == item.unit_id:
            continue
        moved = {"unit_id": item.unit_id, "kind": "copy", "outlet": item.outlet, "url": item.url,
                 "title": item.title, "published": item.published, "lang": item.lang}
        holder = taken.get(first) or credited.get(first)
        if holder is not None and holder is not item:      # the text is already an item: list it once
            holder.also.append(moved)
            repeated.append(item)
            continue
        ref = unit_refs(conn, [first]).get(first)
        row = conn.execute("SELECT title, published FROM units WHERE id = ?", (first,)).fetchone()
        if ref is None or row is None:
            continue
        # The first publisher is named first in the item's "also" list (kind "first_published").
        item.also.insert(0, {"unit_id": first, "kind": "first_published", "outlet": ref.outlet, "url": ref.url,
                             "title": row["title"], "published": row["published"] or ref.date[:10],
                             "lang": ref.lang})
        credited[first] = item
    if repeated:
        digest.items = [i for i in digest.items if all(i is not r for r in repeated)]
        digest.left_out["copy"] = digest.left_out.get("copy", 0) + len(repeated)
