"""Selecting a period's articles into a digest draft, storing it and loading it back."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from presswatch.digest.lead import lead_sentences
from presswatch.digest.model import Digest, DigestItem
from presswatch.reuse.boilerplate import repeated_passages, shared_sentences
from presswatch.reuse.consumers import credit_first_publishers
from presswatch.store.db import transaction, utcnow

# Units of the latest processed version of each page, with the date used to place them in a period:
# the unit's published date, else the day the page version was fetched (a page that states no date).
SELECT_UNITS = """
SELECT u.id, u.page_id, u.title, u.author, u.outlet, u.published, u.lang, u.url, u.text, u.kind,
       p.url AS page_url, p.path AS page_path, v.fetched_at,
       substr(COALESCE(NULLIF(u.published, ''), v.fetched_at), 1, 10) AS day,
       CASE WHEN NULLIF(u.published, '') IS NULL THEN 'fetched' ELSE 'published' END AS dated_by
FROM units u
JOIN current_versions v ON v.id = u.version_id
JOIN pages p ON p.id = u.page_id
WHERE u.kind IN ({kinds})
  AND substr(COALESCE(NULLIF(u.published, ''), v.fetched_at), 1, 10) BETWEEN ? AND ?
ORDER BY day, u.id
"""


def _iso_day(value: date | str, what: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not a date; use YYYY-MM-DD (for example 2026-03-09)") from exc


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
                 save: bool = True, skip_repeated: bool = True) -> Digest:
    """Select the articles dated in ``[date_from, date_to]`` (inclusive) into a digest draft.

    A unit's date is its published date, else the date its page version was fetched (the item then
    has ``dated_by == "fetched"``). Items are grouped by language; each has an attributed lead of
    ``lead_count`` sentences and a link to the source. With ``save`` (default) the draft is stored in
    ``digests`` / ``digest_items`` with every item ``proposed``, ready for an editor's review.

    Left out (counted in ``digest.left_out``): articles with no sentence of prose ("no_lead"), and
    copies of another selected article, which are folded into the original's item ``also`` list
    ("copy", from the reuse stage's unit links ``copy_of`` / ``duplicate`` / ``near_duplicate``).
    """
    day_from, day_to = _iso_day(date_from, "--from"), _iso_day(date_to, "--to")
    if day_from > day_to:
        raise ValueError(f"the period starts ({day_from}) after it ends ({day_to}); swap --from and --to")
    digest = Digest(title=title or f"Digest {day_from} – {day_to}", period_from=day_from, period_to=day_to,
                    created_at=utcnow())
    sql = SELECT_UNITS.format(kinds=",".join("?" * len(kinds)))
    rows = conn.execute(sql, (*kinds, day_from, day_to)).fetchall()
    # passages also found on unrelated pages (site boilerplate) are never a lead
    repeated: dict[int, list[str]] = {}
    if skip_repeated:
        repeated = repeated_passages(conn, [int(r["id"]) for r in rows])
        for uid, sents in shared_sentences({int(r["id"]): (int(r["page_id"]), r["text"] or "") for r in rows}).items():
            repeated.setdefault(uid, []).extend(sents)
    for row in rows:
        lead = lead_sentences(row["text"] or "", lead_count, title=row["title"], repeated=repeated.get(int(row["id"]), ()))
        if not lead:
            digest.left_out["no_lead"] = digest.left_out.get("no_lead", 0) + 1
            continue  # not one sentence of prose: a menu or heading taken for an article
        digest.items.append(DigestItem(
            section=row["lang"] or "und", lead=" ".join(lead), title=row["title"], author=row["author"],
            outlet=row["outlet"], published=row["day"] if row["dated_by"] == "fetched" else row["published"],
            lang=row["lang"], url=source_link(row["url"] or row["page_url"], row["page_path"]),
            unit_id=int(row["id"]), dated_by=row["dated_by"]))
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
    """List the translations of an item's article (unit links ``translation_of``: a translates b)."""
    by_unit = {item.unit_id: item for item in digest.items if item.unit_id is not None}
    if not by_unit:
        return
    try:
        rows = conn.execute(
            """SELECT l.b AS original, u.id, u.lang, u.title, u.outlet, u.published, u.url, p.url AS page_url,
                      p.path AS page_path, u.page_id = o.page_id AS same_page
               FROM links l JOIN units u ON u.id = l.a JOIN pages p ON p.id = u.page_id
               JOIN units o ON o.id = l.b
               WHERE l.level = 'unit' AND l.kind = 'translation_of' ORDER BY l.id""").fetchall()
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
        cur = conn.execute(
            "INSERT INTO digests (title, period_from, period_to, created_at, status) VALUES (?, ?, ?, ?, ?)",
            (digest.title, digest.period_from, digest.period_to, digest.created_at, digest.status))
        digest.id = int(cur.lastrowid or 0)
        for item in digest.items:
            icur = conn.execute(
                """INSERT INTO digest_items (digest_id, unit_id, ordinal, section, title, author, outlet,
                       published, lang, url, lead, status, editor_note, also, dated_by)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (digest.id, item.unit_id, item.ordinal, item.section, item.title, item.author, item.outlet,
                 item.published, item.lang, item.url, item.lead, item.status, item.editor_note,
                 json.dumps(item.also, ensure_ascii=False), item.dated_by))
            item.id = int(icur.lastrowid or 0)
    return digest.id


def load_digest(conn: sqlite3.Connection, digest_id: int) -> Digest:
    """A stored digest with its items (as an editor left them)."""
    row = conn.execute("SELECT * FROM digests WHERE id = ?", (digest_id,)).fetchone()
    if row is None:
        raise ValueError(f"no digest {digest_id}; `presswatch digest` makes one")
    digest = Digest(title=row["title"], period_from=row["period_from"], period_to=row["period_to"],
                    created_at=row["created_at"], status=row["status"], id=int(row["id"]))
    for r in conn.execute("SELECT * FROM digest_items WHERE digest_id = ? ORDER BY ordinal", (digest_id,)):
        digest.items.append(DigestItem(
            section=r["section"], lead=r["lead"], title=r["title"], author=r["author"], outlet=r["outlet"],
            published=r["published"], lang=r["lang"], url=r["url"],
            unit_id=r["unit_id"], ordinal=r["ordinal"], status=r["status"], editor_note=r["editor_note"],
            dated_by=r["dated_by"], also=json.loads(r["also"] or "[]"), id=int(r["id"])))
    return digest
