"""Selecting a period's articles into a digest draft, storing it and loading it back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path

from presswatch.digest.errors import DigestNotFound
from presswatch.digest.model import Digest, DigestItem
from presswatch.digest.period import iso_day
from presswatch.reuse.boilerplate import repeated_passages, shared_sentences
from presswatch.reuse.consumers import credit_first_publishers
from presswatch.reuse.lead import lead_sentences
from presswatch.store.db import transaction, utcnow

# Units of the latest processed version of each page, with the date used to place them in a period: the
# unit's published date. A unit whose page states no date has none (``dated_by == "undated"``): it is not
# placed in a period by the day it was fetched; the draft counts the period's undated articles (fetched in
# it) and lists their ids in ``Digest.undated`` so that an editor can include them.
SELECT_UNITS = """
SELECT u.id, u.page_id, u.title, u.author, u.outlet, u.published, u.lang, u.url, u.text, u.kind,
       p.url AS page_url, p.path AS page_path, v.fetched_at,
       substr(NULLIF(u.published, ''), 1, 10) AS day,
       CASE WHEN NULLIF(u.published, '') IS NULL THEN 'undated' ELSE 'published' END AS dated_by
FROM units u
JOIN current_versions v ON v.id = u.version_id
JOIN pages p ON p.id = u.page_id
WHERE {where}
ORDER BY day, u.id
"""
IN_PERIOD = "u.kind IN ({kinds}) AND substr(NULLIF(u.published, ''), 1, 10) BETWEEN ? AND ?"
UNDATED_IN_PERIOD = ("u.kind IN ({kinds}) AND NULLIF(u.published, '') IS NULL "
                     "AND substr(v.fetched_at, 1, 10) BETWEEN ? AND ?")


def _iso_day(value: date | str, what: str) -> str:
    return iso_day(value, what)


def source_link(url: str | None, path: str | None) -> str | None:
    """The item's link: the source URL, else a file:// link to the stored path."""
    if url:
        return url
    if path:
        try:
            return Path(path).resolve().as_uri()
        except ValueError:
            return None
    return None


def build_digest(conn: sqlite3.Connection, date_from: date | str, date_to: date | str, *,
                 title: str | None = None, lead_count: int = 2, kinds: tuple[str, ...] = ("article",),
                 save: bool = True, skip_repeated: bool = True,
                 exclude: Mapping[int, str] | set[int] | frozenset[int] = frozenset(),
                 include: list[int] | tuple[int, ...] = ()) -> Digest:
    """Select the articles dated in ``[date_from, date_to]`` (inclusive) into a digest draft.

    A unit's date is its published date. Articles whose page states no date are not claimed for the
    period by their fetch day: those fetched in it are counted (``left_out["undated"]``) and listed in
    ``digest.undated`` for the editor; an included one has no ``published`` and ``dated_by == "undated"``. Items are grouped by language; each has an attributed lead of
    ``lead_count`` sentences and a link to the source. With ``save`` (default) the draft is stored in
    ``digests`` / ``digest_items`` with every item ``proposed``, ready for an editor's review.

    Left out (counted in ``digest.left_out``): articles with no sentence of prose ("no_lead"), and
    copies of another selected article, which are folded into the original's item ``also`` list
    ("copy", from the reuse stage's unit links ``copy_of`` / ``duplicate`` / ``near_duplicate``).

    The editor's triage: units in ``exclude`` are left out (counted under the reason ``exclude`` maps
    them to, "skipped" for a set); units in ``include``
    are selected whatever their kind or date (after the period's own articles).
    """
    day_from, day_to = _iso_day(date_from, "--from"), _iso_day(date_to, "--to")
    if day_from > day_to:
        raise ValueError(f"the period starts ({day_from}) after it ends ({day_to}); swap --from and --to")
    digest = Digest(title=title or f"Digest {day_from} – {day_to}", period_from=day_from, period_to=day_to,
                    created_at=utcnow())
    sql = SELECT_UNITS.format(where=IN_PERIOD.format(kinds=",".join("?" * len(kinds))))
    rows = conn.execute(sql, (*kinds, day_from, day_to)).fetchall()
    selected = {int(r["id"]) for r in rows}
    undated_sql = SELECT_UNITS.format(where=UNDATED_IN_PERIOD.format(kinds=",".join("?" * len(kinds))))
    included = set(include)
    digest.undated = [int(r["id"]) for r in conn.execute(undated_sql, (*kinds, day_from, day_to))
                      if int(r["id"]) not in included and int(r["id"]) not in exclude]
    if digest.undated:
        digest.left_out["undated"] = len(digest.undated)
    extra = [u for u in dict.fromkeys(include) if u not in selected and u not in exclude]
    if extra:
        rows += conn.execute(SELECT_UNITS.format(where=f"u.id IN ({','.join('?' * len(extra))})"), extra).fetchall()
    # passages also found on unrelated pages (site boilerplate) are never a lead
    repeated: dict[int, list[str]] = {}
    if skip_repeated:
        repeated = repeated_passages(conn, [int(r["id"]) for r in rows])
        for uid, sents in shared_sentences({int(r["id"]): (int(r["page_id"]), r["text"] or "") for r in rows}).items():
            repeated.setdefault(uid, []).extend(sents)
    for row in rows:
        if int(row["id"]) in exclude:
            reason = exclude[int(row["id"])] if isinstance(exclude, Mapping) else "skipped"
            digest.left_out[reason] = digest.left_out.get(reason, 0) + 1
            continue
        item = item_from_row(row, lead_count, repeated=repeated.get(int(row["id"]), ()))
        if item is None:
            digest.left_out["no_lead"] = digest.left_out.get("no_lead", 0) + 1
            continue  # not one sentence of prose: a menu or heading taken for an article
        digest.items.append(item)
    _fold_copies(conn, digest)
    credit_first_publishers(conn, digest)  # reuse: excerpts folded, text credited to its first publisher
    _add_translations(conn, digest)
    # Ordinal: section by section (largest first), within a section by date then archive order.
    ordinal = 0
    for _section, items in digest.sections():
        for item in items:
            item.ordinal = ordinal
            ordinal += 1
    if save:
        write_digest(conn, digest)
    return digest


def item_from_row(row: sqlite3.Row, lead_count: int, lead_text: str | None = None,
                  repeated: Collection[str] = ()) -> DigestItem | None:
    """A digest item for a unit row of ``SELECT_UNITS``; its lead from ``lead_text`` (a passage) when
    given, else from the unit's text (``repeated``: its passages that are site boilerplate, never a
    lead); None when there is not one sentence of prose."""
    lead = lead_sentences(lead_text if lead_text is not None else row["text"] or "", lead_count,
                          title=row["title"], repeated=repeated)
    if not lead:
        return None
    return DigestItem(
        section=row["lang"] or "und", lead=" ".join(lead), title=row["title"], author=row["author"],
        outlet=row["outlet"], published=row["published"] or None,
        lang=row["lang"], url=source_link(row["url"] or row["page_url"], row["page_path"]),
        unit_id=int(row["id"]), dated_by=row["dated_by"])


def unit_item(conn: sqlite3.Connection, unit_id: int, *, lead_count: int = 2,
              passage_id: int | None = None) -> DigestItem | None:
    """A digest item for one unit (any version, any kind), its lead taken from ``passage_id`` if given.

    Raises ValueError for an unknown unit or a passage of another unit; None when the text has no
    sentence of prose (a menu, a bare heading).
    """
    row = conn.execute(SELECT_UNITS.format(where="u.id = ?").replace("JOIN current_versions v", "JOIN page_versions v"),
                       (unit_id,)).fetchone()
    if row is None:
        raise ValueError(f"no unit {unit_id}; take unit ids from the inbox or search")
    lead_text = None
    if passage_id is not None:
        prow = conn.execute("SELECT unit_id, text FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if prow is None or int(prow["unit_id"]) != unit_id:
            raise ValueError(f"passage {passage_id} is not a passage of unit {unit_id}")
        lead_text = prow["text"]
    repeated = repeated_passages(conn, [unit_id]).get(unit_id, ())
    item = item_from_row(row, lead_count, lead_text, repeated=repeated)
    if item is None and lead_text is not None and lead_text.strip():
        item = item_from_row(row, lead_count, repeated=repeated)  # a heading passage: the unit's own lead
    return item


# Unit links (from the reuse stage) that make two articles one story told once: ``copy_of`` points from
# the copy (a) to the original (b); duplicates are symmetric and the earlier item is kept.
COPY_KINDS = ("copy_of", "duplicate", "near_duplicate")


def _fold_copies(conn: sqlite3.Connection, digest: Digest) -> None:
    """Fold the copies of an article into the original's item (``also``), when both are selected."""
    by_unit = {item.unit_id: item for item in digest.items if item.unit_id is not None}
    if len(by_unit) < 2:
        return
    try:
        rows = conn.execute(
            f"""SELECT kind, a, b FROM links WHERE level = 'unit' AND kind IN ({",".join("?" * len(COPY_KINDS))})
                ORDER BY id""", COPY_KINDS).fetchall()
    except sqlite3.OperationalError:  # no reuse stage in this archive
        return
    original: dict[int, int] = {}
    for kind, a, b in rows:
        if a not in by_unit or b not in by_unit or a == b:
            continue
        if kind != "copy_of":  # symmetric: keep the earlier (date, then archive order)
            first, second = sorted((a, b), key=lambda u: ((by_unit[u].published or "")[:10], u))
            a, b = second, first
        original.setdefault(a, b)

    def root(unit_id: int) -> int:
        seen = {unit_id}
        while unit_id in original and original[unit_id] not in seen:
            unit_id = original[unit_id]
            seen.add(unit_id)
        return unit_id

    folded: set[int] = set()
    for copy in original:
        keep = root(copy)
        if keep == copy or copy in folded:
            continue
        digest.fold_into(by_unit[keep], by_unit[copy], "copy")
        folded.add(copy)
    digest.drop_folded(folded)


def _add_translations(conn: sqlite3.Connection, digest: Digest) -> None:
    """List the other-language versions of an item's article (unit links ``translation_of``: a
    translates b): its translations, and the original an item translates (a page that announces
    "Translated by …, link to the original")."""
    by_unit = {item.unit_id: item for item in digest.items if item.unit_id is not None}
    if not by_unit:
        return
    try:
        rows = conn.execute(
            """SELECT l.b AS original, u.id, u.lang, u.title, u.outlet, u.published, u.url, p.url AS page_url,
                      p.path AS page_path, u.page_id = o.page_id AS same_page
               FROM links l JOIN units u ON u.id = l.a JOIN pages p ON p.id = u.page_id
               JOIN units o ON o.id = l.b
               WHERE l.level = 'unit' AND l.kind = 'translation_of'
               UNION ALL
               SELECT l.a AS original, u.id, u.lang, u.title, u.outlet, u.published, u.url, p.url AS page_url,
                      p.path AS page_path, u.page_id = o.page_id AS same_page
               FROM links l JOIN units u ON u.id = l.b JOIN pages p ON p.id = u.page_id
               JOIN units o ON o.id = l.a
               WHERE l.level = 'unit' AND l.kind = 'translation_of'""").fetchall()
    except sqlite3.OperationalError:  # no reuse stage in this archive
        return
    for r in rows:
        item = by_unit.get(r["original"])
        if item is None or any(a.get("unit_id") == r["id"] for a in item.also):
            continue
        item.also.append({"unit_id": int(r["id"]), "kind": "translation", "lang": r["lang"], "title": r["title"],
                          "outlet": r["outlet"] or item.outlet, "published": r["published"],
                          # on the same page as the original: the item's own link (its canonical URL)
                          "url": r["url"] or (item.url if r["same_page"] else None)
                          or source_link(r["page_url"], r["page_path"])})


def write_digest(conn: sqlite3.Connection, digest: Digest) -> int:
    """Store ``digest`` and its items (one transaction); sets and returns ``digest.id``."""
    with transaction(conn):
        return insert_digest(conn, digest)


def insert_digest(conn: sqlite3.Connection, digest: Digest) -> int:
    """Insert ``digest`` and its items inside the caller's transaction; sets and returns ``digest.id``."""
    cur = conn.execute(
        """INSERT INTO digests (title, period_from, period_to, created_at, status, introduction, based_on,
               updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (digest.title, digest.period_from, digest.period_to, digest.created_at, digest.status,
         digest.introduction, digest.based_on, digest.created_at))
    digest.id = int(cur.lastrowid or 0)
    for item in digest.items:
        insert_item(conn, digest.id, item)
    return digest.id


def insert_item(conn: sqlite3.Connection, digest_id: int, item: DigestItem) -> int:
    """Insert one item (inside the caller's transaction); sets and returns ``item.id``."""
    icur = conn.execute(
        """INSERT INTO digest_items (digest_id, unit_id, ordinal, section, title, author, outlet,
               published, lang, url, lead, status, editor_note, also, dated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (digest_id, item.unit_id, item.ordinal, item.section, item.title, item.author, item.outlet,
         item.published, item.lang, item.url, item.lead, item.status, item.editor_note,
         json.dumps(item.also, ensure_ascii=False), item.dated_by))
    item.id = int(icur.lastrowid or 0)
    return item.id


def load_digest(conn: sqlite3.Connection, digest_id: int) -> Digest:
    """A stored digest with its items (as an editor left them)."""
    row = conn.execute("SELECT * FROM digests WHERE id = ?", (digest_id,)).fetchone()
    if row is None:
        raise DigestNotFound(f"no digest {digest_id}; `presswatch digest list` shows them, `presswatch digest` makes one")
    digest = Digest(title=row["title"], period_from=row["period_from"], period_to=row["period_to"],
                    created_at=row["created_at"], status=row["status"], id=int(row["id"]),
                    number=row["number"], introduction=row["introduction"] or "", approved_at=row["approved_at"],
                    based_on=row["based_on"], revision=int(row["revision"] or 0), updated_at=row["updated_at"])
    for r in conn.execute("SELECT * FROM digest_items WHERE digest_id = ? ORDER BY ordinal", (digest_id,)):
        digest.items.append(DigestItem(
            section=r["section"], lead=r["lead"], title=r["title"], author=r["author"], outlet=r["outlet"],
            published=r["published"], lang=r["lang"], url=r["url"],
            unit_id=r["unit_id"], ordinal=r["ordinal"], status=r["status"], editor_note=r["editor_note"],
            dated_by=r["dated_by"], also=json.loads(r["also"] or "[]"), id=int(r["id"])))
    return digest
