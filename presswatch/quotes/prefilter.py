"""Which paragraphs of an English text the dependency parse must see for attribution, and the parse of
only those, with its attributions mapped back to the whole text.

:func:`attribute_parsed` finds an attribution only at a cue candidate: a verb or noun whose lemma the
cue lexicon (PolNeAR train) counts as a cue at least ``threshold`` of the time (in any complement frame
for a verb), "according to", or a "Name: text" line; a quotation only extends a content found there,
in its own or a neighbouring paragraph. So a paragraph that holds none of these word forms (any form
spaCy's rule lemmatizer could map to a cue lemma, whatever part of speech the tagger gives it), no
quotation mark and no colon can hold no attribution, and the parser (tok2vec, tagger, parser,
attribute ruler, lemmatizer: most of the per-page cost with spaCy) never needs to see it. The parser
reads a window of a few tokens, so the kept paragraphs parse as they would inside the whole text.

Only the paragraphs with a form of a frequent, mostly-cue lemma (:data:`SELECT_RATIO`, :data:`SELECT_MIN`)
are parsed, not every paragraph with a form of any lemma that could be a cue: web text is full of the
rare ones ("like", "offer", "learn", "find"); what the rules find in the paragraphs left out is added,
as the rules would find it without spaCy.

The same function serves ingest (the per-page "nlp" component) and the PolNeAR evaluation
(tests/test_quotes_polnear.py, bench/attribution.py), so the scored figure is what users get.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from presswatch.quotes.attribute import Attributor, attribute_parsed
from presswatch.quotes.attribute_rules import attribute_rules
from presswatch.quotes.lexicon import CueLexicon, load_lexicon
from presswatch.quotes.spans import Attribution
from presswatch.quotes.speaker_checks import HEADLINE_SOURCE, interview_turns, reported
from presswatch.text.blas import one_thread
from presswatch.text.sentences import split_sentences

SEP = "\n\n"
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
QUOTE_MARKS = frozenset("\"“”")
# What selects a paragraph for the parse: a form of a lemma that is a cue at least SELECT_RATIO of the
# time and at least SELECT_MIN times in PolNeAR train (100 lemmas: say, tell, according to, write, add,
# ask, note, ...), not every lemma the attributor can take (426, with like, offer, find, learn, ...).
# The paragraphs left out get the rules' attributions (as without spaCy). Measured in docs/decisions.md
# ("helper speed4"): 38.6 % of the WCXB dev English unit text parsed instead of 82.2 %, PolNeAR dev
# relation F1 66.07 against 65.74.
SELECT_RATIO = 0.4
SELECT_MIN = 10
# Within a paragraph selected for its cue form and holding no quotation mark, only the sentences with a cue
# form (or a "Name: text" line) and SENTENCE_CONTEXT sentences either side are parsed; None: the whole
# paragraph (docs/decisions.md, "speed9")
SENTENCE_CONTEXT: int | None = 1


def cue_lemmas(lex: CueLexicon, threshold: float = 0.3, min_count: int = 0) -> frozenset[str]:
    """Every lemma :class:`Attributor` could take as a cue (as a verb: in some frame or by its lemma
    ratio; as a noun: by its ratio), "accord" ("according to") included; with ``min_count``, only the
    lemmas seen as a cue at least that often in PolNeAR train."""
    out = {"accord"}
    for (lemma, pos), (cue, _total) in lex.lemmas.items():
        if pos in ("VERB", "NOUN") and lex.ratio(lemma, pos) >= threshold and cue >= min_count:
            out.add(lemma)
    if not min_count:
        for (lemma, _frame), _ in lex.frames.items():
            if (lex.frame_ratio(lemma, _frame) or 0.0) >= threshold:
                out.add(lemma)
    return frozenset(out)


class CueForms:
    """Is a word form possibly a cue? Its candidate lemmas are what spaCy's rule lemmatizer could give it
    as a verb or a noun (the exceptions table, every suffix rule, the form itself), tested against the
    cue lemmas; answers are cached per form."""

    def __init__(self, nlp: Any | None = None, lexicon: CueLexicon | None = None, threshold: float = 0.3,
                 min_count: int = 0):
        self.lemmas = cue_lemmas(lexicon or load_lexicon(), threshold, min_count)
        self.rules: list[tuple[str, str]] = []
        self.exc: dict[str, set[str]] = {}
        lookups = _lookups(nlp)
        if lookups is not None:
            rules, exc = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
            for pos in ("verb", "noun"):
                self.rules += [(str(a), str(b)) for a, b in rules.get(pos, [])]
                for form, lemmas in exc.get(pos, {}).items():
                    self.exc.setdefault(str(form), set()).update(str(x) for x in lemmas)
        self._cache: dict[str, bool] = {}

    def is_cue(self, word: str) -> bool:
        hit = self._cache.get(word)
        if hit is None:
            w = word.lower().replace("’", "'")
            cands = {w} | self.exc.get(w, set())
            cands.update(w[:len(w) - len(a)] + b for a, b in self.rules if w.endswith(a))
            hit = self._cache[word] = not self.lemmas.isdisjoint(cands)
        return hit

    def keep(self, paragraph: str) -> bool:
        """Can this paragraph hold a cue (a cue word form, "according to", a "Name: text" line)?"""
        if ":" in paragraph and HEADLINE_SOURCE.search(paragraph):
            return True
        return any(self.is_cue(m.group()) for m in WORD.finditer(paragraph))


def _lookups(nlp: Any | None) -> Any | None:
    if nlp is None or "lemmatizer" not in getattr(nlp, "component_names", ()):
        return None
    return getattr(nlp.get_pipe("lemmatizer"), "lookups", None)


@lru_cache(maxsize=4)
def _forms_for(nlp: Any) -> CueForms:
    return CueForms(nlp, threshold=SELECT_RATIO, min_count=SELECT_MIN)


@lru_cache(maxsize=4)
def _all_forms_for(nlp: Any) -> CueForms:
    return CueForms(nlp)


def cue_forms(nlp: Any | None, *, every: bool = False) -> CueForms:
    """The :class:`CueForms` of this pipeline that select what is parsed (one per loaded pipeline);
    with ``every``, the forms of every lemma :class:`Attributor` can take as a cue (whose lemmas the
    component sets after the parse)."""
    if nlp is None:
        return CueForms(None)
    return _all_forms_for(nlp) if every else _forms_for(nlp)


def select(text: str, forms: CueForms) -> tuple[str, list[tuple[int, int, int]]]:
    """The paragraphs of ``text`` (split at blank lines) that can hold an attribution, joined by blank
    lines, and for each (its start in the selection, its start in ``text``, its length). A paragraph
    is kept for a cue form or a "Name: text" line, or when it holds a quotation mark next to a kept
    paragraph (a quotation can join the content found at a cue, and go on over paragraphs).

    Sentences instead of paragraphs (a regex split) would keep 66 % of the WCXB dev text instead of
    82 %, but lose 1.2 points of PolNeAR dev relation F1 (contents reach over sentences)."""
    paras = text.split(SEP)
    keep = [bool(p.strip()) and forms.keep(p) for p in paras]
    quoted = [not QUOTE_MARKS.isdisjoint(p) for p in paras]
    for order in (range(len(paras)), range(len(paras) - 1, -1, -1)):
        prev = False
        for i in order:
            if quoted[i] and prev:
                keep[i] = True
            prev = keep[i]
    parts, pieces, pos, sel = [], [], 0, 0
    for para, k, q in zip(paras, keep, quoted, strict=True):
        if k:
            for s, e in _cue_sentences(para, forms) if not q and SENTENCE_CONTEXT is not None else [(0, len(para))]:
                pieces.append((sel, pos + s, e - s))
                parts.append(para[s:e])
                sel += e - s + len(SEP)
        pos += len(para) + len(SEP)
    return SEP.join(parts), pieces


def _cue_sentences(para: str, forms: CueForms) -> list[tuple[int, int]]:
    """(start, end) of the runs of sentences of ``para`` with a cue form or a "Name: text" line and
    :data:`SENTENCE_CONTEXT` sentences either side; the whole paragraph when that is every sentence."""
    sents = split_sentences(para)
    if len(sents) <= 1:
        return [(0, len(para))]
    context = SENTENCE_CONTEXT or 0
    cue = [i for i, x in enumerate(sents) if forms.keep(x.text)]
    wanted = sorted({j for i in cue for j in range(max(0, i - context), min(len(sents), i + context + 1))})
    if len(wanted) == len(sents) or not wanted:
        return [(0, len(para))]
    runs: list[tuple[int, int]] = []
    prev = -2
    for j in wanted:
        start = 0 if j == 0 else sents[j].start
        end = len(para) if j == len(sents) - 1 else sents[j].end
        if j == prev + 1:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
        prev = j
    return runs


def _mapper(pieces: list[tuple[int, int, int]]) -> Any:
    def at(off: int) -> int:
        for sel, orig, n in reversed(pieces):
            if off >= sel:
                return orig + min(off - sel, n + len(SEP))
        return off
    return at


def map_back(a: Attribution, pieces: list[tuple[int, int, int]]) -> Attribution:
    """An attribution found in the selection, with offsets into the whole text."""
    at = _mapper(pieces)

    def span(s: tuple[int, int] | None) -> tuple[int, int] | None:
        return (at(s[0]), at(s[1] - 1) + 1) if s else None
    return replace(a, source=span(a.source), cue=span(a.cue), content=span(a.content),
                   content_spans=tuple(x for x in (span(s) for s in a.content_spans) if x is not None))


def attribute_selected(texts: Iterable[str], nlp: Any, batch_size: int = 32, disable: Iterable[str] = (),
                       attributor: Attributor | None = None, doc_hook: Any = None,
                       rules: bool = True) -> list[list[Attribution]]:
    """The attributions of each text from the parse of only its paragraphs that can hold one
    (:func:`select`); a text with none is not parsed. ``doc_hook(doc)`` runs on each parsed doc
    before attribution (the component's lemmas). With ``rules``, an attribution the rules
    (:func:`~presswatch.quotes.attribute_rules.attribute_rules`, run on the whole text) find with its cue
    in a paragraph that was not parsed is added."""
    forms = cue_forms(nlp)
    texts = list(texts)
    chosen = [select(t, forms) for t in texts]
    todo = [i for i, (sel, _p) in enumerate(chosen) if sel]
    out: list[list[Attribution]] = [[] for _ in texts]
    docs = nlp.pipe([chosen[i][0] for i in todo], batch_size=batch_size, disable=list(disable))
    with one_thread():  # numpy's BLAS, if spaCy uses it, on this thread only (presswatch.text.blas)
        for i, doc in zip(todo, docs, strict=True):
            if doc_hook is not None:
                doc_hook(doc)
            sel, pieces = chosen[i]
            # an interview is judged on the whole text: the selection may leave its "Q:" lines out
            found = attribute_parsed(sel, doc, attributor, interview=interview_turns(texts[i]), gate=False)
            out[i] = [map_back(a, pieces) for a in found] if sel != texts[i] else found
    if rules:
        for i, t in enumerate(texts):
            sel, pieces = chosen[i]
            if sel == t:
                continue
            out[i] = sorted(out[i] + [a for a in attribute_rules(t, gate=False) if not _inside(_anchor(a), pieces)],
                            key=lambda a: _anchor(a))
    # weak cues only in a text that reports someone, judged on the whole text (parse and rules together)
    return [reported(t, found) for t, found in zip(texts, out, strict=True)]


def _anchor(a: Attribution) -> int:
    span = a.cue or a.content or a.source
    return span[0] if span else 0


def _inside(off: int, pieces: list[tuple[int, int, int]]) -> bool:
    return any(orig <= off < orig + n for _sel, orig, n in pieces)
