"""Sitemaps: urlsets, sitemap indexes, Google News sitemaps, gzipped files."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from lxml import etree

from presswatch.collect.items import Item, iso_from_text
from presswatch.collect.urls import normalise_or_reject


class SitemapError(ValueError):
    """The body is not a readable sitemap."""


@dataclass
class Sitemap:
    items: list[Item] = field(default_factory=list)
    children: list[str] = field(default_factory=list)   # sitemaps listed by a sitemap index
    child_lastmod: dict[str, str] = field(default_factory=dict)


def gunzip_limited(body: bytes, limit: int) -> bytes:
    """Decompress a gzipped body, refusing more than ``limit`` bytes (zip bombs) or truncation."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
            while chunk := fh.read(65536):
                out.write(chunk)
                if out.tell() > limit:
                    raise SitemapError(f"gzipped sitemap expands beyond {limit} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"broken gzip: {exc}") from exc
    return out.getvalue()


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def recent(sitemap: Sitemap, cutoff: str | None) -> Sitemap:
    """Only items and child sitemaps dated on or after ``cutoff`` (ISO); undated ones are kept."""
    if not cutoff:
        return sitemap
    items = [i for i in sitemap.items if (i.published or i.stamp or cutoff)[:19] >= cutoff[:19]]
    children = [c for c in sitemap.children if sitemap.child_lastmod.get(c, cutoff)[:19] >= cutoff[:19]]
    return Sitemap(items, children, {c: sitemap.child_lastmod[c] for c in children if c in sitemap.child_lastmod})


def parse_sitemap(body: bytes, base_url: str, *, limit: int = 50_000_000,
                  rejected: list[str] | None = None) -> Sitemap:
    body = gunzip_limited(body, limit)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"{base_url}: not XML ({exc})") from exc
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise SitemapError(f"{base_url}: not a sitemap (no <urlset> or <sitemapindex>)")
    out = Sitemap()
    seen: set[str] = set()
    for node in root:
        kind = _local(node.tag)
        if kind not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        news: dict[str, str] = {}
        for child in node.iter():
            name = _local(child.tag)
            text = (child.text or "").strip()
            if not text:
                continue
            if "google.com/schemas/sitemap-news" in str(child.tag):
                news[name] = text
            elif child.getparent() is node:
                fields[name] = text
        loc = fields.get("loc")
        if not loc:
            continue
        url = normalise_or_reject(loc, base_url, rejected)
        if url is None:
            continue
        if url in seen:
            continue
        seen.add(url)
        if kind == "sitemap":
            out.children.append(url)
            lastmod = iso_from_text(fields.get("lastmod"))
            if lastmod:
                out.child_lastmod[url] = lastmod
            continue
        lastmod = iso_from_text(fields.get("lastmod"))
        published = iso_from_text(news.get("publication_date")) or None
        extra = {"outlet": news["name"]} if news.get("name") else {}
        out.items.append(Item(url=url, title=news.get("title"), published=published, stamp=lastmod,
                              lang=news.get("language"), extra=extra))
    return out
