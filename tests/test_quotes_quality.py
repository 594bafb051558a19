"""Scored gold-set evaluation of speaker + content attribution, with pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.entities.evaluate import build_gold_linker, gold_paths, load_gold, score_quotes
from presswatch.entities.watchlist import load_watchlist

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.quality

# measured 2026-11-22: all F1 0.997, held-out 0.986, en 1.0, sq 0.989, fa 1.0 (dev articles were used
# to write the rules; the held-out articles were scored once, unseen)
FLOORS = {"all": 0.95, "split:held-out": 0.92, "lang:en": 0.95, "lang:sq": 0.93, "lang:fa": 0.93}


def test_gold_set_size() -> None:
    articles = [a for a in load_gold(gold_paths(DATA)[1]) if a.quotes]
    assert len(articles) >= 30
    assert sum(len(a.quotes) for a in articles) >= 150
    assert {a.lang for a in articles} == {"en", "sq", "fa"}


def test_attribution_floors() -> None:
    watchlist = load_watchlist(DATA / "entities" / "watchlist.toml")
    scores = score_quotes(load_gold(gold_paths(DATA)[1]), build_gold_linker(watchlist))
    for group, floor in FLOORS.items():
        assert scores[group]["f1"] >= floor, f"{group}: F1 {scores[group]['f1']} < {floor}; {scores[group]}"
