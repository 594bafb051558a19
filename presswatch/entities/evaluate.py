"""Scored evaluation of entity linking and quote attribution against the project's gold sets.

Gold files (tests/data/entities/*.txt, tests/data/quotes/*.txt) hold articles::

    ## id=en-01 lang=en split=dev
    [[Elira Basha|basha]] said that {{the vote was rigged|basha}}.

    Second paragraph ...

``[[surface|entity]]`` marks a mention (entity: a watchlist id, or ``new:Name`` for a name that is not on
the watchlist); ``{{content|speaker}}`` marks what was said and by whom (a watchlist id or ``new:Name``).
Paragraphs are passages. Mentions are correct when the span and the entity are right; a discovered entity
is mapped to the gold entity most of its mentions carry. Attributions are correct when the speaker is right
and the content spans overlap by at least half (Jaccard on characters).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.entities.discover import SpacyNer
from presswatch.entities.linker import Linker
from presswatch.entities.normalize import name_keys
from presswatch.entities.stage import SEP
from presswatch.entities.watchlist import Watchlist

HEADER = re.compile(r"^## (.*)$", re.MULTILINE)


@dataclass
class GoldArticle:
    id: str
    lang: str
    split: str
    passages: list[str]
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)   # passage, start, end, key
    quotes: list[tuple[int, int, str]] = field(default_factory=list)          # unit start, end, speaker


def parse_markup(text: str) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Strip ``[[..|..]]`` and ``{{..|..}}`` markup; return plain text, mention and quote spans."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    mentions: list[tuple[int, int, str]] = []
    quotes: list[tuple[int, int, str]] = []
    i, n, pos = 0, len(text), 0
    while i < n:
        two = text[i:i + 2]
        if two in ("[[", "{{"):
            stack.append((two, pos))
            i += 2
        elif text[i] == "|" and stack:
            close = "]]" if stack[-1][0] == "[[" else "}}"
            j = text.index(close, i)
            label = text[i + 1:j]
            kind, start = stack.pop()
            (mentions if kind == "[[" else quotes).append((start, pos, label.strip()))
            i = j + 2
        else:
            out.append(text[i])
            pos += 1
            i += 1
    if stack:
        raise ValueError(f"unclosed markup near {text[:60]!r}")
    return "".join(out), mentions, quotes


def load_gold(paths: Iterable[Path]) -> list[GoldArticle]:
    articles = []
    for path in sorted(paths):
        content = path.read_text(encoding="utf-8")
        parts = HEADER.split(content)
        for header, body in zip(parts[1::2], parts[2::2], strict=True):
            meta = dict(kv.split("=", 1) for kv in header.split())
            raw_paras = [p.strip("\n") for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
            text, mentions, quotes = parse_markup(SEP.join(raw_paras))
            paras = text.split(SEP)
            starts, pos = [], 0
            for para in paras:
                starts.append(pos)
                pos += len(para) + len(SEP)
            art = GoldArticle(meta["id"], meta.get("lang", "en"), meta.get("split", "dev"), paras)
            for s, e, key in mentions:
                p = max(k for k, st in enumerate(starts) if st <= s)
                art.mentions.append((p, s - starts[p], e - starts[p], key))
            art.quotes = quotes
            articles.append(art)
    return articles


def build_gold_linker(watchlist: Watchlist) -> Linker:
    linker = Linker()
    for e in watchlist.entities:
        linker.add_entity(e.key, e.name, e.kind, e.aliases)
    return linker


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


Predict = Callable[[GoldArticle], list[tuple[int, int, int, str]]]


def linker_predict(linker: Linker, ner_spans: dict[str, list[list[tuple[int, int, str]]]] | None = None) -> Predict:
    def predict(art: GoldArticle) -> list[tuple[int, int, int, str]]:
        spans = ner_spans.get(art.id) if ner_spans is not None else None
        links = linker.link_unit([(p, art.lang) for p in art.passages], spans)
        return [(m.passage, m.start, m.end, m.entity) for m in links.mentions]
    return predict


def score_mentions(articles: list[GoldArticle], predictions: dict[str, list[tuple[int, int, int, str]]],
                   watchlist_keys: set[str]) -> dict[str, dict[str, float | int]]:
    """Scores per split and language, and overall."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for art in articles:
        gold = {(p, s, e): k for p, s, e, k in art.mentions}
        for p, s, e, k in predictions[art.id]:
            if k not in watchlist_keys and (p, s, e) in gold:
                votes[k][gold[(p, s, e)]] += 1
    mapping = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    scores: dict[str, Score] = defaultdict(Score)
    for art in articles:
        gold_set = {(p, s, e, k) for p, s, e, k in art.mentions}
        pred_set = {(p, s, e, mapping.get(k, k)) for p, s, e, k in predictions[art.id]}
        for group in ("all", f"split:{art.split}", f"lang:{art.lang}"):
            sc = scores[group]
            sc.tp += len(gold_set & pred_set)
            sc.fp += len(pred_set - gold_set)
            sc.fn += len(gold_set - pred_set)
    return {g: s.row() for g, s in sorted(scores.items())}


def spacy_exact_predictions(ner: SpacyNer, watchlist: Watchlist, articles: list[GoldArticle]
                            ) -> dict[str, list[tuple[int, int, int, str]]]:
    """The peer: plain spaCy NER (one ``nlp.pipe`` over every passage), each entity text matched
    exactly against the watchlist names; other names become entities keyed by their exact text."""
    exact = {name: e.key for e in watchlist.entities for name in e.names()}
    texts = [p for a in articles for p in a.passages]
    spans = iter(ner.spans(texts))
    out: dict[str, list[tuple[int, int, int, str]]] = {}
    for art in articles:
        out[art.id] = []
        for p, passage in enumerate(art.passages):
            for s, e, _kind in next(spans):
                surface = passage[s:e]
                out[art.id].append((p, s, e, exact.get(surface, "spacy:" + surface)))
    return out


def ner_spans_by_article(ner: SpacyNer, articles: list[GoldArticle]) -> dict[str, list[list[tuple[int, int, str]]]]:
    """spaCy spans for every passage, batched, for the linker's spaCy discovery path."""
    spans = iter(ner.spans([p for a in articles for p in a.passages]))
    return {a.id: [next(spans) for _ in a.passages] for a in articles}


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _same_speaker(gold: str, entity_key: str | None, speaker: str | None, names: dict[str, str]) -> bool:
    if entity_key is not None and entity_key == gold:
        return True
    gold_name = gold[4:] if gold.startswith("new:") else names.get(gold, gold)
    gold_keys = name_keys(gold_name)
    for cand in (names.get(entity_key or "", ""), speaker or ""):
        keys = name_keys(cand)
        if keys and gold_keys and (keys[-1] == gold_keys[-1] or (gold.startswith("new:") and set(gold_keys) <= set(keys))):
            return True
    return False


def gold_paths(root: Path) -> tuple[list[Path], list[Path]]:
    """(entity gold files, quote gold files) under ``tests/data``; quote files count for entities too."""
    ent = sorted((root / "entities").glob("gold_*.txt"))
    quo = sorted((root / "quotes").glob("gold_*.txt"))
    return ent + quo, quo
