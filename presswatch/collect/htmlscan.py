"""What the collector needs from an HTML page: canonical link, feed links, links to follow."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from presswatch.collect.urls import BadURL, normalise_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")
HEAD_BYTES = 200_000


def _head_tree(body: bytes) -> etree._Element | None:
    try:
        return lxml.html.fromstring(body[:HEAD_BYTES])
    except (etree.ParserError, ValueError):
        return None


def _links(tree: etree._Element, rel: str) -> list[etree._Element]:
    return [el for el in tree.iter("link") if rel in (el.get("rel") or "").lower().split()]


def canonical_link(body: bytes, base_url: str) -> str | None:
    """The normalised ``<link rel=canonical>`` of a page, if it declares one."""
    if b"canonical" not in body[:HEAD_BYTES].lower():
        return None
    tree = _head_tree(body)
    if tree is None:
        return None
    for el in _links(tree, "canonical"):
        href = el.get("href")
        if href:
            try:
                return normalise_url(href, base=base_url)
            except BadURL:
                return None
    return None


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Feeds announced in the page head (``<link rel=alternate type=application/rss+xml ...>``)."""
    tree = _head_tree(body)
    if tree is None:
        return []
    out = []
    for el in _links(tree, "alternate"):
        kind = (el.get("type") or "").lower().split(";")[0].strip()
        href = el.get("href")
        if href and kind in FEED_TYPES and "comments" not in href.lower():
            try:
                out.append(normalise_url(href, base=base_url))
            except BadURL:
                continue
    return out


def wordpress_api_root(body: bytes, base_url: str) -> str | None:
    """The WordPress REST root announced by ``<link rel="https://api.w.org/">``."""
    tree = _head_tree(body)
    if tree is None:
        return None
    for el in tree.iter("link"):
        if (el.get("rel") or "").strip() == "https://api.w.org/" and el.get("href"):
            try:
                return normalise_url(str(el.get("href")), base=base_url)
            except BadURL:
                return None
    return None


def page_links(body: bytes, base_url: str) -> list[str]:
    """Every http(s) link of a page, normalised, in document order, without duplicates."""
    try:
        tree = lxml.html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for el in tree.iter("base"):
        if el.get("href"):
            base = el.get("href") or base_url
            break
    seen: dict[str, None] = {}
    for el in tree.iter("a"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        try:
            seen.setdefault(normalise_url(href, base=base), None)
        except (BadURL, ValueError):
            continue
    return list(seen)


def compile_patterns(patterns: list[str] | None) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns or []]


def matches(url: str, patterns: list[re.Pattern[str]], *, default: bool) -> bool:
    if not patterns:
        return default
    return any(p.search(url) for p in patterns)
