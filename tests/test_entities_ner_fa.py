"""Persian names without a model: patterns (unit tests) and PEYMA dev / ARMAN fold 1 floors (quality)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gates import cannot_run

from presswatch.entities.conll import Memorised, derive_lexicon, read_conll, score, tag_sentences
from presswatch.entities.lexicon import build_lexicon
from presswatch.entities.linker import Linker

SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
NER = SHARED / "data" / "ner" / "fa"

# Measured 2026-12-03 (bench/ner_fa.py, same run): PEYMA dev F1 0.619 (memorised baseline 0.498),
# ARMAN test fold 1 F1 0.510 (fold 1 was never tuned on; list derived from PEYMA train only). Pinned 0.02 below.
# (2026-12-01: 0.567 and 0.468.)
PEYMA_DEV_FLOOR = 0.599
ARMAN_FOLD1_FLOOR = 0.490
# 2026-12-06 (bench/ner_fa.py, same run): with lists derived from PEYMA train plus ARMAN train fold 1 (the
# memory the baseline has) ARMAN test fold 1 F1 0.606 against the baseline's 0.538; the rules must keep
# presswatch at least this far above it (pinned 0.03 below the measured margin of 0.068).
ARMAN_ABOVE_MEMORY = 0.038


def _kinds(text: str) -> list[tuple[str, str]]:
    linker = Linker()
    links = linker.link_unit([(text, "fa")])
    return [(m.surface, linker.kinds[m.entity]) for m in links.mentions]


def test_a_name_stops_at_the_verb() -> None:
    found = _kinds("امینیان افزود: کار ادامه دارد.")
    assert ("امینیان", "person") in found
    assert not any("افزود" in s for s, _ in found)


def test_organisation_and_place_heads() -> None:
    found = _kinds("سازمان حفاظت محیط زیست در استان البرز گزارش داد.")
    assert ("سازمان حفاظت محیط زیست", "org") in found
    assert any(kind == "place" and "البرز" in s for s, kind in found)


def test_cldr_place_names() -> None:
    assert ("آلبانی", "place") in _kinds("او به آلبانی رفت.")


def test_title_excluded_and_name_learned_for_later_sentences() -> None:
    linker = Linker()
    linker.link_unit([("آقای رضا کریمی گفت که خبری نیست.", "fa")])
    later = linker.link_unit([("رضا کریمی در جلسه حاضر شد.", "fa")])
    assert [m.surface for m in later.mentions] == ["رضا کریمی"]
    assert linker.kinds[later.mentions[0].entity] == "person"


def test_a_surname_alone_links_to_the_one_person_the_archive_knows_by_it() -> None:
    linker = Linker()
    linker.link_unit([("کامبیز غیاثوند به نیویورک رفت.", "fa")])   # (a surname on no list)
    later = linker.link_unit([("به گفته غیاثوند این سفر مهم بود.", "fa")])
    assert [(m.surface, linker.names[m.entity]) for m in later.mentions] == [("غیاثوند", "کامبیز غیاثوند")]
    # a dictionary word is no surname on its own, even when it ends a known name ("فرد" person)
    linker.link_unit([("احمد خلیلی فرد در جلسه بود.", "fa")])
    later = linker.link_unit([("هر فرد باید رای بدهد.", "fa")])
    assert not [m for m in later.mentions if m.surface == "فرد"]


def test_given_names_that_are_words_start_a_name_only_before_a_name() -> None:
    assert ("امید غیاثوند", "person") in _kinds("در جلسه امروز امید غیاثوند سخنرانی کرد.")
    assert not [s for s, _ in _kinds("امید زیادی به این طرح هست.") if "امید" in s]


def test_a_persons_name_stops_at_a_role_and_takes_a_compound_surname() -> None:
    found = _kinds("فاطمه غلامپور مربی تیم در این باره سخن گفت.")
    assert ("فاطمه غلامپور", "person") in found
    assert ("شیما امینی مقدم", "person") in _kinds("در این مسابقه شیما امینی مقدم اول شد.")


def test_a_places_adjective_is_no_mention_of_the_place() -> None:
    linker = Linker()
    linker.link_unit([("او به ایران رفت.", "fa")])
    later = linker.link_unit([("بازیکنان ایرانی در ایران بازی کردند.", "fa")])
    assert [m.surface for m in later.mentions] == ["ایران"]


def test_and_inside_an_organisations_name() -> None:
    assert ("انجمن نویسندگان و مترجمان", "org") in _kinds("انجمن نویسندگان و مترجمان اعلام کرد.")
    assert ("سازمان بنادر و دریانوردی", "org") in _kinds("سازمان بنادر و دریانوردی اعلام کرد.")


def _data(path: Path) -> Path:
    if not path.is_file():
        cannot_run(f"Persian NER data missing at {path}; set PRESSWATCH_SHARED to the shared data folder")
    return path


@pytest.mark.quality
def test_peyma_dev_floor_and_above_memorisation() -> None:
    dev = read_conll(_data(NER / "peyma" / "dev.txt"), "pipe")
    train = read_conll(_data(NER / "peyma" / "train.txt"), "pipe")
    gold = [s.tags for s in dev]
    ours = score(gold, tag_sentences(Linker(), [s.tokens for s in dev]))["ALL"]["f1"]
    memo = Memorised(train)
    base = score(gold, [memo.tag(s.tokens) for s in dev])["ALL"]["f1"]
    assert ours >= PEYMA_DEV_FLOOR, f"PEYMA dev F1 {ours:.3f} < {PEYMA_DEV_FLOOR}"
    assert ours > base + 0.03, f"PEYMA dev F1 {ours:.3f} not above the memorisation baseline {base:.3f}"


@pytest.mark.quality
def test_arman_fold1_floor() -> None:
    test = read_conll(_data(NER / "arman" / "test_fold1.txt"))
    ours = score([s.tags for s in test], tag_sentences(Linker(), [s.tokens for s in test]))["ALL"]["f1"]
    assert ours >= ARMAN_FOLD1_FLOOR, f"ARMAN fold 1 F1 {ours:.3f} < {ARMAN_FOLD1_FLOOR}"


@pytest.mark.quality
def test_arman_fold1_above_memorisation_with_the_same_memory() -> None:
    """ARMAN's baseline memorises ARMAN's own train fold; given that fold's names too, presswatch's rules
    must add to them, not fall below what memory alone finds."""
    test = read_conll(_data(NER / "arman" / "test_fold1.txt"))
    train = read_conll(_data(NER / "arman" / "train_fold1.txt"))
    peyma = read_conll(_data(NER / "peyma" / "train.txt"), "pipe")
    gold = [s.tags for s in test]
    linker = Linker(fa_lexicon=build_lexicon("fa", derive_lexicon(peyma + train)))
    ours = score(gold, tag_sentences(linker, [s.tokens for s in test]))["ALL"]["f1"]
    memo = Memorised(train)
    base = score(gold, [memo.tag(s.tokens) for s in test])["ALL"]["f1"]
    assert ours >= base + ARMAN_ABOVE_MEMORY, (
        f"ARMAN fold 1 F1 {ours:.3f} with the fold's names: not {ARMAN_ABOVE_MEMORY} above the baseline {base:.3f}")
