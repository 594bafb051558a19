"""Which sentences of an English passage spaCy's entity recogniser has to see: only those that can hold a
name, in maximal runs of neighbouring sentences, so the recogniser reads them in their context.

A name the English model tags (person, organisation, place, and the ``THING`` kinds kept as evidence:
products, works, events, laws, languages, nationalities) is written with a capital letter ("eBay",
"iPhone" too). A sentence can hold one when it has a word with an upper-case letter that is not just the
sentence's first word being a function word ("The", "It", "However": the pipeline's own stop words), or
a letter of a script without case (kept, whatever it is). Every other sentence is left out; what the
model tags there on WCXB dev is lower-case noise ("electrician", "n't", "lunch menu"), which the linker
never shows as a name (measured in docs/decisions.md, "NER only where a name can be").

Within a sentence that can, only the words near such a word are read (:func:`name_windows`: ``WINDOW``
words either side, never past the sentence, sentences split by :mod:`presswatch.text.sentences`); the
recogniser's features reach a few tokens, so a name keeps its context. On 22,261 English passages of
300 WCXB dev pages this reads 45.8 % of the characters at 6 words (speed4; 4 since speed7, ~38 %; 3 since
speed12), against 69.2 % for whole sentences (:func:`name_chunks`), and the English discovery samples hold
or gain (docs/decisions.md, "helper speed4").

The recogniser's cost is per token, so leaving out the text that cannot hold a name leaves out that
share of its work. Spans come back as character offsets into the whole passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from presswatch.text.blas import one_thread
from presswatch.text.sentences import split_sentences

# a sentence ends at . ! or ? (closing quotes and brackets stay with it) followed by white space
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
WORD = re.compile(r"\S+")
LEADING = "\"'“‘«„([*-–—•"
# a sentence this short is read anyway: leaving it out saves little and would cut the recogniser's
# context at a list number ("6."), an initial ("A.") or an abbreviation
MIN_WORDS = 6
# words read either side of a word that can be part of a name (within its sentence): the recogniser's
# features see a few tokens either side (its tok2vec: 4 layers of window 1), and a name's own words are
# each such a word. 4, not 6: 17 % fewer tokens read, 10 of 2,256 spans changed on 3,000 WCXB passages
# (all lower-case noise), English discovery samples identical (docs/decisions.md, "helper speed7").
# 3, not 4: 12 % fewer words read again, recogniser CPU −10 % (Python 3.11) / −3 % (3.12); every English
# discovery sample identical and 3 more discovered mentions, none lost; 2 lost real entities on four
# samples ("helper speed12")
WINDOW = 3


def can_name(sentence: str, stop_words: frozenset[str] | set[str]) -> bool:
    """Can this sentence hold a name? A word with a capital that is not a sentence-initial stop word, or
    a letter of a caseless script; a sentence of fewer than :data:`MIN_WORDS` words is kept as well."""
    first = True
    words = WORD.findall(sentence)
    if len(words) < MIN_WORDS:
        return True
    for word in words:
        if _name_word(word, first, stop_words):
            return True
        if word.strip(LEADING):
            first = False
    return False


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, white space between them left out."""
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.start() + len(m.group().rstrip())
        out.append((pos, end))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text.rstrip())))
    return [(s, e) for s, e in out if e > s]


def _name_word(word: str, first: bool, stop_words: frozenset[str] | set[str]) -> bool:
    """Can this word start or be part of a name: an upper-case letter, unless it is the sentence's first
    word and one of the stop words; or a letter of a caseless script."""
    plain = word.isascii()  # most words: an ASCII letter is cased, so no loop per character is needed
    if (word.lower() != word) if plain else any(c.isupper() for c in word):
        if not first:
            return True
        bare = "".join(c for c in word if c.isalpha() or c in "'’").lower().replace("’", "'")
        return bare not in stop_words
    return not plain and any(c.isalpha() and not c.islower() for c in word)


def name_windows(text: str, stop_words: frozenset[str] | set[str], window: int = WINDOW) -> list[tuple[int, int]]:
    """(start, end) of what the recogniser reads in ``text``: in each sentence (the project's own splitter,
    :func:`presswatch.text.sentences.split_sentences`) the words within ``window`` words of a word that
    can be part of a name (:func:`_name_word`), never past the sentence; a sentence of fewer than
    :data:`MIN_WORDS` words whole. Windows that touch or are separated only by white space are one run;
    the whole text as one run when nothing is left out."""
    runs: list[tuple[int, int]] = []

    def add(s: int, e: int) -> None:
        if runs and (s <= runs[-1][1] or not text[runs[-1][1]:s].strip()):
            runs[-1] = (runs[-1][0], max(e, runs[-1][1]))
        else:
            runs.append((s, e))

    for sent in split_sentences(text):
        words = [(m.start() + sent.start, m.end() + sent.start, m.group()) for m in WORD.finditer(sent.text)]
        if len(words) < MIN_WORDS:
            if words:
                add(sent.start, sent.end)
            continue
        first = True
        lo = hi = -1
        for i, (_s, _e, w) in enumerate(words):
            if _name_word(w, first, stop_words):
                a, b = max(0, i - window), min(len(words) - 1, i + window)
                if lo >= 0 and a <= hi + 1:
                    hi = max(hi, b)
                else:
                    if lo >= 0:
                        add(words[lo][0], sent.end if hi == len(words) - 1 else words[hi][1])
                    lo, hi = a, b
            if w.strip(LEADING):
                first = False
        if lo >= 0:
            add(sent.start if lo == 0 else words[lo][0], sent.end if hi == len(words) - 1 else words[hi][1])
    if len(runs) == 1 and not text[:runs[0][0]].strip() and not text[runs[0][1]:].strip():
        return [(0, len(text))]
    return runs


def name_chunks(text: str, stop_words: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of neighbouring sentences that can hold a name; the whole text as one
    run when every sentence can (the gate before :func:`name_windows`, kept for comparison)."""
    runs: list[tuple[int, int]] = []
    prev_kept = False
    for s, e in sentences(text):
        kept = can_name(text[s:e], stop_words)
        if kept and prev_kept:
            runs[-1] = (runs[-1][0], e)
        elif kept:
            runs.append((s, e))
        prev_kept = kept
    if len(runs) == 1 and runs[0][0] == 0 and not text[runs[0][1]:].strip():
        return [(0, len(text))]
    return runs


def gated_ner(nlp: Any, texts: Sequence[str], kinds: dict[str, str], batch_size: int = 64,
              disable: Iterable[str] = ()) -> list[list[tuple[int, int, str]]]:
    """(start, end, kind) spans per text of the recogniser run on only the words of each text near a word
    that can be part of a name (:func:`name_windows`); ``kinds`` maps spaCy's labels to the kinds kept."""
    stop_words = frozenset(getattr(nlp.Defaults, "stop_words", ()) or ())
    chunks = [(i, s, e) for i, t in enumerate(texts) for s, e in name_windows(t, stop_words)]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = nlp.pipe([texts[i][s:e] for i, s, e in chunks], batch_size=batch_size, disable=list(disable))
    with one_thread():  # numpy's BLAS, if spaCy uses it, on this thread only (presswatch.text.blas)
        for (i, s, _e), doc in zip(chunks, docs, strict=True):
            out[i].extend((s + ent.start_char, s + ent.end_char, kinds[ent.label_])
                          for ent in doc.ents if ent.label_ in kinds)
    return out
