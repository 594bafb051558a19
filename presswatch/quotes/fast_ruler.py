"""The part of spaCy's ``attribute_ruler`` that attribution reads, without its Matcher: the coarse part
of speech (``pos_``: VERB or AUX, NOUN or PROPN, PRON) from the tagger's tag, the word and the
dependency label, by the model's own patterns applied in their order (a later pattern wins, as in the
ruler), and the ruler's ``dep`` label on whitespace tokens. Morphology and the ruler's few lemmas (dialect
forms: "gonna", "'em") are not set; the lemmas attribution reads are the lemmatizer's
(:func:`presswatch.quotes.analysis.parse_attributions`).

The Matcher costs ~30 µs a token (0.06 CPU-s per WCXB page, a fifth of the parse pass); this is a dict
lookup per token. tests/test_quotes_prefilter.py checks that it gives the ruler's part of speech."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Tok = tuple[str, str, str, bool]  # tag, lower, dep, is_space
Test = Callable[[Tok], bool]
FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


def _test(key: str, want: Any) -> Test:
    k = FIELDS[key]
    if isinstance(want, dict):
        if "IN" in want:
            s = frozenset(want["IN"])
            return lambda t: t[k] in s
        if "NOT_IN" in want:
            s = frozenset(want["NOT_IN"])
            return lambda t: t[k] not in s
        if "REGEX" in want:
            rx = re.compile(want["REGEX"])
            return lambda t: bool(rx.search(t[k]))
        raise ValueError(f"unsupported attribute ruler pattern {want!r}")
    return lambda t: t[k] == want


class FastRuler:
    """Built from a loaded pipeline's ``attribute_ruler`` patterns (only those that set POS or DEP)."""

    def __init__(self, nlp: Any):
        ruler = nlp.get_pipe("attribute_ruler")
        self.by_tag: dict[str, list[tuple[int, list[Test], str]]] = {}   # single-token, TAG fixed
        self.by_lower: dict[str, list[tuple[int, list[Test], str]]] = {}  # single-token, LOWER fixed
        self.other: list[tuple[int, list[Test], str]] = []                # single-token, the rest
        self.multi: list[tuple[int, list[list[Test]], int, str]] = []     # several tokens
        self.space_dep = False
        self.morphs: dict[tuple[str | None, str | None], str] = {}  # (tag, lower) -> MORPH, later wins
        self._cache: dict[tuple[int, ...], tuple[int, str] | None] = {}
        for order, p in enumerate(ruler.patterns):
            attrs = p["attrs"]
            if "DEP" in attrs:
                if attrs["DEP"] != "dep" or p["patterns"] != [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]]:
                    raise ValueError(f"unsupported attribute ruler pattern {p!r}")
                self.space_dep = True
            if "MORPH" in attrs and len(p["patterns"]) == 1 and len(p["patterns"][0]) == 1:
                only = p["patterns"][0][0]
                if set(only) <= {"TAG", "LOWER"} and all(isinstance(v, str) for v in only.values()):
                    self.morphs[(only.get("TAG"), only.get("LOWER"))] = attrs["MORPH"]
            if "POS" not in attrs:
                continue
            for pattern in p["patterns"]:
                tests = [[_test(k, v) for k, v in tok.items()] for tok in pattern]
                if len(pattern) > 1:
                    self.multi.append((order, tests, int(p.get("index", 0)), attrs["POS"]))
                elif isinstance(pattern[0].get("TAG"), str):
                    self.by_tag.setdefault(pattern[0]["TAG"], []).append((order, tests[0], attrs["POS"]))
                elif isinstance(pattern[0].get("LOWER"), str):
                    self.by_lower.setdefault(pattern[0]["LOWER"], []).append((order, tests[0], attrs["POS"]))
                else:
                    self.other.append((order, tests[0], attrs["POS"]))

    def morph(self, tok: Any) -> str | None:
        """The ruler's morphology for a token from its tag and word (what the lemmatizer reads)."""
        return self.morphs.get((tok.tag_, tok.lower_)) or self.morphs.get((tok.tag_, None))

    def _single(self, t: Tok) -> tuple[int, str] | None:
        hit: tuple[int, str] | None = None
        for cands in (self.by_tag.get(t[0]), self.by_lower.get(t[1]), self.other):
            for order, tests, pos in cands or ():
                if (hit is None or order > hit[0]) and all(f(t) for f in tests):
                    hit = (order, pos)
        return hit

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        best: list[tuple[int, str] | None] = []
        for key in map(tuple, arr):
            hit = self._cache.get(key, False)
            if hit is False:
                hit = self._cache[key] = self._single(
                    (strings[key[0]], strings[key[1]], strings[key[2]] if key[2] else "", bool(key[3])))
            best.append(hit)  # type: ignore[arg-type]
        if self.multi:
            toks = [(strings[k[0]], strings[k[1]], strings[k[2]] if k[2] else "", bool(k[3])) for k in arr]
            for order, seq, index, pos in self.multi:
                n = len(seq)
                for i in range(len(toks) - n + 1):
                    if all(all(f(toks[i + j]) for f in seq[j]) for j in range(n)):
                        old = best[i + index]
                        if old is None or order > old[0]:
                            best[i + index] = (order, pos)
        old_pos = doc.to_array([POS]).tolist()
        new_pos = [strings.add(h[1]) if h is not None else p for h, p in zip(best, old_pos, strict=True)]
        doc.from_array([POS], numpy.array(new_pos, dtype="uint64").reshape(-1, 1))
        if self.space_dep:
            for i, key in enumerate(arr):
                if key[3] and key[2] and strings[key[2]] != "dep":
                    doc[i].dep_ = "dep"
        return doc
