"""Language per passage (first version)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import py3langid

from presswatch.config import Config
from presswatch.models import Doc


@dataclass
class IdentifyLanguages:
    config: Config
    name: str = "lang"
    reads: frozenset[str] = field(default=frozenset({"passages"}))
    adds: frozenset[str] = field(default=frozenset({"lang"}))

    def __call__(self, doc: Doc) -> Doc:
        for unit in doc.units:
            weights: Counter[str] = Counter()
            for p in unit.passages:
                if sum(c.isalpha() for c in p.text) < 20:
                    continue
                lang, _score = py3langid.classify(p.text)
                p.lang = lang
                weights[lang] += len(p.text)
            unit.lang = weights.most_common(1)[0][0] if weights else "und"
        return doc
