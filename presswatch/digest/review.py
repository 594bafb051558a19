"""The editor's decisions on digest items (the review workflow's storage; its UI comes later)."""

from __future__ import annotations

import sqlite3

from presswatch.digest.model import DIGEST_STATUSES, ITEM_STATUSES
from presswatch.store.db import transaction


def review_item(conn: sqlite3.Connection, item_id: int, status: str, *, lead: str | None = None,
                title: str | None = None, note: str | None = None) -> None:
    """Accept, reject or edit one item. Giving a new ``lead`` or ``title`` makes the status ``edited``.

    The archive's unit is never changed: the item holds its own copy of the text.
    """
    if status not in ITEM_STATUSES:
        raise ValueError(f"unknown item status {status!r}; use one of {', '.join(ITEM_STATUSES)}")
    if lead is not None and not lead.strip():
        raise ValueError("an edited lead cannot be empty; reject the item instead")
    if lead is not None or title is not None:
        status = "edited"
    with transaction(conn):
        cur = conn.execute(
            """UPDATE digest_items SET status = ?, lead = COALESCE(?, lead), title = COALESCE(?, title),
                   editor_note = COALESCE(?, editor_note) WHERE id = ?""",
            (status, lead, title, note, item_id))
        if cur.rowcount == 0:
            raise ValueError(f"no digest item {item_id}")


def set_digest_status(conn: sqlite3.Connection, digest_id: int, status: str) -> None:
    if status not in DIGEST_STATUSES:
        raise ValueError(f"unknown digest status {status!r}; use one of {', '.join(DIGEST_STATUSES)}")
    with transaction(conn):
        if conn.execute("UPDATE digests SET status = ? WHERE id = ?", (status, digest_id)).rowcount == 0:
            raise ValueError(f"no digest {digest_id}")
