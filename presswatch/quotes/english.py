"""English quotes from PolNeAR-style attributions: each attribution becomes a :class:`Quote` with its
source and cue offsets, the speaker resolved through the unit's mentions, and its outlet.

The stored content is what a reader wants to see: a direct quote without its outer quotation marks
and trailing comma, a reported claim without a leading "that". The attribution spans themselves (as
PolNeAR marks them, marks and "that" included) are what bench/attribution.py scores."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from presswatch.quotes.attribute import Attribution, attribute_parsed
from presswatch.quotes.attribute_rules import attribute_rules
from presswatch.quotes.extract import MIN_WORDS, Extractor, MentionRef, Quote, merge_quotes
from presswatch.quotes.speaker_checks import stored_claim
from presswatch.quotes.speakers import find_outlet, resolve_speaker

OPEN = "\"“‘«"
CLOSE = "\"”’»"


def display_span(text: str, a: Attribution) -> tuple[int, int, bool]:
    """(start, end, direct) of the content as stored."""
    assert a.content is not None
    s, e = a.content
    direct = False
    if text[s:s + 1] in OPEN and text[e - 1:e] in CLOSE and e - s > 2:
        s, e, direct = s + 1, e - 1, True
    elif text[s:s + 5].lower() == "that " and not a.direct:
        s += 5
    while e > s and text[e - 1] in " ,;:":
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return s, e, direct


def attribute_text(text: str, doc: Any | None = None) -> list[Attribution]:
    """Attributions of ``text``: from the parse when ``doc`` is given, else from the rules."""
    return attribute_parsed(text, doc) if doc is not None else attribute_rules(text)


def unit_quotes(text: str, mentions: list[MentionRef], doc: Any | None = None,
                parsed: list[Attribution] | None = None, rules: list[Attribution] | None = None) -> list[Quote]:
    """The quotes stored for an English unit: the attributions, and without a parse also what the cue
    patterns of :mod:`presswatch.quotes.extract` find that the attribution rules missed. ``parsed``:
    the attributions of the parse made earlier (the per-page "nlp" component), instead of ``doc``;
    ``rules``: without either, what the attribution rules found earlier (the "prepare" component)."""
    found = english_quotes(text, mentions, doc, parsed if parsed is not None or doc is not None else rules)
    if doc is not None or parsed is not None:
        return found
    return merge_quotes(found, Extractor("en").extract(text, mentions))


def english_quotes(text: str, mentions: list[MentionRef], doc: Any | None = None,
                   parsed: list[Attribution] | None = None) -> list[Quote]:
    out: list[Quote] = []
    for whole in parsed if parsed is not None else attribute_text(text, doc):
        if whole.content is None or not stored_claim(text, whole):
            continue
        # "“A,” she said. “B.”": one PolNeAR content in two fragments, stored as two quotes
        parts = [whole] if len(whole.content_spans) < 2 or not whole.direct else \
            [replace(whole, content=f, content_spans=(f,)) for f in whole.content_spans]
        out.extend(_quotes(text, parts, mentions))
    out.sort(key=lambda q: q.start)
    return out


def _quotes(text: str, parts: list[Attribution], mentions: list[MentionRef]) -> list[Quote]:
    out = []
    for a in parts:
        s, e, direct = display_span(text, a)
        if len(text[s:e].split()) < MIN_WORDS:
            continue
        speaker, entity = resolve_speaker(text, a.source, mentions)  # type: ignore[arg-type]
        outlet = find_outlet(text, a, mentions)  # type: ignore[arg-type]
        cue = " ".join(text[a.cue[0]:a.cue[1]].split()) if a.cue else None
        out.append(Quote(s, e, text[s:e], speaker, entity, cue, direct, outlet,
                         a.source[0] if a.source else None, a.source[1] if a.source else None,
                         a.cue[0] if a.cue else None, a.cue[1] if a.cue else None))
    return out
