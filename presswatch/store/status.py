"""What the archive holds: counts, languages, skips by reason, recent runs (``presswatch status``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from presswatch.store.runs import dead_runs

COUNTS = ("pages", "page_versions", "processed", "pending", "units", "passages", "links")


@dataclass(frozen=True)
class SkipRow:
    location: str
    reason: str
    message: str
    times: int
    last_seen: str


@dataclass(frozen=True)
class RunRow:
    id: int
    kind: str
    started_at: str
    finished_at: str | None
    status: str
    counts: dict[str, int]


@dataclass
class ArchiveStatus:
    counts: dict[str, int]                 # pages, page_versions, processed, pending, units, passages, links
    languages: dict[str, int]              # passages by language, most first
    skipped_total: int
    skips_by_reason: dict[str, int]        # most first
    recent_skips: list[SkipRow]
    quarantined: int
    runs: list[RunRow]                     # most recent first
    passed_over: dict[str, int]            # what the latest ingest passed over on purpose
    skip_hints: dict[str, str] = field(default_factory=dict)  # reason -> what to do (filled by the API)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (`presswatch status --json`)."""
        return asdict(self)

    @classmethod
    def empty(cls) -> ArchiveStatus:
        """An archive not created yet holds nothing (reading never creates it)."""
        return cls(counts=dict.fromkeys(COUNTS, 0), languages={}, skipped_total=0, skips_by_reason={},
                   recent_skips=[], quarantined=0, runs=[], passed_over={})


def archive_status(conn: sqlite3.Connection, recent: int = 10) -> ArchiveStatus:
    """Read-only: works on a connection opened with ``readonly=True``."""
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    counts = {
        "pages": one("SELECT COUNT(*) FROM pages"),
        "page_versions": one("SELECT COUNT(*) FROM page_versions"),
        "processed": one("SELECT COUNT(*) FROM page_versions WHERE status = 'processed'"),
        "pending": one("SELECT COUNT(*) FROM page_versions WHERE status = 'new'"),
        "units": one("SELECT COUNT(*) FROM units"),
        "passages": one("SELECT COUNT(*) FROM passages"),
        "links": one("SELECT COUNT(*) FROM links"),
    }
    languages = {str(r[0]): int(r[1]) for r in conn.execute(
        "SELECT lang, COUNT(*) FROM passages GROUP BY lang ORDER BY COUNT(*) DESC")}
    skips = {str(r[0]): int(r[1]) for r in conn.execute(
        "SELECT reason, COUNT(*) FROM skips GROUP BY reason ORDER BY COUNT(*) DESC")}
    recent_skips = [SkipRow(r["location"], r["reason"], r["message"], int(r["times"]), r["last_seen"])
                    for r in conn.execute(
        "SELECT location, reason, message, times, last_seen FROM skips ORDER BY last_seen DESC, id DESC LIMIT ?",
        (recent,))]
    dead = set(dead_runs(conn))   # shown as interrupted (the next writing run records it so)
    runs = [RunRow(int(r["id"]), r["kind"], r["started_at"], r["finished_at"],
                   "interrupted" if int(r["id"]) in dead else r["status"],
                   json.loads(r["counts"]) if r["counts"] else {})
            for r in conn.execute(
        "SELECT id, kind, started_at, finished_at, status, counts FROM runs ORDER BY id DESC LIMIT ?", (recent,))]
    return ArchiveStatus(
        counts=counts, languages=languages, skipped_total=sum(skips.values()), skips_by_reason=skips,
        recent_skips=recent_skips, quarantined=one("SELECT COUNT(*) FROM page_versions WHERE status = 'quarantined'"),
        runs=runs, passed_over=_passed_over(runs))


def _passed_over(runs: list[RunRow]) -> dict[str, int]:
    """Records the latest ingest run passed over on purpose (WARC requests, non-HTML responses)."""
    for run in runs:
        if run.kind == "ingest" and run.counts:
            return {k.split(":", 1)[1]: v for k, v in run.counts.items() if k.startswith("passed:")}
    return {}
