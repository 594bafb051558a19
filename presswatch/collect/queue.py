"""The URL frontier (``collect_queue``) and per-URL fetch state (``fetch_state``) in the archive.

Every function that writes must be called inside :func:`presswatch.store.db.transaction`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from presswatch.collect.fetcher import FetchResult
from presswatch.collect.items import Item
from presswatch.store.db import utcnow

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Queued:
    id: int
    url: str
    meta: dict[str, Any]
    depth: int
    attempts: int


def fetch_state(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM fetch_state WHERE url = ?", (url,)).fetchone()
    return row


def validators(conn: sqlite3.Connection, url: str) -> tuple[str | None, str | None]:
    """ETag and Last-Modified to send, only when the earlier answer was kept."""
    row = fetch_state(conn, url)
    if row is None or row["status"] not in (200, 203, 304):
        return None, None
    return row["etag"], row["last_modified"]


def save_state(conn: sqlite3.Connection, url: str, result: FetchResult, *, page_key: str | None = None,
               stamp: str | None = None) -> None:
    """Remember what ``url`` answered; a 304 keeps the earlier validators and page."""
    status = result.status if not result.not_modified else 304
    etag = result.headers.get("etag")
    modified = result.headers.get("last-modified")
    conn.execute(
        """INSERT INTO fetch_state (url, etag, last_modified, status, fetched_at, page_key, item_stamp)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (url) DO UPDATE SET
             etag = COALESCE(excluded.etag, CASE WHEN excluded.status = 304 THEN etag END),
             last_modified = COALESCE(excluded.last_modified, CASE WHEN excluded.status = 304 THEN last_modified END),
             status = excluded.status, fetched_at = excluded.fetched_at,
             page_key = COALESCE(excluded.page_key, page_key),
             item_stamp = COALESCE(excluded.item_stamp, item_stamp)""",
        (url, etag, modified, status, result.fetched_at or utcnow(), page_key, stamp),
    )


def note_alias(conn: sqlite3.Connection, url: str, page_key: str) -> None:
    """Record that ``url`` (a redirect target or canonical form) is known as ``page_key``."""
    conn.execute(
        """INSERT INTO fetch_state (url, status, fetched_at, page_key) VALUES (?, 200, ?, ?)
           ON CONFLICT (url) DO UPDATE SET page_key = excluded.page_key""",
        (url, utcnow(), page_key),
    )


def enqueue(conn: sqlite3.Connection, source_id: int, items: Iterable[Item], *, depth: int = 0,
            force: bool = False) -> tuple[int, int]:
    """Queue items not fetched yet, or whose ``stamp`` changed (an edit). Returns (queued, known)."""
    queued = known = 0
    now = utcnow()
    for item in items:
        if not force:
            state = conn.execute("SELECT item_stamp FROM fetch_state WHERE url = ?", (item.url,)).fetchone()
            if state is not None and (item.stamp is None or item.stamp == state[0]):
                known += 1
                continue
        meta = item.meta()
        if item.stamp:
            meta["_stamp"] = item.stamp
        cur = conn.execute(
            """INSERT INTO collect_queue (source_id, url, meta, depth, added_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (source_id, url) DO UPDATE SET status = 'pending', meta = excluded.meta,
                 depth = MIN(depth, excluded.depth), attempts = 0, last_error = NULL
               WHERE collect_queue.status = 'done'""",
            (source_id, item.url, json.dumps(meta, ensure_ascii=False, default=str), depth, now),
        )
        if cur.rowcount:
            queued += 1
        else:
            known += 1
    return queued, known


def pending(conn: sqlite3.Connection, source_id: int, limit: int) -> list[Queued]:
    rows = conn.execute(
        """SELECT id, url, meta, depth, attempts FROM collect_queue WHERE source_id = ? AND status = 'pending'
           ORDER BY depth, id LIMIT ?""", (source_id, limit))
    return [Queued(r["id"], r["url"], json.loads(r["meta"] or "{}"), r["depth"], r["attempts"]) for r in rows]


def mark_done(conn: sqlite3.Connection, queue_id: int) -> None:
    conn.execute("UPDATE collect_queue SET status = 'done', last_error = NULL WHERE id = ?", (queue_id,))


def mark_failed(conn: sqlite3.Connection, queue_id: int, error: str, *, permanent: bool) -> str:
    """Count a failed attempt; give up after MAX_ATTEMPTS runs or at once when it can never succeed."""
    row = conn.execute("SELECT attempts FROM collect_queue WHERE id = ?", (queue_id,)).fetchone()
    attempts = int(row[0]) + 1
    status = "failed" if permanent or attempts >= MAX_ATTEMPTS else "pending"
    conn.execute("UPDATE collect_queue SET status = ?, attempts = ?, last_error = ? WHERE id = ?",
                 (status, attempts, error, queue_id))
    return status
