"""Page anatomy on real pages: the two reference pages (offset gold in tests/data/refpages, texts in
../shared) and the never-tuned split of 16 invented pages shaped like them, with pinned floors; the
partition of units on every gold and demo page.

The reference pages are read from ``../shared/data/reference-pages`` (or ``$PRESSWATCH_SHARED``):
missing data fails under CI (``CI`` set) and skips locally. Measured values: docs/decisions.md
("Real pages") and tests/data/refpages/README.md.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from presswatch.anatomy.evaluate import GOLD_DIR, anatomy_pipeline, run_page, shared_dir
from presswatch.anatomy.gold import load_gold
from presswatch.anatomy.refgold import (
    REFPAGES_DIR,
    GoldError,
    check_anchors,
    load_split,
    partition_violations,
    resolve_spec,
    score_pages,
)
from presswatch.demo import corpus_files

pytestmark = pytest.mark.quality

SHARED_PAGES = shared_dir() / "data" / "reference-pages"
# set: boundary F1, kind macro F1, field accuracy on matched units (title, author, outlet, published)
FLOORS: dict[str, dict[str, float]] = {
    # measured 0.921 / 0.964 / 0.976 / 1.0 / 0.941 / 1.0 (docs/decisions.md, "Real pages"); 0.933 / 0.970 later
    "reference": {"boundary": 0.88, "kind": 0.93, "title": 0.94, "author": 0.95, "outlet": 0.90,
                  "published": 0.95},
    # measured 0.822 / 0.879 / 0.917 / 1.0 / 1.0 / 1.0
    "never_tuned": {"boundary": 0.79, "kind": 0.85, "title": 0.88, "author": 0.95, "outlet": 0.95,
                    "published": 0.95},
    # the second never-tuned split (never_tuned2/, baseline 0.538 / 0.630): measured 0.786 / 0.876 /
    # 1.0 / 0.95 / 0.889 / 1.0
    "never_tuned2": {"boundary": 0.74, "kind": 0.83, "title": 0.9, "author": 0.9, "outlet": 0.83,
                     "published": 0.95},
}
SPLITS = {"never_tuned": ("never_tuned", "n"), "never_tuned2": ("never_tuned2", "m")}


def _need_shared() -> None:
    if not SHARED_PAGES.is_dir():
        message = f"reference pages not found under {SHARED_PAGES}; set PRESSWATCH_SHARED"
        if os.environ.get("CI"):
            pytest.fail(message + ": the real-page quality gate cannot run in CI")
        pytest.skip(message)


def _score(split: str) -> dict[str, Any]:
    pipeline = anatomy_pipeline()
    if split == "reference":
        pages = load_split(REFPAGES_DIR, SHARED_PAGES, "ref")
    else:
        folder, prefix = SPLITS[split]
        pages = load_split(REFPAGES_DIR / folder, SHARED_PAGES, prefix)
    return score_pages(pages, lambda p: run_page(pipeline, p.text.encode("utf-8"), "text", p.name).units)


def test_never_tuned_split_is_complete_and_checked() -> None:
    pages = load_split(REFPAGES_DIR / "never_tuned", SHARED_PAGES, "n")
    assert len(pages) >= 15
    kinds = {u["kind"] for p in pages for u in p.units}
    assert kinds == {"article", "teaser", "digest_item", "translation", "boilerplate"}
    assert sum(len(p.translations) for p in pages) >= 5
    assert any("section" in u["fields"] for p in pages for u in p.units)
    readme = (REFPAGES_DIR / "README.md").read_text(encoding="utf-8")
    assert "NEVER_TUNED_COMMIT" in readme
    second = load_split(REFPAGES_DIR / "never_tuned2", SHARED_PAGES, "m")
    assert len(second) >= 6 and (REFPAGES_DIR / "never_tuned2" / "baseline.json").is_file()


def test_reference_gold_covers_both_pages() -> None:
    _need_shared()
    pages = load_split(REFPAGES_DIR, SHARED_PAGES, "ref")
    assert [p.name for p in pages] == ["ref001", "ref002"]
    # annotated completely: the units (with their holes) cover every line of text of the page
    for p in pages:
        covered = {i for u in p.units for s, e in u["spans"] for i in range(s, e)}
        text_chars = [i for i, ch in enumerate(p.text) if not ch.isspace()]
        assert sum(i in covered for i in text_chars) / len(text_chars) > 0.995, p.name
    items = [u for p in pages for u in p.units if u["kind"] == "digest_item"]
    assert len(items) == 8 and all("author" in u["fields"] or "outlet" in u["fields"] for u in items)
    assert sum(len(p.translations) for p in pages) == 2 and sum(len(p.quotes) for p in pages) >= 8


def test_gold_anchors_catch_drifting_offsets() -> None:
    text = "First line here\n\nSecond line of the page\n"
    doc = resolve_spec("file x.txt local\nbp 1\narticle 3 title=\"Second\"\n", text)
    check_anchors(text, doc["units"], "x")
    assert doc["units"][1]["spans"] == [[17, 40]]
    with pytest.raises(GoldError):
        check_anchors("X" + text, doc["units"], "x")


@pytest.mark.parametrize("split", list(FLOORS))
def test_real_page_floors(split: str) -> None:
    if split == "reference":
        _need_shared()
    s = _score(split)
    floor = FLOORS[split]
    report = json.dumps({k: s[k] for k in ("boundary", "kind_macro_f1", "fields", "translation_links")})
    assert s["partition_violations"] == 0, report
    assert s["boundary"]["f1"] >= floor["boundary"], report
    assert s["kind_macro_f1"] >= floor["kind"], report
    for f in ("title", "author", "outlet", "published"):
        assert s["fields"][f] >= floor[f], (f, report)
    assert s["kinds"]["digest_item"]["f1"] >= 0.95, report


def _all_pages() -> list[tuple[str, bytes, str]]:
    pages = [(p.name, p.content.encode("utf-8"), "html" if p.media == "html" else "text") for p in load_gold(GOLD_DIR)]
    for folder, prefix in SPLITS.values():
        pages += [(p.name, p.text.encode("utf-8"), "text") for p in load_split(REFPAGES_DIR / folder, SHARED_PAGES, prefix)]
    if SHARED_PAGES.is_dir():
        pages += [(p.name, p.text.encode("utf-8"), "text") for p in load_split(REFPAGES_DIR, SHARED_PAGES, "ref")]
    for name, data in corpus_files():
        if name.endswith((".html", ".txt")):
            pages.append((name, data, "html" if name.endswith(".html") else "text"))
    return pages


def test_units_partition_every_gold_and_demo_page() -> None:
    pipeline = anatomy_pipeline()
    pages = _all_pages()
    assert len(pages) >= 60
    for name, data, media in pages:
        doc = run_page(pipeline, data, media, name)   # type: ignore[arg-type]
        assert partition_violations(doc.units) == [], name
        text = doc.text or ""
        for u in doc.units:   # a unit's text comes from its own pieces only
            pieces = u.meta.get("spans") or [(u.start, u.end)]
            assert all(0 <= s < e <= len(text) for s, e in pieces), name
            assert u.start == pieces[0][0] and u.end == pieces[-1][1], (name, u.ordinal)
