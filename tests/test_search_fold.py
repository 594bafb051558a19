"""Search folding: one form for text typed different ways, with an exact offset map."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.text.fold import fold, fold_char, fold_with_offsets


def test_albanian_diacritics():
    assert fold("Shqipëri ÇËSHTJA Ç ë") == "shqiperi ceshtja c e"
    assert fold("Zgjedhjet në Kosovë") == fold("zgjedhjet ne kosove")


def test_persian_arabic_variants():
    assert fold("علي") == fold("علی") == "علی"          # Arabic yeh / Farsi yeh
    assert fold("كتاب") == fold("کتاب")                 # Arabic kaf / keheh
    assert fold("مدرسة") == fold("مدرسه")               # teh marbuta / heh
    assert fold("می\u200cخواهم") == fold("میخواهم")       # zero-width non-joiner
    assert fold("مُحَمَّد") == fold("محمد")               # harakat
    assert fold("علـــی") == fold("علی")                 # tatweel
    assert fold("۱۴۰۲") == fold("١٤٠٢") == "1402"      # Persian and Arabic-Indic digits
    assert fold("ﻙ") == "ک"                              # presentation form -> keheh
    assert fold("إيران") == fold("ایران")


def test_other_scripts_and_case():
    assert fold("Straße") == "strasse"
    assert fold("ПРЕМИЕР") == "премиер"
    assert fold("東京 서울") == "東京 서울"
    assert fold_char("\u200c") == ""


def test_offsets_map_back_to_source():
    text = "Çështja e mësuesve: مُحَمَّد می\u200cخواهد ﻻ"
    folded, index = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(index) == len(folded)
    start = folded.index("ceshtja")
    assert text[index[start]:index[start + 6] + 1] == "Çështja"
    start = folded.index("محمد")
    assert text[index[start]:index[start + 3] + 1] == "مُحَمَّد"
    start = folded.index("میخواهد")
    assert text[index[start]:index[start + 6] + 1] == "می\u200cخواهد"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fold_with_offsets_agrees_with_fold(text):
    folded, index = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(index) == len(folded)
    assert index == sorted(index)
    assert all(0 <= i < len(text) for i in index)
    assert fold(folded) == folded or any(ord(c) > 0x3000 for c in text)  # idempotent on folded ranges
