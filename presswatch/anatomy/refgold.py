"""Gold for page anatomy by character offsets (``tests/data/refpages``): real pages and the never-tuned split.

A gold file (``*.gold.json``) names its page (``file``; ``source`` is ``shared`` for a page read from
``../shared/data/reference-pages`` or ``local`` for a page next to the gold file) and lists, in reading
order:

- ``units``: ``id``, ``kind``, ``spans`` (``[start, end)`` offsets into the file text; a unit interrupted by
  a nested one, e.g. a teaser between two paragraphs of an article, has several), ``anchors`` (the first
  and last few words of each span, checked on load so an offset that drifts is caught), ``fields``
  (``title``/``author``/``outlet``/``published``/``section``/``translator``/``role``; a field given as
  ``null`` must come out empty);
- ``translations``: ``{"original": unit id, "translation": unit id, "passages": [[span, span], ...]}``;
- ``quotes``: ``{"span": [s, e], "anchor": ..., "speaker": ...}``.

Texts stay where they are: the gold holds offsets and short anchors, never passages. Gold files are
written from a line-based spec (``*.spec``, see :func:`resolve_spec`) so that annotating a page means
naming its lines, not counting characters.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.anatomy.gold import GoldPage, GoldUnit

ANCHOR_WORDS = 4


class GoldError(ValueError):
    """A gold file whose offsets no longer fit its page (fix the spec and resolve it again)."""


@dataclass
class OffsetGold:
    name: str
    path: Path
    text: str
    units: list[dict[str, Any]]
    translations: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def as_gold_page(self) -> GoldPage:
        """The page as a :class:`GoldPage` with its spans already placed (for :class:`Score`)."""
        units = []
        for u in self.units:
            fields = {("published" if k == "date" else k): v for k, v in u.get("fields", {}).items()}
            gu = GoldUnit(u["kind"], fields, [self.text[s:e] for s, e in u["spans"]],
                          [tuple(sp) for sp in u["spans"]])
            units.append(gu)
        return GoldPage(self.name, "text", self.text, units, "refpages")


def _anchor(text: str, s: int, e: int) -> list[str]:
    """The first and last few words of ``text[s:e]`` (at most 40 characters each: URLs are long)."""
    words = text[s:e].split()
    return [" ".join(words[:ANCHOR_WORDS])[:40], " ".join(words[-ANCHOR_WORDS:])[-40:]]


def check_anchors(text: str, units: list[dict[str, Any]], name: str) -> None:
    last = 0
    for u in units:
        for (s, e), (head, tail) in zip(u["spans"], u["anchors"], strict=True):
            if not (0 <= s < e <= len(text)):
                raise GoldError(f"{name}: unit {u['id']} span {s}-{e} outside the page")
            if _anchor(text, s, e) != [head, tail]:
                raise GoldError(f"{name}: unit {u['id']} span {s}-{e} no longer starts with {head!r} / ends with {tail!r}")
        first = u["spans"][0][0]
        if first < last:
            raise GoldError(f"{name}: unit {u['id']} out of reading order")
        last = first


def load_offset_gold(path: Path, shared_pages: Path) -> OffsetGold:
    data = json.loads(path.read_text(encoding="utf-8"))
    src = shared_pages / data["file"] if data.get("source") == "shared" else path.parent / data["file"]
    if not src.is_file():
        raise FileNotFoundError(f"page {src} of gold file {path.name} not found (set PRESSWATCH_SHARED)")
    text = src.read_text(encoding="utf-8")
    check_anchors(text, data["units"], path.name)
    return OffsetGold(path.name.removesuffix(".gold.json"), src, text, data["units"],
                      data.get("translations", []), data.get("quotes", []))


def load_split(folder: Path, shared_pages: Path, prefix: str) -> list[OffsetGold]:
    return [load_offset_gold(p, shared_pages) for p in sorted(folder.glob(f"{prefix}*.gold.json"))]


REFPAGES_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "refpages"


def partition_violations(units: list[Any]) -> list[str]:
    """Where a page's units break the partition: pieces that overlap, units out of reading order.

    A unit's pieces are ``meta["spans"]`` when it has holes (a teaser nested between two of its
    paragraphs), else ``[start, end)``."""
    problems = []
    pieces = sorted((s, e, u.ordinal) for u in units for s, e in unit_spans(u) if e > s)
    for (_s1, e1, o1), (s2, e2, o2) in zip(pieces, pieces[1:], strict=False):
        if s2 < e1:
            problems.append(f"units {o1} and {o2} overlap at {s2}-{min(e1, e2)}")
    starts = [u.start for u in units]
    if starts != sorted(starts):
        problems.append("units are not in reading order")
    return problems


def unit_spans(unit: Any) -> list[tuple[int, int]]:
    spans = unit.meta.get("spans") if unit.meta else None
    return [(int(s), int(e)) for s, e in spans] if spans else [(unit.start, unit.end)]


def score_pages(pages: list[OffsetGold], run: Any) -> dict[str, Any]:
    """Boundary/kind/field scores (:class:`Score`) plus digest sections, translation links, partition.

    ``run(page) -> list[Unit]`` produces the units of one page's text."""
    from presswatch.anatomy.gold import Score, _same

    score = Score()
    section_ok = section_n = section_gold = links_ok = links_n = violations = 0
    field_gold: dict[str, int] = {}
    misses: list[str] = []
    for page in pages:
        for g in page.units:
            for f in g.get("fields", {}):
                field_gold[f] = field_gold.get(f, 0) + 1
            section_gold += "section" in g.get("fields", {})
        units = run(page)
        gp = page.as_gold_page()
        matches = dict(score.add(gp, page.text, units, located=True))
        violations += len(partition_violations(units))
        misses.extend(_misses(page, units, matches))
        for gi, g in enumerate(page.units):
            if "section" in g.get("fields", {}) and gi in matches:
                section_n += 1
                section_ok += _same(g["fields"]["section"], units[matches[gi]].meta.get("section"))
        ids = {u["id"]: i for i, u in enumerate(page.units)}
        for pair in page.translations:
            links_n += 1
            o, t = matches.get(ids[pair["original"]]), matches.get(ids[pair["translation"]])
            if o is not None and t is not None and units[t].kind == "translation" \
                    and units[t].meta.get("translation_of_ordinal") == units[o].ordinal:
                links_ok += 1
    out = score.summary()
    out.pop("confusion", None)
    out["section"] = f"{section_ok}/{section_n} matched, {section_gold} in gold"
    # over every gold field: a unit that was not found counts as a wrong field
    out["fields_all"] = {f: round(score.field_ok[f] / field_gold[f], 4) if field_gold.get(f) else 1.0
                         for f in ("title", "author", "outlet", "published")}
    out["translation_links"] = f"{links_ok}/{links_n}"
    out["partition_violations"] = violations
    out["field_counts"] = dict(score.field_n)
    out["misses"] = misses
    return out


def _misses(page: OffsetGold, units: list[Any], matches: dict[int, int]) -> list[str]:
    """What one page gets wrong, one line each: gold units not found, wrong kinds and wrong fields."""
    from presswatch.anatomy.gold import FIELDS, _same

    out = []
    for gi, g in enumerate(page.units):
        s, e = g["spans"][0]
        where = f"{page.name} {g['kind']} {s}-{e} {page.text[s:min(e, s + 40)]!r}"
        if gi not in matches:
            over = [f"{u.kind} {u.start}-{u.end}" for u in units if u.start < e and u.end > s]
            out.append(f"{where}: not found (overlapping: {', '.join(over[:3]) or 'none'})")
            continue
        p = units[matches[gi]]
        if p.kind != g["kind"]:
            out.append(f"{where}: kind {p.kind}")
        for f in FIELDS:
            if f in g.get("fields", {}) and not _same(g["fields"][f], getattr(p, f)):
                out.append(f"{where}: {f} {g['fields'][f]!r} got {getattr(p, f)!r}")
    return out


# --- writing gold files from a line-based spec ------------------------------------------------------

def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def resolve_spec(spec: str, text: str) -> dict[str, Any]:
    """A gold document from a spec: one unit segment per line, ``<kind> <lines> key=value ...``.

    ``<lines>`` is ``A`` or ``A-B`` (1-based line numbers); ``at="words"`` starts the segment at those
    words on line A (a caption glued in front of a title); a segment ends at the end of line B, or just
    before the next segment when that starts on line B. ``cont id=X`` adds a segment to unit X;
    ``pair ORIG TRANS A=B ...`` pairs passages (line A of the original with line B of the translation);
    ``quote <lines> speaker=...`` marks a quote. Header lines: ``file NAME SOURCE``.
    """
    starts = _line_starts(text)
    flat = text.replace("\xa0", " ").replace("\u200c", " ")    # anchors match across no-break spaces
    lines = text.split("\n")
    header: dict[str, Any] = {}
    segs: list[tuple[str, dict[str, str], int]] = []   # (kind, args, start offset)
    ends: list[int] = []
    pairs, quotes = [], []

    def place(rng: str, at: str | None) -> tuple[int, int]:
        a, _, b = rng.partition("-")
        la, lb = int(a), int(b or a)
        s = starts[la - 1]
        if at is not None:
            # "words|More" starts the segment at the bar (a caption ending in the title's own words)
            bar = at.find("|")
            k = flat.find(at.replace("|", ""), s, starts[la - 1] + len(lines[la - 1]))
            if k < 0:
                raise GoldError(f"anchor {at!r} not on line {la}")
            s = k + max(bar, 0)
        while text[s].isspace():
            s += 1
        e = starts[lb - 1] + len(lines[lb - 1])
        while text[e - 1].isspace():
            e -= 1
        return s, e

    for raw in spec.splitlines():
        line = raw.split(" # ", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        lex = shlex.shlex(line, posix=True)
        lex.quotes, lex.whitespace_split, lex.commenters = '"', True, ""
        parts = list(lex)
        kind, args = parts[0], dict(p.split("=", 1) for p in parts[2:] if "=" in p)
        if kind == "file":
            header = {"file": parts[1], "source": parts[2]}
            continue
        if kind == "pair":
            pairs.append((parts[1], parts[2], [tuple(map(int, p.split("="))) for p in parts[3:]]))
            continue
        if kind == "quote":
            quotes.append((place(parts[1], args.get("at")), args.get("speaker")))
            continue
        s, e = place(parts[1], args.pop("at", None))
        segs.append((kind, args, s))
        ends.append(e)
    # a segment ends before the next one when that starts inside it (glued on one line)
    order = sorted(range(len(segs)), key=lambda k: segs[k][2])
    for j, k in enumerate(order[:-1]):
        nxt = segs[order[j + 1]][2]
        if nxt < ends[k]:
            e = nxt
            while e > segs[k][2] and text[e - 1].isspace():
                e -= 1
            ends[k] = e
    units: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for n, ((kind, args, s), e) in enumerate(zip(segs, ends, strict=True)):
        if kind == "cont":
            unit = by_id[args["id"]]
            unit["spans"].append([s, e])
            unit["anchors"].append(_anchor(text, s, e))
            continue
        uid = args.pop("id", f"u{n + 1}")
        fields: dict[str, Any] = {k: (None if v == "-" else v) for k, v in args.items()}
        unit = {"id": uid, "kind": "boilerplate" if kind == "bp" else kind, "spans": [[s, e]],
                "anchors": [_anchor(text, s, e)], "fields": fields}
        units.append(unit)
        by_id[uid] = unit
    units.sort(key=lambda u: u["spans"][0][0])
    out: dict[str, Any] = {**header, "units": units, "translations": [], "quotes": []}
    for orig, trans, lp in pairs:
        out["translations"].append({"original": orig, "translation": trans, "passages": [
            [list(place(str(a), None)), list(place(str(b), None))] for a, b in lp]})
    for (s, e), speaker in quotes:
        out["quotes"].append({"span": [s, e], "anchor": _anchor(text, s, e)[0], "speaker": speaker})
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m presswatch.anatomy.refgold SPEC PAGE OUT``: write a gold file from a spec."""
    import sys
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 3:
        print("usage: python -m presswatch.anatomy.refgold SPEC PAGE OUT.gold.json", file=sys.stderr)
        return 2
    spec, page, out = (Path(a) for a in args)
    doc = resolve_spec(spec.read_text(encoding="utf-8"), page.read_text(encoding="utf-8"))
    check_anchors(page.read_text(encoding="utf-8"), doc["units"], out.name)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(doc['units'])} units, {len(doc['translations'])} translation pairs, "
          f"{len(doc['quotes'])} quotes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
