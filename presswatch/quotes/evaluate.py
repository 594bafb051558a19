"""Quote attribution scores on the gold files (``tests/data/quotes``; format: :mod:`presswatch.entities.evaluate`)."""

from __future__ import annotations

from collections import defaultdict

from presswatch.entities.evaluate import GoldArticle, Score, _jaccard, _same_speaker
from presswatch.entities.linker import Linker
from presswatch.quotes.stage import quotes_for_unit


def score_quotes(articles: list[GoldArticle], linker: Linker) -> dict[str, dict[str, float | int]]:
    """Speaker + content attribution scores per split and language, and overall."""
    scores: dict[str, Score] = defaultdict(Score)
    for art in articles:
        if not art.quotes:
            continue
        links = linker.link_unit([(p, art.lang) for p in art.passages])
        rows = [(k, p, art.lang) for k, p in enumerate(art.passages)]
        mentions = [(m.passage, m.start, m.end, m.entity, linker.kinds.get(m.entity, "unknown"), m.surface)
                    for m in links.mentions]
        predicted = [q for _, _, q in quotes_for_unit(rows, mentions)]
        used: set[int] = set()
        tp = 0
        for gs, ge, speaker in art.quotes:
            for k, q in enumerate(predicted):
                if k in used or _jaccard((gs, ge), (q.start, q.end)) < 0.5:
                    continue
                if _same_speaker(speaker, q.entity, q.speaker, linker.names):
                    used.add(k)
                    tp += 1
                    break
        for group in ("all", f"split:{art.split}", f"lang:{art.lang}"):
            sc = scores[group]
            sc.tp += tp
            sc.fn += len(art.quotes) - tp
            sc.fp += len(predicted) - tp
    return {g: s.row() for g, s in sorted(scores.items())}
