"""Quality floors on the real reference pages (issue 10, points 5 and 6): translation pairs passage by
passage and publication dates, scored on tests/data/refpages/links.json (offsets into the pages in
../shared/data/reference-pages, annotated before the rules were changed). Missing data fails under CI
and skips locally."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presswatch.anatomy.evaluate import shared_dir
from presswatch.reuse.refpages import GOLD, run_refpages

# Measured on branch links (same run as the baseline: 0/32 passage pairs, 0/2 unit pairs, 1/26 dates):
# 21/32 passage pairs found, 21 of 23 passage links right, 3/26 dates. Unit pairs and most dates need
# units that do not overlap (the page-anatomy work of issue 10, points 1-3): raise these floors then.
PASSAGE_PAIRS_FLOOR = 19
PASSAGE_PRECISION_FLOOR = 0.85
DATES_FLOOR = 3


@pytest.mark.quality
def test_reference_pages_translation_pairs_and_dates(tmp_path: Path) -> None:
    pages = shared_dir() / "data" / "reference-pages"
    if not pages.is_dir():
        message = f"reference pages missing at {pages}; set PRESSWATCH_SHARED to the shared data folder"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    scores, counts = run_refpages(pages, tmp_path, GOLD)
    assert scores.passage_pairs == 32 and scores.unit_pairs == 2 and scores.dates == 26, "gold file changed"
    assert scores.passage_pairs_found >= PASSAGE_PAIRS_FLOOR, scores.misses
    assert scores.passage_links_right / max(scores.passage_links, 1) >= PASSAGE_PRECISION_FLOOR
    assert scores.dates_right >= DATES_FLOOR, scores.misses
    assert counts["translation:translation_same_page"] >= 2
