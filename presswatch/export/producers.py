"""Export record producers: one function per record type, each streaming rows as dicts.

To add a record type, write a producer ``def things(conn, window) -> Iterator[dict]`` (records with a
``type`` and a string ``id`` such as ``"thing:12"``; references use the same strings) next to the stage
that stores them and name it in that stage's ``exports`` in :mod:`presswatch.runner.registry`.
Document the type in docs/export-schema.md and docs/export-schema.json.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from presswatch.contracts import LATEST, Producer, Record, Window, ref
from presswatch.reuse.boilerplate import lead_texts
from presswatch.reuse.lead import lead_sentences
from presswatch.runner.registry import export_producers

__all__ = ["LATEST", "PRODUCERS", "Producer", "Record", "Window", "dumps", "record_types", "ref"]


def pages(conn: sqlite3.Connection, window: Window) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT p.id, p.url, p.path, p.key, p.first_seen, v.version, v.content_hash, v.fetched_at,
                     v.media_type, v.location
              FROM pages p JOIN (SELECT * FROM {LATEST}) v ON v.page_id = p.id
              WHERE 1 = 1 {where} ORDER BY p.id"""
    for r in conn.execute(sql, params):
        yield {"type": "page", "id": ref("page", r["id"]), "url": r["url"], "path": r["path"],
               "fetched_at": r["fetched_at"], "content_hash": r["content_hash"], "version": r["version"],
               "media_type": r["media_type"], "first_seen": r["first_seen"], "location": r["location"]}


def units(conn: sqlite3.Connection, window: Window) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT u.* FROM units u JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id
              WHERE 1 = 1 {where} ORDER BY u.id"""
    cur = conn.execute(sql, params)
    while rows := cur.fetchmany(400):
        # the lead skips passages the reuse stage found on other, unrelated pages (site boilerplate)
        leads = lead_texts(conn, {int(r["id"]): r["text"] or "" for r in rows})
        for r in rows:
            lead = lead_sentences(leads[int(r["id"])], 2, title=r["title"])
            yield {"type": "unit", "id": ref("unit", r["id"]), "page_id": ref("page", r["page_id"]),
                   "kind": r["kind"], "ordinal": r["ordinal"], "title": r["title"], "author": r["author"],
                   "outlet": r["outlet"], "published": r["published"], "lang": r["lang"], "url": r["url"],
                   "start": r["start"], "end": r["end"], "lead": " ".join(lead), "text": r["text"]}


def passages(conn: sqlite3.Connection, window: Window) -> Iterator[Record]:
    where, params = window.clause("v.fetched_at")
    sql = f"""SELECT s.* FROM passages s JOIN units u ON u.id = s.unit_id
              JOIN (SELECT * FROM {LATEST}) v ON v.id = u.version_id
              WHERE 1 = 1 {where} ORDER BY s.id"""
    for r in conn.execute(sql, params):
        yield {"type": "passage", "id": ref("passage", r["id"]), "unit_id": ref("unit", r["unit_id"]),
               "ordinal": r["ordinal"], "lang": r["lang"], "lang_score": r["lang_score"], "start": r["start"],
               "end": r["end"], "text": r["text"]}


def digests(conn: sqlite3.Connection, window: Window) -> Iterator[Record]:
    where, params = window.clause("created_at")
    for r in conn.execute(f"SELECT * FROM digests WHERE 1 = 1 {where} ORDER BY id", params):
        yield {"type": "digest", "id": ref("digest", r["id"]), "title": r["title"],
               "period_from": r["period_from"], "period_to": r["period_to"], "created_at": r["created_at"],
               "status": r["status"]}


def digest_items(conn: sqlite3.Connection, window: Window) -> Iterator[Record]:
    where, params = window.clause("d.created_at")
    sql = f"""SELECT i.* FROM digest_items i JOIN digests d ON d.id = i.digest_id
              WHERE 1 = 1 {where} ORDER BY i.id"""
    for r in conn.execute(sql, params):
        yield {"type": "digest_item", "id": ref("digest_item", r["id"]),
               "digest_id": ref("digest", r["digest_id"]), "unit_id": ref("unit", r["unit_id"]),
               "ordinal": r["ordinal"], "section": r["section"], "title": r["title"], "author": r["author"],
               "outlet": r["outlet"], "published": r["published"], "lang": r["lang"], "url": r["url"],
               "lead": r["lead"], "status": r["status"], "editor_note": r["editor_note"],
               "dated_by": r["dated_by"],
               "also": [{**a, "unit_id": ref("unit", a.get("unit_id"))} for a in json.loads(r["also"] or "[]")]}


# Record types in file order: the core records, then each stage's (in the registry's declaration
# order, see presswatch/runner/registry.py). A record only points at records of types written before it,
# except digest items pointing at units that a --since/--until window left out.
PRODUCERS: tuple[tuple[str, Producer], ...] = (
    ("page", pages),
    ("unit", units),
    ("passage", passages),
    ("digest", digests),
    ("digest_item", digest_items),
    *export_producers(),
)


def record_types() -> list[str]:
    return [name for name, _ in PRODUCERS]


def dumps(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
