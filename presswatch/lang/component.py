"""The ``IdentifyLanguages`` component: a language per passage, and per unit the dominant one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.lang.identify import UND, Identifier, build_identifier, count_letters
from presswatch.models import Doc, Unit


def identifier_from_config(config: Config) -> Identifier:
    languages = config.get("lang.languages") or []
    if isinstance(languages, str):
        languages = [languages]
    return build_identifier(str(config.get("lang.backend", "auto")), languages=list(languages),
                            min_letters=int(config.get("lang.min_letters", 20)),
                            min_confidence=float(config.get("lang.min_confidence", 0.5)))


def dominant_language(unit: Unit) -> str:
    """The language holding the most letters among the unit's identified passages (``und`` if none)."""
    letters: Counter[str] = Counter()
    for p in unit.passages:
        if p.lang != UND:
            letters[p.lang] += count_letters(p.text)
    if not letters:
        return UND
    return max(letters.items(), key=lambda kv: (kv[1], kv[0]))[0]


@dataclass
class IdentifyLanguages:
    """Builds its identifier once (per pipeline) and labels every passage; a page may hold several languages."""

    config: Config
    name: str = "lang"
    reads: frozenset[str] = field(default=frozenset({"passages"}))
    adds: frozenset[str] = field(default=frozenset({"lang"}))

    def __post_init__(self) -> None:
        self.identifier = identifier_from_config(self.config)

    def __call__(self, doc: Doc) -> Doc:
        for unit in doc.units:
            for p in unit.passages:
                p.lang, p.lang_score = self.identifier.identify(p.text)
            unit.lang = dominant_language(unit)
        return doc
