"""Translations on one page, passage by passage: an article and its original side by side.

Real pages put an English article and its Albanian original on one page ("Translated by …", "Link to
the original report (Albanian)", "In Albanian", "Albanian Translation:"), however the page was cut
into units. This works on the page's passages in reading order:

1. every passage gets a language: its own when identified, else (a short line, a headline) the
   language of the passages around it, so short ``und`` passages still pair;
2. consecutive passages of one language form a run; a run of another language too short to be a text
   (a Persian caption between English paragraphs) is absorbed into its neighbours;
3. each pair of neighbouring runs in two languages is aligned (Gale–Church with anchors,
   :func:`presswatch.reuse.translation.score_pair`); the aligned stretch is kept and scored again;
4. a pair is linked when its score reaches the threshold, a lower one when the page announces a
   translation between or before the two runs (marker phrases from ``presswatch/lang/*/anatomy.toml``).

Links: ``translation_of`` between passages (one-to-one beads whose anchors agree) and, when the two runs
lie mostly in two different units, between those units. ``a`` is the translation: the run whose unit
names a translator (``meta["translator"]``, from "Translated by X"), else the run announced as one
("Translated by", "… Translation:"), else the one whose other side is called the original, else the
later run on the page.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from presswatch.anatomy.markers import Markers, load_markers, norm
from presswatch.reuse.align import Bead
from presswatch.reuse.links import Link, put_links
from presswatch.reuse.translation import THRESHOLD, PairScore, Text, score_pair

ANNOUNCED_THRESHOLD = 0.6      # the page says one text translates the other: weaker alignment suffices
MIN_RUN_CHARS = 150            # a run shorter than this between two runs of one language is not a text
MIN_RUN_PASSAGES = 2
ANNOUNCE_WINDOW = 400          # characters of marker lines looked at in front of a run
LANGUAGE_NAMES = re.compile(r"\b(?:albanian|shqip|english|anglisht|persian|farsi|german|french|italian|spanish)\b"
                            r"|به (?:فارسی|انگلیسی|آلبانیایی)", re.IGNORECASE)


@dataclass
class Piece:
    passage_id: int
    unit_id: int
    order: tuple[int, int, int]
    text: str
    lang: str | None
    kind: str
    translator: bool = False     # its unit names a translator ("Translated by X" in its header)


@dataclass
class Run:
    lang: str
    pieces: list[Piece] = field(default_factory=list)
    announce: str = ""             # "translation" / "original" / "" from marker lines in front of it

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.pieces)


def page_offset(unit_start: int, meta: dict[str, object], offset: int) -> int:
    """Offset in the page text of ``offset`` in a unit's text (units made of several pieces of the page
    record them in ``meta["pieces"]``; one-piece units start at ``unit_start``)."""
    pieces = meta.get("pieces")
    if not isinstance(pieces, list) or not pieces:
        return unit_start + offset
    joiner = int(meta.get("joiner", 1) or 1)  # type: ignore[call-overload]
    pos = 0
    for s, e in pieces:
        if offset < pos + (e - s) + joiner:
            return int(s) + max(0, offset - pos)
        pos += (e - s) + joiner
    return int(pieces[-1][1])


def page_pieces(conn: sqlite3.Connection, version_id: int) -> list[Piece]:
    """Passages of one page version in reading order (their offsets in the page text)."""
    rows = conn.execute(
        """SELECT p.id, p.unit_id, u.start, p.start, p.ordinal, p.text, p.lang, u.kind, u.meta FROM passages p
           JOIN units u ON u.id = p.unit_id WHERE u.version_id = ?""", (version_id,)).fetchall()
    metas: dict[int, dict[str, object]] = {}
    pieces = []
    for r in rows:
        if not str(r[5]).strip():
            continue
        meta = metas.setdefault(int(r[1]), json.loads(r[8] or "{}"))
        at = page_offset(int(r[2]), meta, int(r[3]))
        pieces.append(Piece(int(r[0]), int(r[1]), (at, int(r[2]), int(r[4])), str(r[5]),
                            None if r[6] in (None, "", "und") else str(r[6]), str(r[7]), bool(meta.get("translator"))))
    pieces.sort(key=lambda p: p.order)
    seen: set[tuple[int, str]] = set()
    out = []
    for p in pieces:       # the same line stored in two overlapping units is one line of the page
        key = (p.order[0], p.text)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def announcement(text: str, markers: Markers) -> str:
    """``"translation"`` / ``"original"`` when ``text`` (a short line) announces one, else ``""``."""
    low = norm(text[:120])
    if len(low) > 90:
        return ""
    if markers.starts_norm("translation", low) or re.search(r"\btranslat|përkth|ترجمه", low):
        return "translation"
    if markers.starts_norm("original", low) or re.search(r"\boriginal|origjinal|متن اصلی", low):
        return "original"
    if LANGUAGE_NAMES.search(low) and len(low.split()) <= 4:
        return "language"
    return ""


URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


def is_text(p: Piece, markers: Markers) -> bool:
    """A passage of running text or a headline, not a marker line ("End", "***", a bare URL, "In
    Albanian", "Translated by …") and not a boilerplate unit's."""
    if p.kind == "boilerplate" or URL_LINE.match(p.text):
        return False
    words = len(re.findall(r"[^\W\d_]{2,}", p.text))
    if words < 3 and not (words and re.search(r"\d", p.text)):    # "End", "Also read:"; not "Vote: 78 to 52."
        return False
    return not (len(p.text) <= 90 and announcement(p.text, markers))


def fill_languages(pieces: list[Piece], markers: Markers) -> list[str | None]:
    """Each text passage's language; an unidentified one takes its neighbours' (both sides agree,
    else the previous); marker lines get none."""
    text = [is_text(p, markers) for p in pieces]
    langs: list[str | None] = [p.lang if t else None for p, t in zip(pieces, text, strict=True)]
    content = [i for i, t in enumerate(text) if t]
    for n, i in enumerate(content):
        if langs[i] is not None:
            continue
        prev = next((langs[j] for j in reversed(content[:n]) if langs[j]), None)
        nxt = next((langs[j] for j in content[n + 1:] if langs[j]), None)
        langs[i] = prev if prev and (prev == nxt or nxt is None) else (nxt if prev is None else prev)
    return langs


def make_runs(pieces: list[Piece], markers: Markers) -> list[Run]:
    langs = fill_languages(pieces, markers)
    runs: list[Run] = []
    pending = ""
    for p, lang in zip(pieces, langs, strict=True):
        if lang is None:
            said = announcement(p.text, markers)
            if said and runs and not runs[-1].announce and len(runs[-1].pieces) <= 2 and runs[-1].chars < 250 \
                    and said != "language" and not pending:
                runs[-1].announce = said      # "Translated by …" under the run's headline
            elif said and said != "language" or (said == "language" and not pending):
                pending = said
            continue
        if runs and runs[-1].lang == lang:
            runs[-1].pieces.append(p)
        else:
            runs.append(Run(lang, [p], pending))
        pending = ""
    # absorb runs too short to be a text between two runs of one language
    merged: list[Run] = []
    for run in runs:
        if merged and len(run.pieces) < MIN_RUN_PASSAGES and run.chars < MIN_RUN_CHARS and not run.announce:
            merged[-1].pieces.extend(run.pieces)
            continue
        if merged and merged[-1].lang == run.lang:
            merged[-1].pieces.extend(run.pieces)
            continue
        merged.append(run)
    return merged


def _text(run: Run, pieces: list[Piece] | None = None) -> Text:
    ps = pieces if pieces is not None else run.pieces
    return Text.of(ps[0].passage_id if ps else 0, "\n".join(" ".join(p.text.split()) for p in ps), run.lang)


@dataclass
class SamePagePair:
    translation: Run
    original: Run
    score: PairScore
    pieces_t: list[Piece]
    pieces_o: list[Piece]
    announced: bool


TERMINATED = re.compile(r"[.!?…:;\"”»)؟]\s*$")


def title_like(p: Piece) -> bool:
    return len(p.text) < 140 and not TERMINATED.search(p.text)


def prose(run: Run) -> list[Piece]:
    """The run's paragraphs without the title-like lines between them (teasers, captions, repeated
    headings interleaved in a body); a headline right before the first paragraph stays."""
    out: list[Piece] = []
    for k, p in enumerate(run.pieces):
        if not title_like(p):
            out.append(p)
        elif not out and k + 1 < len(run.pieces) and not title_like(run.pieces[k + 1]):
            out.append(p)
    return out


def _best_window(beads: list[Bead]) -> tuple[int, int] | None:
    """The stretch of beads whose anchors agree best (maximum sum of agreement - 0.3; beads with one
    side empty cost 0.3, beads without anchors count 0)."""
    best, best_span, run, start = 0.0, None, 0.0, 0
    for k, bd in enumerate(beads):
        if not bd.a or not bd.b:
            value = -0.3
        else:
            value = 0.05 if bd.anchor_agreement is None else bd.anchor_agreement - 0.3
        if run <= 0:
            run, start = value, k
        else:
            run += value
        if run > best:
            best, best_span = run, (start, k + 1)
    return best_span


def _window(long: list[Piece], short: list[Piece], lang: str) -> list[Piece]:
    """The ``len(short) + 2`` consecutive pieces of ``long`` whose anchor bag is closest to ``short``'s."""
    from presswatch.reuse.align import dice
    from presswatch.reuse.anchors import paragraph

    bags = [Counter(paragraph(p.text).anchors) for p in long]
    target: Counter[str] = Counter()
    for p in short:
        target.update(paragraph(p.text).anchors)
    size = min(len(long), len(short) + 2)
    best, best_start = -1.0, 0
    for start in range(0, len(long) - size + 1):
        bag: Counter[str] = Counter()
        for x in bags[start:start + size]:
            bag.update(x)
        score = dice(bag, target)
        if score > best:
            best, best_start = score, start
    return long[best_start:best_start + size]


def _aligned(a: Run, b: Run) -> tuple[list[Piece], list[Piece], PairScore] | None:
    """The stretch of ``a`` and ``b`` that aligns best, scored again on its own."""
    pa, pb = prose(a), prose(b)
    if not pa or not pb:
        return None
    # a headline on one side only (the other's is its unit's title, not a passage) pairs with nothing
    if title_like(pa[0]) != title_like(pb[0]):
        pa, pb = (pa[1:], pb) if title_like(pa[0]) else (pa, pb[1:])
        if not pa or not pb:
            return None
    # the longer run may hold more than the translated text (a digest, teasers before an article):
    # align the stretch of it whose anchors best match the shorter run
    if len(pa) > len(pb) + 3:
        pa = _window(pa, pb, a.lang)
    elif len(pb) > len(pa) + 3:
        pb = _window(pb, pa, b.lang)
    first = score_pair(_text(a, pa), _text(b, pb))
    window = _best_window(first.beads)
    if window is None:
        return None
    beads = first.beads[window[0]:window[1]]
    ia = [i for bd in beads for i in bd.a]
    ib = [j for bd in beads for j in bd.b]
    if not ia or not ib:
        return None
    wa, wb = pa[min(ia):max(ia) + 1], pb[min(ib):max(ib) + 1]
    if (len(wa), len(wb)) == (len(pa), len(pb)):
        return pa, pb, first
    return wa, wb, score_pair(_text(a, wa), _text(b, wb))


def _names_translator(pieces: list[Piece]) -> bool:
    return sum(len(p.text) for p in pieces if p.translator) > 0.5 * sum(len(p.text) for p in pieces)


def find_pairs(runs: list[Run], threshold: float = THRESHOLD) -> list[SamePagePair]:
    """Neighbouring runs in two languages that translate each other, best first, each run used once."""
    scored: list[SamePagePair] = []
    for i in range(len(runs) - 1):
        for j in (i + 1, i + 2):
            if j >= len(runs) or runs[i].lang == runs[j].lang:
                continue
            a, b = runs[i], runs[j]
            if len(a.pieces) < 1 or len(b.pieces) < 1:
                continue
            got = _aligned(a, b)
            if got is None:
                continue
            pa, pb, ps = got
            announced = bool(a.announce or b.announce or _names_translator(pa) or _names_translator(pb))
            if ps.score < (ANNOUNCED_THRESHOLD if announced else threshold):
                continue
            if _names_translator(pa) != _names_translator(pb):     # the unit that names its translator
                tr, orig, pt, po = (a, b, pa, pb) if _names_translator(pa) else (b, a, pb, pa)
            elif b.announce == "translation" or a.announce == "original":
                tr, orig, pt, po = b, a, pb, pa
            elif a.announce == "translation" or b.announce == "original":
                tr, orig, pt, po = a, b, pa, pb
            else:
                tr, orig, pt, po = b, a, pb, pa
            scored.append(SamePagePair(tr, orig, ps, pt, po, announced))
    scored.sort(key=lambda p: -p.score.score)
    used: set[int] = set()
    out = []
    for pair in scored:
        if id(pair.translation) in used or id(pair.original) in used:
            continue
        used.update((id(pair.translation), id(pair.original)))
        out.append(pair)
    return out


def _main_unit(pieces: list[Piece]) -> int | None:
    chars: Counter[int] = Counter()
    for p in pieces:
        chars[p.unit_id] += len(p.text)
    if not chars:
        return None
    unit, n = chars.most_common(1)[0]
    return unit if n >= 0.6 * sum(chars.values()) else None


def link_page(conn: sqlite3.Connection, version_id: int, threshold: float = THRESHOLD,
              markers: Markers | None = None) -> Counter[str]:
    """Find and store the translation pairs inside one page version (call inside a transaction)."""
    counts: Counter[str] = Counter()
    markers = markers or load_markers()
    runs = make_runs(page_pieces(conn, version_id), markers)
    if len({r.lang for r in runs}) < 2:
        return counts
    for pair in find_pairs(runs, threshold):
        ps = score_pair(_text(pair.translation, pair.pieces_t), _text(pair.original, pair.pieces_o))
        ut, uo = _main_unit(pair.pieces_t), _main_unit(pair.pieces_o)
        langs = [pair.translation.lang, pair.original.lang]
        links: list[Link] = []
        if ut is not None and uo is not None and ut != uo:
            links.append(Link("translation_of", "unit", ut, uo, ps.score,
                              {"langs": langs, "features": ps.features, "alignment": ps.alignment(),
                               "same_page": True, "announced": pair.announced, "backend": "anchors"}))
        for bead in ps.beads:
            if len(bead.a) == 1 and len(bead.b) == 1 and (bead.anchor_agreement is None or bead.anchor_agreement >= 0.5):
                x, y = pair.pieces_t[bead.a[0]], pair.pieces_o[bead.b[0]]
                links.append(Link("translation_of", "passage", x.passage_id, y.passage_id, ps.score,
                                  {"units": [x.unit_id, y.unit_id], "same_page": True,
                                   "anchor_agreement": bead.anchor_agreement, "langs": langs}))
        put_links(conn, links)
        counts["translation_same_page"] += 1
        counts["translation_same_page_announced"] += int(pair.announced)
        counts["translation_passage_pairs"] += sum(lk.level == "passage" for lk in links)
    return counts
