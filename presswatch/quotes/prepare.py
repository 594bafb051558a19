"""The "prepare" page component: the per-unit part of the archive-wide stages, run in the worker
processes with the rest of per-page processing and stored with the page's units (``unit_prepared``,
in the page's own transaction), so that the single writer only does the archive-wide joins. It lives
in ``quotes``, the layer above both ``reuse`` and ``entities`` whose features it makes.

Per unit (``Unit.prepared``, the ``prepared`` facet), one part per stage:

- ``reuse``: per passage the shingle hashes and MinHash signature (:mod:`presswatch.reuse.prepare`),
  for the "reuse" stage, which then only looks them up against the index and verifies candidates;
- ``document``: paragraphs and translation anchors, for the "translation" stage (anchor postings,
  pairing);
- ``word_case``: English word-case counts (:mod:`presswatch.entities.prepare`), for the "entities"
  stage, which merges them instead of tokenising every passage twice more in the writer;
- ``attributions``: for English units when quotes are found by rules (``[quotes] use_spacy = false``
  or no spaCy), what the attribution rules find in the unit's text; the "quotes" stage then only
  resolves speakers and outlets through the unit's mentions.

Boilerplate units get no ``reuse`` or ``document`` (those stages never read them). Each part carries
the version and parameters it was made with; a stage that finds none it can use (an older archive,
other ``[reuse]`` settings) prepares the unit itself, exactly as before.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import Any

from presswatch.config import Config
from presswatch.entities.prepare import unit_case
from presswatch.models import Doc
from presswatch.quotes.analysis import (
    ATTRIBUTION_VERSION,
    encode_attribution,
    join_passages,
    passage_langs,
    unit_language,
)
from presswatch.quotes.attribute_rules import attribute_rules
from presswatch.reuse.detect import ReuseParams
from presswatch.reuse.prepare import prepare_document, prepare_passages
from presswatch.reuse.stage import SKIP_KINDS


def rules_attributions(texts: list[str]) -> dict[str, Any]:
    """What the attribution rules find in a unit's joined passages (:func:`join_passages`)."""
    text, _ = join_passages(list(enumerate(texts)))
    return {"v": ATTRIBUTION_VERSION, "attr": [encode_attribution(a) for a in attribute_rules(text)]}


def quotes_by_rules(config: Config) -> bool:
    """Whether the "quotes" stage finds English attributions by rules (no dependency parse)."""
    return not config.get("quotes.use_spacy", True) or importlib.util.find_spec("spacy") is None


@dataclass
class PrepareUnits:
    config: Config
    name: str = "prepare"
    reads: frozenset[str] = field(default=frozenset({"passages", "lang"}))
    adds: frozenset[str] = field(default=frozenset({"prepared"}))

    def __post_init__(self) -> None:
        self.params = ReuseParams.from_config(self.config)
        self.rules = quotes_by_rules(self.config)

    def __call__(self, doc: Doc) -> Doc:
        for unit in doc.units:
            langs = passage_langs(unit)
            texts = [p.text for p in unit.passages]
            prepared: dict[str, Any] = {"word_case": unit_case(list(zip(texts, langs, strict=True)))}
            if unit.kind not in SKIP_KINDS:
                prepared["reuse"] = prepare_passages([(p.ordinal, p.text) for p in unit.passages],
                                                     self.params.shingle, self.params.lsh)
                prepared["document"] = prepare_document(unit.text)
            if self.rules and texts and unit_language(langs) == "en":
                prepared["attributions"] = rules_attributions(texts)
            unit.prepared = prepared
        return doc
