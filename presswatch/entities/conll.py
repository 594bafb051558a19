"""Entity tagging of pre-tokenised sentences, for scoring against CoNLL-style NER sets (PEYMA, ARMAN).

The sentences of one file are linked in order by one :class:`Linker`, each sentence a unit, so names
discovered in one sentence are found again in later ones (as names learned across an archive are).
Mentions are mapped back to the given tokens: a gold token is tagged when a mention overlaps it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from presswatch.entities.linker import Linker

KIND_TAG = {"person": "PER", "org": "ORG", "place": "LOC"}
GOLD_TYPES = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]      # gold IOB2 tags reduced to PER/ORG/LOC (other types become O)


def _gold_tag(raw: str) -> str:
    if raw in ("O", "") or len(raw) < 3:
        return "O"
    prefix, kind = raw[0], GOLD_TYPES.get(raw[2:].upper())
    return f"{prefix}-{kind}" if kind else "O"


def read_conll(path: Path, sep: str = "ws") -> list[Sentence]:
    """PEYMA (``sep="pipe"``: ``token|TAG``) or ARMAN (``token TAG``) files; blank line between sentences."""
    out: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip():
            if toks:
                out.append(Sentence(tuple(toks), tuple(tags)))
                toks, tags = [], []
            continue
        tok, _, tag = line.rpartition("|") if sep == "pipe" else line.rpartition(" ")
        toks.append(tok)
        tags.append(_gold_tag(tag.strip()))
    if toks:
        out.append(Sentence(tuple(toks), tuple(tags)))
    return out


def sentence_text(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined by spaces, and each token's character span."""
    parts, spans, pos = [], [], 0
    for tok in tokens:
        parts.append(tok)
        spans.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(parts), spans


def spans_to_tags(spans: list[tuple[int, int]], mentions: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for tokens at ``spans`` from (start, end, TYPE) character mentions (first one wins)."""
    tags = ["O"] * len(spans)
    for start, end, kind in sorted(mentions):
        idx = [k for k, (s, e) in enumerate(spans) if s < end and e > start]
        if not idx or any(tags[k] != "O" for k in idx):
            continue
        for n, k in enumerate(idx):
            tags[k] = ("B-" if n == 0 else "I-") + kind
    return tags


def tag_sentences(linker: Linker, sentences: Sequence[Sequence[str]], lang: str = "fa") -> list[list[str]]:
    """Predicted IOB2 tags (PER/ORG/LOC) for each sentence."""
    out = []
    for tokens in sentences:
        text, spans = sentence_text(tokens)
        links = linker.link_unit([(text, lang)])
        mentions = [(m.start, m.end, KIND_TAG[kind]) for m in links.mentions
                    if (kind := linker.kinds.get(m.entity, "")) in KIND_TAG]
        out.append(spans_to_tags(spans, mentions))
    return out


def chunks(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """(TYPE, first, end) entities of an IOB2 tag sequence."""
    out, cur = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if cur is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != cur[0]):
            out.add((cur[0], cur[1], i))
            cur = None
        if tag != "O" and cur is None:
            cur = (tag[2:], i)
    return out


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """conlleval micro P/R/F1 overall and per type (same semantics as ../shared/data/ner/score_ner.py)."""
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gc, pc = chunks(g), chunks(p)
        ngold.update(c[0] for c in gc)
        npred.update(c[0] for c in pc)
        tp.update(c[0] for c in gc & pc)

    def prf(t: int, np_: int, ng: int) -> dict[str, float]:
        p_ = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        return {"p": p_, "r": r, "f1": 2 * p_ * r / (p_ + r) if p_ + r else 0.0, "gold": ng, "pred": np_}

    res = {"ALL": prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))}
    for kind in ("PER", "ORG", "LOC"):
        res[kind] = prf(tp[kind], npred[kind], ngold[kind])
    return res


class Memorised:
    """Baseline: the names tagged in a training split, found again by longest exact token match."""

    def __init__(self, train: Iterable[Sentence], max_len: int = 8):
        votes: dict[tuple[str, ...], Counter[str]] = {}
        for s in train:
            for kind, a, b in chunks(s.tags):
                votes.setdefault(tuple(s.tokens[a:b]), Counter())[kind] += 1
        self.names = {k: c.most_common(1)[0][0] for k, c in votes.items() if len(k) <= max_len}
        self.max_len = max_len

    def tag(self, tokens: Sequence[str]) -> list[str]:
        tags = ["O"] * len(tokens)
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_len, len(tokens) - i), 0, -1):
                kind = self.names.get(tuple(tokens[i:i + n]))
                if kind:
                    tags[i:i + n] = ["B-" + kind] + ["I-" + kind] * (n - 1)
                    i += n
                    break
            else:
                i += 1
        return tags


def derive_lexicon(train: Sequence[Sentence], min_count: int = 2, min_rate: float = 0.5,
                   max_len: int = 6) -> list[tuple[str, str]]:
    """(kind, text) rows derived from a tagged training split (no sentence text is kept):

    * ``PER``/``ORG``/``LOC``: names tagged at least ``min_count`` times, tagged in at least ``min_rate``
      of their occurrences (not counting those inside a longer tagged name), with their most frequent type;
    * ``GIVEN``: first tokens of person names (given names, "سید") that start a person name in at least
      half of their occurrences, seen at least 5 times;
    * ``BOUNDARY``: frequent tokens (>= 30) that are inside a name in under 2% of their occurrences —
      verbs, prepositions, light-verb nouns at which a name pattern stops.
    """
    tagged: Counter[tuple[str, ...]] = Counter()
    kinds: dict[tuple[str, ...], Counter[str]] = {}
    first_per: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for s in train:
        total.update(s.tokens)
        for kind, a, b in chunks(s.tags):
            name = tuple(s.tokens[a:b])
            inside.update(name)
            if len(name) <= max_len:
                tagged[name] += 1
                kinds.setdefault(name, Counter())[kind] += 1
            if kind == "PER" and b - a >= 2:
                first_per[s.tokens[a]] += 1
    occ: Counter[tuple[str, ...]] = Counter()
    for s in train:
        spans = chunks(s.tags)
        for i in range(len(s.tokens)):
            for n in range(1, max_len + 1):
                t = tuple(s.tokens[i:i + n])
                # (an occurrence inside a longer tagged name says nothing against it: "[سفارت جمهوری اسلامی
                # ایران]" is no untagged "جمهوری اسلامی ایران")
                if len(t) == n and t in tagged and not any(a <= i and i + n <= b and b - a > n for _, a, b in spans):
                    occ[t] += 1
    rows: list[tuple[str, str]] = []
    for name, c in tagged.items():
        if c >= min_count and c / max(occ[name], c) >= min_rate:
            rows.append((kinds[name].most_common(1)[0][0], " ".join(name)))
    rows.extend(("GIVEN", t) for t, c in first_per.items() if c >= 5 and c / total[t] >= 0.5)
    rows.extend(("BOUNDARY", t) for t, c in total.items() if c >= 30 and inside[t] / c < 0.02)
    return sorted(rows)
