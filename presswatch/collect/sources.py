"""Sources in the archive: add, list with health, failures with backoff and pause, OPML."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from lxml import etree

from presswatch.store.db import transaction, utcnow

KINDS = ("feed", "sitemap", "wordpress", "crawl", "page")


class SourceError(ValueError):
    """A source cannot be added, found or used as asked."""


@dataclass
class Source:
    id: int
    name: str
    url: str
    kind: str
    endpoint: str
    lang: str | None = None
    tags: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    status: str = "active"
    status_reason: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    consecutive_failures: int = 0
    next_attempt_at: str | None = None
    cursor: str | None = None
    items_7d: int = 0
    queued: int = 0

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Source:
        keys = row.keys()
        return cls(
            id=row["id"], name=row["name"], url=row["url"], kind=row["kind"], endpoint=row["endpoint"],
            lang=row["lang"], tags=json.loads(row["tags"] or "[]"), options=json.loads(row["options"] or "{}"),
            status=row["status"], status_reason=row["status_reason"], last_success=row["last_success"],
            last_error=row["last_error"], last_error_at=row["last_error_at"],
            consecutive_failures=row["consecutive_failures"], next_attempt_at=row["next_attempt_at"],
            cursor=row["cursor"], items_7d=row["items_7d"] if "items_7d" in keys else 0,
            queued=row["queued"] if "queued" in keys else 0,
        )

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def slug_name(url: str) -> str:
    """A default source name: the host without ``www.`` (an IPv6 literal without its brackets, with
    ``-`` for ``:``)."""
    host = (urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if ":" in host:
        return "ipv6-" + host.replace(":", "-").strip("-")
    return host or "source"


def insert_source(conn: sqlite3.Connection, *, name: str, url: str, kind: str, endpoint: str,
                  lang: str | None = None, tags: list[str] | None = None,
                  options: dict[str, Any] | None = None) -> Source:
    if kind not in KINDS:
        raise SourceError(f"unknown source kind {kind!r}; use one of {', '.join(KINDS)} or auto")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM sources WHERE name = ?", (name,)).fetchone():
            raise SourceError(f"a source named {name!r} exists already; pick another --name")
        same = conn.execute("SELECT name FROM sources WHERE endpoint = ? AND kind = ?", (endpoint, kind)).fetchone()
        if same is not None:
            raise SourceError(f"{endpoint} is already collected as source {same[0]!r}")
        cur = conn.execute(
            """INSERT INTO sources (name, url, kind, endpoint, lang, tags, options, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (name, url, kind, endpoint, lang, json.dumps(tags or []), json.dumps(options or {}), utcnow()),
        )
    return get_source(conn, int(cur.lastrowid or 0))


LIST_SQL = """
SELECT s.*,
  (SELECT COUNT(*) FROM pages p WHERE p.source_id = s.id AND p.first_seen >= ?) AS items_7d,
  (SELECT COUNT(*) FROM collect_queue q WHERE q.source_id = s.id AND q.status = 'pending') AS queued
FROM sources s
"""


def _week_ago() -> str:
    return (datetime.now(UTC) - timedelta(days=7)).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def get_source(conn: sqlite3.Connection, ident: int | str) -> Source:
    column = "id" if isinstance(ident, int) else "name"
    row = conn.execute(LIST_SQL + f" WHERE s.{column} = ?", (_week_ago(), ident)).fetchone()
    if row is None:
        names = [r[0] for r in conn.execute("SELECT name FROM sources ORDER BY name LIMIT 20")]
        hint = f"known: {', '.join(names)}" if names else "add one with `presswatch source add URL`"
        raise SourceError(f"no source {ident!r}; {hint}")
    return Source.from_row(row)


def all_sources(conn: sqlite3.Connection) -> list[Source]:
    return [Source.from_row(r) for r in conn.execute(LIST_SQL + " ORDER BY s.name", (_week_ago(),))]


def remove_source(conn: sqlite3.Connection, name: str) -> None:
    source = get_source(conn, name)
    with transaction(conn):
        conn.execute("DELETE FROM sources WHERE id = ?", (source.id,))


def resume_source(conn: sqlite3.Connection, name: str) -> Source:
    source = get_source(conn, name)
    with transaction(conn):
        conn.execute("""UPDATE sources SET status = 'active', status_reason = NULL, consecutive_failures = 0,
                        next_attempt_at = NULL WHERE id = ?""", (source.id,))
    return get_source(conn, source.id)


def due(source: Source, now: str | None = None) -> bool:
    if source.status == "paused":
        return False
    if source.status == "backoff" and source.next_attempt_at:
        return (now or utcnow()) >= source.next_attempt_at
    return True


def record_success(conn: sqlite3.Connection, source_id: int, cursor: str | None = None) -> None:
    """Call inside a transaction."""
    now = utcnow()
    conn.execute(
        """UPDATE sources SET last_attempt = ?, last_success = ?, consecutive_failures = 0, status = 'active',
               status_reason = NULL, next_attempt_at = NULL, cursor = COALESCE(?, cursor) WHERE id = ?""",
        (now, now, cursor, source_id),
    )


def record_failure(conn: sqlite3.Connection, source_id: int, code: str, message: str, *,
                   pause_after: int, backoff_minutes: float) -> str:
    """Count a failure; back the source off (doubling) and pause it after ``pause_after`` in a row.

    Returns the new status. Call inside a transaction.
    """
    row = conn.execute("SELECT consecutive_failures FROM sources WHERE id = ?", (source_id,)).fetchone()
    failures = int(row[0]) + 1
    now_dt = datetime.now(UTC).replace(microsecond=0)
    now = now_dt.isoformat().replace("+00:00", "Z")
    if failures >= pause_after:
        status = "paused"
        reason = (f"paused after {failures} failures in a row (last: {code}: {message}); fix the URL or "
                  f"run `presswatch source resume NAME`")
        next_at = None
    else:
        status = "backoff"
        wait = min(backoff_minutes * (2 ** (failures - 1)), 24 * 60)
        next_at = (now_dt + timedelta(minutes=wait)).isoformat().replace("+00:00", "Z")
        reason = f"{failures} failure(s) in a row ({code}); next attempt after {next_at}"
    conn.execute(
        """UPDATE sources SET last_attempt = ?, last_error = ?, last_error_at = ?, consecutive_failures = ?,
               status = ?, status_reason = ?, next_attempt_at = ? WHERE id = ?""",
        (now, f"{code}: {message}", now, failures, status, reason, next_at, source_id),
    )
    return status


# --- OPML -------------------------------------------------------------------------------------------

def export_opml_text(sources: list[Source], title: str = "presswatch sources") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_esc(title)}</title><dateCreated>{utcnow()}</dateCreated></head>", "  <body>"]
    for s in sources:
        attrs = {"text": s.name, "title": s.name, "type": "rss" if s.kind == "feed" else s.kind,
                 "xmlUrl": s.endpoint, "htmlUrl": s.url, "pwKind": s.kind}
        if s.lang:
            attrs["language"] = s.lang
        if s.tags:
            attrs["category"] = ",".join(s.tags)
        if s.options:
            attrs["pwOptions"] = json.dumps(s.options, ensure_ascii=False)
        lines.append("    <outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + "/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _esc(text: str) -> str:
    return quoteattr(text)[1:-1]


def parse_opml(data: bytes) -> list[dict[str, Any]]:
    """Outlines with a feed/endpoint URL -> source specs; folder outlines become tags."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"not an OPML file ({exc})") from exc
    if root is None or root.tag != "opml":
        raise SourceError("not an OPML file (no <opml> root)")
    specs: list[dict[str, Any]] = []

    def walk(node: etree._Element, folders: list[str]) -> None:
        for outline in node.findall("outline"):
            url = outline.get("xmlUrl") or outline.get("xmlurl")
            name = outline.get("text") or outline.get("title")
            if url:
                tags = [t for t in (outline.get("category") or "").split(",") if t.strip()]
                kind = outline.get("pwKind") or "feed"
                options = json.loads(outline.get("pwOptions") or "{}")
                specs.append({"url": outline.get("htmlUrl") or url, "endpoint": url, "name": name,
                              "kind": kind if kind in KINDS else "feed", "lang": outline.get("language"),
                              "tags": [t.strip().lstrip("/") for t in tags] + folders, "options": options})
            walk(outline, folders + ([name] if name and not url else []))

    body = root.find("body")
    if body is not None:
        walk(body, [])
    return specs
