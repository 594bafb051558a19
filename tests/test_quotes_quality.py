"""Scored gold-set evaluation of speaker + content attribution, with pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.entities.evaluate import build_gold_linker, gold_paths, load_gold
from presswatch.entities.watchlist import load_watchlist
from presswatch.quotes.evaluate import score_quotes

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.quality

# measured 2026-11-22: F1 1.000 on all 165 attributions (held-out 36/36; at first sight, before any rule
# was written for them, the held-out articles scored 0.986 and a harder set, now dev, 0.69). Dev
# articles were used to write the rules, so these floors guard against regressions, not real-world
# quality (see docs/decisions.md).
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
