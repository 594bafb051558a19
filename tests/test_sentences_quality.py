"""Scored sentence splitting on the project-made gold set, with a pinned floor and the peer in the same run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from gates import need_module

REPO = Path(__file__).resolve().parents[1]
# bench/sentences.py holds the scoring, so the benchmark and this gate measure the same thing.
_spec = importlib.util.spec_from_file_location("bench_sentences", REPO / "bench" / "sentences.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

pytestmark = pytest.mark.quality

# Pinned floors (measured 1.000 on every language when the gold set was written; see bench/sentences.py).
FLOOR = {"en": 0.97, "sq": 0.97, "fa": 0.97, "all": 0.97}


def test_boundary_f1_floor_per_language() -> None:
    gold = bench.load_gold()
    assert {g["lang"] for g in gold} == {"en", "sq", "fa"} and len(gold) >= 60
    scores = bench.score(gold, bench.presswatch_splitter())
    for lang, floor in FLOOR.items():
        assert scores[lang]["f1"] >= floor, (lang, scores[lang])


def test_at_least_as_good_as_spacy_sentencizer() -> None:
    need_module("spacy", "spaCy sentencizer (the peer of this gate)")
    gold = bench.load_gold()
    ours = bench.score(gold, bench.presswatch_splitter())
    peer_split = bench.spacy_splitter()
    assert peer_split is not None
    peer = bench.score(gold, peer_split)
    for lang in ("en", "sq", "fa", "all"):
        assert ours[lang]["f1"] >= peer[lang]["f1"], (lang, ours[lang], peer[lang])


def test_scoring_counts_errors() -> None:
    """The scorer itself: a splitter that never splits, and one that splits at every period, lose points."""
    gold = bench.load_gold()
    never = bench.score(gold, lambda text, lang: [text])
    assert never["all"]["recall"] == 0.0 and never["all"]["f1"] == 0.0
    naive = bench.score(gold, lambda text, lang: [s + "." for s in text.split(". ")])
    assert naive["en"]["precision"] < 1.0
