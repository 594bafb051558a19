"""Library entry points for collecting (the CLI calls these; re-exported from presswatch.api)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.collect.collector import CollectLimits, Collector, SourceOutcome
from presswatch.collect.discovery import DiscoveryError, discover
from presswatch.collect.fetcher import Fetcher, FetchSettings
from presswatch.collect.safety import AddressPolicy, Resolver
from presswatch.collect.sources import (
    KINDS,
    Source,
    SourceError,
    all_sources,
    due,
    export_opml_text,
    get_source,
    insert_source,
    parse_opml,
    slug_name,
)
from presswatch.collect.sources import remove_source as _remove
from presswatch.collect.sources import resume_source as _resume
from presswatch.collect.urls import BadURL, normalise_url, origin_of
from presswatch.collect.wordpress import posts_endpoint
from presswatch.contracts import ProgressCallback
from presswatch.contracts import report as note
from presswatch.langcodes import check_codes
from presswatch.project import Project
from presswatch.store.atomic import atomic_text_file
from presswatch.store.db import utcnow
from presswatch.store.runs import finish_run, start_run

# Called inside the run, after collecting, with the connection and the run id; returns what it counted.
AfterStore = Callable[[sqlite3.Connection, int], Counter[str]]


@dataclass
class CollectReport:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    sources: list[SourceOutcome] = field(default_factory=list)


def make_fetcher(project: Project, resolver: Resolver | None = None) -> Fetcher:
    policy = AddressPolicy.from_list(project.config.get("collect.allow_private_hosts", []))
    return Fetcher(FetchSettings.from_config(project.config), policy, resolver=resolver)


def add_source(project: Project, url: str, *, kind: str = "auto", name: str | None = None,
               lang: str | None = None, tags: list[str] | None = None, options: dict[str, Any] | None = None,
               resolver: Resolver | None = None) -> Source:
    """Add a source; with ``kind="auto"`` find its WordPress API, feed or sitemap first (network)."""
    try:
        url = normalise_url(url)
    except BadURL as exc:
        raise SourceError(f"{exc}; give a full http(s) URL such as https://example.org/") from exc
    if lang:
        try:
            lang = check_codes([lang], "--lang")[0]
        except ValueError as exc:
            raise SourceError(str(exc)) from exc
    if kind not in KINDS and kind != "auto":
        raise SourceError(f"unknown kind {kind!r}; use auto or one of {', '.join(KINDS)}")
    for key in ("include", "follow"):
        for pattern in (options or {}).get(key, []):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceError(f"bad --{key} pattern {pattern!r}: {exc}; it is a Python regular expression") from exc
    endpoint, title = url, None
    if kind == "auto":
        async def run() -> Any:
            async with make_fetcher(project, resolver) as fetcher:
                return await discover(fetcher, url, limit=int(project.config.get("collect.max_body_bytes")))
        try:
            found = asyncio.run(run())
        except DiscoveryError as exc:
            raise SourceError(str(exc)) from exc
        kind, endpoint, title = found.kind, found.endpoint, found.title
    elif kind == "wordpress" and "/wp-json" not in url:
        endpoint = posts_endpoint(origin_of(url) + "/wp-json")
    elif kind == "wordpress":
        endpoint = posts_endpoint(url)
    conn = project.connect()
    try:
        return insert_source(conn, name=name or title or slug_name(url), url=url, kind=kind, endpoint=endpoint,
                             lang=lang, tags=tags, options=options)
    finally:
        conn.close()


def list_sources(project: Project) -> list[Source]:
    """Every source with its health (last success/error, items in the last 7 days, failures)."""
    conn = project.connect()
    try:
        return all_sources(conn)
    finally:
        conn.close()


def remove_source(project: Project, name: str) -> None:
    conn = project.connect()
    try:
        _remove(conn, name)
    finally:
        conn.close()


def resume_source(project: Project, name: str) -> Source:
    """Make a paused or backed-off source active again."""
    conn = project.connect()
    try:
        return _resume(conn, name)
    finally:
        conn.close()


def collect(project: Project, *, source: str | None = None, process: bool | None = None,
            progress: ProgressCallback | None = None, resolver: Resolver | None = None,
            after_store: AfterStore | None = None) -> CollectReport:
    """Fetch what is new from every due source (or one named source) and store it; then, when
    ``process`` (default: ``[ingest] process``) and ``after_store`` are given, call ``after_store``
    inside the same run (:func:`presswatch.api.collect` passes the runner). ``progress`` gets a
    ``collect`` event (pages fetched, total unknown) after each page.

    Everything fetched is committed as it arrives; a run stopped at any moment is continued by the
    next one (the queue of found-but-not-fetched URLs is in the archive).
    """
    do_process = project.config.get("ingest.process") if process is None else process
    conn = project.connect()
    try:
        if source is not None:
            chosen = [get_source(conn, source)]
            if chosen[0].status == "paused":
                raise SourceError(f"source {source!r} is paused: {chosen[0].status_reason}")
        else:
            now = utcnow()
            chosen = [s for s in all_sources(conn) if due(s, now)]
        run_id = start_run(conn, "collect", {"source": source, "sources": [s.name for s in chosen]})
        report = CollectReport(run_id)
        status = "failed"
        try:
            fetched = 0

            def tick(name: str, counts: Counter[str]) -> None:
                nonlocal fetched
                fetched += 1
                note(progress, "collect", fetched, None, "page",
                     f"{name} new {counts['new_page'] + counts['new_version']}")

            collector = Collector(conn, make_fetcher(project, resolver), CollectLimits.from_config(project.config),
                                  run_id, tick)
            report.sources = asyncio.run(_run(collector, chosen))
            report.counts.update(collector.counts)
            if do_process and after_store is not None:
                report.counts.update(after_store(conn, run_id))
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            finish_run(conn, run_id, report.counts, status)
        return report
    finally:
        conn.close()


async def _run(collector: Collector, sources: list[Source]) -> list[SourceOutcome]:
    async with collector.fetcher:
        return await collector.run(sources)


def parse_interval(text: str) -> float:
    """``30m`` / ``2h`` / ``90s`` / ``1d`` -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    try:
        value = float(text[:-1]) * units[text[-1]] if text[-1:] in units else float(text)
    except (ValueError, KeyError) as exc:
        raise ValueError(f"bad interval {text!r}; use e.g. 30m, 2h, 90s") from exc
    if value <= 0:
        raise ValueError(f"bad interval {text!r}; it must be positive")
    return value


def collect_every(project: Project, interval: float, *, source: str | None = None, process: bool | None = None,
                  progress: ProgressCallback | None = None, after_store: AfterStore | None = None,
                  max_runs: int | None = None, on_report: Callable[[CollectReport], None] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> int:
    """Collect, process, wait ``interval`` seconds (from the start of a run), repeat until stopped.

    Returns the number of runs made. Stop with Ctrl-C; what was fetched is already stored.
    """
    runs = 0
    while max_runs is None or runs < max_runs:
        started = time.monotonic()
        report = collect(project, source=source, process=process, progress=progress, after_store=after_store)
        runs += 1
        if on_report:
            on_report(report)
        if max_runs is not None and runs >= max_runs:
            break
        sleep(max(0.0, interval - (time.monotonic() - started)))
    return runs


def import_opml(project: Project, path: str | Path) -> list[Source]:
    """Add every feed of an OPML file (outline folders become tags); names or feeds already present are
    skipped."""
    specs = parse_opml(Path(path).read_bytes())
    conn = project.connect()
    added = []
    try:
        existing = {s.name for s in all_sources(conn)}
        for spec in specs:
            try:
                url, endpoint = normalise_url(spec["url"]), normalise_url(spec["endpoint"])
            except BadURL:
                continue
            name = spec["name"] or slug_name(url)
            if name in existing:
                continue
            try:
                added.append(insert_source(conn, name=name, url=url, kind=spec["kind"], endpoint=endpoint,
                                           lang=spec["lang"], tags=spec["tags"], options=spec["options"]))
            except SourceError:   # the same feed under another name: already collected
                continue
            existing.add(name)
        return added
    finally:
        conn.close()


def export_opml(project: Project, path: str | Path | None = None) -> str:
    """OPML 2.0 of every source (kind, language, tags and options kept in extra attributes)."""
    text = export_opml_text(list_sources(project), title=str(project.config.get("project.name")))
    if path is not None:
        with atomic_text_file(path) as fh:
            fh.write(text)
    return text
