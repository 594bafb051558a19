"""RSS 0.9x/1.0/2.0, Atom and JSON Feed listings (feedparser for the XML ones)."""

from __future__ import annotations

import json
import re
from typing import Any

import feedparser

from presswatch.collect.items import Item, iso_from_struct, iso_from_text
from presswatch.collect.urls import normalise_or_reject


class FeedError(ValueError):
    """The body is not a feed at all."""


def looks_like_json_feed(body: bytes) -> bool:
    head = body[:2048].lstrip()
    return head.startswith(b"{") and b"jsonfeed.org" in body[:4096]


def parse_feed(body: bytes, base_url: str, *, content_location: str | None = None,
               rejected: list[str] | None = None) -> tuple[str | None, list[Item]]:
    """Return (feed title, items). Broken but readable feeds give what can be read; items without a
    usable link are left out; duplicate GUIDs or links give one item. Malformed links are left out
    and, with ``rejected``, listed there with the reason (the collector counts them as skips)."""
    if looks_like_json_feed(body):
        return parse_json_feed(body, base_url, rejected=rejected)
    parsed = feedparser.parse(body, response_headers={"content-location": content_location or base_url})
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise FeedError(f"{base_url} is not a readable feed ({reason})")
    title = parsed.feed.get("title")
    no_host = _empty_host_links(body)
    items: list[Item] = []
    seen_guid: set[str] = set()
    seen_url: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry)
        if not link:
            guid = entry.get("id") or ""
            link = guid if guid.startswith(("http://", "https://")) else None
        if not link:
            if rejected is not None:
                rejected.append(f"item {str(entry.get('title') or '')[:80]!r}: no usable link")
            continue
        if link in no_host:
            if rejected is not None:
                rejected.append(f"{link[:200]!r}: no host name (the feed wrote it with three slashes)")
            continue
        url = normalise_or_reject(link, base_url, rejected)
        if url is None:
            continue
        guid = entry.get("id") or url
        if guid in seen_guid or url in seen_url:
            continue
        seen_guid.add(guid)
        seen_url.add(url)
        # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed (warning)
        updated = iso_from_struct(dict.get(entry, "updated_parsed"))
        published = iso_from_struct(dict.get(entry, "published_parsed")) or updated
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        extra: dict[str, Any] = {"guid": guid}
        if tags:
            extra["categories"] = tags
        if title:
            extra["outlet"] = title
        items.append(Item(url=url, title=entry.get("title"), author=entry.get("author"), published=published,
                          stamp=updated, lang=entry.get("language") or parsed.feed.get("language"), extra=extra))
    return title, items


EMPTY_HOST_LINK = re.compile(rb"(https?):///+([^\s<>\"']{0,2000})", re.I)


def _empty_host_links(body: bytes) -> set[str]:
    """What feedparser makes of links written ``http:///x`` (no host): it reads them as ``http://x``,
    a request to the host "x". Those forms, when the feed does not also contain them as written."""
    out = set()
    for m in EMPTY_HOST_LINK.finditer(body):
        mangled = f"{m.group(1).decode('ascii').lower()}://{m.group(2).decode('utf-8', 'replace')}"
        if mangled.encode("utf-8") not in body:
            out.add(mangled)
    return out


def _alternate(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def parse_json_feed(body: bytes, base_url: str, rejected: list[str] | None = None) -> tuple[str | None, list[Item]]:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"{base_url}: broken JSON Feed ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError(f"{base_url}: JSON Feed without items")
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    items: list[Item] = []
    seen: set[str] = set()
    for entry in doc["items"]:
        if not isinstance(entry, dict):
            continue
        link = entry.get("url") or entry.get("external_url") or entry.get("id")
        if not isinstance(link, str):
            continue
        url = normalise_or_reject(link, base_url, rejected)
        if url is None:
            continue
        guid = str(entry.get("id") or url)
        if url in seen or guid in seen:
            continue
        seen.update((url, guid))
        authors = entry.get("authors") or ([entry["author"]] if isinstance(entry.get("author"), dict) else [])
        author = ", ".join(a["name"] for a in authors if isinstance(a, dict) and a.get("name")) or None
        extra: dict[str, Any] = {"guid": guid}
        if title:
            extra["outlet"] = title
        if isinstance(entry.get("tags"), list):
            extra["categories"] = [t for t in entry["tags"] if isinstance(t, str)]
        items.append(Item(url=url, title=entry.get("title"), author=author,
                          published=iso_from_text(entry.get("date_published")),
                          stamp=iso_from_text(entry.get("date_modified")), lang=entry.get("language"), extra=extra))
    return title, items
