"""The per-page English analysis ("nlp" component): one spaCy pipeline per worker process, run on the
page's units right after language identification, storing compact per-unit results that the
archive-wide "entities" and "quotes" stages then only link and join.

What it stores in :attr:`Unit.analysis` (written to ``unit_analysis`` with the unit):

``model``  the spaCy model used;
``ner``    when ``[entities] use_spacy``: per passage, the (start, end, kind) character spans of spaCy's
           entity recogniser; English passages only (a passage without a language takes its unit's),
           every other passage an empty list, exactly what :meth:`SpacyNer.spans` gives the entities stage
           (the recogniser reads only the sentences that can hold a name: :mod:`presswatch.entities.name_gate`);
``attr``   when ``[quotes] use_spacy`` and the unit is English (:func:`unit_language`): the attributions
           (source, cue, content offsets into the passages joined by blank lines) that
           :func:`attribute_parsed` finds in the dependency parse of that text's paragraphs that can
           hold one (:mod:`presswatch.quotes.prefilter`; the others are never parsed).

Each distinct passage (NER) or unit text (parse) is analysed once per worker process
(:class:`TextCache`); its result lands on every unit that has it.

One load with only the components used (``senter`` never; ``ner`` and the parser's tagger,
attribute ruler and lemmatizer only when their stage wants spaCy); two ``nlp.pipe`` passes over one
page, each with the components the other does not need disabled: the recogniser has its own token
vectors in the shipped models, so one combined pass would cost the same, and each pass sees exactly
the text the quality benchmarks score (passages for names; for attribution the paragraphs of the unit
that can hold one, as tests/test_quotes_polnear.py scores them).

Without spaCy or the model the component does nothing (one warning) and the stages use their rules.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from presswatch.config import Config
from presswatch.contracts import Facet
from presswatch.entities.discover import NER_KINDS
from presswatch.entities.name_gate import gated_ner
from presswatch.entities.stage import SEP
from presswatch.models import Doc, Unit
from presswatch.quotes.attribute import Attribution
from presswatch.quotes.fast_ruler import FastRuler
from presswatch.quotes.prefilter import attribute_selected, cue_forms
from presswatch.text.spacy_load import load_spacy

# Raised whenever the attribution code changes what it finds, so that attributions stored by an older
# version (rules in `prepared`, the parse's in `analysis`) are found again, never reused.
ATTRIBUTION_VERSION = 10

log = logging.getLogger(__name__)

PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# Word windows per nlp.pipe batch for the recogniser: a page's windows are many short docs (~12 tokens),
# and spaCy's per-batch work is then a real share; 256 instead of 64 cut its CPU by ~15 % on 120 WCXB dev
# pages with identical spans (docs/decisions.md, "helper speed7"). The parse's batch size made no difference.
NER_BATCH = 256
LEMMA_POS = frozenset({"VERB", "NOUN"})  # the tokens whose lemma attribution reads (quotes/attribute.py)


def join_passages(rows: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Unit text as passages joined by blank lines, and (passage id, offset) of each passage."""
    parts, starts, pos = [], [], 0
    for pid, text in rows:
        starts.append((pid, pos))
        parts.append(text)
        pos += len(text) + len(SEP)
    return SEP.join(parts), starts


def unit_language(langs: list[str]) -> str:
    known = [x for x in langs if x in ("en", "sq", "fa")]
    return max(set(known), key=known.count) if known else (langs[0] if langs else "en")


def passage_langs(unit: Unit) -> list[str]:
    """Each passage's language as the archive stages read it: a passage without one takes its unit's."""
    return [unit.lang if p.lang == "und" else p.lang for p in unit.passages]


def encode_attribution(a: Attribution) -> list[Any]:
    return [list(a.source) if a.source else None, list(a.cue) if a.cue else None,
            list(a.content) if a.content else None, a.direct, [list(s) for s in a.content_spans], a.weight]


def decode_attribution(row: list[Any]) -> Attribution:
    def span(v: Any) -> tuple[int, int] | None:
        return (int(v[0]), int(v[1])) if v else None
    source, cue, content, direct, spans, weight = row
    return Attribution(span(source), span(cue), span(content), bool(direct),
                       tuple((int(s), int(e)) for s, e in spans), float(weight))


def ner_spans(nlp: Any, texts: list[str], batch_size: int = NER_BATCH) -> list[list[tuple[int, int, str]]]:
    """(start, end, kind) spans per text, the entity recogniser alone on the sentences that can hold a name
    (:func:`~presswatch.entities.name_gate.gated_ner`, as :class:`SpacyNer` runs it)."""
    disable = [p for p in nlp.pipe_names if p != "ner"]
    return gated_ner(nlp, texts, NER_KINDS, batch_size, disable)


def parse_attributions(nlp: Any, texts: list[str], batch_size: int = 32) -> list[list[Attribution]]:
    """The attributions of each text from the dependency parse of its paragraphs that can hold one
    (:func:`presswatch.quotes.prefilter.attribute_selected`; the PolNeAR evaluation goes through here).

    The lemmatizer runs only on the verbs and nouns whose form can be a cue, the only tokens whose lemma
    attribution reads, exactly as the component would (a lemma the attribute ruler set stays)."""
    import numpy  # spaCy's own dependencies, there when a pipeline is
    from spacy.attrs import LEMMA, ORTH, POS

    disable = [p for p in nlp.pipe_names if p not in PARSE_PIPES or p in ("lemmatizer", "attribute_ruler")]
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    ruler = fast_ruler(nlp)
    forms = cue_forms(nlp, every=True)
    strings = nlp.vocab.strings
    wanted = numpy.array([strings.add(p) for p in LEMMA_POS], dtype="uint64")

    def lemmas(doc: Any) -> None:
        """Lemmas only where attribution reads them: a verb or noun without one whose form can be a cue
        (any other lemma is no cue either way), found on the token arrays, not token by token."""
        if ruler is not None:
            ruler(doc)
        if lemmatizer is None or not len(doc):
            return
        arr = doc.to_array([LEMMA, POS, ORTH])
        for i in numpy.flatnonzero((arr[:, 0] == 0) & numpy.isin(arr[:, 1], wanted)):
            if forms.is_cue(strings[int(arr[i, 2])]):
                tok = doc[int(i)]
                morph = ruler.morph(tok) if ruler is not None else None
                if morph is not None and not tok.has_morph():
                    tok.set_morph(morph)
                tok.lemma_ = lemmatizer.lemmatize(tok)[0]
    return attribute_selected(texts, nlp, batch_size, disable, doc_hook=lemmas)


@lru_cache(maxsize=4)
def _ruler_for(nlp: Any) -> FastRuler:
    return FastRuler(nlp)


def fast_ruler(nlp: Any) -> FastRuler | None:
    """The pipeline's attribute ruler as a :class:`FastRuler` (one per loaded pipeline, the same bounded
    cache as :func:`~presswatch.quotes.prefilter.cue_forms`), or None."""
    return _ruler_for(nlp) if "attribute_ruler" in nlp.pipe_names else None


class TextCache:
    """Results by text, kept for the last ``size`` distinct texts of this worker process: a passage or
    unit text met again (boilerplate repeated on a page, a site's recurring paragraphs) is analysed once
    and its result lands on every unit that has it."""

    def __init__(self, size: int = 20000):
        self.size = size
        self.data: OrderedDict[str, Any] = OrderedDict()
        self.hits = self.misses = 0

    def run(self, texts: list[str], compute: Callable[[list[str]], list[Any]]) -> list[Any]:
        """``compute`` called once on the distinct texts not yet known; results for every text."""
        todo = list(dict.fromkeys(t for t in texts if t not in self.data))
        self.misses += len(todo)
        self.hits += len(texts) - len(todo)
        got = dict(zip(todo, compute(todo) if todo else [], strict=True))
        out = []
        for t in texts:
            if t in got:
                value = got[t]
                self.data[t] = value
            else:
                value = self.data[t]
                self.data.move_to_end(t)
            out.append(value)
        while len(self.data) > self.size:
            self.data.popitem(last=False)
        return out


@dataclass
class EnglishAnalysis:
    """The "nlp" per-page component (reads passages and languages, adds the ``analysis`` facet)."""

    config: Config
    name: str = "nlp"
    reads: frozenset[str] = frozenset({Facet.PASSAGES.value, Facet.LANG.value})
    adds: frozenset[str] = frozenset({Facet.ANALYSIS.value})
    _nlp: Any = field(default=None, repr=False)
    _error: str | None = field(default=None, repr=False)
    _ner_cache: TextCache = field(default_factory=TextCache, repr=False)
    _parse_cache: TextCache = field(default_factory=lambda: TextCache(2000), repr=False)

    @property
    def model(self) -> str:
        return str(self.config.get("nlp.spacy_model", "") or "")

    @property
    def want_ner(self) -> bool:
        return bool(self.config.get("entities.use_spacy", True))

    @property
    def want_parse(self) -> bool:
        return bool(self.config.get("quotes.use_spacy", True))

    def pipeline(self) -> Any:
        """The spaCy pipeline, loaded on first use (in the worker process that needs it), or None."""
        if self._nlp is None and self._error is None:
            exclude = ["senter"]
            if not self.want_ner:
                exclude.append("ner")
            if not self.want_parse:
                exclude += ["parser", "tagger", "attribute_ruler", "lemmatizer"]
            self._nlp, self._error = load_spacy(self.model, exclude)
            if self._error:
                log.warning("nlp: %s; the entities and quotes stages use their rules instead", self._error)
        return self._nlp

    def __call__(self, doc: Doc) -> Doc:
        if not (self.want_ner or self.want_parse):
            return doc
        units = [u for u in doc.units if u.passages]
        english_passages = [(u, i) for u in units for i, lang in enumerate(passage_langs(u)) if lang == "en"]
        english_units = [u for u in units if unit_language(passage_langs(u)) == "en"]
        if not english_passages and not english_units:
            return doc
        nlp = self.pipeline()
        if nlp is None:
            return doc
        results: dict[int, dict[str, Any]] = {id(u): {"model": self.model} for u in units}
        if self.want_ner and "ner" in nlp.pipe_names:
            for u in units:
                results[id(u)]["ner"] = [[] for _ in u.passages]
            found = self._ner_cache.run([u.passages[i].text for u, i in english_passages],
                                        lambda texts: ner_spans(nlp, texts))
            for (u, i), spans in zip(english_passages, found, strict=True):
                results[id(u)]["ner"][i] = [list(s) for s in spans]
        if self.want_parse and "parser" in nlp.pipe_names and english_units:
            texts = [join_passages([(0, p.text) for p in u.passages])[0] for u in english_units]
            batch = int(self.config.get("quotes.batch_size", 32) or 32)
            parsed = self._parse_cache.run(texts, lambda todo: parse_attributions(nlp, todo, batch))
            for u, attrs in zip(english_units, parsed, strict=True):
                results[id(u)]["attr"] = [encode_attribution(a) for a in attrs]
                results[id(u)]["v"] = ATTRIBUTION_VERSION
        for u in units:
            if "ner" in results[id(u)] or "attr" in results[id(u)]:
                u.analysis = results[id(u)]
        return doc
