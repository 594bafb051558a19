"""Process stored page versions: run the pipeline and write units, passages and the index."""

from __future__ import annotations

import sqlite3
import traceback
from collections import Counter
from collections.abc import Callable

from presswatch.config import Config
from presswatch.models import Doc, Skip
from presswatch.pipeline.component import Pipeline, Unprocessable
from presswatch.pipeline.stages import ArchiveStage, run_stages
from presswatch.store.db import transaction
from presswatch.store.pages import load_raw
from presswatch.store.runs import record_skip
from presswatch.store.units import write_doc

Progress = Callable[[int], None]


def pending_versions(conn: sqlite3.Connection, *, retry_quarantined: bool = False) -> list[int]:
    statuses = ("new", "quarantined") if retry_quarantined else ("new",)
    marks = ",".join("?" * len(statuses))
    return [int(r[0]) for r in conn.execute(
        f"SELECT id FROM page_versions WHERE status IN ({marks}) ORDER BY id", statuses)]


def process_version(conn: sqlite3.Connection, pipeline: Pipeline, version_id: int) -> Doc:
    raw = load_raw(conn, version_id)
    page_id = int(conn.execute("SELECT page_id FROM page_versions WHERE id = ?", (version_id,)).fetchone()[0])
    return pipeline(Doc(version_id=version_id, page_id=page_id, raw=raw))


def quarantine(conn: sqlite3.Connection, version_id: int, location: str, reason: str, message: str,
               run_id: int | None) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE page_versions SET status = 'quarantined', status_reason = ? WHERE id = ?",
            (f"{reason}: {message}", version_id),
        )
        record_skip(conn, Skip(location, reason, message), run_id)


def process_pending(conn: sqlite3.Connection, pipeline: Pipeline, *, run_id: int | None = None,
                    retry_quarantined: bool = False, progress: Progress | None = None) -> Counter[str]:
    """Process every version not processed yet; each one commits on its own (resumable)."""
    counts: Counter[str] = Counter()
    for version_id in pending_versions(conn, retry_quarantined=retry_quarantined):
        location = conn.execute("SELECT location FROM page_versions WHERE id = ?", (version_id,)).fetchone()[0]
        try:
            doc = process_version(conn, pipeline, version_id)
        except Unprocessable as exc:
            quarantine(conn, version_id, location, exc.reason, exc.message, run_id)
            counts["quarantined"] += 1
            counts[f"quarantined:{exc.reason}"] += 1
        except (MemoryError, RecursionError) as exc:
            quarantine(conn, version_id, location, "too_complex", f"{type(exc).__name__} while processing", run_id)
            counts["quarantined"] += 1
            counts["quarantined:too_complex"] += 1
        except Exception as exc:  # noqa: BLE001 - any other failure is recorded, never lost
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            quarantine(conn, version_id, location, "error", f"{detail}; please report this page", run_id)
            counts["quarantined"] += 1
            counts["quarantined:error"] += 1
        else:
            with transaction(conn):
                write_doc(conn, doc)
            counts["processed"] += 1
            counts["units"] += len(doc.units)
            counts["passages"] += sum(len(u.passages) for u in doc.units)
        if progress:
            progress(1)
    return counts


def process_all(conn: sqlite3.Connection, config: Config, pipeline: Pipeline, stages: list[ArchiveStage], *,
                run_id: int | None = None, retry_quarantined: bool = False,
                progress: Progress | None = None) -> Counter[str]:
    """Per-page processing of pending versions, then every archive stage on units not yet handled."""
    counts = process_pending(conn, pipeline, run_id=run_id, retry_quarantined=retry_quarantined,
                             progress=progress)
    counts.update(run_stages(conn, config, stages))
    return counts
