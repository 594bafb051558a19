"""Gale–Church alignment of two paragraph sequences, with anchor agreement in the bead cost.

Gale & Church (1993): the length of a translation is proportional to the source length with normal
noise; a bead (1-1, 1-0, 0-1, 2-1, 1-2, 2-2) costs ``-log P(bead) - log P(|delta|)`` with
``delta = (l2 - c*l1) / sqrt(s2 * (l1 + l2/c) / 2)``. ``c`` is calibrated on the pair itself
(the ratio of the two total lengths), so one model serves every language pair. Anchors (numbers,
names, URLs) shared by the two sides lower the cost; anchors present on both sides but disjoint
raise it, which is what separates a translation from another article on the same story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from presswatch.reuse.anchors import Paragraph

BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011,
}
S2 = 6.8
ANCHOR_WEIGHT = 3.0


@dataclass(frozen=True)
class Bead:
    a: tuple[int, ...]     # paragraph indexes on side a
    b: tuple[int, ...]
    cost: float
    anchor_agreement: float | None    # Dice of the two sides' anchors, None when a side has none


def dice(x: Counter[str], y: Counter[str]) -> float:
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 0.0


def length_cost(l1: int, l2: int, c: float) -> float:
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / c) / 2
    delta = (l2 - c * l1) / math.sqrt(S2 * max(mean, 1.0))
    p = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(p, 1e-12))


def bead_cost(pa: list[Paragraph], pb: list[Paragraph], c: float) -> tuple[float, float | None]:
    """Cost of aligning paragraphs ``pa`` with ``pb`` as one bead (and the sides' anchor agreement)."""
    return _bead_cost(sum(p.length for p in pa), sum(p.length for p in pb),
                      _bag(Counter(a) for a in (p.anchors for p in pa)),
                      _bag(Counter(a) for a in (p.anchors for p in pb)), len(pa), len(pb), c)


def _bag(counters: Iterable[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for counter in counters:
        total.update(counter)
    return total


def _bead_cost(l1: int, l2: int, xa: Counter[str], xb: Counter[str], na: int, nb: int,
               c: float) -> tuple[float, float | None]:
    cost = -math.log(BEADS[(na, nb)]) + length_cost(l1, l2, c)
    agreement = None
    if xa and xb:
        agreement = dice(xa, xb)
        cost += ANCHOR_WEIGHT * (1.0 - agreement)
    elif xa or xb:
        cost += ANCHOR_WEIGHT * 0.5
    return cost, agreement


def _side_bags(paras: list[Paragraph]) -> dict[tuple[int, int], tuple[int, Counter[str]]]:
    """(length, anchor bag) of every run of 0, 1 or 2 consecutive paragraphs, keyed by (start, end)."""
    single = [Counter(p.anchors) for p in paras]
    out: dict[tuple[int, int], tuple[int, Counter[str]]] = {}
    for i in range(len(paras) + 1):
        out[(i, i)] = (0, Counter())
        if i >= 1:
            out[(i - 1, i)] = (paras[i - 1].length, single[i - 1])
        if i >= 2:
            out[(i - 2, i)] = (paras[i - 2].length + paras[i - 1].length, single[i - 2] + single[i - 1])
    return out


def align(a: list[Paragraph], b: list[Paragraph]) -> list[Bead]:
    """Lowest-cost monotone alignment of paragraph sequences ``a`` and ``b``."""
    n, m = len(a), len(b)
    la, lb = sum(p.length for p in a), sum(p.length for p in b)
    c = (lb / la) if la and lb else 1.0
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # Anchor bags and lengths of every possible bead side, computed once instead of per DP cell.
    bags_a = _side_bags(a)
    bags_b = _side_bags(b)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for (di, dj) in BEADS:
                if di > i or dj > j:
                    continue
                prev = cost[i - di][j - dj]
                if prev == inf:
                    continue
                la_, xa = bags_a[(i - di, i)]
                lb_, xb = bags_b[(j - dj, j)]
                bc, agreement = _bead_cost(la_, lb_, xa, xb, di, dj, c)
                if prev + bc < cost[i][j]:
                    cost[i][j] = prev + bc
                    back[i][j] = (di, dj, agreement)
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:
            break
        di, dj, agreement = step
        total_here = cost[i][j] - cost[i - di][j - dj]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), total_here, agreement))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
