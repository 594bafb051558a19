"""Multilingual sentence splitting: English, Albanian and Persian, abbreviations, numbers, quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presswatch.text.sentences import sentences, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Dr. Smith met Mr. Jones in the U.S. The talks lasted 3.5 hours. Was it enough?",
     ["Dr. Smith met Mr. Jones in the U.S.", "The talks lasted 3.5 hours.", "Was it enough?"]),
    ("The U.S. government disagreed. Officials left.",
     ["The U.S. government disagreed.", "Officials left."]),
    ("He said: “We will not stop.” Then he left!",
     ["He said: “We will not stop.”", "Then he left!"]),
    ("See e.g. the report. It is long.", ["See e.g. the report.", "It is long."]),
    ("Growth was 4.2% in 2025. Prices rose by 1,250.50 euros.",
     ["Growth was 4.2% in 2025.", "Prices rose by 1,250.50 euros."]),
    ("J. R. Hartley wrote it. Nobody read it.", ["J. R. Hartley wrote it.", "Nobody read it."]),
    ("Wait... What happened?! Nothing.", ["Wait...", "What happened?!", "Nothing."]),
])
def test_english(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Z. Berisha tha se diga është e rrezikshme. Banorët protestuan! A do të ndalet?",
     ["Z. Berisha tha se diga është e rrezikshme.", "Banorët protestuan!", "A do të ndalet?"]),
    ("Znj. Kryeziu foli me Prof. Lekën. Ajo u largua.",
     ["Znj. Kryeziu foli me Prof. Lekën.", "Ajo u largua."]),
    ("Ligji nr. 12 u miratua. “Lumi nuk shitet,” tha ai. Protesta mbaroi.",
     ["Ligji nr. 12 u miratua.", "“Lumi nuk shitet,” tha ai.", "Protesta mbaroi."]),
])
def test_albanian(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_persian_question_mark_and_guillemets() -> None:
    text = "وزیر گفت که قرارداد امضا شده است. آیا این درست است؟ «ما مخالفیم.» او افزود."
    assert sentences(text) == ["وزیر گفت که قرارداد امضا شده است.", "آیا این درست است؟", "«ما مخالفیم.»",
                               "او افزود."]


def test_persian_digits_and_zwnj_kept() -> None:
    text = "قیمت ۳.۵ درصد افزایش یافت. شرکت‌ها نگران‌اند."
    assert sentences(text) == ["قیمت ۳.۵ درصد افزایش یافت.", "شرکت‌ها نگران‌اند."]


def test_lines_are_boundaries_but_wrapped_lines_continue() -> None:
    text = "Headline without a stop\nBy Jane Doe\nThe dam is big and it\nwraps here. Next one."
    assert sentences(text) == ["Headline without a stop", "By Jane Doe", "The dam is big and it\nwraps here.",
                               "Next one."]


def test_lower_case_after_period_is_not_a_boundary() -> None:
    assert sentences("The vote is at 3 p.m. and not later. Fine.") == [
        "The vote is at 3 p.m. and not later.", "Fine."]


def test_offsets_point_into_the_text() -> None:
    text = "  First one.  Second one?\n\nThird «one».\n"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
    assert [s.text for s in split_sentences(text)] == ["First one.", "Second one?", "Third «one»."]


def test_empty_and_blank() -> None:
    assert sentences("") == []
    assert sentences(" \n\n ") == []


@given(st.text(alphabet=st.sampled_from(list("ab .?!؟«»\"”\nAZ3ë")), max_size=80))
def test_sentences_cover_all_non_space_text(text: str) -> None:
    parts = split_sentences(text)
    covered = "".join(p.text for p in parts)
    assert "".join(text.split()) == "".join(covered.split())
    assert all(text[p.start:p.end] == p.text and p.text == p.text.strip() for p in parts)
    assert all(a.end <= b.start for a, b in zip(parts, parts[1:], strict=False))
