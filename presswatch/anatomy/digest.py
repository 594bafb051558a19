"""Digest pages: the digest header, runs of marked items, section lines and each item's attribution.

A digest item is a paragraph that starts with a marker repeated down the page ("++", "•", "--", "1."),
also when the first one is glued behind a caption; a short line in front of items ("In English:",
"In Farsi") labels the items after it (their ``section``); a title that names a digest ("… Weekly
Digest – November 03, 2017") is the header and gives the digest's date and, when it begins with one,
the site's name.
"""

from __future__ import annotations

import math
import re

from presswatch.anatomy.attribution import item_attribution
from presswatch.anatomy.blocks import MARKER, Block
from presswatch.anatomy.bylines import URL, Attribution, find_date, parse_head
from presswatch.anatomy.markers import Markers, norm

CITATION = re.compile(r"\((?:19|20)\d\d[a-z]?\)|\(n\.d\.\)|\bet al\.|\bdoi:|\bRetrieved from\b|\[CrossRef\]|"
                      r"\b(?:19|20)\d\d;\s*\d+\(\d+\)|\bpp?\.\s*\d+")
SITE_NAME = re.compile(r"^(?:[A-ZÇË][\w'’&.-]*\s+){0,3}[A-ZÇË][\w'’&.-]*$")


def marker_len(text: str) -> int:
    m = MARKER.match(text)
    return m.end() if m else 0


def item_head(text: str, markers: Markers, *, lenient: bool = True) -> Attribution:
    """The attribution an item starts with: "X writes in Y that" first, then "Outlet, date:" heads."""
    found = item_attribution(text)
    if found is not None:
        return Attribution(author=found.author, outlet=found.outlet, head_end=0)
    return parse_head(text, markers, lenient=lenient)


def header_fields(title: str, markers: Markers) -> tuple[str | None, str | None]:
    """(date, site name) of a digest title: "Iran Interlink Weekly Digest – November 03, 2017"."""
    date = find_date(title, markers)
    low = norm(title)
    outlet = None
    for phrase in sorted(markers.phrases["digest_heading"], key=len, reverse=True):
        k = low.find(phrase)
        if k > 0:
            prefix = title[:len(title) - len(title.lstrip())] + title.strip()
            # the same characters in the original title (norm keeps the length of the inner text)
            cut = prefix.lower().find(phrase.split()[0])
            name = prefix[:cut].strip(" –—-|:") if cut > 0 else ""
            if name and SITE_NAME.match(name) and not find_date(name, markers):
                outlet = name
            break
    return (date[0] if date else None), outlet


def section_label(text: str) -> str:
    return text.strip().rstrip(":").strip()


def digest_runs(blocks: list[Block], bp: list[bool], markers: Markers, *, digest_page: bool = False
                ) -> dict[int, list[int]]:
    """Start block -> blocks of each accepted digest item.

    A run of paragraphs with the same marker is a digest when most items carry an attribution in front
    (or a digest heading precedes it); on a page that calls itself a digest, a lone capitalized name in
    front of a colon counts as the outlet."""
    items: dict[int, list[int]] = {}
    i, n = 0, len(blocks)
    while i < n:
        b = blocks[i]
        if not b.marker or bp[i] or len(b.text) < 30:
            i += 1
            continue
        run = [[i]]
        j = i + 1
        while j < n:
            c = blocks[j]
            if bp[j] and "separator" not in c.flags:
                j += 1
                continue
            if c.marker == b.marker and not bp[j]:
                run.append([j])
                j += 1
                continue
            # one continuation paragraph between two items of the run
            if (not c.marker and not bp[j] and "title_like" not in c.flags and j + 1 < n
                    and blocks[j + 1].marker == b.marker and len(c.text) < 600):
                run[-1].append(j)
                j += 1
                continue
            break
        if len(run) >= 2:
            attributed = 0
            for item in run:
                text = blocks[item[0]].text
                body = text[len(text) - len(text.lstrip()):]
                body = body[marker_len(body):]
                if item_head(body, markers, lenient=digest_page).found \
                        or URL.search(" ".join(blocks[k].text for k in item)):
                    attributed += 1
            heading = any("digest_heading" in blocks[k].flags for k in range(max(0, i - 3), i))
            citations = sum(1 for item in run if CITATION.search(blocks[item[0]].text))
            if citations > len(run) / 2:     # a reference list, not a digest: it stays where it is
                attributed = 0
                heading = False
            if attributed >= math.ceil(len(run) / 2) or heading:
                for item in run:
                    items[item[0]] = item
            i = run[-1][-1] + 1      # a run is taken or left whole, never from its middle
            continue
        i += 1
    return items
