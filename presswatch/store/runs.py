"""Runs (one per command invocation) and recorded skips."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections import Counter
from typing import Any

from presswatch.models import Skip
from presswatch.store.db import transaction, utcnow


def start_run(conn: sqlite3.Connection, kind: str, args: dict[str, Any]) -> int:
    """Record a new run (with this process's id) and mark runs whose process has died as interrupted."""
    with transaction(conn):
        mark_dead_runs(conn)
        cur = conn.execute(
            "INSERT INTO runs (kind, started_at, args) VALUES (?, ?, ?)",
            (kind, utcnow(), json.dumps({**args, "pid": os.getpid(), "host": socket.gethostname()},
                                        ensure_ascii=False, default=str)),
        )
    return int(cur.lastrowid or 0)


def mark_dead_runs(conn: sqlite3.Connection) -> int:
    """Runs still marked running whose process on this host is gone (killed, crashed) become
    ``interrupted``; the next run of the same command finishes their work. Call inside a transaction."""
    dead = dead_runs(conn)
    conn.executemany("UPDATE runs SET status = 'interrupted' WHERE id = ?", [(i,) for i in dead])
    return len(dead)


def dead_runs(conn: sqlite3.Connection) -> list[int]:
    """Ids of runs still marked running whose process on this host is gone (reads only)."""
    host = socket.gethostname()
    dead = []
    for row in conn.execute("SELECT id, args FROM runs WHERE status = 'running'"):
        info = json.loads(row[1] or "{}")
        pid = info.get("pid")
        if info.get("host") == host and isinstance(pid, int) and not _alive(pid):
            dead.append(int(row[0]))
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_run(conn: sqlite3.Connection, run_id: int, counts: Counter[str] | dict[str, int],
               status: str = "done") -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
            (utcnow(), status, json.dumps(dict(counts), sort_keys=True), run_id),
        )


def record_skip(conn: sqlite3.Connection, skip: Skip, run_id: int | None) -> None:
    """Record (or re-count) a skip. Call inside a transaction."""
    now = utcnow()
    conn.execute(
        """INSERT INTO skips (location, reason, message, first_seen, last_seen, run_id)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (location, reason) DO UPDATE SET
               times = times + 1, last_seen = excluded.last_seen, message = excluded.message,
               run_id = excluded.run_id""",
        (skip.location, skip.reason, skip.message, now, now, run_id),
    )


def clear_skip(conn: sqlite3.Connection, location: str) -> None:
    """Forget skips for a location that has now been stored successfully."""
    conn.execute("DELETE FROM skips WHERE location = ?", (location,))
