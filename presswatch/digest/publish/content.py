"""One content model for every published form of a digest (HTML page, Markdown, feeds, email, the web
UI): what is shown, already worded, linked only through safe schemes, in the editor's order.

Built from the stored digest alone (no clock, no environment), so publishing the same issue again
gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from presswatch.digest.model import Digest, DigestItem
from presswatch.digest.wording import attribution, byline
from presswatch.lang.names import direction, language_name

SAFE_SCHEMES = ("http", "https", "file")
NOTE_LABEL = "Editor's note"


def safe_url(url: str | None) -> str | None:
    """The URL if it uses a scheme safe to link (http, https, file); otherwise no link."""
    if not url:
        return None
    text = "".join(str(url).split())   # no whitespace inside a URL (a newline would break Markdown too)
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in SAFE_SCHEMES else None


@dataclass(frozen=True)
class LinkContent:
    name: str
    url: str | None


@dataclass(frozen=True)
class ItemContent:
    anchor: int                 # position in the issue (1, 2, …): stable ids for links into the page
    title: str
    url: str | None
    lang: str
    dir: str
    byline: str
    attribution: str
    note: str | None
    note_label: str
    copies: list[LinkContent] = field(default_factory=list)        # the same text at other outlets
    translations: list[LinkContent] = field(default_factory=list)
    related: list[LinkContent] = field(default_factory=list)       # other articles merged into the item
    unit_id: int | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class SectionContent:
    code: str
    name: str
    dir: str
    items: list[ItemContent]


@dataclass(frozen=True)
class IssueContent:
    title: str
    number: int | None
    status: str
    label: str                  # "Issue #3" / "Draft"
    slug: str                   # "issue-0003" / "draft-12": the published file names
    period_from: str
    period_to: str
    stamp: str                  # approval time of an issue, creation time of a draft
    introduction: list[str]     # paragraphs
    sections: list[SectionContent]
    item_count: int
    footer: str
    lang: str = "en"
    web_url: str | None = None  # where the HTML page is published, when a base URL is configured
    digest_id: int | None = None

    @property
    def items(self) -> list[ItemContent]:
        return [i for s in self.sections for i in s.items]


def _also_name(also: dict[str, Any], label: str) -> str:
    if label == "lang":
        return language_name(also.get("lang"))
    name = " ".join(str(also.get("outlet") or also.get("title") or "another page").split())
    if also.get("kind") == "first_published":   # reuse: the text's first publisher, outside this digest
        day = str(also.get("published") or "")[:10]
        name += f" (first published {day})" if day else " (first published)"
    return name


def _item(item: DigestItem, anchor: int) -> ItemContent:
    copies, translations, related = [], [], []
    for also in item.also:
        kind = also.get("kind")
        if kind == "translation":
            translations.append(LinkContent(_also_name(also, "lang"), safe_url(also.get("url"))))
        elif kind == "merged":
            related.append(LinkContent(_also_name(also, "outlet"), safe_url(also.get("url"))))
        else:
            copies.append(LinkContent(_also_name(also, "outlet"), safe_url(also.get("url"))))
    return ItemContent(
        anchor=anchor, title=" ".join((item.title or "(untitled)").split()), url=safe_url(item.url),
        lang=item.lang or "und", dir=direction(item.lang), byline=byline(item),
        attribution=attribution(item) if item.lead else "", note=(item.editor_note or "").strip() or None,
        note_label=NOTE_LABEL, copies=copies, translations=translations, related=related,
        unit_id=item.unit_id, item_id=item.id)


def issue_content(digest: Digest, *, base_url: str | None = None) -> IssueContent:
    """The content of ``digest`` as published: visible items in the editor's order, grouped into
    sections where each section's first item stands. ``base_url``: where the published files are
    served (gives the issue its web address)."""
    sections = []
    anchor = 0
    for code, items in digest.ordered_sections():
        shown = []
        for item in items:
            anchor += 1
            shown.append(_item(item, anchor))
        sections.append(SectionContent(code, language_name(code), direction(code), shown))
    approved = digest.status == "approved" and digest.number is not None
    label = f"Issue #{digest.number}" if approved else ("Draft" if digest.status == "draft" else digest.status.title())
    slug = f"issue-{digest.number:04d}" if approved and digest.number is not None else f"draft-{digest.id or 0}"
    stamp = (digest.approved_at if approved else None) or digest.created_at
    footer = (f"Issue #{digest.number}, approved {stamp} · made with presswatch" if approved
              else f"Made by presswatch on {digest.created_at} · status: {digest.status}")
    paras = [" ".join(p.split()) for p in (digest.introduction or "").split("\n\n") if p.strip()]
    web = f"{base_url.rstrip('/')}/{slug}.html" if base_url else None
    return IssueContent(title=" ".join(digest.title.split()), number=digest.number if approved else None,
                        status=digest.status, label=label, slug=slug, period_from=digest.period_from,
                        period_to=digest.period_to, stamp=stamp, introduction=paras, sections=sections,
                        item_count=anchor, footer=footer, web_url=safe_url(web), digest_id=digest.id)
