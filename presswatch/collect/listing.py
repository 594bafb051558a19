"""Read a source's listing (feed, sitemap, WordPress API, crawl start, single page) into items."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from presswatch.collect.feeds import FeedError, parse_feed
from presswatch.collect.fetcher import Fetcher, FetchResult
from presswatch.collect.items import Item
from presswatch.collect.queue import save_state, validators
from presswatch.collect.sitemaps import SitemapError, parse_sitemap, recent
from presswatch.collect.sources import Source
from presswatch.collect.urls import BadURL, normalise_url
from presswatch.collect.wordpress import WordPressError, page_url, parse_posts, total_pages
from presswatch.store.db import transaction


@dataclass
class Listing:
    items: list[Item] = field(default_factory=list)
    force: list[Item] = field(default_factory=list)   # fetched every run (crawl start URLs, page sources)
    cursor: str | None = None
    error: str | None = None                          # code when the listing itself failed
    message: str = ""
    not_modified: bool = False
    notes: list[str] = field(default_factory=list)    # non-fatal trouble (a broken child sitemap, ...)
    rejected: list[str] = field(default_factory=list) # malformed links left out, with the reason
    outlet: str | None = None


async def _get(conn: sqlite3.Connection, fetcher: Fetcher, url: str) -> FetchResult:
    etag, modified = validators(conn, url)
    result = await fetcher.fetch(url, etag=etag, last_modified=modified)
    if result.ok or result.not_modified:
        with transaction(conn):
            save_state(conn, url, result)
    return result


def _failed(listing: Listing, result: FetchResult) -> Listing:
    listing.error, listing.message = result.error or f"http_{result.status}", result.message
    return listing


async def list_source(conn: sqlite3.Connection, fetcher: Fetcher, source: Source, *, max_bytes: int,
                      wp_per_page: int = 20, wp_max_pages: int = 10, max_sitemaps: int = 50,
                      sitemap_cutoff: str | None = None) -> Listing:
    kind = source.kind
    if kind == "feed":
        return await _feed(conn, fetcher, source)
    if kind == "sitemap":
        return await _sitemap(conn, fetcher, source, max_bytes, max_sitemaps, sitemap_cutoff)
    if kind == "wordpress":
        return await _wordpress(fetcher, source, wp_per_page, wp_max_pages)
    starts = [source.endpoint] + [u for u in source.options.get("start_urls", []) if isinstance(u, str)]
    listing = Listing()
    for start in starts:
        try:
            listing.force.append(Item(url=normalise_url(start), extra={"_start": True}))
        except BadURL as exc:
            listing.rejected.append(str(exc))
    return listing


async def _feed(conn: sqlite3.Connection, fetcher: Fetcher, source: Source) -> Listing:
    listing = Listing()
    result = await _get(conn, fetcher, source.endpoint)
    if result.not_modified:
        listing.not_modified = True
        return listing
    if not result.ok:
        return _failed(listing, result)
    try:
        listing.outlet, listing.items = parse_feed(result.body, result.final_url,
                                                   content_location=result.final_url, rejected=listing.rejected)
    except FeedError as exc:
        listing.error, listing.message = "bad_feed", str(exc)
    return listing


async def _sitemap(conn: sqlite3.Connection, fetcher: Fetcher, source: Source, max_bytes: int,
                   max_sitemaps: int, cutoff: str | None) -> Listing:
    listing = Listing()
    todo, seen, fetched = [source.endpoint], {source.endpoint}, 0
    while todo and fetched < max_sitemaps:
        url = todo.pop(0)
        result = await _get(conn, fetcher, url)
        fetched += 1
        root = url == source.endpoint
        if result.not_modified:
            listing.not_modified = listing.not_modified or root
            continue
        if not result.ok:
            if root:
                return _failed(listing, result)
            listing.notes.append(f"{url}: {result.message}")
            continue
        try:
            sitemap = recent(parse_sitemap(result.body, result.final_url, limit=max_bytes,
                                           rejected=listing.rejected), cutoff)
        except SitemapError as exc:
            if root:
                listing.error, listing.message = "bad_sitemap", str(exc)
                return listing
            listing.notes.append(str(exc))
            continue
        listing.items.extend(sitemap.items)
        for child in sitemap.children:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    if todo:
        listing.notes.append(f"{len(todo)} sitemap(s) left for the next run (max_sitemaps {max_sitemaps})")
    return listing


async def _wordpress(fetcher: Fetcher, source: Source, per_page: int, max_pages: int) -> Listing:
    listing = Listing()
    newest = source.cursor
    page = 1
    complete = False
    while page <= max_pages:
        url = page_url(source.endpoint, page, per_page, source.cursor)
        result = await fetcher.fetch(url)
        if not result.ok:
            if page == 1:
                return _failed(listing, result)
            if result.status == 400:   # 400 = past the last page on WordPress
                complete = True
            else:
                listing.notes.append(f"{url}: {result.message}")
            break
        try:
            items = parse_posts(result.body, url, listing.rejected)
        except WordPressError as exc:
            if page == 1:
                listing.error, listing.message = "bad_api", str(exc)
                return listing
            listing.notes.append(str(exc))
            break
        listing.items.extend(items)
        for item in items:
            date = item.extra.get("date_gmt")
            if isinstance(date, str) and (newest is None or date > newest):
                newest = date
        pages = total_pages(result.headers)
        # X-WP-TotalPages is the answer when given: a site may send fewer posts per page than asked
        # (a lower maximum, posts hidden by a plugin) and still have more pages.
        last = page >= pages if pages is not None else (not items or len(items) < per_page)
        if last:
            complete = True
            break
        page += 1
    else:
        listing.notes.append(f"more than {max_pages} API pages; the rest is read on the next runs "
                             "(raise [collect] wp_max_pages to read more at once)")
    # The cursor ("after" the newest post seen) moves only when every page was read: otherwise the
    # posts on the pages not read would be skipped for ever.
    listing.cursor = newest if complete else source.cursor
    return listing
