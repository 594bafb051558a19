"""Atom and RSS 2.0 feeds of the published issues, full content included, built with feedgen (lxml does
the XML escaping). Every date comes from the issues (approval times), so the same issues give the
same bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from presswatch.digest.publish.content import IssueContent
from presswatch.digest.publish.render import render_body

# Characters XML 1.0 cannot carry (scraped text sometimes holds them): dropped before lxml sees them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class FeedSettings:
    title: str
    base_url: str | None = None    # where the published files are served ("https://example.org/digest/")
    feed_id: str | None = None     # a stable id (default: from base_url, else a tag URI of the project name)
    author: str | None = None
    language: str | None = None
    project: str = "presswatch"


def xml_text(value: object) -> str:
    return NOT_XML.sub("", str(value or ""))


def _when(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.fromisoformat(stamp[:10])
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _tag(settings: FeedSettings, what: str) -> str:
    name = re.sub(r"[^a-z0-9.-]+", "-", settings.project.lower()).strip("-") or "presswatch"
    return f"tag:{name}.presswatch,2026:{what}"


def _generator(issues: list[IssueContent], settings: FeedSettings) -> FeedGenerator:
    if not issues:
        raise ValueError("no approved issue to put in the feed; approve a draft first (`presswatch digest approve`)")
    ordered = sorted(issues, key=lambda i: i.number or 0)   # feedgen prepends: the newest ends up first
    fg = FeedGenerator()
    base = settings.base_url.rstrip("/") + "/" if settings.base_url else None
    fg.id(settings.feed_id or (base + "feed.atom" if base else _tag(settings, "feed")))
    fg.title(xml_text(settings.title))
    fg.description(xml_text(f"{settings.title}: the published issues"))
    fg.link(href=base or _tag(settings, "issues"), rel="alternate")
    if base:
        fg.link(href=base + "feed.atom", rel="self")
    if settings.author:
        fg.author({"name": xml_text(settings.author)})
    if settings.language:
        fg.language(settings.language)
    fg.generator("presswatch")
    fg.updated(max(_when(i.stamp) for i in ordered))
    for issue in ordered:
        fe = fg.add_entry()
        link = issue.web_url or (base + f"{issue.slug}.html" if base else None)
        fe.id(link or _tag(settings, f"issue-{issue.number}"))
        fe.guid(link or _tag(settings, f"issue-{issue.number}"), permalink=bool(link))
        fe.title(xml_text(f"{issue.title} — {issue.label}"))
        if link:
            fe.link(href=link, rel="alternate")
        fe.updated(_when(issue.stamp))
        fe.published(_when(issue.stamp))
        fe.summary(xml_text(f"{issue.label}: {issue.period_from} to {issue.period_to}, {issue.item_count} articles"))
        fe.content(xml_text(render_body(issue)), type="html")
    return fg


def atom_feed(issues: list[IssueContent], settings: FeedSettings) -> bytes:
    """An Atom 1.0 feed of the issues (newest first), each with its full HTML content."""
    return bytes(_generator(issues, settings).atom_str(pretty=True, encoding="UTF-8"))


def rss_feed(issues: list[IssueContent], settings: FeedSettings) -> bytes:
    """An RSS 2.0 feed of the issues (newest first), full HTML content in ``content:encoded``."""
    return bytes(_generator(issues, settings).rss_str(pretty=True, encoding="UTF-8"))
