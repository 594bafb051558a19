"""Annotated gold pages for page anatomy and their scoring.

A gold page is a text dump (``.txt``) or an HTML page (``.html``) with annotation lines:
``@@ <kind> key="value" ...`` (text dumps, on their own line) or ``<!--@@ <kind> key="value" -->`` (HTML)
in front of each unit. ``@@ continue`` resumes the previous unit after a nested one (a caption inside an
article); ``glued`` on a boilerplate unit glues it to the next line without a line break. The page
itself is the file without the annotations; gold spans are found in the extracted text by their text.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html

from presswatch.models import Unit

KINDS = ("article", "teaser", "digest_item", "translation", "boilerplate")
TEXT_MARK = re.compile(r"^@@ ?(.*)$")
HTML_MARK = re.compile(r"<!--@@ ?(.*?)-->", re.S)
FIELDS = ("title", "author", "outlet", "published")


@dataclass
class GoldUnit:
    kind: str
    fields: dict[str, str]
    segments: list[str] = field(default_factory=list)   # text of each piece (continued units: several)
    spans: list[tuple[int, int]] = field(default_factory=list)
    nested: bool = False


@dataclass
class GoldPage:
    name: str
    media: str          # "text" or "html"
    content: str        # the page without annotations
    units: list[GoldUnit]
    split: str          # "dev", "heldout", "late" or "fresh" (see load_gold)
    order: list[tuple[int, int]] = field(default_factory=list)   # (unit, segment) in source order


def _parse_mark(spec: str) -> tuple[str, dict[str, str], set[str]]:
    parts = shlex.split(spec)
    kind = parts[0] if parts else "continue"
    fields, flags = {}, set()
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            fields[k] = v
        else:
            flags.add(p)
    return kind, fields, flags


def _apply_mark(kind: str, fields: dict[str, str], flags: set[str], current: GoldUnit | None,
                stack: list[GoldUnit], units: list[GoldUnit], order: list[tuple[int, int]]) -> GoldUnit | None:
    """One annotation mark (same rules in text and HTML gold pages); returns the unit now open.

    ``continue`` reopens the unit a nested one interrupted; ``nested`` keeps the open unit to return to.
    """
    if kind == "continue":
        current = stack.pop() if stack else current
        if current is not None:
            current.segments.append("")
            order.append((units.index(current), len(current.segments) - 1))
        return current
    if "nested" in flags and current is not None and not current.nested:
        stack.append(current)
    current = GoldUnit(kind, fields, [""], nested="nested" in flags)
    units.append(current)
    order.append((len(units) - 1, 0))
    return current


def load_page(path: Path, index: int) -> GoldPage:
    raw = path.read_text(encoding="utf-8")
    units: list[GoldUnit] = []
    stack: list[GoldUnit] = []
    order: list[tuple[int, int]] = []
    split = "heldout" if index % 3 == 2 else "dev"
    if path.suffix == ".txt":
        out: list[str] = []
        current: GoldUnit | None = None
        glue = False
        for line in raw.splitlines():
            m = TEXT_MARK.match(line)
            if m:
                kind, fields, flags = _parse_mark(m.group(1))
                current = _apply_mark(kind, fields, flags, current, stack, units, order)
                if kind != "continue":
                    glue = "glued" in flags
                continue
            if current is not None and line.strip():
                seg = current.segments[-1]
                current.segments[-1] = (seg + "\n" + line) if seg else line
            if glue and line.strip():
                out.append(line)
                glue = False
                out.append("\0")
                continue
            out.append(line)
        content = "\n".join(out).replace("\n\0\n", "").replace("\0", "")
        return GoldPage(path.stem, "text", content, units, split, order)
    pieces = HTML_MARK.split(raw)
    current = None
    for j, piece in enumerate(pieces):
        if j % 2 == 1:
            kind, fields, flags = _parse_mark(piece)
            current = _apply_mark(kind, fields, flags, current, stack, units, order)
        elif current is not None:
            try:
                frag = lxml.html.fragment_fromstring(piece, create_parent="div")
                text = frag.text_content()
            except Exception:   # a fragment without elements
                text = re.sub(r"<[^>]+>", " ", piece)
            current.segments[-1] += " " + text
    return GoldPage(path.stem, "html", HTML_MARK.sub("", raw), units, split, order)


def load_gold(folder: Path) -> list[GoldPage]:
    """Gold pages and their split.

    ``t*``/``h*``: written with the rules; every third one is ``heldout``, the rest ``dev``.
    ``x*``: ``late``, written after the rules were frozen, scored once, then used for one round of fixes.
    ``y*``: ``fresh``, written after that round and never used to change the rules.
    """
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))
    main = [p for p in files if not p.name.startswith(("x", "y"))]
    pages = [load_page(p, i) for i, p in enumerate(main)]
    for p in files:
        if p.name.startswith(("x", "y")):
            page = load_page(p, 0)
            page.split = "late" if p.name.startswith("x") else "fresh"
            pages.append(page)
    return pages


def _normalized(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs collapsed to one space, and the original offset of each character."""
    out, pos = [], []
    prev_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                pos.append(i)
            prev_space = True
        else:
            out.append(ch)
            pos.append(i)
            prev_space = False
    return "".join(out), pos


def locate(page: GoldPage, text: str) -> int:
    """Fill each gold unit's spans in ``text``; return how many units could not be found."""
    norm_text, pos = _normalized(text)
    for unit in page.units:
        unit.spans = []
    cursor = 0
    for ui, si in page.order:
        seg, _ = _normalized(page.units[ui].segments[si])
        seg = seg.strip()
        if not seg:
            continue
        head, tail = seg[:40], seg[-40:]
        a = norm_text.find(head, cursor)
        b = norm_text.find(tail, a + len(head) - min(len(head), len(tail))) if a >= 0 else -1
        if a < 0 or b < 0:
            continue
        page.units[ui].spans.append((pos[a], pos[b + len(tail) - 1] + 1))
        cursor = b + len(tail)
    return sum(1 for u in page.units if not u.spans)


def _chars(spans: list[tuple[int, int]], holes: list[tuple[int, int]], text: str) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(i for i in range(s, e) if not text[i].isspace())
    for s, e in holes:
        out.difference_update(range(s, e))
    return out


def _char_sets(spans: list[list[tuple[int, int]]], text: str) -> list[set[int]]:
    """Characters of each unit: its spans minus the spans of units nested inside them."""
    sets = []
    for i, own in enumerate(spans):
        holes = [sp for j, other in enumerate(spans) if j != i for sp in other
                 if any(s <= sp[0] and sp[1] <= e and (sp[1] - sp[0]) < (e - s) for s, e in own)]
        sets.append(_chars(own, holes, text))
    return sets


@dataclass
class Score:
    pages: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    missing_in_text: int = 0
    kind_tp: Counter[str] = field(default_factory=Counter)
    kind_gold: Counter[str] = field(default_factory=Counter)
    kind_pred: Counter[str] = field(default_factory=Counter)
    field_ok: Counter[str] = field(default_factory=Counter)
    field_n: Counter[str] = field(default_factory=Counter)
    body_foreign_chars: int = 0     # gold non-article characters inside predicted article units
    body_chars: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, page: GoldPage, text: str, units: list[Unit], threshold: float = 0.8,
            *, located: bool = False) -> list[tuple[int, int]]:
        """Score one page; returns the matched (gold unit, predicted unit) index pairs.

        ``located``: the gold units carry their spans already (offset gold), so they are not searched."""
        self.pages += 1
        if not located:
            self.missing_in_text += locate(page, text)
        gold = [u for u in page.units if u.spans]
        gsets = _char_sets([u.spans for u in gold], text)
        psets = _char_sets([[tuple(sp) for sp in u.meta.get("spans") or [(u.start, u.end)]] for u in units], text)
        self.gold += len(gold)
        self.predicted += len(units)
        for g in gold:
            self.kind_gold[g.kind] += 1
        for u in units:
            self.kind_pred[u.kind] += 1
        pairs = []
        for gi, gs in enumerate(gsets):
            for pi, ps in enumerate(psets):
                inter = len(gs & ps)
                if inter:
                    pairs.append((inter / max(len(gs), len(ps), 1), gi, pi))
        used_g, used_p = set(), set()
        matches = []
        for ratio, gi, pi in sorted(pairs, reverse=True):
            if ratio < threshold or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            matches.append((page.units.index(gold[gi]), pi))
            self.matched += 1
            g, p = gold[gi], units[pi]
            self.confusion[g.kind][p.kind] += 1
            if g.kind == p.kind:
                self.kind_tp[g.kind] += 1
            for f in FIELDS:
                if f in g.fields:
                    self.field_n[f] += 1
                    if _same(g.fields[f], getattr(p, f)):
                        self.field_ok[f] += 1
        article_chars = set().union(*(ps for ps, u in zip(psets, units, strict=True) if u.kind == "article")) \
            if units else set()
        foreign = set().union(*(gs for gs, g in zip(gsets, gold, strict=True) if g.kind != "article")) \
            if gold else set()
        self.body_chars += len(article_chars)
        self.body_foreign_chars += len(article_chars & foreign)
        return matches

    def summary(self) -> dict[str, Any]:
        def ratio(a: float, b: float) -> float:
            return round(a / b, 4) if b else 1.0
        kinds = {}
        for k in KINDS:
            p = ratio(self.kind_tp[k], self.kind_pred[k])
            r = ratio(self.kind_tp[k], self.kind_gold[k])
            kinds[k] = {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                        "gold": self.kind_gold[k], "predicted": self.kind_pred[k]}
        bp = ratio(self.matched, self.predicted)
        br = ratio(self.matched, self.gold)
        return {
            "pages": self.pages, "gold_units": self.gold, "predicted_units": self.predicted,
            "gold_missing_in_text": self.missing_in_text,
            "boundary": {"precision": bp, "recall": br, "f1": round(2 * bp * br / (bp + br), 4) if bp + br else 0.0},
            "kinds": kinds,
            "kind_macro_f1": round(sum(v["f1"] for v in kinds.values()) / len(kinds), 4),
            "fields": {f: ratio(self.field_ok[f], self.field_n[f]) for f in FIELDS},
            "article_body_foreign_share": ratio(self.body_foreign_chars, self.body_chars),
            "confusion": {g: dict(c) for g, c in self.confusion.items()},
        }


HONORIFIC = re.compile(r"^(?:dr|prof|col|mr|mrs|ms|av|the)\.?\s+", re.IGNORECASE)
NAME_SPLIT = re.compile(r"\s+(?:and|&|dhe|و)\s+|\s*[,;،]\s*")


def _names(value: str) -> frozenset[str]:
    """A field as a set of names: case, parentheses, honorifics and a leading "The" do not count."""
    value = re.sub(r"\([^)]*\)", " ", value.replace("\u200c", " "))
    out = set()
    for part in NAME_SPLIT.split(value):
        part = " ".join(part.lower().strip(" .:–-").split())
        while HONORIFIC.match(part):
            part = HONORIFIC.sub("", part, count=1)
        if part:
            out.add(part)
    return frozenset(out)


def _same(gold: str | None, pred: str | None) -> bool:
    """A gold field of ``None`` (offset gold: "must be empty") matches only an empty prediction."""
    if gold is None or pred is None:
        return gold is None and not pred
    if " ".join(gold.lower().split()) == " ".join(pred.lower().split()):
        return True
    return _names(gold) == _names(pred)
