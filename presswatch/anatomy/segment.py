"""Segmenting a page's blocks into units: articles, teasers, digest items, translations, boilerplate.

Signals only, no site rules: position (header at the top, zones after headings), repetition within the
page, length, markers at the start of paragraphs, attribution heads, script and language changes, and
optional HTML signals (image alt texts, link texts, headings).
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.anatomy.blocks import Block, is_title_like
from presswatch.anatomy.bylines import Attribution, find_date, parse_byline_line, parse_head
from presswatch.anatomy.digest import digest_runs, header_fields, item_head, marker_len
from presswatch.anatomy.draft import Draft, PageSignals
from presswatch.anatomy.evidence import (
    SIGN_OFF,
    body_after,
    continues,
    excerpt_head,
    fields_from_own_teaser,
    header_at,
    inserted_teaser,
    paragraphs_after,
    reported_outlet,
    sections,
    starts_article,
    teaser_shaped,
)
from presswatch.anatomy.markers import Markers, norm
from presswatch.anatomy.translation import find_translations

BOILERPLATE_FLAGS = {"separator", "share", "nav", "caption", "repeat", "read_more", "digest_heading",
                     "translation", "original", "end", "link", "url"}
LONG_BLOCK = 450
DATED_TITLE = re.compile(r"^\s*([\d۰-۹][\d۰-۹./\-\s]{5,12}[\d۰-۹]|\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},\s+\d{4})"
                         r"\s*[|·•—–:-]\s*")


def mark_boilerplate(blocks: list[Block], title: str | None) -> list[bool]:
    seen: set[str] = set()
    bp = []
    for i, b in enumerate(blocks):
        if "digest_heading" in b.flags:
            # a digest heading is a separate line only right in front of the marked items; else a title
            nxt = next((k for k in range(i + 1, len(blocks)) if not blocks[k].flags & BOILERPLATE_FLAGS), None)
            if nxt is None or not blocks[nxt].marker:
                b.flags.discard("digest_heading")
        key = norm(b.text)
        doubled = i > 0 and "glued_caption" in blocks[i - 1].flags and norm(blocks[i - 1].text) == key
        if "title_like" in b.flags and key and key in seen and not b.marker and not doubled:
            b.flags.add("repeat")
        if key:
            seen.add(key)
        bp.append(bool(b.flags & BOILERPLATE_FLAGS))
    return bp


def segment(blocks: list[Block], markers: Markers, *, title: str | None = None,
            signals: PageSignals | None = None, dump: bool = True) -> list[Draft]:
    sig = signals or PageSignals()
    digest_page = any(b.flags & {"digest_heading", "digest_title"} for b in blocks[:6])
    bp = mark_boilerplate(blocks, title)
    items = digest_runs(blocks, bp, markers, digest_page=digest_page)
    in_item = {k for item in items.values() for k in item}
    section_lines, section_of = sections(blocks, bp, items) if items else (set(), {})
    titles = {norm(b.text) for b in blocks if "title_like" in b.flags and len(b.text) >= 12} if dump else set()
    drafts: list[Draft] = []
    article: Draft | None = None        # the article running text goes to
    current: Draft | None = None        # the unit being filled (article, teaser, translation)
    zone = "body"
    pending_translation: str | None = None
    pending_url: str | None = None
    header_blocks: dict[int, tuple[Draft, Attribution]] = {}

    def new(kind: str) -> Draft:
        d = Draft(kind)
        drafts.append(d)
        return d

    def add(d: Draft, i: int, *, text: bool = True, offset: int = 0) -> None:
        d.blocks.append(i)
        if text:
            d.pieces.append((blocks[i].start + offset, blocks[i].end))
            d.body.append(i)

    for i, b in enumerate(blocks):
        if i in header_blocks:
            owner, attr = header_blocks[i]
            add(owner, i, text=False)
            owner.attribute(attr)
            continue
        if i in items:
            d = new("digest_item")
            for k in items[i]:
                add(d, k)
            first = blocks[i].text
            lead = len(first) - len(first.lstrip())
            mlen = lead + marker_len(first[lead:])
            attr = item_head(first[mlen:], markers, lenient=True)
            d.attribute(attr)
            d.pieces[0] = (blocks[i].start + mlen + attr.head_end, d.pieces[0][1])
            if i in section_of:
                d.meta["section"] = section_of[i]
            current = d
            zone = "digest"
            continue
        if i in in_item:
            continue
        if dump and bp[i] and "repeat" in b.flags and zone in ("teasers", "after_end", "translation", "digest") \
                and not pending_translation:
            bp[i] = False      # a title repeated right above running text is that article's headline
            if not (starts_article(i, blocks, bp, markers) or header_at(i, blocks, bp, markers)):
                bp[i] = True
        if bp[i]:
            last = drafts[-1] if drafts else None
            if last is not None and last.kind == "boilerplate" and last.blocks[-1] == i - 1 \
                    and "glued_caption" not in b.flags:
                add(last, i)
            else:
                add(new("boilerplate"), i)
            if i in section_lines:
                continue
            if b.flags & {"read_more", "link"}:
                zone, current = "teasers", None
            elif "end" in b.flags or (dump and "separator" in b.flags and zone in ("translation", "body")
                                      and article is not None and article.body):
                zone, current, pending_translation = "after_end", None, None
            elif b.flags & {"translation", "original"}:
                pending_translation = "original" if "original" in b.flags else "translation"
                pending_url = None
            elif "url" in b.flags and pending_translation:
                pending_url = b.text.strip()     # the original's address, printed above it
            elif "digest_heading" in b.flags:
                zone = "body"
            continue
        header = header_at(i, blocks, bp, markers)
        if header and dump and zone == "body" and article is not None and article.body \
                and b.text.rstrip().endswith(("?", "؟")):
            header = []    # a question heading inside an interview, followed by the speaker's name
        if header and pending_translation:
            d = new("translation")      # an announced translation with its own headline and dateline
            d.url, pending_url = pending_url, None
            d.meta["announced"], pending_translation = pending_translation, None
            d.title = b.text.strip()
            add(d, i)
            for j, attr in header:
                header_blocks[j] = (d, attr)
            zone, current = "translation", d
            continue
        if dump and not header and "title_like" in b.flags and not b.marker \
                and zone in ("teasers", "after_end", "translation", "digest") and not pending_translation \
                and starts_article(i, blocks, bp, markers) and not continues(current, i, blocks, bp):
            header = [(i, Attribution())]    # a headline over running text: an article with no byline
        if header and (zone != "teasers" or body_after(header[-1][0], blocks, bp) >= LONG_BLOCK
                       or header[0][0] == i or (dump and paragraphs_after(header[-1][0], blocks, bp) >= 2)):
            d = new("article")
            add(d, i, text=False)
            d.title = b.text.strip()
            for j, attr in header:
                if j != i:
                    header_blocks[j] = (d, attr)
            article = current = d
            zone, pending_translation = "body", None
            continue
        after_caption = i > 0 and "glued_caption" in blocks[i - 1].flags
        head = excerpt_head(b, markers, after_caption) if dump else None
        if head is not None:
            # the unit before, past captions between it and this excerpt
            prev = next((d for d in reversed(drafts) if not (d.kind == "boilerplate" and all(
                "caption" in blocks[k].flags for k in d.blocks))), None)
            if prev is not None and prev.kind == "teaser" and prev.blocks and prev.blocks[-1] >= i - 2 \
                    and not prev.title and len(prev.blocks) == 1 and len(blocks[prev.blocks[0]].text) <= 160 \
                    and not re.search(r"[.!?]\s", blocks[prev.blocks[0]].text.strip()):
                prev.title = blocks[prev.blocks[0]].text.strip()    # a one-line title ending in "."
                prev.pieces, prev.body, prev.meta["excerpt"] = [], [], 0
            if prev is not None and prev.kind == "teaser" and not prev.meta.get("excerpt") and prev.blocks \
                    and prev.blocks[-1] >= i - 2 and prev.title:
                d = prev                  # the excerpt under a teaser's title
            else:
                d = new("teaser")
            d.attribute(head)
            rest = b.text[head.head_end:].strip()
            if not d.title and is_title_like(rest):
                d.title = rest               # "Massoud Khodabandeh, Huffington Post: <title>"
                add(d, i, text=False)
            else:
                add(d, i, offset=head.head_end)
                d.meta["excerpt"] = d.meta.get("excerpt", 0) + 1
            if not d.title:   # the title printed after the excerpt ("… The MEK in Albania")
                tail = norm(b.text[-200:])
                ends = [t for t in titles if tail.endswith(t) and t != norm(b.text)]
                if ends:
                    longest = max(ends, key=len)
                    d.title = next(x.text.strip() for x in blocks if norm(x.text) == longest)
            current, zone = d, "teasers"
            continue
        if dump and after_caption and head is None and not b.marker and len(b.text) <= 300:
            cap = parse_head(b.text, markers)
            if cap.place and cap.published and not (cap.author or cap.outlet):
                add(new("boilerplate"), i)    # "Tirana, Albania, August 12, 2017 – …": a photo caption
                continue
        if dump and after_caption and "title_like" in b.flags \
                and not starts_article(i, blocks, bp, markers) and (article is not None or i > 3):
            d = new("teaser")             # a caption glued to a title: a related-post teaser
            d.title = b.text.strip()
            add(d, i, text=False)
            current = d
            zone = "teasers" if zone != "body" or article is None or not article.body else zone
            continue
        if zone == "after_end" and "title_like" not in b.flags and len(b.text) < 100:
            add(new("boilerplate"), i)   # a link text or credit after an article's end
            continue
        if pending_translation:
            d = new("translation")
            d.url, pending_url = pending_url, None
            d.meta["announced"] = pending_translation
            pending_translation = None
            zone, current = "translation", d
            if "title_like" in b.flags:
                d.title = b.text.strip()
            add(d, i)
            continue
        if zone == "translation" and current is not None and current.kind == "translation" and dump \
                and inserted_teaser(i, blocks, bp, current, markers):
            d = new("teaser")
            d.title = b.text.strip()
            add(d, i, text=False)
            continue
        if zone == "translation" and current is not None and current.kind == "translation":
            line = parse_byline_line(b.text, markers) if len(current.blocks) <= 3 else None
            if line is not None and (line.outlet or line.published or line.author):
                add(current, i, text=False)    # the translation's own dateline
                current.attribute(line)
                continue
            if "translator" in b.flags:
                add(current, i)
                current.attribute(parse_byline_line(b.text, markers))
                continue
            add(current, i)
            continue
        key = norm(b.text)
        starts_teaser = (
            "read_more_inline" in b.flags
            or (i > 0 and "glued_caption" in blocks[i - 1].flags and "title_like" in b.flags
                and article is not None and bool(article.body))
            or (key in sig.links and "title_like" in b.flags and article is not None and bool(article.body)
                and key not in sig.headings)
        )
        if zone in ("teasers", "after_end") or starts_teaser:
            if len(b.text) > LONG_BLOCK and not parse_head(b.text, markers).head_end:
                zone = "body"
            elif "read_more_inline" not in b.flags and "title_like" in b.flags and (
                    (not teaser_shaped(i, blocks, bp, markers) and not (dump and zone in ("teasers", "after_end")))
                    or (not dump and sig.links and key not in sig.links and not DATED_TITLE.match(b.text))):
                # a subheading followed by running text, or (HTML) a title that links nowhere: the
                # article goes on
                zone = "body"
            elif zone == "teasers" and "title_like" not in b.flags and current is not None \
                    and current.kind == "teaser" and current.meta.get("excerpt", 0) >= 1 \
                    and parse_byline_line(b.text, markers) is None and not parse_head(b.text, markers).found:
                zone = "body"    # more running text after an excerpt: not a teaser list
            else:
                current = _teaser_step(i, blocks, current, new, add, markers, sig)
                zone = "teasers" if not ("read_more_inline" in b.flags and zone != "teasers") else "body"
                if "read_more_inline" in b.flags and zone == "body":
                    current = article
                continue
        # running text
        if article is None:
            article = new("article")
            if "title_like" in b.flags and not b.marker and (dump or norm(b.text) == norm(title or "")):
                article.title = b.text.strip()
                add(article, i, text=False)
                if dump and "digest_title" in b.flags:
                    # the digest's own header: its date and the site's name come from the title
                    article.meta["role"] = "digest_header"
                    article.published, article.outlet = header_fields(article.title, markers)
                current = article
                zone = "body"
                continue
        if dump and inserted_teaser(i, blocks, bp, article, markers):
            d = new("teaser")      # a related post's title printed between two paragraphs
            d.title = b.text.strip()
            add(d, i, text=False)
            current = article
            continue
        if zone == "digest" and "title_like" in b.flags and body_after(i, blocks, bp) >= LONG_BLOCK:
            article = new("article")
            article.title = b.text.strip()
            add(article, i, text=False)
            current, zone = article, "body"
            continue
        line_attr = parse_byline_line(b.text, markers) if not article.body else None
        if line_attr is not None:
            add(article, i, text=False)
            article.attribute(line_attr)
        elif dump and article.body and not article.author and SIGN_OFF.match(b.text.strip()) \
                and len(b.text) <= 40:
            add(article, i, text=False)     # a sign-off name in capitals closes the article
            article.author = " ".join(w.capitalize() for w in b.text.split())
        else:
            if dump and not article.body and not article.outlet and article.meta.get("role") != "digest_header":
                article.outlet = reported_outlet(b.text)
            add(article, i)
        current, zone = article, "body"
    drafts = [d for d in drafts if d.blocks]
    for d in drafts:   # a title with nothing under it is a page heading, not an article
        if d.kind == "article" and not d.body and len(d.blocks) == 1 and d.meta.get("role") != "digest_header":
            d.kind, d.title = "boilerplate", None
            d.pieces = [(blocks[d.blocks[0]].start, blocks[d.blocks[0]].end)]
    find_translations(drafts, blocks)
    if dump:
        fields_from_own_teaser(drafts)
    return drafts


def _teaser_step(i: int, blocks: list[Block], current: Draft | None, new: Any, add: Any,
                 markers: Markers, sig: PageSignals) -> Draft:
    b = blocks[i]
    text = b.text
    inline = markers.starts("read_more", text) if "read_more_inline" in b.flags else None
    attr_line = parse_byline_line(text, markers)
    is_teaser = current is not None and current.kind == "teaser"
    if inline:
        d: Draft = new("teaser")
        cut = len(text) - len(text.lstrip())
        rest = text[cut:]
        low = norm(rest)
        # skip the marker words and the punctuation after them
        k = 0
        while k < len(rest) and norm(rest[:k]) != inline:
            k += 1
        while k < len(rest) and not rest[k].isalnum():
            k += 1
        d.title = rest[k:].strip() or low
        add(d, i)
        d.url = sig.links.get(norm(d.title))
        return d
    dated = DATED_TITLE.match(text)
    date = find_date(dated.group(1), markers) if dated else None
    if date and dated and is_title_like(text[dated.end():]):   # "20.02.2026 | Title"
        d = new("teaser")
        d.title = text[dated.end():].strip()
        d.published = date[0]
        d.url = sig.links.get(norm(d.title))
        add(d, i, text=False)
        return d
    if attr_line is not None and is_teaser and current is not None and not current.meta.get("excerpt"):
        add(current, i, text=False)
        current.attribute(attr_line)
        return current
    if "title_like" in b.flags and attr_line is None or not is_teaser or b.marker \
            or (current is not None and current.meta.get("excerpt", 0) >= 2):
        d = new("teaser")
        if "title_like" in b.flags and attr_line is None:
            d.title = text.strip().lstrip("-–—•·*▪►▸→ ").strip()
            d.url = sig.links.get(norm(d.title))
            add(d, i, text=False)
            return d
        current = d
    if current is None:
        current = new("teaser")
    attr = parse_head(text, markers)
    current.attribute(attr)
    add(current, i, offset=attr.head_end)
    current.meta["excerpt"] = current.meta.get("excerpt", 0) + 1
    return current
