"""Processing entry points: what every command that processes calls (ingest, collect, process)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable

from presswatch.config import Config
from presswatch.contracts import ProgressCallback
from presswatch.runner import archive
from presswatch.runner.build import archive_specs, archive_stages, build_pipeline
from presswatch.runner.pages import pending_versions, process_pending
from presswatch.runner.parallel import default_workers


def process_stored(conn: sqlite3.Connection, config: Config, *, run_id: int | None = None,
                   retry_quarantined: bool = False, progress: ProgressCallback | None = None) -> Counter[str]:
    """Per-page processing of the pending versions (``[process] workers`` processes), then every
    archive stage on the units it has not handled yet. Progress: ``process`` (pages), then one
    event stream per archive stage (units). The archive stages declared ``incremental`` run on
    full batches while the pages are still being processed (:class:`archive.Overlap`)."""
    stages = archive_stages(config)
    overlap = archive.Overlap(conn, config, stages, archive_specs(config), progress=progress)
    counts = process_pending(conn, build_pipeline(config), run_id=run_id, retry_quarantined=retry_quarantined,
                             progress=progress, workers=default_workers(config.get("process.workers")),
                             factory=build_pipeline, config=config, between=overlap,
                             commit_pages=int(config.get("process.commit_pages", 1)))
    counts.update(archive.run_stages(conn, config, stages, progress=progress, overlap=overlap))
    return counts


def rerun_stage(conn: sqlite3.Connection, config: Config, name: str, *,
                progress: ProgressCallback | None = None) -> Counter[str]:
    """Redo archive stage ``name`` and exactly what depends on it (see :func:`archive.rerun`)."""
    return archive.rerun(conn, config, name, archive_specs(config), progress=progress)


def after_store(config: Config, progress: ProgressCallback | None = None, *, only_if_pending: bool = False
                ) -> Callable[[sqlite3.Connection, int], Counter[str]]:
    """What ``ingest`` and ``collect`` call after storing, inside their run: :func:`process_stored`.
    With ``only_if_pending``, nothing runs when no version is waiting (a collect that found nothing)."""
    def run(conn: sqlite3.Connection, run_id: int) -> Counter[str]:
        if only_if_pending and not pending_versions(conn):
            return Counter()
        return process_stored(conn, config, run_id=run_id, progress=progress)
    return run
