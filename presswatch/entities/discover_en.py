"""What a discovered English name must pass before it becomes an entity (spaCy or rules alike).

* Only Latin-script tokens: a passage in another script that was taken for English finds no names.
* Not in a headline-case passage (a heading or table row where most words are capitalised,
  "Hijacks America", "Reaction To Families"): there known names are still matched, nothing is discovered.
* A single word at the start of a sentence ("Create", "During") is not a name unless the same word is
  capitalised in the middle of a sentence somewhere in the article.
* Not a common noun: every word of the name ("Sales", "Data Science", "Operations") is also written
  in lower case, at least as often as it is capitalised mid-sentence, across the texts seen
  (:class:`WordCase`: the article, and what the linker was shown of the archive).
* Not a pronoun ("You") or a listed generic word (``lang/en/entities.toml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from presswatch.entities.normalize import Token, tokenize
from presswatch.lang.data import read

SENTENCE_END = ".!?:;\n\"“”|•–—-*#>"


@lru_cache(maxsize=4)
def not_names(lang: str) -> frozenset[str]:
    data = read(lang, "entities")
    return frozenset(w.lower() for key in ("pronouns", "not_names", "not_names_acronyms") for w in data.get(key, []))


def sentence_initial(text: str, tok: Token) -> bool:
    before = text[:tok.start].rstrip(" \t\"'“‘«„([")
    return not before or before[-1] in SENTENCE_END or before[-1].isdigit()


def headline_case(text: str, tokens: list[Token]) -> bool:
    """A heading or table row: no sentence punctuation inside and most words capitalised."""
    words = [t for t in tokens if t.text[:1].isalpha()]
    if len(words) < 2 or len(words) > 25:
        return False
    caps = sum(1 for t in words if t.text[:1].isupper())
    return caps >= 0.6 * len(words) and not any(text.rstrip().endswith(c) for c in ".?!\"”")


def latin(tok: Token) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in tok.text)


@dataclass
class WordCase:
    """How often each word is written in lower case and capitalised mid-sentence."""

    lower: Counter[str] = field(default_factory=Counter)
    capital: Counter[str] = field(default_factory=Counter)

    def observe(self, texts: Iterable[str]) -> None:
        for text in texts:
            for tok in tokenize(text):
                first = tok.text[:1]
                if first.islower():
                    self.lower[tok.key] += 1
                elif first.isupper() and not tok.all_caps and not sentence_initial(text, tok):
                    self.capital[tok.key] += 1

    def common(self, key: str) -> bool:
        low = self.lower.get(key, 0)
        return low > 0 and low >= self.capital.get(key, 0)

    def capitalised_inside(self, key: str) -> bool:
        return self.capital.get(key, 0) > 0


def plausible(text: str, tokens: list[Token], first: int, last: int, case: WordCase, heading: bool,
              lang: str = "en") -> bool:
    span = tokens[first:last]
    if not span or heading or not all(latin(t) for t in span):
        return False
    keys = [t.key for t in span]
    if any(k in not_names(lang) for k in keys) and len(span) == 1:
        return False
    acronym = len(span) == 1 and span[0].all_caps and len(keys[0]) >= 2
    if len(span) == 1 and sentence_initial(text, span[0]) and not acronym and not case.capitalised_inside(keys[0]):
        return False
    content = [k for k in keys if len(k) > 2]
    if content and all(case.common(k) for k in content):
        return False
    return True
