"""Python equivalents of the CLI commands (the CLI only parses arguments and prints)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from presswatch.anatomy.preview import page_units
from presswatch.browse import (
    SearchPage,
    UnitList,
    UnitView,
    browse_units,
    facets,
    list_entities,
    list_publications,
    list_runs,
    list_skips,
    saved_page,
    search_page,
    view_page,
    view_unit,
)
from presswatch.collect import service as collect_service
from presswatch.collect.safety import Resolver
from presswatch.collect.service import CollectReport, add_source, export_opml, import_opml, list_sources
from presswatch.contracts import Progress, ProgressCallback
from presswatch.demo.run import run_demo
from presswatch.digest.backing import BackingPassage, BackingUnit, ItemBacking, item_backing
from presswatch.digest.edit import (
    accept_item,
    add_item,
    drop_item,
    edit_item,
    edit_item_texts,
    merge_items,
    move_item,
    reorder_items,
    restore_item,
    set_digest_texts,
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
from presswatch.entities import manage as _entities
from presswatch.entities.manage import entity_add, entity_alias, entity_merge, entity_split
from presswatch.export.jsonl import export_project
from presswatch.ingest import run as ingest_run
from presswatch.ingest.reasons import hint as skip_hint
from presswatch.ingest.run import IngestReport
from presswatch.project import Project
from presswatch.results import (
    AliasRow,
    EntityCount,
    EntityInfo,
    MergeSuggestion,
    PassageReuse,
    QuoteRow,
    UnitReuse,
)
from presswatch.reuse.groups import Group, all_groups
from presswatch.reuse.report import show_reuse as _show_reuse
from presswatch.runner import after_store, process_stored, rerun_stage
from presswatch.search import Hit, PassageMatch, SearchResult, UnitHit, search, search_units
from presswatch.store.runs import finish_run, start_run
from presswatch.store.status import ArchiveStatus, archive_status
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
    "Project", "ArchiveStatus", "IngestReport", "Progress", "ProgressCallback", "ingest", "process", "status", "page_units",
    # collection
    "add_source", "list_sources", "collect", "collect_every", "import_opml", "export_opml",
    # search, reuse, digest, export, demo
    "Hit", "search", "search_units", "SearchResult", "UnitHit", "PassageMatch",
    "Group", "reuse_groups", "show_reuse", "UnitReuse", "PassageReuse", "make_digest", "export_project", "run_demo",
    # reading the archive (web UI and JSON API)
    "UnitList", "UnitView", "SearchPage", "browse_units", "view_unit", "view_page", "saved_page", "search_page",
    "facets", "list_entities", "list_runs", "list_skips", "list_publications",
    # triage and inbox (the editor's workspace)
    "InboxPage", "InboxGroup", "InboxUnit", "TriageMark", "Visit", "inbox", "triage_units", "triage_marks",
    "last_visit", "mark_visit",
    # digest workflow: drafts, edits with history, approved issues
    "Digest", "DigestItem", "DigestSummary", "EditRecord", "ItemBacking", "BackingUnit", "BackingPassage",
    "DigestError", "DigestNotFound", "DigestLocked", "StaleEdit", "resolve_period",
    "create_draft", "draft_from_issue", "get_digest", "get_issue", "list_digests", "digest_history",
    "approve_digest", "item_backing", "edit_item", "edit_item_texts", "set_item_note", "drop_item", "restore_item", "accept_item",
    "move_item", "reorder_items", "merge_items", "add_item", "set_introduction", "set_title", "set_digest_texts",
    # publishing an approved issue
    "IssueContent", "issue_content", "PublishResult", "PublishedFile", "publish_issue", "issue_documents",
    "DeliveryError",
    # entities and quotes (typed rows: presswatch.results)
    "AliasRow", "EntityCount", "EntityInfo", "MergeSuggestion", "QuoteRow",
    "entity_add", "entity_alias", "entity_info", "entity_list", "entity_merge", "entity_relink",
    "entity_split", "entity_unlearn", "list_quotes", "merge_suggestions",
]


def ingest(project: Project, paths: Iterable[str | Path], *, process: bool | None = None,
           progress: ProgressCallback | None = None) -> IngestReport:
    """Store every record found under ``paths`` and (by default) process what is new
    (Python equivalent of `presswatch ingest`). ``progress`` receives :class:`Progress` events:
    ``ingest`` (files), ``process`` (pages), then one per archive-wide stage (units)."""
    return ingest_run.ingest(project, paths, process=process, progress=progress,
                             after_store=after_store(project.config, progress))


def collect(project: Project, *, source: str | None = None, process: bool | None = None,
            progress: ProgressCallback | None = None, resolver: Resolver | None = None) -> CollectReport:
    """Fetch what is new from every due source (or one named source), store it, then process it
    (Python equivalent of `presswatch collect`); ``progress``: ``collect`` (pages), then as :func:`ingest`."""
    return collect_service.collect(project, source=source, process=process, progress=progress,
                                   resolver=resolver,
                                   after_store=after_store(project.config, progress, only_if_pending=True))


def collect_every(project: Project, interval: float, *, source: str | None = None, process: bool | None = None,
                  progress: ProgressCallback | None = None, max_runs: int | None = None,
                  on_report: Callable[[CollectReport], None] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> int:
    """Collect and process every ``interval`` seconds until stopped (`presswatch collect --every`)."""
    return collect_service.collect_every(
        project, interval, source=source, process=process, progress=progress, max_runs=max_runs,
        on_report=on_report, sleep=sleep, after_store=after_store(project.config, progress, only_if_pending=True))


def process(project: Project, *, retry_quarantined: bool = False,
            progress: ProgressCallback | None = None) -> Counter[str]:
    """Process every stored version not processed yet, then the archive-wide stages (Python
    equivalent of `presswatch process`); ``progress``: ``process`` (pages), then one per stage (units)."""
    conn = project.connect()
    try:
        run_id = start_run(conn, "process", {"retry_quarantined": retry_quarantined})
        counts: Counter[str] = Counter()
        status = "failed"
        try:
            counts = process_stored(conn, project.config, run_id=run_id, retry_quarantined=retry_quarantined,
                                    progress=progress)
            status = "done"
        finally:
            finish_run(conn, run_id, counts, status)
        return counts
    finally:
        conn.close()


def entity_relink(project: Project, progress: ProgressCallback | None = None) -> Counter[str]:
    """Re-resolve every mention and quote with the current watchlist and aliases: the ``entities``
    stage and whatever depends on it run again on every unit (Python equivalent of `entity relink`)."""
    conn = project.connect()
    try:
        return rerun_stage(conn, project.config, "entities", progress=progress)
    finally:
        conn.close()


def status(project: Project, *, recent: int = 10) -> ArchiveStatus:
    """What the archive holds, skips by reason with what to do, recent runs (Python equivalent of
    `presswatch status`); reads only (a read-only connection, no migration). A project whose archive
    does not exist yet holds nothing: an empty status, and the archive is still not created."""
    if not project.db_path.exists() and project.db_path.parent.is_dir():
        return ArchiveStatus.empty()
    conn = project.connect(readonly=True)
    try:
        info = archive_status(conn, recent)
    finally:
        conn.close()
    info.skip_hints = {reason: skip_hint(reason) for reason in info.skips_by_reason}
    return info


def show_reuse(project: Project, ref: str) -> UnitReuse | PassageReuse:
    """Where a unit or passage (``unit:N``, ``passage:N`` or ``N``) also appears, who published it
    first, and (for a unit) its translations (`presswatch reuse ID`); read-only."""
    report = _show_reuse(project, ref)
    return PassageReuse.of(report) if "passage_copies" not in report else UnitReuse.of(report)


def entity_info(project: Project, name: str, limit: int = 20) -> EntityInfo:
    """Aliases, mentions per month, co-mentioned entities, quotes by and about an entity
    (`presswatch entity NAME`)."""
    return EntityInfo.of(_entities.entity_info(project, name, limit))


def entity_list(project: Project, limit: int = 100) -> list[EntityCount]:
    """Entities by mentions in the current versions (`presswatch entity list`)."""
    return [EntityCount.of(r) for r in _entities.entity_list(project, limit)]


def merge_suggestions(project: Project) -> list[MergeSuggestion]:
    """Open merge suggestions (`presswatch entity list --suggestions`)."""
    return [MergeSuggestion.of(r) for r in _entities.merge_suggestions(project)]


def entity_unlearn(project: Project, alias_id: int) -> AliasRow:
    """Undo a learned alias: it is marked rejected and never learned again for that entity."""
    return AliasRow.of(_entities.entity_unlearn(project, alias_id))


def list_quotes(project: Project, *, speaker: str | None = None, about: str | None = None,
                limit: int = 50) -> list[QuoteRow]:
    """Quotes, optionally by a speaker (entity or name) or about an entity (`presswatch quotes`)."""
    return [QuoteRow.of(r) for r in _entities.list_quotes(project, speaker=speaker, about=about, limit=limit)]


def reuse_groups(project: Project, limit: int | None = 20) -> list[Group]:
    """Reused texts, the most copied first: first publisher and later copies (`presswatch reuse --groups`)."""
    conn = project.connect(readonly=True)
    try:
        return all_groups(conn, limit)
    finally:
        conn.close()
