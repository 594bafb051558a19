"""Translation links without machine translation, and the pluggable MT backend interface.

A pair of texts in two languages is scored from features that survive translation:

* ``sequence``: longest common subsequence of the two anchor sequences over the longer one
  (translations keep numbers and names in the same order; another article on the story does not);
* ``bag``: Dice of the two anchor multisets;
* ``beads``: mean anchor agreement of the Gale–Church beads (paragraph by paragraph);
* ``gapless``: share of paragraphs aligned to something (not 1-0 / 0-1 beads);
* ``length``: plausibility of the total length ratio for the language pair.

With a :class:`TranslationBackend` configured (``[reuse] translation_backend = "module:Class"``), the
second text is translated into the first one's language and the word overlap of aligned beads is
added as ``lexical``. The default, ``"anchors"``, needs nothing but the texts and works offline.
"""

from __future__ import annotations

import importlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

from presswatch.reuse.align import Bead, align, dice
from presswatch.reuse.anchors import Paragraph, anchor_bag, document, strong
from presswatch.reuse.shingles import tokens

# Typical character-length ratio target/source (measured on tests/data/reuse fixtures).
LENGTH_RATIO = {("en", "sq"): 1.08, ("en", "fa"): 0.93, ("sq", "fa"): 0.86}
LOG_RATIO_SIGMA = 0.25
WEIGHTS = {"bag": 0.35, "sequence": 0.15, "beads": 0.25, "gapless": 0.1, "length": 0.15}
THRESHOLD = 0.87


@runtime_checkable
class TranslationBackend(Protocol):
    """A machine-translation backend: translate ``texts`` from ``src`` into ``tgt`` (ISO 639-1)."""

    name: str

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]: ...


def load_backend(spec: str | None) -> TranslationBackend | None:
    """``"anchors"`` (default, no MT) -> None; ``"package.module:ClassName"`` -> an instance of it."""
    if not spec or spec == "anchors":
        return None
    module_name, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"[reuse] translation_backend = {spec!r}: use \"anchors\" or \"package.module:ClassName\"")
    try:
        backend = getattr(importlib.import_module(module_name), attr)()
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"[reuse] translation_backend = {spec!r} cannot be loaded ({exc}); "
                         "install the module or set it back to \"anchors\"") from exc
    if not isinstance(backend, TranslationBackend):
        raise ValueError(f"{spec} has no translate(texts, src, tgt) method and name attribute")
    return backend


@dataclass(frozen=True)
class Text:
    """A unit prepared for translation matching."""

    id: int
    lang: str
    paragraphs: list[Paragraph]

    @classmethod
    def of(cls, id: int, text: str, lang: str) -> Text:
        return cls(id, lang, document(text))

    @property
    def length(self) -> int:
        return sum(p.length for p in self.paragraphs)

    def sequence(self) -> list[str]:
        return [a for p in self.paragraphs for a in p.anchors]

    def strong_anchors(self) -> set[str]:
        """Anchors worth an index entry for candidate pairs (see :func:`anchors.strong`)."""
        return {a for a in self.sequence() if strong(a)}


@dataclass(frozen=True)
class PairScore:
    score: float
    features: dict[str, float]
    beads: list[Bead] = field(default_factory=list)

    def alignment(self) -> list[list[list[int]]]:
        """Paragraph alignment as ``[[a indexes], [b indexes]]`` per bead (JSON-ready)."""
        return [[list(b.a), list(b.b)] for b in self.beads]


def lcs(x: Sequence[str], y: Sequence[str]) -> int:
    if not x or not y:
        return 0
    prev = [0] * (len(y) + 1)
    for xi in x:
        cur = [0]
        for j, yj in enumerate(y):
            cur.append(prev[j] + 1 if xi == yj else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def length_plausibility(a: Text, b: Text) -> float:
    if not a.length or not b.length:
        return 0.0
    expected = LENGTH_RATIO.get((a.lang, b.lang)) or 1 / LENGTH_RATIO.get((b.lang, a.lang), 1.0)
    z = math.log((b.length / a.length) / expected) / LOG_RATIO_SIGMA
    return math.exp(-z * z / 2)


def lexical(a: Text, b: Text, beads: list[Bead], backend: TranslationBackend) -> float:
    """Token overlap of aligned beads once ``b`` is translated into ``a``'s language."""
    translated = backend.translate([p.text for p in b.paragraphs], b.lang, a.lang)
    scores, weights = [], []
    for bead in beads:
        if not bead.a or not bead.b:
            continue
        ta = set(tokens(" ".join(a.paragraphs[i].text for i in bead.a)))
        tb = set(tokens(" ".join(translated[j] for j in bead.b)))
        if ta and tb:
            scores.append(2 * len(ta & tb) / (len(ta) + len(tb)))
            weights.append(len(ta))
    return sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights) if weights else 0.0


def comparable(a: Text, b: Text) -> tuple[list[Paragraph], list[Paragraph]]:
    """Both texts keeping only anchors that can agree: numbers and URLs always (a translation keeps
    them), names and acronyms only when the other text has them too (capitalisation conventions and
    scripts differ, so a name missing on one side is no evidence against a translation)."""
    bag_a, bag_b = anchor_bag(a.paragraphs), anchor_bag(b.paragraphs)

    def keep(paras: list[Paragraph], other: Counter[str]) -> list[Paragraph]:
        return [replace(p, anchors=tuple(x for x in p.anchors if x[0] in "numq" or x in other)) for p in paras]

    return keep(a.paragraphs, bag_b), keep(b.paragraphs, bag_a)


def score_pair(a: Text, b: Text, backend: TranslationBackend | None = None,
               prune_below: float | None = None) -> PairScore:
    """How likely ``b`` translates ``a`` (or the reverse): 0..1 with the features and the alignment.

    With ``prune_below`` (and no MT backend), a pair whose score could not reach it even with a perfect
    paragraph alignment is not aligned: the returned score is that upper bound, marked
    ``features["pruned"] = 1``, and there are no beads. Alignment is the costly step (quadratic in the
    paragraph counts), and most candidate pairs on one story fail on the anchor bag alone.
    """
    if not a.paragraphs or not b.paragraphs:
        return PairScore(0.0, {})
    pa, pb = comparable(a, b)
    core_a = [x for p in pa for x in p.anchors if x[0] in "numq"]
    core_b = [x for p in pb for x in p.anchors if x[0] in "numq"]
    if len(core_a) + len(core_b) < 4:          # few numbers: let shared names carry the evidence
        core_a = [x for p in pa for x in p.anchors]
        core_b = [x for p in pb for x in p.anchors]
    features = {
        "bag": dice(Counter(core_a), Counter(core_b)),
        "sequence": lcs(core_a, core_b) / max(len(core_a), len(core_b)) if core_a and core_b else 0.0,
        "length": length_plausibility(a, b),
    }
    if prune_below is not None and backend is None:
        best_case = _weighted({**features, "beads": 1.0, "gapless": 1.0})
        if best_case < prune_below:
            return PairScore(round(best_case, 4), {**{k: round(v, 4) for k, v in features.items()}, "pruned": 1.0})
    beads = align(pa, pb)
    agreements = [bd.anchor_agreement for bd in beads if bd.anchor_agreement is not None]
    aligned = sum(len(bd.a) + len(bd.b) for bd in beads if bd.a and bd.b)
    features["beads"] = sum(agreements) / len(agreements) if agreements else 0.0
    features["gapless"] = aligned / (len(pa) + len(pb))
    score = _weighted(features)
    if len(core_a) + len(core_b) < 4:          # too few anchors to tell a translation from a look-alike
        score = min(score, THRESHOLD - 0.05)
    if backend is not None:
        features["lexical"] = lexical(a, b, beads, backend)
        score = 0.5 * score + 0.5 * features["lexical"]
    return PairScore(round(score, 4), {k: round(v, 4) for k, v in features.items()}, beads)


def _weighted(features: dict[str, float]) -> float:
    # The bag counts squared: another article on the story shares many anchors, a translation all of them.
    return sum(WEIGHTS[k] * (v * v if k == "bag" else v) for k, v in features.items() if k in WEIGHTS)


def candidates(a: Text, others: Sequence[Text], min_shared: int = 1) -> list[Text]:
    """Texts in another language sharing at least ``min_shared`` strong anchors with ``a``."""
    mine = a.strong_anchors()
    out = []
    for other in others:
        if other.lang == a.lang or other.id == a.id:
            continue
        if len(mine & other.strong_anchors()) >= min_shared:
            out.append(other)
    return out


def match(texts: Sequence[Text], backend: TranslationBackend | None = None,
          threshold: float = THRESHOLD) -> list[tuple[int, int, PairScore]]:
    """Translation pairs among ``texts``: mutual best per language pair, score >= ``threshold``."""
    scores: dict[tuple[int, int], PairScore] = {}
    for a in texts:
        for b in candidates(a, texts):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key not in scores:
                first, second = (a, b) if a.id < b.id else (b, a)
                scores[key] = score_pair(first, second, backend)
    lang = {t.id: t.lang for t in texts}
    best: dict[tuple[int, str], float] = {}
    for (x, y), ps in scores.items():
        for me, other in ((x, y), (y, x)):
            k = (me, lang[other])
            best[k] = max(best.get(k, 0.0), ps.score)
    out = []
    for (x, y), ps in scores.items():
        if ps.score >= threshold and ps.score >= best[(x, lang[y])] and ps.score >= best[(y, lang[x])]:
            out.append((x, y, ps))
    return sorted(out, key=lambda t: (t[0], t[1]))


def describe(ps: PairScore) -> dict[str, Any]:
    return {"features": ps.features, "alignment": ps.alignment()}
