"""Reading the archive's bookkeeping: saved pages, runs, skipped input, entities by page of results."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from presswatch.browse.units import NotFound
from presswatch.extract.decode import decode_bytes
from presswatch.ingest.reasons import hint as skip_hint
from presswatch.mail import message_body
from presswatch.store.pages import get_blob


@dataclass(frozen=True)
class SavedPage:
    """The stored bytes of a page version, decoded: ``kind`` "html" or "text"."""

    version_id: int
    page_id: int
    version: int
    media_type: str
    kind: str
    content: str
    encoding: str
    url: str | None
    location: str
    fetched_at: str
    # where the outlet served it from: the page's URL, else the canonical URL read from it (its first
    # unit's); relative links on the page resolve against this, never against presswatch
    page_url: str | None = None


def saved_page(conn: sqlite3.Connection, version_id: int) -> SavedPage:
    """The page version as stored (an email's preferred body part), decoded as the pipeline decodes it.

    The content is what the outlet served: hostile HTML included. Show it only sanitised or in a
    sandboxed frame.
    """
    row = conn.execute("""SELECT v.id, v.page_id, v.version, v.media_type, v.content_hash, v.declared_encoding,
                                 v.location, v.fetched_at, p.url,
                                 COALESCE(p.url, (SELECT u0.url FROM units u0 INDEXED BY units_by_version
                                                  WHERE u0.version_id = v.id AND u0.ordinal = 0)) AS page_url
                          FROM page_versions v JOIN pages p ON p.id = v.page_id
                          WHERE v.id = ?""", (version_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no page version {version_id} in this archive")
    data = get_blob(conn, row["content_hash"])
    media, declared = str(row["media_type"]), row["declared_encoding"]
    kind = "html" if media == "html" else "text"
    if media == "eml":
        body = message_body(data)
        if body is None:
            data, kind = b"", "text"
        else:
            kind, data, declared = body[0], body[1], body[2] or declared
    decoded = decode_bytes(data, declared, html=kind == "html")
    return SavedPage(version_id=int(row["id"]), page_id=int(row["page_id"]), version=int(row["version"]),
                     media_type=media, kind=kind, content=decoded.text, encoding=decoded.encoding,
                     url=row["url"], location=row["location"], fetched_at=row["fetched_at"],
                     page_url=row["page_url"])


@dataclass(frozen=True)
class RunView:
    id: int
    kind: str
    started_at: str
    finished_at: str | None
    status: str
    args: dict[str, Any]
    counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkipView:
    id: int
    location: str
    reason: str
    message: str
    first_seen: str
    last_seen: str
    times: int
    run_id: int | None
    hint: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Paged:
    """One page of results: ``items`` from ``offset``, ``total`` in all."""

    total: int
    offset: int
    limit: int
    items: list[Any]

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "items": [i.as_dict() if hasattr(i, "as_dict") else i for i in self.items]}


def list_runs(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0) -> Paged:
    total = int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
    items = [RunView(int(r["id"]), r["kind"], r["started_at"], r["finished_at"], r["status"],
                     json.loads(r["args"] or "{}"), json.loads(r["counts"] or "{}"))
             for r in conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))]
    return Paged(total, offset, limit, items)


def list_skips(conn: sqlite3.Connection, *, reason: str | None = None, limit: int = 50, offset: int = 0) -> Paged:
    where, args = ("WHERE reason = ?", [reason]) if reason else ("", [])
    total = int(conn.execute(f"SELECT COUNT(*) FROM skips {where}", args).fetchone()[0])
    items = [SkipView(int(r["id"]), r["location"], r["reason"], r["message"], r["first_seen"], r["last_seen"],
                      int(r["times"]), r["run_id"], skip_hint(r["reason"]))
             for r in conn.execute(f"SELECT * FROM skips {where} ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?",
                                   [*args, limit, offset])]
    return Paged(total, offset, limit, items)


def skip_reasons(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in conn.execute(
        "SELECT reason, COUNT(*) FROM skips GROUP BY reason ORDER BY COUNT(*) DESC, reason")}


@dataclass(frozen=True)
class EntityRow:
    id: int
    key: str
    name: str
    kind: str
    source: str
    mentions: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_entities(conn: sqlite3.Connection, *, kind: str | None = None, name: str | None = None,
                  limit: int = 50, offset: int = 0) -> Paged:
    """Entities (merged ones under the one they were merged into), most mentioned first."""
    where = ["e.merged_into IS NULL"]
    args: list[Any] = []
    if kind:
        where.append("e.kind = ?")
        args.append(kind)
    if name:
        where.append("(instr(lower(e.name), lower(?)) > 0 OR instr(lower(e.key), lower(?)) > 0)")
        args += [name, name]
    cond = " AND ".join(where)
    total = int(conn.execute(f"SELECT COUNT(*) FROM entities e WHERE {cond}", args).fetchone()[0])
    rows = conn.execute(
        f"""SELECT e.id, e.key, e.name, e.kind, e.source,
                   (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id
                       OR m.entity_id IN (SELECT id FROM entities x WHERE x.merged_into = e.id)) AS mentions
            FROM entities e WHERE {cond} ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?""",
        [*args, limit, offset])
    return Paged(total, offset, limit, [EntityRow(int(r["id"]), r["key"], r["name"], r["kind"], r["source"],
                                                  int(r["mentions"])) for r in rows])


def _entity_row(conn: sqlite3.Connection, entity_id: int) -> sqlite3.Row:
    """The entity ``entity_id`` resolves to: the one it was merged into, when merged (along the chain,
    stopping where a merge points back to an entity already passed or to none)."""
    row = conn.execute("SELECT id, key, name, merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no entity {entity_id}; see the entity list")
    seen = {int(row["id"])}
    while row["merged_into"] is not None and int(row["merged_into"]) not in seen:
        into = conn.execute("SELECT id, key, name, merged_into FROM entities WHERE id = ?",
                            (int(row["merged_into"]),)).fetchone()
        if into is None:
            break
        row = into
        seen.add(int(row["id"]))
    return row


def entity_key(conn: sqlite3.Connection, entity_id: int) -> str:
    """The key of an entity by id (of the one it was merged into, when merged)."""
    return str(_entity_row(conn, entity_id)["key"])


def entity_name(conn: sqlite3.Connection, entity_id: int) -> str:
    """The name of an entity by id (of the one it was merged into, when merged): one row per step of the
    merge chain, not the entity's mentions and quotes (what a filter label needs)."""
    return str(_entity_row(conn, entity_id)["name"])


def entity_units(conn: sqlite3.Connection, entity_id: int, *, limit: int = 20) -> list[int]:
    """Ids of the newest current units that mention the entity."""
    return [int(r[0]) for r in conn.execute(
        """SELECT DISTINCT m.unit_id FROM mentions m JOIN current_units u ON u.id = m.unit_id
           WHERE m.entity_id = ? OR m.entity_id IN (SELECT id FROM entities WHERE merged_into = ?)
           ORDER BY m.unit_id DESC LIMIT ?""", (entity_id, entity_id, limit))]


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    media_type: str
    fetched_at: str
    status: str
    status_reason: str | None
    location: str


@dataclass(frozen=True)
class PageView:
    id: int
    key: str
    url: str | None
    path: str | None
    first_seen: str
    source: str | None
    versions: list[VersionRow]
    current_version_id: int | None      # the newest processed version (what users see)
    unit_ids: list[int]                 # units of the current version, in page order

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def page_view(conn: sqlite3.Connection, page_id: int) -> PageView:
    row = conn.execute("""SELECT p.*, s.name AS source_name FROM pages p LEFT JOIN sources s ON s.id = p.source_id
                          WHERE p.id = ?""", (page_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no page {page_id} in this archive")
    versions = [VersionRow(int(r["id"]), int(r["version"]), r["media_type"], r["fetched_at"], r["status"],
                           r["status_reason"], r["location"])
                for r in conn.execute("SELECT * FROM page_versions WHERE page_id = ? ORDER BY version", (page_id,))]
    current = conn.execute("SELECT id FROM current_versions WHERE page_id = ?", (page_id,)).fetchone()
    units = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE version_id = ? ORDER BY ordinal",
                                             (current[0] if current else -1,))]
    return PageView(int(row["id"]), row["key"], row["url"], row["path"], row["first_seen"], row["source_name"],
                    versions, int(current[0]) if current else None, units)


@dataclass(frozen=True)
class Publication:
    """Where and when an approved issue was published in one format (or sent by email: ``smtp``)."""

    format: str
    target: str
    sha256: str
    published_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def publications(conn: sqlite3.Connection, digest_id: int) -> list[Publication]:
    return [Publication(r["format"], r["target"], r["sha256"], r["published_at"]) for r in conn.execute(
        "SELECT format, target, sha256, published_at FROM digest_publications WHERE digest_id = ? "
        "ORDER BY format", (digest_id,))]


def languages(conn: sqlite3.Connection) -> list[str]:
    """The language codes of the archive's passages, read from the language index one code at a time
    (a skip scan: as many index lookups as there are languages, not a pass over every passage)."""
    out: list[str] = []
    row = conn.execute("SELECT MIN(lang) FROM passages").fetchone()
    while row is not None and row[0] is not None and len(out) < 500:
        out.append(str(row[0]))
        row = conn.execute("SELECT MIN(lang) FROM passages WHERE lang > ?", (row[0],)).fetchone()
    return out
