"""Find how to collect a site: WordPress REST API, feeds in the page head, common feed paths,
sitemaps listed in robots.txt (or /sitemap.xml), else a crawl from the page itself."""

from __future__ import annotations

import json
from dataclasses import dataclass

from presswatch.collect.feeds import FeedError, parse_feed
from presswatch.collect.fetcher import Fetcher, FetchResult
from presswatch.collect.htmlscan import feed_links, wordpress_api_root
from presswatch.collect.sitemaps import SitemapError, parse_sitemap
from presswatch.collect.urls import origin_of
from presswatch.collect.wordpress import posts_endpoint

COMMON_FEED_PATHS = ("/feed/", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feeds/posts/default",
                     "/feed.json")


class DiscoveryError(ValueError):
    """Nothing collectable was found at the URL."""


@dataclass(frozen=True)
class Discovered:
    kind: str
    endpoint: str
    title: str | None = None
    how: str = ""


def is_feed(result: FetchResult) -> str | None:
    """The feed title (or "") when the body parses as a feed with entries, else None."""
    if not result.ok or not result.body:
        return None
    try:
        title, items = parse_feed(result.body, result.final_url)
    except FeedError:
        return None
    return (title or "") if items else None


def is_sitemap(result: FetchResult, limit: int) -> bool:
    if not result.ok or not result.body:
        return False
    try:
        sitemap = parse_sitemap(result.body, result.final_url, limit=limit)
    except SitemapError:
        return False
    return bool(sitemap.items or sitemap.children)


async def is_wordpress(fetcher: Fetcher, endpoint: str) -> bool:
    result = await fetcher.fetch(endpoint + "?per_page=1")
    if not result.ok:
        return False
    try:
        return isinstance(json.loads(result.body), list)
    except (ValueError, UnicodeDecodeError):
        return False


async def discover(fetcher: Fetcher, url: str, *, limit: int = 50_000_000) -> Discovered:
    """What to collect for ``url`` (see the module docstring for the order)."""
    first = await fetcher.fetch(url)
    if first.error and first.error not in ("bad_type",):
        raise DiscoveryError(f"{url}: {first.message}; check the URL or pass --kind")
    title = is_feed(first)
    if title is not None:
        return Discovered("feed", first.final_url, title or None, "the URL is a feed")
    if is_sitemap(first, limit):
        return Discovered("sitemap", first.final_url, None, "the URL is a sitemap")
    base = first.final_url
    api_root = wordpress_api_root(first.body, base) if first.ok else None
    candidates = [posts_endpoint(api_root)] if api_root else []
    candidates.append(origin_of(base) + "/wp-json/wp/v2/posts")
    for endpoint in dict.fromkeys(candidates):
        if await is_wordpress(fetcher, endpoint):
            return Discovered("wordpress", endpoint, None, "WordPress REST API answers")
    for feed_url in feed_links(first.body, base) if first.ok else []:
        result = await fetcher.fetch(feed_url)
        title = is_feed(result)
        if title is not None:
            return Discovered("feed", result.final_url, title or None, "feed link in the page head")
    origin = origin_of(base)
    for path in COMMON_FEED_PATHS:
        result = await fetcher.fetch(origin + path)
        title = is_feed(result)
        if title is not None:
            return Discovered("feed", result.final_url, title or None, f"common feed path {path}")
    robots = await fetcher.robots(base)
    for sitemap_url in list(robots.sitemaps) + [origin + "/sitemap.xml"]:
        result = await fetcher.fetch(sitemap_url)
        if is_sitemap(result, limit):
            return Discovered("sitemap", result.final_url, None, "sitemap from robots.txt" if
                              sitemap_url in robots.sitemaps else "/sitemap.xml")
    if first.ok:
        return Discovered("crawl", base, None, "no feed, API or sitemap found: crawling from the page")
    raise DiscoveryError(f"{url}: nothing collectable found ({first.message}); pass --kind")
