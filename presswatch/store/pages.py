"""Storing raw input: blobs by content hash, pages by identity, versions by content."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from typing import Literal

from presswatch.models import RawDocument
from presswatch.store.db import utcnow

StoreOutcome = Literal["new_page", "new_version", "unchanged"]


@dataclass(frozen=True)
class Stored:
    outcome: StoreOutcome
    page_id: int
    version_id: int
    version: int


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(conn: sqlite3.Connection, data: bytes) -> str:
    digest = content_hash(data)
    conn.execute(
        "INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (?, ?, ?)",
        (digest, len(data), zlib.compress(data, 6)),
    )
    return digest


def get_blob(conn: sqlite3.Connection, digest: str) -> bytes:
    row = conn.execute("SELECT data FROM blobs WHERE hash = ?", (digest,)).fetchone()
    if row is None:
        raise KeyError(f"no blob {digest}")
    return zlib.decompress(row[0])


def store_raw(conn: sqlite3.Connection, raw: RawDocument, run_id: int | None = None,
              source_id: int | None = None) -> Stored:
    """Store one record. Same content for the same page: no-op. Changed content: a new version.

    Must be called inside a transaction.
    """
    digest = content_hash(raw.data)
    row = conn.execute("SELECT id FROM pages WHERE key = ?", (raw.key,)).fetchone()
    if row is None:
        cur = conn.execute(
            "INSERT INTO pages (key, url, path, first_seen, source_id) VALUES (?, ?, ?, ?, ?)",
            (raw.key, raw.url, raw.path, raw.fetched_at or utcnow(), source_id),
        )
        page_id = int(cur.lastrowid or 0)
        outcome: StoreOutcome = "new_page"
    else:
        page_id = int(row[0])
        newest = conn.execute(
            "SELECT id, version, content_hash FROM page_versions WHERE page_id = ? ORDER BY version DESC LIMIT 1",
            (page_id,),
        ).fetchone()
        # Unchanged means "the same as the newest version": content that returns to an earlier state
        # (an edit reverted) is a new version again, so the archive shows what the page says now.
        if newest is not None and newest[2] == digest:
            return Stored("unchanged", page_id, int(newest[0]), int(newest[1]))
        outcome = "new_version"
    put_blob(conn, raw.data)
    version = int(
        conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM page_versions WHERE page_id = ?", (page_id,))
        .fetchone()[0]
    )
    cur = conn.execute(
        """INSERT INTO page_versions (page_id, version, content_hash, media_type, declared_encoding,
               fetched_at, location, meta, run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (page_id, version, digest, raw.media_type, raw.declared_encoding, raw.fetched_at or utcnow(),
         raw.location, json.dumps(raw.meta, ensure_ascii=False, default=str), run_id),
    )
    return Stored(outcome, page_id, int(cur.lastrowid or 0), version)


def load_raw(conn: sqlite3.Connection, version_id: int) -> RawDocument:
    row = conn.execute(
        """SELECT v.*, p.key, p.url, p.path FROM page_versions v JOIN pages p ON p.id = v.page_id
           WHERE v.id = ?""",
        (version_id,),
    ).fetchone()
    if row is None:
        raise KeyError(f"no page version {version_id}")
    return RawDocument(
        location=row["location"], key=row["key"], data=get_blob(conn, row["content_hash"]),
        media_type=row["media_type"], url=row["url"], path=row["path"], fetched_at=row["fetched_at"],
        declared_encoding=row["declared_encoding"], meta=json.loads(row["meta"] or "{}"),
    )
