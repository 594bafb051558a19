"""The page-anatomy pipeline component: reads the decoded HTML, the text and the metadata, adds units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from presswatch.anatomy.blocks import Block, SiteHints, make_blocks
from presswatch.anatomy.dating import date_units
from presswatch.anatomy.markers import Markers, load_markers, norm
from presswatch.anatomy.segment import Draft, PageSignals, segment
from presswatch.config import Config
from presswatch.models import Doc, Unit


def html_signals(html: str | None) -> PageSignals:
    """Alt texts, captions, link texts and headings of the HTML (normalized), for the block signals."""
    if not html:
        return PageSignals()
    try:
        import lxml.html
        tree = lxml.html.fromstring(html)
    except (ValueError, TypeError, Exception):   # broken HTML: no signals, not an error
        return PageSignals()
    alts: set[str] = set()
    for img in tree.iter("img"):
        for attr in ("alt", "title"):
            v = (img.get(attr) or "").strip()
            if len(v) >= 8:
                alts.add(v)
    captions: set[str] = set()
    for cap in tree.iter("figcaption"):
        v = cap.text_content().strip()
        if len(v) >= 8:
            captions.add(v)
            alts.add(v)
    links: dict[str, str] = {}
    for a in tree.iter("a"):
        t = norm(a.text_content())
        href = a.get("href")
        # links with a fragment (tables of contents) point to the article's own subheadings
        if t and href and len(t) > 15 and "#" not in href and not href.startswith("javascript:"):
            links.setdefault(t, href)
    headings = {norm(h.text_content()) for tag in ("h1", "h2") for h in tree.iter(tag)}
    return PageSignals(alts=frozenset(alts), links=links, headings=frozenset(headings), captions=frozenset(captions))


def site_hints(config: Config | None, url: str | None) -> SiteHints | None:
    """The ``[anatomy.sites."host"]`` hints for the page's host, if the project sets any."""
    if config is None or not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    sites = config.get("anatomy.sites", {}) or {}
    entry = sites.get(host) if isinstance(sites, dict) else None
    if not isinstance(entry, dict):
        return None
    return SiteHints(frozenset(norm(str(x)) for x in entry.get("boilerplate", [])),
                     frozenset(norm(str(x)) for x in entry.get("read_more", [])))


def build_units(doc: Doc, markers: Markers, hints: SiteHints | None = None) -> list[Unit]:
    text = doc.text or ""
    dump = doc.html is None
    sig = html_signals(doc.html)
    blocks = make_blocks(text, dump=dump, markers=markers, alts=sig.alts, captions=sig.captions, hints=hints)
    md = doc.metadata
    drafts = segment(blocks, markers, title=md.title, signals=sig, dump=dump)
    drafts = [d for d in drafts if d.blocks]
    owner: dict[int, int] = {}
    for n, d in enumerate(drafts):     # a block belongs to one unit: the first that took it
        mine = sorted(k for k in set(d.blocks) if owner.setdefault(k, n) == n)
        if len(mine) < len(set(d.blocks)):   # drop the text of blocks another unit owns
            d.pieces = [(s, e) for s, e in d.pieces if any(blocks[k].start <= s < blocks[k].end or s == e
                                                           for k in mine)]
        d.blocks = mine
    drafts = [d for d in drafts if d.blocks]
    drafts.sort(key=lambda d: blocks[d.blocks[0]].start)
    joiner = "\n\n" if dump else "\n"
    main = next((d for d in drafts if d.kind == "article"), None)
    ordinal = {id(d): n for n, d in enumerate(drafts)}
    units = []
    for n, d in enumerate(drafts):
        start = min(blocks[i].start for i in d.blocks)
        end = max(blocks[i].end for i in d.blocks)
        spans = _spans(d.blocks, blocks)
        body = joiner.join(text[s:e] for s, e in d.pieces if e > s)
        if not body and d.kind != "boilerplate":
            body = d.title or ""
        meta = {k: v for k, v in d.meta.items() if k not in ("excerpt", "translation_of")}
        if len(spans) > 1:
            meta["spans"] = spans     # the unit's pieces: units nested in its holes own the rest
        target = d.meta.get("translation_of")
        if isinstance(target, Draft) and id(target) in ordinal:
            meta["translation_of_ordinal"] = ordinal[id(target)]
        unit = Unit(ordinal=n, kind=d.kind, text=body, start=start, end=end,  # type: ignore[arg-type]
                    title=d.title, author=d.author, outlet=d.outlet, published=d.published, url=d.url,
                    meta=meta)
        pieces = [(s, e) for s, e in d.pieces if e > s]
        if len(pieces) > 1:   # where the unit's text lies in the page (see Unit.pieces)
            unit.pieces, unit.joiner = pieces, len(joiner)
        if d is main:
            # HTML metadata (trafilatura) is the page's own; for text dumps what the unit states wins
            first = [md.title, md.author, md.published, md.outlet, md.url or doc.raw.url]
            own = [unit.title, unit.author, unit.published, unit.outlet, unit.url]
            if dump and sum(o.kind == "article" for o in drafts) > 1 or d.meta.get("role") == "digest_header":
                # a text dump's metadata reader takes the first byline of the page, which may belong to
                # any of its articles: a page of several units keeps what each unit states
                pick = [b or (a if i == 0 and not own[0] else None) for i, (a, b) in enumerate(zip(first, own, strict=True))]
            elif dump or (d.title and (d.author or d.published) and norm(d.title) != norm(md.title or "")
                        and sum(o.kind == "article" for o in drafts) > 1):
                # a text dump's metadata is read from the text and may be another unit's byline; on a
                # page of several articles with their own headers, the page metadata is the site's
                others = {v for o in drafts if o is not d for v in (o.title, o.author, o.published, o.outlet, o.url)}
                pick = [b or (a if a not in others else None) for a, b in zip(first, own, strict=True)]
            else:
                pick = [a or b for a, b in zip(first, own, strict=True)]
            unit.title, unit.author, unit.published, unit.outlet, unit.url = pick
            unit.meta["main"] = True
        units.append(unit)
    if not units and text.strip():
        units.append(Unit(ordinal=0, kind="article", text=text, start=0, end=len(text), title=md.title,
                          author=md.author, outlet=md.outlet, published=md.published,
                          url=md.url or doc.raw.url, meta={"main": True}))
    date_units(units, markers, page_url=md.url or doc.raw.url, metadata_date=md.published)
    return units


def _spans(indices: list[int], blocks: list[Block]) -> list[list[int]]:
    """Runs of consecutive blocks as [start, end) pieces (the page's units partition its text)."""
    out: list[list[int]] = []
    prev = -2
    for k in indices:
        if k == prev + 1 and out:
            out[-1][1] = blocks[k].end
        else:
            out.append([blocks[k].start, blocks[k].end])
        prev = k
    return out


WS = re.compile(r"\s+")
ANATOMY_ERROR = "anatomy_error"


@dataclass
class PageAnatomy:
    """Split the page text into units (article, teaser, digest_item, translation, boilerplate)."""

    config: Config | None = None
    name: str = "anatomy"
    reads: frozenset[str] = field(default=frozenset({"decoded", "text", "metadata"}))
    adds: frozenset[str] = field(default=frozenset({"units"}))

    def __call__(self, doc: Doc) -> Doc:
        langs = None
        if self.config is not None:
            configured = self.config.get("anatomy.marker_languages", [])
            langs = tuple(configured) if configured else None
        try:
            hints = site_hints(self.config, doc.raw.url or doc.metadata.url)
            doc.units = build_units(doc, load_markers(langs), hints)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError, AssertionError) as exc:
            # a bug here must not lose the page: keep it whole as one article and say so in the notes
            doc.notes.append(f"{ANATOMY_ERROR}: {type(exc).__name__}: {exc}")
            text, md = doc.text or "", doc.metadata
            doc.units = [Unit(ordinal=0, kind="article", text=text, start=0, end=len(text), title=md.title,
                              author=md.author, outlet=md.outlet, published=md.published,
                              url=md.url or doc.raw.url, meta={"main": True, "anatomy": "fallback"})]
        return doc
