"""The English dependency parse for attribution (spaCy), loaded once per object with only the
components it needs; ``available`` is False (one warning) when spaCy or the model is missing, and
callers use the rules instead."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from presswatch.text.blas import one_thread
from presswatch.text.spacy_load import load_spacy

log = logging.getLogger(__name__)

# the parser needs tok2vec, the tagger (tag_ feeds the attribute ruler's POS) and the lemmatizer
EXCLUDE = ["ner", "senter"]


class EnglishParser:
    def __init__(self, model: str | None, batch_size: int = 32):
        self.model = model
        self.batch_size = batch_size
        self.nlp, self.error = load_spacy(model, EXCLUDE, needs="parser", needs_name="dependency parser")
        if self.error:
            log.warning("quotes: %s; using the rule-based attribution instead", self.error)

    @property
    def available(self) -> bool:
        return self.nlp is not None

    def parse(self, texts: Sequence[str]) -> Iterator[Any]:
        """spaCy ``Doc`` per text, batched with ``nlp.pipe``."""
        if self.nlp is None:
            raise RuntimeError(self.error or "spaCy parser not available")
        with one_thread():  # numpy's BLAS, if spaCy uses it, on this thread only (presswatch.text.blas)
            yield from self.nlp.pipe(texts, batch_size=self.batch_size)
