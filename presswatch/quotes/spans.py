"""The shapes English attribution is made of, shared by the parse path (:mod:`presswatch.quotes.attribute`),
the rules path (:mod:`presswatch.quotes.attribute_rules`) and the checks of who speaks
(:mod:`presswatch.quotes.speaker_checks`): a character span, an attribution, and a span's trimming."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OPEN_QUOTES = "\"“”"
EDGE_PUNCT = " \n\t,.;:-–—"


@dataclass(frozen=True)
class Attribution:
    source: Span | None
    cue: Span | None
    content: Span | None
    direct: bool = False
    content_spans: tuple[Span, ...] = field(default=())
    weight: float = 1.0   # how sure the cue is (its PolNeAR train ratio); decides between nested ones


def trim(text: str, span: Span | None, keep_quotes: bool = True) -> Span | None:
    """``span`` without the spaces and punctuation at its edges (and a stray opening mark), or None."""
    if span is None:
        return None
    s, e = span
    while s < e and text[s] in EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in EDGE_PUNCT:
        e -= 1
    if s < e and text[s] in OPEN_QUOTES and text[s + 1:e].count("\"") + text[s + 1:e].count("”") == 0:
        s += 1  # a stray mark from a quotation the span only starts
    return (s, e) if e > s else None
