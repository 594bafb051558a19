"""The per-page "nlp" component sends spaCy only what it must see: the paragraphs that can hold an
attribution reach the parser (others do not), and a text met again is analysed once, its result landing
on every unit that has it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from presswatch.config import Config
from presswatch.models import Doc, Passage, RawDocument, Unit
from presswatch.quotes.analysis import EnglishAnalysis, TextCache, parse_attributions
from presswatch.quotes.attribute_rules import attribute_rules
from presswatch.quotes.prefilter import CueForms, attribute_selected, cue_forms, select

CUE = "The minister said on Monday that the budget would be cut."
PLAIN = "The weather in the valley was mild and the harvest came in early."
QUOTE = "“We will not give up,” the crowd chanted outside."


@pytest.fixture(scope="module")
def nlp(load_spacy_model: Callable[..., Any]) -> Any:
    return load_spacy_model(["senter", "ner"])


def test_forms_of_cue_lemmas_are_cues(nlp: Any) -> None:
    forms = cue_forms(nlp)
    for word in ("said", "says", "told", "According", "claimed", "denies", "wrote"):
        assert forms.is_cue(word), word
    for word in ("weather", "valley", "harvest", "mild", "the"):
        assert not forms.is_cue(word), word


def test_attribution_paragraph_is_selected_and_plain_one_is_not(nlp: Any) -> None:
    forms = cue_forms(nlp)
    text = "\n\n".join([PLAIN, CUE, PLAIN])
    selected, pieces = select(text, forms)
    assert selected == CUE
    assert pieces == [(0, len(PLAIN) + 2, len(CUE))]
    assert select(PLAIN, forms) == ("", [])
    # a headline "Name: text" line has its cue in the colon
    assert select("Graham: the rhetoric is hateful and dangerous", forms)[0]


def test_quotation_next_to_a_cue_paragraph_is_kept(nlp: Any) -> None:
    forms = CueForms(nlp)
    lone = "“The harvest came in early this year.”"
    text = "\n\n".join([PLAIN, lone, "So the farmers said.", PLAIN])
    assert select(text, forms)[0] == lone + "\n\n" + "So the farmers said."
    assert select("\n\n".join([lone, PLAIN]), forms)[0] == ""  # a quotation alone has no cue


def test_attributions_of_the_selection_point_into_the_whole_text(nlp: Any) -> None:
    text = "\n\n".join([PLAIN, CUE, PLAIN, "According to the ministry, the harvest was early."])
    (found,) = parse_attributions(nlp, [text])
    cues = {text[a.cue[0]:a.cue[1]] for a in found if a.cue}
    assert cues == {"said on Monday", "According to"}
    whole = parse_attributions(nlp, [CUE])[0]
    at = text.index(CUE)
    shifted = [(a.cue[0] + at, a.cue[1] + at) for a in whole if a.cue]
    assert [a.cue for a in found if a.cue and a.cue[0] < at + len(CUE)] == shifted
    assert parse_attributions(nlp, [PLAIN, ""]) == [[], []]  # nothing to parse, nothing found


def test_text_cache_computes_each_distinct_text_once() -> None:
    calls: list[list[str]] = []
    cache = TextCache(size=2)

    def compute(texts: list[str]) -> list[int]:
        calls.append(texts)
        return [len(t) for t in texts]
    assert cache.run(["ab", "c", "ab"], compute) == [2, 1, 2]
    assert calls == [["ab", "c"]]
    assert cache.run(["c", "dddd"], compute) == [1, 4]
    assert calls[-1] == ["dddd"]
    assert "ab" not in cache.data  # the oldest distinct text left the cache
    assert (cache.hits, cache.misses) == (2, 3)


def _unit(ordinal: int, paragraphs: list[str]) -> Unit:
    passages, pos = [], 0
    for i, p in enumerate(paragraphs):
        passages.append(Passage(i, pos, pos + len(p), p, "en"))
        pos += len(p) + 2
    return Unit(ordinal, "article", "\n\n".join(paragraphs), lang="en", passages=passages)


def test_repeated_text_is_analysed_once_and_lands_on_every_unit(nlp: Any) -> None:
    component = EnglishAnalysis(Config())
    if component.pipeline() is None:
        pytest.skip(str(component._error))
    boiler = "Sign up for the Daily Brief from Reuters in London."
    units = [_unit(0, [CUE, boiler]), _unit(1, [PLAIN, boiler]), _unit(2, [CUE, boiler])]
    doc = Doc(1, 1, RawDocument("x", "x", b"", "html"), units=units)
    component(doc)
    assert all(u.analysis is not None for u in units)
    ner = [u.analysis["ner"] for u in units if u.analysis]
    assert ner[0][1] == ner[1][1] == ner[2][1]  # the shared passage's names on every unit
    assert any(kind for _s, _e, kind in ner[0][1])
    assert component._ner_cache.misses == 3 and component._ner_cache.hits == 3  # CUE, PLAIN, boiler
    attr = [u.analysis["attr"] for u in units if u.analysis]
    assert attr[0] == attr[2] and attr[0]
    assert component._parse_cache.misses == 2 and component._parse_cache.hits == 1


def test_fast_ruler_gives_the_rulers_part_of_speech(nlp: Any) -> None:
    from presswatch.quotes.fast_ruler import FastRuler

    text = ("There is a plan, and it was said that he did it. “I have seen it,” she told them; the ones "
            "that were there had gone.\n\nAccording to those who know, the minister does not.")
    disable = ["attribute_ruler", "lemmatizer"]
    mine = FastRuler(nlp)(nlp(text, disable=disable))
    ref = nlp.get_pipe("attribute_ruler")(nlp(text, disable=disable))
    assert [t.pos_ for t in mine] == [t.pos_ for t in ref]
    assert [t.dep_ for t in mine] == [t.dep_ for t in ref]
    assert {t.pos_ for t in mine} >= {"VERB", "AUX", "PRON", "NOUN", "SPACE"}


def test_a_paragraph_with_a_rare_cue_is_not_parsed_and_gets_the_rules_attributions(nlp: Any) -> None:
    rare = "“The harvest was early,” John Smith mused."
    forms = cue_forms(nlp)
    assert CueForms(nlp).is_cue("mused") and not forms.is_cue("mused")  # a cue, but rare: not parsed for it
    text = "\n\n".join([CUE, PLAIN, rare])  # not next to the cue paragraph: no quotation chain
    assert select(text, forms)[0] == CUE
    (found,) = parse_attributions(nlp, [text])
    at = text.index(rare)
    ruled = [a for a in found if a.cue and a.cue[0] >= at]
    assert [(text[a.cue[0]:a.cue[1]], text[a.source[0]:a.source[1]] if a.source else None) for a in ruled] == \
        [("mused", "John Smith")]
    # the rules' own attributions of that paragraph, at its offsets in the whole text
    alone = attribute_rules(rare)
    assert [(a.cue[0] + at, a.cue[1] + at) for a in alone if a.cue] == [a.cue for a in ruled]
    # without the rules the parse alone finds nothing there
    (parsed_only,) = attribute_selected([text], nlp, rules=False)
    assert not [a for a in parsed_only if a.cue and a.cue[0] >= at]


def test_only_the_cue_sentences_of_a_long_paragraph_and_their_neighbours_are_parsed(nlp: Any) -> None:
    forms = cue_forms(nlp)
    far = ["The shop opened at nine.", "Few people came in.", "The street was quiet all day."]
    near = ["Prices rose again in March.", "Nobody came to the market.", "Then it rained on the stalls."]
    para = " ".join(far + [near[0], CUE, near[1]] + far)
    selected, pieces = select(para, forms)
    assert selected == " ".join([near[0], CUE, near[1]])
    assert pieces == [(0, para.index(near[0]), len(selected))]
    (found,) = parse_attributions(nlp, [para])
    assert {para[a.cue[0]:a.cue[1]] for a in found if a.cue} == {"said on Monday"}
    # a paragraph with a quotation mark is parsed whole (a quotation reaches over sentences)
    quoted = " ".join(far + ["“We will not give up.", "We stay,”", CUE] + far)
    assert select(quoted, forms)[0] == quoted
