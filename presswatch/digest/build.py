"""Selecting a period's articles into a digest draft, storing it and loading it back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from presswatch.digest.lead import lead_sentences
from presswatch.digest.model import Digest, DigestItem
from presswatch.store.db import transaction, utcnow

# Units of the latest processed version of each page, with the date used to place them in a period:
# the unit's published date, else the day the page version was fetched (a page that states no date).
SELECT_UNITS = """
SELECT u.id, u.title, u.author, u.outlet, u.published, u.lang, u.url, u.text, u.kind,
       p.url AS page_url, p.path AS page_path, v.fetched_at,
       substr(COALESCE(NULLIF(u.published, ''), v.fetched_at), 1, 10) AS day,
       CASE WHEN NULLIF(u.published, '') IS NULL THEN 'fetched' ELSE 'published' END AS dated_by
FROM units u
JOIN page_versions v ON v.id = u.version_id
JOIN pages p ON p.id = u.page_id
WHERE u.kind IN ({kinds})
  AND v.version = (SELECT MAX(v2.version) FROM page_versions v2
                   WHERE v2.page_id = v.page_id AND v2.status = 'processed')
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
                 save: bool = True) -> Digest:
    """Select the articles dated in ``[date_from, date_to]`` (inclusive) into a digest draft.

    A unit's date is its published date, else the date its page version was fetched (the item then
    has ``dated_by == "fetched"``). Items are grouped by language; each has an attributed lead of
    ``lead_count`` sentences and a link to the source. With ``save`` (default) the draft is stored in
    ``digests`` / ``digest_items`` with every item ``proposed``, ready for an editor's review.
    """
    day_from, day_to = _iso_day(date_from, "--from"), _iso_day(date_to, "--to")
    if day_from > day_to:
        raise ValueError(f"the period starts ({day_from}) after it ends ({day_to}); swap --from and --to")
    digest = Digest(title=title or f"Digest {day_from} – {day_to}", period_from=day_from, period_to=day_to,
                    created_at=utcnow())
    sql = SELECT_UNITS.format(kinds=",".join("?" * len(kinds)))
    for row in conn.execute(sql, (*kinds, day_from, day_to)):
        lead = lead_sentences(row["text"] or "", lead_count, title=row["title"])
        digest.items.append(DigestItem(
            section=row["lang"] or "und", lead=" ".join(lead), title=row["title"], author=row["author"],
            outlet=row["outlet"], published=row["day"] if row["dated_by"] == "fetched" else row["published"],
            lang=row["lang"], url=source_link(row["url"] or row["page_url"], row["page_path"]),
            unit_id=int(row["id"]), dated_by=row["dated_by"]))
    # Ordinal: section by section (largest first), within a section by date then archive order.
    ordinal = 0
    for _section, items in digest.sections():
        for item in items:
            item.ordinal = ordinal
            ordinal += 1
    if save:
        write_digest(conn, digest)
    return digest


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
                       published, lang, url, lead, status, editor_note)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (digest.id, item.unit_id, item.ordinal, item.section, item.title, item.author, item.outlet,
                 item.published, item.lang, item.url, item.lead, item.status, item.editor_note))
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
            id=int(r["id"])))
    return digest
