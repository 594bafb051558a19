"""Python equivalents of the CLI commands (the CLI only parses arguments and prints)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tqdm import tqdm

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
from presswatch.collect.service import add_source, collect, export_opml, import_opml, list_sources
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
    entity_relink,
    entity_split,
    entity_unlearn,
    list_quotes,
    merge_suggestions,
)
from presswatch.export.jsonl import export_project
from presswatch.ingest.reasons import hint as skip_hint
from presswatch.ingest.run import IngestReport, ingest
from presswatch.pipeline.default import default_pipeline, default_stages
from presswatch.pipeline.process import pending_versions, process_all
from presswatch.project import Project
from presswatch.publish.content import IssueContent, issue_content
from presswatch.publish.service import PublishedFile, PublishResult, issue_documents, publish_issue
from presswatch.publish.smtp import DeliveryError
from presswatch.reuse.report import reuse_groups, show_reuse
from presswatch.search import Hit, search
from presswatch.store.runs import finish_run, start_run
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
    "add_source", "list_sources", "collect", "import_opml", "export_opml",
    # search, reuse, digest, export, demo
    "Hit", "search", "reuse_groups", "show_reuse", "make_digest", "export_project", "run_demo",
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
    "approve_digest", "item_backing", "edit_item", "set_item_note", "drop_item", "restore_item", "accept_item",
    "move_item", "reorder_items", "merge_items", "add_item", "set_introduction", "set_title",
    # publishing an approved issue
    "IssueContent", "issue_content", "PublishResult", "PublishedFile", "publish_issue", "issue_documents",
    "DeliveryError",
    # entities and quotes
    "entity_add", "entity_alias", "entity_info", "entity_list", "entity_merge", "entity_relink",
    "entity_split", "entity_unlearn", "list_quotes", "merge_suggestions",
]


def process(project: Project, *, retry_quarantined: bool = False, progress: bool = False) -> Counter[str]:
    """Process every stored version not processed yet (Python equivalent of `presswatch process`)."""
    conn = project.connect()
    try:
        run_id = start_run(conn, "process", {"retry_quarantined": retry_quarantined})
        todo = len(pending_versions(conn, retry_quarantined=retry_quarantined))
        counts: Counter[str] = Counter()
        status = "failed"
        try:
            with tqdm(total=todo, desc="process", unit="page", disable=not progress, leave=False) as bar:
                counts = process_all(conn, project.config, default_pipeline(project.config),
                                     default_stages(project.config), run_id=run_id,
                                     retry_quarantined=retry_quarantined, progress=bar.update,
                                     factory=default_pipeline)
            status = "done"
        finally:
            finish_run(conn, run_id, counts, status)
        return counts
    finally:
        conn.close()


def status(project: Project, *, recent: int = 10) -> dict[str, Any]:
    """What the archive holds, skips by reason, recent runs (Python equivalent of `presswatch status`)."""
    conn = project.connect()
    try:
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
