"""Python equivalents of the CLI commands (the CLI only parses arguments and prints)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from presswatch.anatomy.preview import page_units
from presswatch.collect import service as collect_service
from presswatch.collect.safety import Resolver
from presswatch.collect.service import CollectReport, add_source, export_opml, import_opml, list_sources
from presswatch.contracts import Progress
from presswatch.demo.run import run_demo
from presswatch.digest.backing import BackingPassage, BackingUnit, ItemBacking, item_backing
from presswatch.digest.edit import (
    accept_item,
    add_item,
    drop_item,
    edit_item,
    merge_items,
    move_item,
    reorder_items,
    restore_item,
    set_introduction,
    set_item_note,
    set_title,
)
from presswatch.digest.errors import DigestError, DigestLocked, DigestNotFound, StaleEdit
from presswatch.digest.model import Digest, DigestItem
from presswatch.digest.period import resolve_period
from presswatch.digest.publish.content import IssueContent, issue_content
from presswatch.digest.publish.service import PublishedFile, PublishResult, issue_documents, publish_issue
from presswatch.digest.publish.smtp import DeliveryError
from presswatch.digest.run import make_digest
from presswatch.digest.workflow import (
    DigestSummary,
    EditRecord,
    approve_digest,
    create_draft,
    digest_history,
    draft_from_issue,
    get_digest,
    get_issue,
    list_digests,
)
from presswatch.entities.manage import (
    entity_add,
    entity_alias,
    entity_info,
    entity_list,
    entity_merge,
    entity_split,
    entity_unlearn,
    list_quotes,
    merge_suggestions,
)
from presswatch.export.jsonl import export_project
from presswatch.ingest import run as ingest_run
from presswatch.ingest.reasons import hint as skip_hint
from presswatch.ingest.run import IngestReport
from presswatch.project import Project
from presswatch.reuse.report import reuse_groups, show_reuse
from presswatch.runner import after_store, process_stored, rerun_stage
from presswatch.search import Hit, PassageMatch, SearchResult, UnitHit, search, search_units
from presswatch.store.db import transaction
from presswatch.store.runs import finish_run, mark_dead_runs, start_run
from presswatch.triage import (
    InboxGroup,
    InboxPage,
    InboxUnit,
    TriageMark,
    Visit,
    inbox,
    last_visit,
    mark_visit,
    triage_marks,
    triage_units,
)

__all__ = [
    # archive
    "Project", "IngestReport", "ingest", "process", "status", "page_units",
    # collection
    "add_source", "list_sources", "collect", "collect_every", "import_opml", "export_opml",
    # search, reuse, digest, export, demo
    "Hit", "search", "search_units", "SearchResult", "UnitHit", "PassageMatch",
    "reuse_groups", "show_reuse", "make_digest", "export_project", "run_demo",
    # triage and inbox (the editor's workspace)
    "InboxPage", "InboxGroup", "InboxUnit", "TriageMark", "Visit", "inbox", "triage_units", "triage_marks",
    "last_visit", "mark_visit",
    # digest workflow: drafts, edits with history, approved issues
    "Digest", "DigestItem", "DigestSummary", "EditRecord", "ItemBacking", "BackingUnit", "BackingPassage",
    "DigestError", "DigestNotFound", "DigestLocked", "StaleEdit", "resolve_period",
    "create_draft", "draft_from_issue", "get_digest", "get_issue", "list_digests", "digest_history",
    "approve_digest", "item_backing", "edit_item", "set_item_note", "drop_item", "restore_item", "accept_item",
    "move_item", "reorder_items", "merge_items", "add_item", "set_introduction", "set_title",
    # publishing an approved issue
    "IssueContent", "issue_content", "PublishResult", "PublishedFile", "publish_issue", "issue_documents",
    "DeliveryError",
    # entities and quotes
    "entity_add", "entity_alias", "entity_info", "entity_list", "entity_merge", "entity_relink",
    "entity_split", "entity_unlearn", "list_quotes", "merge_suggestions",
]


class _Bars:
    """Transition adapter: draws one tqdm bar per stage from :class:`Progress` events."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bars: dict[str, Any] = {}

    def __call__(self, event: Progress) -> None:
        if not self.enabled:
            return
        bar = self.bars.get(event.stage)
        if bar is None:
            bar = self.bars[event.stage] = tqdm(total=event.total, desc=event.stage, unit=event.unit, leave=False)
        if event.total is not None and bar.total != event.total:
            bar.total = event.total
        bar.update(event.done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def ingest(project: Project, paths: Iterable[str | Path], *, process: bool | None = None,
           progress: bool = True) -> IngestReport:
    """Store every record found under ``paths`` and (by default) process what is new
    (Python equivalent of `presswatch ingest`)."""
    bars = _Bars(progress)
    try:
        return ingest_run.ingest(project, paths, process=process, progress=progress,
                                 after_store=after_store(project.config, bars))
    finally:
        bars.close()


def collect(project: Project, *, source: str | None = None, process: bool | None = None,
            progress: bool = False, resolver: Resolver | None = None) -> CollectReport:
    """Fetch what is new from every due source (or one named source), store it, then process it
    (Python equivalent of `presswatch collect`)."""
    bars = _Bars(progress)
    try:
        return collect_service.collect(project, source=source, process=process, progress=progress,
                                       resolver=resolver,
                                       after_store=after_store(project.config, bars, only_if_pending=True))
    finally:
        bars.close()


def collect_every(project: Project, interval: float, *, source: str | None = None, process: bool | None = None,
                  progress: bool = False, max_runs: int | None = None,
                  on_report: Callable[[CollectReport], None] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> int:
    """Collect and process every ``interval`` seconds until stopped (`presswatch collect --every`)."""
    bars = _Bars(progress)
    try:
        return collect_service.collect_every(
            project, interval, source=source, process=process, progress=progress, max_runs=max_runs,
            on_report=on_report, sleep=sleep, after_store=after_store(project.config, bars, only_if_pending=True))
    finally:
        bars.close()


def process(project: Project, *, retry_quarantined: bool = False, progress: bool = False) -> Counter[str]:
    """Process every stored version not processed yet (Python equivalent of `presswatch process`)."""
    conn = project.connect()
    bars = _Bars(progress)
    try:
        run_id = start_run(conn, "process", {"retry_quarantined": retry_quarantined})
        counts: Counter[str] = Counter()
        status = "failed"
        try:
            counts = process_stored(conn, project.config, run_id=run_id, retry_quarantined=retry_quarantined,
                                    progress=bars)
            status = "done"
        finally:
            finish_run(conn, run_id, counts, status)
        return counts
    finally:
        bars.close()
        conn.close()


def entity_relink(project: Project, progress: bool = False) -> Counter[str]:
    """Re-resolve every mention and quote with the current watchlist and aliases: the ``entities``
    stage and whatever depends on it run again on every unit (Python equivalent of `entity relink`)."""
    conn = project.connect()
    bars = _Bars(progress)
    try:
        return rerun_stage(conn, project.config, "entities", progress=bars)
    finally:
        bars.close()
        conn.close()


def status(project: Project, *, recent: int = 10) -> dict[str, Any]:
    """What the archive holds, skips by reason, recent runs (Python equivalent of `presswatch status`)."""
    conn = project.connect()
    try:
        with transaction(conn):      # a run whose process was killed shows as interrupted, not running
            mark_dead_runs(conn)
        one = lambda sql: int(conn.execute(sql).fetchone()[0])  # noqa: E731
        counts = {
            "pages": one("SELECT COUNT(*) FROM pages"),
            "page_versions": one("SELECT COUNT(*) FROM page_versions"),
            "processed": one("SELECT COUNT(*) FROM page_versions WHERE status = 'processed'"),
            "pending": one("SELECT COUNT(*) FROM page_versions WHERE status = 'new'"),
            "units": one("SELECT COUNT(*) FROM units"),
            "passages": one("SELECT COUNT(*) FROM passages"),
        }
        languages = {r[0]: r[1] for r in conn.execute(
            "SELECT lang, COUNT(*) FROM passages GROUP BY lang ORDER BY COUNT(*) DESC")}
        skips = {r[0]: r[1] for r in conn.execute(
            "SELECT reason, COUNT(*) FROM skips GROUP BY reason ORDER BY COUNT(*) DESC")}
        recent_skips = [dict(r) for r in conn.execute(
            "SELECT location, reason, message, times, last_seen FROM skips ORDER BY last_seen DESC, id DESC LIMIT ?",
            (recent,))]
        runs = [dict(r) for r in conn.execute(
            "SELECT id, kind, started_at, finished_at, status, counts FROM runs ORDER BY id DESC LIMIT ?", (recent,))]
        return {
            "counts": counts,
            "languages": languages,
            "skipped_total": sum(skips.values()),
            "skips_by_reason": skips,
            "recent_skips": recent_skips,
            "quarantined": one("SELECT COUNT(*) FROM page_versions WHERE status = 'quarantined'"),
            "runs": runs,
            "skip_hints": {reason: skip_hint(reason) for reason in skips},
            "passed_over": _passed_over(runs),
        }
    finally:
        conn.close()


def _passed_over(runs: list[dict[str, Any]]) -> dict[str, int]:
    """Records the latest ingest run passed over on purpose (WARC requests, non-HTML responses)."""
    import json

    for run in runs:
        if run["kind"] == "ingest" and run["counts"]:
            counts = json.loads(run["counts"])
            return {k.split(":", 1)[1]: v for k, v in counts.items() if k.startswith("passed:")}
    return {}
