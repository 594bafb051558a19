"""The entity recogniser reads only the sentences of a passage that can hold a name
(presswatch/entities/name_gate.py), and its spans come back as offsets into the whole passage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from presswatch.entities.discover import NER_KINDS
from presswatch.entities.name_gate import (
    _name_word,
    can_name,
    gated_ner,
    name_chunks,
    name_windows,
    sentences,
)

STOP = frozenset({"the", "it", "however", "a", "in", "we", "i"})

PLAIN = "The weather in the valley was mild and the harvest came in early this year."
NAMED = "Angela Merkel met Emmanuel Macron in Paris on Tuesday to talk about the budget."


@pytest.fixture(scope="module")
def nlp(load_spacy_model: Callable[..., Any]) -> Any:
    return load_spacy_model(["senter", "parser", "tagger", "attribute_ruler", "lemmatizer"])


def test_a_sentence_without_a_capital_past_a_stop_word_cannot_hold_a_name() -> None:
    assert not can_name(PLAIN, STOP)
    assert not can_name("However, it was mild and the harvest came in early this year.", STOP)
    assert can_name(NAMED, STOP)
    assert can_name("the harvest came in early, as eBay sellers had hoped it would.", STOP)  # inner capital
    assert can_name("Reuters reported that the harvest came in early this year.", STOP)  # a first word, no stop word
    assert can_name("the harvest in تهران came early and the weather stayed mild.", STOP)  # a caseless script
    assert can_name("6. the harvest", STOP)  # short: always read (a list number, an initial)


def test_chunks_are_runs_of_neighbouring_sentences_that_can_hold_a_name() -> None:
    text = f"{NAMED} {PLAIN} {PLAIN} {NAMED} Macron said so too, in Paris."
    first, second = name_chunks(text, STOP)
    assert text[first[0]:first[1]] == NAMED
    assert text[second[0]:second[1]] == f"{NAMED} Macron said so too, in Paris."
    assert [text[s:e] for s, e in sentences(text)][:3] == [NAMED, PLAIN, PLAIN]
    assert name_chunks(f"{NAMED} {NAMED}\n", STOP) == [(0, len(NAMED) * 2 + 2)]  # all of it: the whole text
    assert name_chunks(f"{PLAIN} {PLAIN}", STOP) == []


def test_gated_spans_are_the_recognisers_on_the_kept_sentences_at_their_offsets(nlp: Any) -> None:
    text = f"{PLAIN} {NAMED} {PLAIN}"
    stop = frozenset(nlp.Defaults.stop_words)
    (start, end), = name_chunks(text, stop)
    assert text[start:end] == NAMED
    alone = [(start + e.start_char, start + e.end_char, NER_KINDS[e.label_])
             for e in nlp(NAMED).ents if e.label_ in NER_KINDS]
    got, empty, whole = gated_ner(nlp, [text, PLAIN, NAMED], NER_KINDS)
    assert got == alone and {text[s:e] for s, e, _ in got} >= {"Angela Merkel", "Emmanuel Macron", "Paris"}
    assert empty == []
    # a passage whose every sentence can hold a name is read whole, exactly as before the gate
    assert whole == [(e.start_char, e.end_char, NER_KINDS[e.label_]) for e in nlp(NAMED).ents if e.label_ in NER_KINDS]


def test_windows_keep_the_words_near_a_name_within_their_sentence() -> None:
    long_plain = ("the weather in the valley was mild and the harvest came in early this year and everyone "
                  "in the villages around it was glad of the long warm autumn that followed")
    text = f"{long_plain} while Angela Merkel was away. {PLAIN}"
    (start, end), = name_windows(text, STOP, window=3)
    # three words either side of "Angela" and of "Merkel", up to the sentence's end, nothing of PLAIN
    assert text[start:end] == "that followed while Angela Merkel was away."
    # a sentence whose every word is near a name is read whole, and so is the whole text
    assert name_windows(NAMED, STOP, window=6) == [(0, len(NAMED))]
    assert name_windows(f"{PLAIN} {PLAIN}", STOP) == []
    # a short sentence (a list number, an initial) is read whole
    assert name_windows("6. the harvest", STOP) == [(0, len("6. the harvest"))]
    # two windows in one sentence that do not meet stay apart
    far = f"Paris {long_plain} Berlin"
    first, second = name_windows(far, STOP, window=2)
    assert far[first[0]:first[1]] == "Paris the weather" and far[second[0]:second[1]].endswith("followed Berlin")


def test_the_recogniser_reads_three_words_either_side_of_a_name_by_default() -> None:
    # speed12: 3 words, not 4 (fewer tokens for the recogniser; the English discovery samples unchanged)
    words = "one two three four five six seven eight nine ten eleven twelve".split()
    text = " ".join(words[:6] + ["Merkel"] + words[6:]) + "."
    (start, end), = name_windows(text, STOP)
    assert text[start:end] == "four five six Merkel seven eight nine"


def test_a_name_word_is_judged_as_by_its_characters_ascii_or_not() -> None:
    # the ASCII shortcut of _name_word (speed12) gives the per-character definition's answer
    def by_characters(word: str, first: bool) -> bool:
        if any(c.isupper() for c in word):
            bare = "".join(c for c in word if c.isalpha() or c in "'’").lower().replace("’", "'")
            return first is False or bare not in STOP
        return any(c.isalpha() and not c.islower() for c in word)

    words = ["eBay", "The", "the", "It’s", "6.", "harvest,", "(Merkel)", "USA", "تهران", "Émile", "émile",
             "naïve", "Ärzte", "ǅemal", "x²", "—", "", "İstanbul", "straße", "Straße", "東京", "a-Z"]
    for word in words:
        for first in (True, False):
            assert _name_word(word, first, STOP) is by_characters(word, first), (word, first)
