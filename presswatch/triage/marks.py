"""An editor's triage marks on units (include in the digest, skip, star) and each reader's last visit.

Functions take a :class:`~presswatch.project.Project` (a connection is opened and closed) or an open
``sqlite3.Connection``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from presswatch.project import Project, connection
from presswatch.store.db import transaction, utcnow

TriageAction = Literal["include", "skip", "star", "unstar", "clear"]
TRIAGE_ACTIONS: tuple[TriageAction, ...] = ("include", "skip", "star", "unstar", "clear")
DEFAULT_READER = "default"


@dataclass(frozen=True)
class TriageMark:
    """A unit's triage state: ``decision`` is ``include``, ``skip`` or None (not decided yet)."""

    unit_id: int
    decision: str | None = None
    starred: bool = False
    updated_at: str | None = None


@dataclass(frozen=True)
class Visit:
    """A reader's visit: the inbox of this visit holds what arrived after ``previous``."""

    reader: str
    seen_at: str
    previous: str | None


def triage_units(target: Project | sqlite3.Connection, unit_ids: int | Iterable[int],
                 action: str) -> list[TriageMark]:
    """Apply ``action`` to each unit, in one transaction; returns the marks as they now stand.

    ``include`` / ``skip`` set the decision (one replaces the other), ``clear`` removes it, ``star`` /
    ``unstar`` set the star and leave the decision. Unknown unit ids are an error (nothing is changed).
    Marks belong to (page version, unit ordinal), so they survive re-processing of the same version.
    """
    if action not in TRIAGE_ACTIONS:
        raise ValueError(f"unknown triage action {action!r}; use one of {', '.join(TRIAGE_ACTIONS)}")
    ids = [unit_ids] if isinstance(unit_ids, int) else list(dict.fromkeys(int(u) for u in unit_ids))
    if not ids:
        return []
    with connection(target) as conn:
        now = utcnow()
        with transaction(conn):
            keys = _unit_keys(conn, ids)
            missing = [u for u in ids if u not in keys]
            if missing:
                raise ValueError(f"no unit {', '.join(map(str, missing))}; take unit ids from the inbox or search")
            for unit_id in ids:
                version_id, ordinal = keys[unit_id]
                conn.execute("INSERT INTO triage (version_id, ordinal, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(version_id, ordinal) DO NOTHING", (version_id, ordinal, now))
                if action in ("include", "skip", "clear"):
                    conn.execute("UPDATE triage SET decision = ?, updated_at = ? WHERE version_id = ? AND ordinal = ?",
                                 (None if action == "clear" else action, now, version_id, ordinal))
                else:
                    conn.execute("UPDATE triage SET starred = ?, updated_at = ? WHERE version_id = ? AND ordinal = ?",
                                 (int(action == "star"), now, version_id, ordinal))
            conn.execute("DELETE FROM triage WHERE decision IS NULL AND starred = 0")
        found = triage_marks(conn, ids)
    return [found.get(u, TriageMark(u)) for u in ids]


def _unit_keys(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in conn.execute(f"SELECT id, version_id, ordinal FROM units WHERE id IN ({','.join('?' * len(chunk))})",
                              chunk):
            out[int(r[0])] = (int(r[1]), int(r[2]))
    return out


def triage_marks(target: Project | sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, TriageMark]:
    """The marks of the given units (units without a mark are absent)."""
    ids = list(unit_ids)
    out: dict[int, TriageMark] = {}
    with connection(target) as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in conn.execute(
                    f"""SELECT u.id, t.decision, t.starred, t.updated_at FROM units u
                        JOIN triage t ON t.version_id = u.version_id AND t.ordinal = u.ordinal
                        WHERE u.id IN ({','.join('?' * len(chunk))})""", chunk):
                out[int(r[0])] = TriageMark(int(r[0]), r[1], bool(r[2]), r[3])
    return out


def units_marked(target: Project | sqlite3.Connection, decision: str) -> list[int]:
    """Ids of the units with the given decision (``include`` or ``skip``), oldest mark first."""
    with connection(target) as conn:
        return [int(r[0]) for r in conn.execute(
            """SELECT u.id FROM triage t JOIN units u ON u.version_id = t.version_id AND u.ordinal = t.ordinal
               WHERE t.decision = ? ORDER BY t.updated_at, u.id""", (decision,))]


def last_visit(target: Project | sqlite3.Connection, reader: str = DEFAULT_READER) -> Visit | None:
    """The reader's last recorded visit, or None before the first."""
    with connection(target) as conn:
        row = conn.execute("SELECT reader, seen_at, previous FROM visits WHERE reader = ?", (reader,)).fetchone()
    return Visit(row[0], row[1], row[2]) if row else None


def mark_visit(target: Project | sqlite3.Connection, reader: str = DEFAULT_READER, at: str | None = None) -> Visit:
    """Record a visit now (or ``at``); the returned visit's ``previous`` is where this visit's inbox starts
    (pass it as ``inbox(since=...)`` while the reader works through it)."""
    at = at or utcnow()
    with connection(target) as conn, transaction(conn):
        row = conn.execute("SELECT seen_at FROM visits WHERE reader = ?", (reader,)).fetchone()
        previous = row[0] if row else None
        conn.execute("INSERT INTO visits (reader, seen_at, previous) VALUES (?, ?, ?) "
                     "ON CONFLICT(reader) DO UPDATE SET seen_at = excluded.seen_at, previous = excluded.previous",
                     (reader, at, previous))
    return Visit(reader, at, previous)
