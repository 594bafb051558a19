"""The entity stages' tokenizer and word tests give what their plain definitions give (speed10 rewrote
their hot loops: memoised keys, the possessive by its last two characters, sentence starts read backwards,
``all_caps`` in C for ASCII, memoised lookup keys)."""

from __future__ import annotations

import re

from presswatch.entities.discover_en import SENTENCE_END, WordCase, sentence_initial
from presswatch.entities.matcher import AliasIndex, lookup_keys
from presswatch.entities.normalize import POSSESSIVE_RE, TOKEN_RE, Token, skeleton, stems, token_key, tokenize

TEXTS = [
    "Angela Merkel's visit: Merkel’s aides and the bosses' cars.",
    "JAMES'S BOOK, James’S book, Jameſ's, it's, ab's, x's, O'Brien’s farm",
    "«Tirana» (Kurtit) — “Berishës” said: 'Partisë e Lirisë'. 3 Sept.",
    "محمد\u200cرضا شاه و القذافی گفت",
    "İSTANBUL, ÉTAT, ǅemal, ẞTRASSE, straße, NATO’s chief, the U.S. and the EU",
    "",
    "   \n\t",
]


def reference_tokens(text: str) -> list[tuple[str, int, int, str]]:
    """The tokenizer as first written: a regular expression for the possessive."""
    out = []
    for m in TOKEN_RE.finditer(text):
        surface, end = m.group(), m.end()
        p = POSSESSIVE_RE.search(surface)
        if p and len(surface) > 3:
            surface, end = surface[: p.start()], m.start() + p.start()
        out.append((surface, m.start(), end, token_key(surface)))
    return out


def test_tokens_are_those_of_the_plain_definition() -> None:
    for text in TEXTS:
        got = tokenize(text)
        assert [(t.text, t.start, t.end, t.key) for t in got] == reference_tokens(text)
        assert all(isinstance(t, Token) for t in got)
        # frozen dataclass equality and the cached capital test still work on them
        assert got == [Token(*r) for r in reference_tokens(text)]
        assert [t.capitalised for t in got] == [Token(*r).capitalised for r in reference_tokens(text)]


def test_possessives_removed_only_from_tokens_of_more_than_three_characters() -> None:
    assert [t.text for t in tokenize("Merkel's x's ab's abc's")] == ["Merkel", "x's", "ab", "abc"]
    assert tokenize("NATO’s")[0].end == 4


def test_all_caps_is_every_letter_upper_case() -> None:
    for word in ["NATO", "Nato", "EU2", "123", "ÉTAT", "ÉtAT", "ǅ", "Aب", "بب", "İSTANBUL", "ß", "ẞ", "U.S"]:
        letters = [c for c in word if c.isalpha()]
        assert Token(word, 0, len(word), word).all_caps == (bool(letters) and all(c.isupper() for c in letters))


def test_sentence_start_read_backwards_matches_the_prefix_test() -> None:
    for text in TEXTS + ["Said. «(“Anna", "3 Anna", "x Anna", "\t\"Anna", "word; 'Anna'"]:
        for tok in tokenize(text):
            before = text[:tok.start].rstrip(" \t\"'“‘«„([")
            assert sentence_initial(text, tok) == (not before or before[-1] in SENTENCE_END or before[-1].isdigit())


def test_word_case_counts_unchanged_by_the_rewrite() -> None:
    case = WordCase()
    case.observe(["Google said. The company (Alphabet) and google maps; \"Apple\" makes the iPhone."])
    assert case.lower["google"] == 1 and case.seen["google"] == 1
    assert case.capital["alphabet"] == 1 and "the" not in case.capital and "apple" not in case.capital


def test_lookup_keys_are_the_token_keys_looked_up() -> None:
    for key, lang in [("kurtit", "sq"), ("qaddafi", "en"), ("القذافی", "fa"), ("x", "en")]:
        expected = stems(key, lang) | {key}
        if key.startswith("\u0627\u0644") and len(key) >= 5:
            expected.add(key[2:])
        if skeleton(key):
            expected.add("~" + skeleton(key))
        assert set(lookup_keys(key, lang)) == expected


def test_a_known_name_matches_only_from_a_capitalised_word() -> None:
    index = AliasIndex()
    index.add("p:merkel", "Angela Merkel")
    index.add("o:us", "US")
    text = "angela merkel met Angela Merkel; us and the US"
    found = [(text[tokenize(text)[m.first].start:tokenize(text)[m.last - 1].end], m.entity)
             for m in index.match(tokenize(text), "en")]
    assert found == [("Angela Merkel", "p:merkel"), ("US", "o:us")]
    assert re.sub(r"\s+", " ", text) == text
