"""Line-structure evidence for segmenting a page: headers (headline + byline/dateline lines), teaser
shapes, running text under a headline, excerpt heads, titles inserted between paragraphs, section lines
in front of digest items, and an article's fields from its own teaser on the page."""

from __future__ import annotations

import re

from presswatch.anatomy.attribution import item_attribution
from presswatch.anatomy.blocks import Block
from presswatch.anatomy.bylines import Attribution, parse_byline_line, parse_head
from presswatch.anatomy.digest import section_label
from presswatch.anatomy.draft import Draft
from presswatch.anatomy.markers import Markers, norm


def header_at(i: int, blocks: list[Block], bp: list[bool], markers: Markers) -> list[tuple[int, Attribution]]:
    """Byline lines right after a title-like block at ``i`` (empty: not an article header).

    A one-sentence headline that ends in a full stop counts when an explicit byline ("By …") follows."""
    if bp[i] or blocks[i].marker:
        return []
    if len(blocks[i].text) <= 60 and parse_byline_line(blocks[i].text, markers) is not None:
        return []      # a byline is not a headline ("Dr Olsi Jazexhi" printed twice)
    if "title_like" not in blocks[i].flags:
        t = blocks[i].text.strip()
        nxt = next((k for k in range(i + 1, min(len(blocks), i + 3)) if not bp[k]), None)
        if not (12 <= len(t) <= 160 and t[:1].isupper() and not re.search(r"[.!?]\s", t) and nxt is not None
                and markers.starts("byline", blocks[nxt].text) and parse_byline_line(blocks[nxt].text, markers)):
            return []
    found: list[tuple[int, Attribution]] = []
    seen = 0
    for j in range(i + 1, min(len(blocks), i + 6)):
        if bp[j] and "repeat" in blocks[j].flags and len(blocks[j].text) <= 40 \
                and (attr := parse_byline_line(blocks[j].text, markers)) and attr.author and not attr.published:
            found.append((j, attr))   # the author's name, also printed as a caption higher up
            continue
        if bp[j]:
            if "link" in blocks[j].flags and found:     # "Link to the original report": part of the header
                found.append((j, Attribution()))
                continue
            if blocks[j].flags & {"read_more", "link", "end", "separator", "url", "translation", "original"}:
                break     # a byline past these belongs to something else
            continue
        attr = parse_byline_line(blocks[j].text, markers)
        if attr is None:
            break
        found.append((j, attr))
        seen += 1
        if seen >= 3:
            break
    return [f for f in found if f[1].found or f[1].translator] and found


def teaser_shaped(i: int, blocks: list[Block], bp: list[bool], markers: Markers) -> bool:
    """A title followed by at most a byline and two short excerpt blocks before the next title or end."""
    n = chars = 0
    for k in range(i + 1, len(blocks)):
        if bp[k]:
            if "separator" in blocks[k].flags or blocks[k].flags & {"read_more", "digest_heading"}:
                break
            continue
        c = blocks[k]
        if "title_like" in c.flags and parse_byline_line(c.text, markers) is None:
            break
        if parse_byline_line(c.text, markers) is not None:
            continue
        n += 1
        chars += len(c.text)
    return n <= 2 and chars <= 600


def body_after(j: int, blocks: list[Block], bp: list[bool]) -> int:
    """Characters of running text after block ``j`` before the next title-like block."""
    total = 0
    for k in range(j + 1, min(len(blocks), j + 8)):
        if bp[k]:
            continue
        if "title_like" in blocks[k].flags and len(blocks[k].text) > 40:
            break     # (short title-shaped lines under a byline are the author's name box)
        total += len(blocks[k].text)
    return total


SIGN_OFF = re.compile(r"^[A-ZÇË][A-ZÇË'’.-]+(?:\s+[A-ZÇË][A-ZÇË'’.-]+){1,3}$")


def excerpt_head(b: Block, markers: Markers, after_caption: bool) -> Attribution | None:
    """A teaser's dateline head: "Fax Web, Albania, January 11 2020:… excerpt" (text dumps)."""
    if b.marker or len(b.text) < 40:
        return None
    attr = parse_head(b.text, markers)
    if not attr.found or not attr.head_end or attr.head_end > 160:
        return None
    text = b.text
    ellipsis = "…" in text[max(0, attr.head_end - 3):attr.head_end + 2] or "..." in text[attr.head_end - 4:attr.head_end]
    named = bool(attr.author or attr.outlet)
    if (attr.published and named and (ellipsis or text.rstrip().endswith(("…", "...")))) \
            or (after_caption and named and (attr.published or (attr.author and attr.outlet))):
        return attr
    return None


def inserted_teaser(i: int, blocks: list[Block], bp: list[bool], article: Draft | None, markers: Markers) -> bool:
    """A headline-shaped line between two paragraphs of an article: in a saved page, the title of a
    related post (a subheading would not sit between sentences of one run of text)."""
    b = blocks[i]
    t = b.text.strip()
    if article is None or not article.body or "title_like" not in b.flags or b.marker or len(t.split()) < 5 \
            or t.endswith(("?", "؟", ":")) or parse_byline_line(t, markers) is not None:
        return False
    prev = blocks[i - 1] if i > 0 else None
    nxt = next((k for k in range(i + 1, len(blocks)) if not bp[k]), None)
    if prev is None or bp[i - 1] or article.body[-1] != i - 1 or nxt is None:
        return False
    after = blocks[nxt]
    ends = re.search(r"[.!?…”\"’»)]\s*$", prev.text) is not None
    return ends and len(prev.text) >= 120 and "title_like" not in after.flags and len(after.text) >= 120 \
        and not after.text[:1].islower()


def paragraphs_after(j: int, blocks: list[Block], bp: list[bool]) -> int:
    """Running paragraphs (80+ characters) after block ``j`` before the next headline or link block
    (a teaser in a dump has one excerpt line; an article has paragraphs)."""
    n = 0
    for k in range(j + 1, min(len(blocks), j + 10)):
        if bp[k]:
            if blocks[k].flags & {"read_more", "link", "end", "separator", "translation", "original"}:
                break
            continue
        if "title_like" in blocks[k].flags and len(blocks[k].text) > 40:
            break
        n += len(blocks[k].text) >= 80
    return n


def starts_article(i: int, blocks: list[Block], bp: list[bool], markers: Markers) -> bool:
    """A title followed by running text: the next block is a long paragraph and more follow."""
    following = []
    for k in range(i + 1, min(len(blocks), i + 12)):
        if bp[k] and blocks[k].flags & {"read_more", "link", "end", "separator", "translation", "original"}:
            break     # related links and announcements close what a headline could head
        if not bp[k]:
            following.append(k)
    following = following[:6]
    if not following:
        return False
    if any("title_like" in blocks[k].flags and "repeat" in blocks[k].flags
           and parse_byline_line(blocks[k].text, markers) is None for k in range(i + 1, following[0])):
        return False    # the headline is the repeated title right above the text
    first = blocks[following[0]]
    if "title_like" in first.flags or first.marker or len(first.text) < 150 or excerpt_head(first, markers, False):
        return False
    if parse_byline_line(blocks[i].text, markers) is not None:
        return False    # a dateline is not a headline
    body = sum(len(blocks[k].text) for k in following
               if "title_like" not in blocks[k].flags and not excerpt_head(blocks[k], markers, False))
    return body >= 600


def continues(current: Draft | None, i: int, blocks: list[Block], bp: list[bool]) -> bool:
    """Whether the running text after block ``i`` is in the language of the translation being read."""
    from presswatch.anatomy.translation import block_lang
    if current is None or current.kind != "translation" or not current.body:
        return False
    if sum(len(blocks[k].text) >= 100 for k in current.body) < 2:
        return True     # still the translation's headline and dateline
    nxt = next((k for k in range(i + 1, len(blocks)) if not bp[k]), None)
    if nxt is None:
        return False
    mine = block_lang(blocks[current.body[-1]])
    return mine is not None and block_lang(blocks[nxt]) == mine


def sections(blocks: list[Block], bp: list[bool], items: dict[int, list[int]]) -> tuple[set[int], dict[int, str]]:
    """Section lines in front of digest items and the section of each item."""
    lines: set[int] = set()
    of: dict[int, str] = {}
    label: str | None = None
    for i, b in enumerate(blocks):
        if i in items:
            if label:
                of[i] = label
            continue
        t = b.text.strip()
        if bp[i] or (t.endswith(":") and len(t.split()) <= 4):
            nxt = next((k for k in range(i + 1, len(blocks)) if not bp[k] or k in items), None)
            short = len(t) <= 40 and len(t.split()) <= 5 and not b.flags & {"separator", "caption", "read_more"}
            if nxt is not None and nxt in items and short and (b.flags & {"translation", "original", "digest_heading"}
                                                                 or t.endswith(":")):
                lines.add(i)
                label = section_label(t)
            continue
        if not any(i in it for it in items.values()):
            label = None
    return lines, of


def reported_outlet(text: str) -> str | None:
    """ "Tirana Courier reports that …": the outlet a repost's first paragraph names."""
    found = item_attribution(text)
    if found is not None and found.outlet and not found.author and re.match(
            rf"(?:The\s+)?{re.escape(found.outlet)}\s+report", text):
        return found.outlet
    return None


def fields_from_own_teaser(drafts: list[Draft]) -> None:
    """An article reposted on the page takes the byline its own teaser states ("The MEK in Albania"
    teaser "Robert Fantina, Counter Punch, December 28 2019:…" above the article of that title)."""
    from presswatch.extract.titles import host_label

    teasers = [d for d in drafts if d.kind == "teaser" and (d.author or d.outlet or d.published)]
    order = {id(d): n for n, d in enumerate(drafts)}
    for d in drafts:
        if d.kind == "translation" and not d.outlet and d.url:
            # "In Albanian" + the original's URL: the outlet whose name the host spells ("faxweb.al")
            label = host_label(d.url)
            names = {o.outlet for o in drafts if o.outlet}
            d.outlet = next((n for n in names if label and re.sub(r"\W", "", n.lower()) == label), None)
        if d.kind != "article" or not d.title or d.meta.get("role") == "digest_header":
            continue
        key = norm(d.title)
        same = [t for t in teasers if t.title and ((k := norm(t.title)) == key
                or (len(key) >= 20 and k.startswith(key)) or (len(k) >= 20 and key.startswith(k)))]
        if not same and d.author:
            # the nearest teaser above with the same author states where and when it appeared
            same = [t for t in teasers if t.author and norm(t.author) == norm(d.author)
                    and order[id(t)] < order[id(d)]][-1:]
        if not same:
            continue
        src = same[0]
        d.author = d.author or src.author
        d.outlet = d.outlet or src.outlet
        d.published = d.published or src.published
