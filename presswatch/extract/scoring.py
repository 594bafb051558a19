"""Scoring functions for main-text extraction benchmarks (AEB and WCXB), reusable by any benchmark.

AEB (Article Extraction Benchmark, Scrapinghub/Zyte): tokens are ``\\w+`` matches, 4-word shingles are
counted as multisets; per page tp = shared shingles, fp = extra predicted, fn = missed. Precision and
recall are each averaged over pages (a page with fp = fn = 0 counts 1 for both; a page with nothing
predicted has precision 0) and F1 = 2PR / (P + R) of the two means. A text shorter than four tokens is
one shorter shingle, as in the benchmark's own script.

WCXB (Web Content eXtraction Benchmark): bag-of-words F1 per page, averaged over pages. Words are
lower-cased ``\\w+`` matches counted as multisets; precision = shared / predicted, recall = shared /
expected; both empty = 1, one empty = 0. Snippets: a ``with`` snippet is hit when its normalised text
(lower-cased, whitespace collapsed) occurs in the normalised extracted text; a ``without`` snippet is
hit (good) when it does not occur there. Rates are pooled over all snippets of all pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_RE = re.compile(r"\w+")
SHINGLE_N = 4


def tokens(text: str | None) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(toks: list[str], n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        sh = tuple(toks[i:i + n])
        if sh:
            out[sh] += 1
    return out


@dataclass(frozen=True)
class PageCounts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp + self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp + self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


def aeb_page(expected: str, predicted: str | None) -> PageCounts:
    """Shingle counts of one page, the AEB way."""
    true = shingles(tokens(expected))
    pred = shingles(tokens(predicted))
    tp = sum((true & pred).values())
    return PageCounts(tp=tp, fp=sum(pred.values()) - tp, fn=sum(true.values()) - tp)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int


def aeb_score(pages: Iterable[PageCounts]) -> Score:
    """F1 of the mean precision and mean recall over pages (the AEB aggregate)."""
    items = list(pages)
    if not items:
        return Score(0.0, 0.0, 0.0, 0)
    p = sum(c.precision for c in items) / len(items)
    r = sum(c.recall for c in items) / len(items)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, len(items))


def bow_prf(expected: str, predicted: str | None) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of one page (WCXB)."""
    true = Counter(t.lower() for t in tokens(expected))
    pred = Counter(t.lower() for t in tokens(predicted))
    if not true and not pred:
        return 1.0, 1.0, 1.0
    if not true or not pred:
        return 0.0, 0.0, 0.0
    shared = sum((true & pred).values())
    p = shared / sum(pred.values())
    r = shared / sum(true.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def wcxb_score(per_page: Iterable[tuple[float, float, float]]) -> Score:
    """Per-page precision, recall and F1 averaged over pages (WCXB)."""
    items = list(per_page)
    if not items:
        return Score(0.0, 0.0, 0.0, 0)
    n = len(items)
    return Score(sum(i[0] for i in items) / n, sum(i[1] for i in items) / n, sum(i[2] for i in items) / n, n)


def normalise_snippet(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def snippet_hits(predicted: str | None, with_: Iterable[str], without: Iterable[str]) -> tuple[int, int, int, int]:
    """(with hits, with total, without hits, without total) for one page; see the module docstring."""
    body = normalise_snippet(predicted)
    w = [normalise_snippet(s) for s in with_ if normalise_snippet(s)]
    wo = [normalise_snippet(s) for s in without if normalise_snippet(s)]
    return (sum(1 for s in w if s in body), len(w), sum(1 for s in wo if s not in body), len(wo))
