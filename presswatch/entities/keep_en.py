"""Whether a match of a discovered English name stands where it is matched again (issue 11 point 4): the
linker's filters over every match of a name it discovered (or learned) earlier, in passages that get the
English rules.

* Not part of a longer capitalised name ("[Menke]" in "Carrie Menke", "[Morgan] & Morgan", "Murphy Moving &
  [Storage, Inc]", "[Harvard]‑T.H. Chan School", "University of [South Dakota]", "[U.S]. Department of …").
* Not a listed generic word, not a common noun at a sentence start ("Brand experience: …"), not a junk span (:func:`~presswatch.entities.evidence_en.junk_name`).
* Unless the name was stated on a page as an alias: not a thing by the evidence gathered since
  (:meth:`~presswatch.entities.discover_en.WordCase.thing`), not an unattested acronym, not the product of a
  known organisation (:func:`~presswatch.entities.evidence_en.made_by`).
* An organisation that is a place's name (:func:`~presswatch.entities.evidence_en.place_as_org`), or written with
  a plus sign glued to it ("Disney+" beside "Disney": :func:`~presswatch.entities.evidence_en.plus_service`), is not shown.
"""

from __future__ import annotations

from collections.abc import Callable

from presswatch.entities.discover import LATIN_ORG_WORDS, STOP_START
from presswatch.entities.discover_en import WordCase, not_names, sentence_initial
from presswatch.entities.evidence_en import (
    abbreviation_before_org,
    continues_with_of,
    inside_org_name,
    junk_name,
    made_by,
    place_as_org,
    plus_service,
)
from presswatch.entities.normalize import Token, lang_data

ORG_WORDS = frozenset(LATIN_ORG_WORDS | lang_data("fa").org_words)

# what joins the words of one name: "[Morgan] & Morgan", "Murphy Moving & [Storage, Inc]", "[Harvard]‑T.H. Chan"
JOINS = frozenset({" ", "-", "\u2011", " & "})


def keep_match(text: str, tokens: list[Token], first: int, last: int, entity: str, lang: str, kind: str,
               learned: bool, case: WordCase, known_org: Callable[[str], bool]) -> bool:
    """Whether the match ``tokens[first:last]`` of ``entity`` (of ``kind``; ``learned``: stated on a page as an
    alias) stands. ``known_org(key)``: whether a one-word key is a known organisation."""
    if not entity.startswith("auto:"):
        return True
    if partial(text, tokens, first, last, entity):
        return False
    span = tokens[first:last]
    keys = [t.key for t in span]
    if last - first == 1 and (keys[0] in not_names(lang) or (
            not span[0].all_caps and sentence_initial(text, span[0]) and case.common(keys[0]))):
        return False  # a listed word; a common noun at a sentence start ("Brand authority: …")
    if not learned and (unlikely(span, case) or (made_by(case, keys, kind, known_org)
                                                 and not any(k in ORG_WORDS for k in keys))):
        return False
    if kind == "org" and (place_as_org(text, tokens, first, last, case)
                          or plus_service(text, tokens, first, last, case)):
        return False  # a place's name; "Disney+", "ESPN+": the service, not the organisation
    return not junk_name(text, span)


def unlikely(span: list[Token], case: WordCase) -> bool:
    """A discovered name that the evidence gathered since says is a thing or an unattested acronym."""
    keys = [t.key for t in span]
    if case.thing(keys, ORG_WORDS):
        return True
    return len(span) == 1 and span[0].all_caps and not case.attested_acronym(keys[0], ORG_WORDS)


def partial(text: str, tokens: list[Token], first: int, last: int, key: str) -> bool:
    """A discovered name matched inside a longer capitalised sequence ("[Menke]" in "Carrie Menke")."""
    if not key.startswith("auto:"):
        return False
    if first > 0:
        prev = tokens[first - 1]
        gap = text[prev.end:tokens[first].start]
        if gap in JOINS and prev.text[:1].isupper() and prev.key not in STOP_START:
            return True
    if last < len(tokens):
        nxt = tokens[last]
        gap = text[tokens[last - 1].end:nxt.start]
        if gap in JOINS and nxt.text[:1].isupper():
            return True
        if abbreviation_before_org(text, tokens, first, last, ORG_WORDS):
            return True  # "[U.S]. Department of Education", "the [U.S]. House Intelligence Committee"
        if continues_with_of(text, tokens, last, ORG_WORDS):
            return True  # "the [American University] of Kabul"
    return inside_org_name(tokens, first, ORG_WORDS)

