"""One collect run: list each due source, queue what is new, fetch it politely, store it."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from presswatch.collect.fetcher import Fetcher, FetchResult
from presswatch.collect.htmlscan import canonical_link, compile_patterns, matches, page_links
from presswatch.collect.items import Item
from presswatch.collect.listing import list_source
from presswatch.collect.queue import (
    Queued,
    enqueue,
    mark_done,
    mark_failed,
    note_alias,
    pending,
    save_state,
    validators,
)
from presswatch.collect.sources import Source, record_failure, record_success
from presswatch.collect.urls import host_of, normalise_url, same_site
from presswatch.config import Config
from presswatch.models import RawDocument, Skip
from presswatch.payload import check_payload
from presswatch.store.db import transaction
from presswatch.store.pages import store_raw
from presswatch.store.runs import clear_skip, record_skip

# Article errors that will never succeed on retry.
PERMANENT_ITEM_ERRORS = frozenset({"http_404", "http_410", "http_401", "http_403", "robots", "blocked",
                                   "bad_type", "too_large", "redirect_loop", "too_many_redirects",
                                   "bad_redirect", "dns", "tls", "bad_url", "binary", "empty"})
Progress = Callable[[str, Counter[str]], None]


@dataclass
class SourceOutcome:
    name: str
    counts: Counter[str] = field(default_factory=Counter)
    error: str | None = None
    status: str = "active"
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CollectLimits:
    max_bytes: int
    budget: int                 # article fetches per source per run
    parallel_sources: int
    pause_after: int
    backoff_minutes: float
    wp_per_page: int
    wp_max_pages: int
    max_sitemaps: int
    sitemap_max_age_days: float

    def sitemap_cutoff(self) -> str | None:
        if self.sitemap_max_age_days <= 0:
            return None
        when = datetime.now(UTC) - timedelta(days=self.sitemap_max_age_days)
        return when.replace(microsecond=0, tzinfo=None).isoformat()

    @classmethod
    def from_config(cls, config: Config) -> CollectLimits:
        c = config.section("collect")
        return cls(
            max_bytes=int(c.get("max_body_bytes", 15_000_000)), budget=int(c.get("fetch_budget", 500)),
            parallel_sources=int(c.get("parallel_sources", 16)), pause_after=int(c.get("pause_after_failures", 5)),
            backoff_minutes=float(c.get("source_backoff_minutes", 30)), wp_per_page=int(c.get("wp_per_page", 20)),
            wp_max_pages=int(c.get("wp_max_pages", 10)), max_sitemaps=int(c.get("max_sitemaps", 50)),
            sitemap_max_age_days=float(c.get("sitemap_max_age_days", 0)),
        )


class Collector:
    def __init__(self, conn: sqlite3.Connection, fetcher: Fetcher, limits: CollectLimits, run_id: int,
                 progress: Progress | None = None) -> None:
        self.conn, self.fetcher, self.limits, self.run_id = conn, fetcher, limits, run_id
        self.progress = progress
        self.counts: Counter[str] = Counter()
        # URL -> its fetch in this run (a future while in flight, then the result without its body):
        # sources that list the same article share one request.
        self._fetches: dict[str, asyncio.Future[FetchResult] | FetchResult] = {}

    async def run(self, sources: list[Source]) -> list[SourceOutcome]:
        gate = asyncio.Semaphore(max(1, self.limits.parallel_sources))
        load_host_backoff(self.conn, self.fetcher)
        self.fetcher.on_close = lambda host, until, reason: save_host_backoff(self.conn, host, until, reason)
        try:
            return await self._run(sources, gate)
        finally:
            save_host_paces(self.conn, self.fetcher.paces())

    async def _run(self, sources: list[Source], gate: asyncio.Semaphore) -> list[SourceOutcome]:

        async def one(source: Source) -> SourceOutcome:
            async with gate:
                return await self.collect_source(source)

        return list(await asyncio.gather(*(one(s) for s in sources)))

    def _count(self, out: SourceOutcome, key: str, n: int = 1) -> None:
        out.counts[key] += n
        self.counts[key] += n

    async def collect_source(self, source: Source) -> SourceOutcome:
        """Collect one source; a failure nobody foresaw fails this source only, never the run."""
        try:
            return await self._collect_source(source)
        except Exception as exc:  # noqa: BLE001 - one source must not stop the others
            out = SourceOutcome(source.name, error=f"error: {type(exc).__name__}: {exc}")
            self._count(out, "source_error")
            with transaction(self.conn):
                record_skip(self.conn, Skip(source.endpoint, "collect_error",
                                            f"{type(exc).__name__}: {exc}; please report this source"), self.run_id)
            return out

    async def _collect_source(self, source: Source) -> SourceOutcome:
        out = SourceOutcome(source.name)
        lim = self.limits
        listing = await list_source(self.conn, self.fetcher, source, max_bytes=lim.max_bytes,
                                    wp_per_page=lim.wp_per_page, wp_max_pages=lim.wp_max_pages,
                                    max_sitemaps=lim.max_sitemaps, sitemap_cutoff=lim.sitemap_cutoff())
        out.notes.extend(listing.notes)
        with transaction(self.conn):
            for reason in listing.rejected:      # malformed links: a counted skip each, never requested
                record_skip(self.conn, Skip(f"{source.endpoint} {reason[:300]}", "collect_bad_url", reason[:1000]),
                            self.run_id)
                self._count(out, "skipped:collect_bad_url")
            if listing.error:
                out.error = f"{listing.error}: {listing.message}"
                out.status = record_failure(self.conn, source.id, listing.error, listing.message,
                                            pause_after=lim.pause_after, backoff_minutes=lim.backoff_minutes)
                self._count(out, "source_failed")
            else:
                queued, known = enqueue(self.conn, source.id, listing.items)
                forced, _ = enqueue(self.conn, source.id, listing.force, force=True)
                self._count(out, "queued", queued + forced)
                self._count(out, "known", known)
                if listing.not_modified:
                    self._count(out, "listing_not_modified")
                record_success(self.conn, source.id, listing.cursor)
        # Items queued by an earlier, interrupted run are fetched even when the listing failed now.
        await self.drain(source, out, listing.outlet)
        return out

    async def drain(self, source: Source, out: SourceOutcome, outlet: str | None) -> None:
        attempted: set[int] = set()
        crawl = source.kind == "crawl"
        include = compile_patterns(source.options.get("include"))
        follow = compile_patterns(source.options.get("follow"))
        max_depth = int(source.options.get("depth", 2))
        budget = int(source.options.get("budget", self.limits.budget))
        while len(attempted) < budget:
            batch = [q for q in pending(self.conn, source.id, budget + len(attempted)) if q.id not in attempted]
            batch = batch[: budget - len(attempted)]
            if not batch:
                return
            attempted.update(q.id for q in batch)

            async def fetch_one(queued: Queued) -> None:
                result, shared = await self._fetch_shared(queued)
                if shared and result.ok:     # another source fetched and stored it in this run
                    with transaction(self.conn):
                        mark_done(self.conn, queued.id)
                    self._count(out, "fetched_by_other_source")
                    return
                # Stored as soon as it arrives: stopping the run loses nothing already fetched.
                self._handle(source, out, queued, result, outlet, crawl=crawl, include=include,
                             follow=follow, max_depth=max_depth)

            await asyncio.gather(*(fetch_one(q) for q in batch))

    async def _fetch_shared(self, queued: Queued) -> tuple[FetchResult, bool]:
        """Fetch ``queued.url`` once per run: (result, True) when another source already asked."""
        prior = self._fetches.get(queued.url)
        if isinstance(prior, FetchResult):
            return prior, True
        if prior is not None:
            return await asyncio.shield(prior), True
        future: asyncio.Future[FetchResult] = asyncio.get_running_loop().create_future()
        self._fetches[queued.url] = future
        try:
            result = await self.fetcher.fetch(queued.url, accept="html", **self._validators(queued))
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()             # retrieved: no "never retrieved" warning without waiters
            del self._fetches[queued.url]
            raise
        light = dataclasses.replace(result, body=b"")
        future.set_result(light)
        self._fetches[queued.url] = light
        return result, False

    def _validators(self, queued: Queued) -> dict[str, str | None]:
        etag, modified = validators(self.conn, queued.url)
        return {"etag": etag, "last_modified": modified}

    def _handle(self, source: Source, out: SourceOutcome, queued: Queued, result: FetchResult,
                outlet: str | None, *, crawl: bool, include: Any, follow: Any, max_depth: int) -> None:
        conn = self.conn
        stamp = queued.meta.get("_stamp")
        if self.progress:
            self.progress(source.name, self.counts)
        if result.not_modified:
            with transaction(conn):
                save_state(conn, queued.url, result, stamp=stamp)
                mark_done(conn, queued.id)
            self._count(out, "not_modified")
            return
        if result.error == "deferred":          # the host asked us to come back later: stays queued
            self._count(out, "deferred")
            return
        if result.ok:   # the same content checks as ingested bytes (a PNG sent as text/html, ...)
            bad = check_payload(result.final_url, result.body)
            if bad is not None:
                result.error, result.message = bad.reason, bad.message
        if not result.ok:
            code = result.error or f"http_{result.status}"
            with transaction(conn):
                status = mark_failed(conn, queued.id, f"{code}: {result.message}",
                                     permanent=code in PERMANENT_ITEM_ERRORS)
                record_skip(conn, Skip(queued.url, f"collect_{code}", result.message), self.run_id)
            self._count(out, "failed" if status == "failed" else "retry_later")
            self._count(out, f"failed:{code}")
            return
        final = normalise_url(result.final_url)
        canonical = canonical_link(result.body, final)
        key = canonical if canonical and same_site(canonical, final) else final
        is_start = bool(queued.meta.get("_start"))
        store = not crawl or (not is_start and matches(final, include, default=True))
        with transaction(conn):
            if store:
                meta = {k: v for k, v in queued.meta.items() if not k.startswith("_") and v}
                meta.setdefault("outlet", outlet or source.name)
                if source.lang:
                    meta.setdefault("lang", source.lang)
                meta["source"] = source.name
                raw = RawDocument(location=result.final_url, key=key, url=key, data=result.body, media_type="html",
                                  fetched_at=result.fetched_at, declared_encoding=result.charset, meta=meta)
                stored = store_raw(conn, raw, self.run_id, source.id)
                clear_skip(conn, queued.url)
                self._count(out, stored.outcome)
            save_state(conn, queued.url, result, page_key=key if store else None, stamp=stamp)
            for alias in {final, key} - {queued.url}:
                if store:
                    note_alias(conn, alias, key)
            if crawl and queued.depth < max_depth:
                links = [u for u in page_links(result.body, final)
                         if host_of(u) == host_of(final) and matches(u, follow, default=True)]
                queued_links, _ = enqueue(conn, source.id, [Item(url=u) for u in links], depth=queued.depth + 1)
                self._count(out, "queued", queued_links)
            mark_done(conn, queued.id)
        self._count(out, "fetched")


def load_host_backoff(conn: sqlite3.Connection, fetcher: Fetcher) -> int:
    """Give ``fetcher`` the pauses hosts asked for in earlier runs that are not over yet."""
    now = time.time()
    loaded = 0
    for host, until, reason, pace in conn.execute(
            "SELECT host, closed_until, reason, next_request_at FROM host_backoff"):
        when, next_at = _epoch(until), _epoch(pace)
        if when is not None and when > now:
            fetcher.close_host(str(host), when, str(reason))
            loaded += 1
        if next_at is not None and next_at > now:
            fetcher.not_before(str(host), next_at)
    return loaded


def _epoch(value: object) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def save_host_paces(conn: sqlite3.Connection, paces: dict[str, float]) -> None:
    """Remember when each host may be asked next (its delay after this run's last request)."""
    if not paces:
        return
    now = _iso(time.time())
    with transaction(conn):
        conn.executemany("""INSERT INTO host_backoff (host, closed_until, reason, updated_at, next_request_at)
                            VALUES (?, '', '', ?, ?)
                            ON CONFLICT (host) DO UPDATE SET next_request_at = excluded.next_request_at,
                              updated_at = excluded.updated_at""",
                         [(host, now, _iso(when)) for host, when in paces.items()])


def save_host_backoff(conn: sqlite3.Connection, host: str, until: float, reason: str) -> None:
    """Remember that ``host`` asked to be left alone until ``until`` (``time.time()``), for later runs."""
    stamp = datetime.fromtimestamp(until, UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with transaction(conn):
        conn.execute("""INSERT INTO host_backoff (host, closed_until, reason, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (host) DO UPDATE SET closed_until = MAX(closed_until, excluded.closed_until),
                          reason = excluded.reason, updated_at = excluded.updated_at""",
                     (host, stamp, reason, now))
