"""The evidence at the linker's last decision on a discovered English name (presswatch/entities/features_en.py,
``Linker.trace``), the features file made from it for the tuning samples, and the cross-validated comparison of a
learned judge with the rules that bench/en_discovery_train.py runs on that file (issue 11 point 4; the figures are
in docs/decisions.md, "English discovery, fifth round")."""

from __future__ import annotations

import csv
import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from presswatch.entities.features_en import BASE_FEATURES
from presswatch.entities.linker import Linker

DATA = Path(__file__).parent / "data" / "entities"
BENCH = Path(__file__).resolve().parents[1] / "bench"
TUNING = ("en_discovery_sample.tsv", "en_discovery_fresh.tsv", "en_discovery_tune.tsv", "en_discovery_tune2.tsv")

TEXTS = ["Google launched Stadia in 2019, and many players were using Stadia every day.",
         "Stadia said it would close. Engineers at Stadia were told in March."]


def _spans(text: str) -> list[tuple[int, int, str]]:
    """What the English model gives these texts: each "Stadia" an organisation (the spans' input format)."""
    return [(m.start(), m.end(), "org") for m in re.finditer(r"Stadia", text)]


def _link(trace: bool, spans: bool = True) -> tuple[Linker, list[tuple[int, int, int, str]]]:
    linker = Linker()
    if trace:
        linker.trace = []
    ner = [_spans(t) for t in TEXTS] if spans else None
    linker.observe(TEXTS, ner)
    links = linker.link_unit([(t, "en") for t in TEXTS], ner)
    return linker, [(m.passage, m.start, m.end, m.entity) for m in links.mentions]


def test_trace_holds_each_mentions_context() -> None:
    linker, mentions = _link(trace=True)
    assert linker.trace is not None
    traced = {(p, s, e): f for p, s, e, key, f in linker.trace if key == "auto:stadia"}
    assert set(traced) == {(p, s, e) for p, s, e, key in mentions if key == "auto:stadia"} and len(traced) == 4
    for f in traced.values():
        assert list(f) == list(BASE_FEATURES)
        assert f["kind_org"] == 1.0 and f["here_same"] == 1.0 and f["one_word"] == 1.0
        assert f["company_log"] > 0 and 0 < f["used_share"] < 1   # "at Stadia", "Stadia said"; "using Stadia"
    assert traced[(0, 60, 66)]["use_before"] == 1.0                  # "using Stadia"
    assert traced[(1, 0, 6)]["speech_after"] == 1.0 and traced[(1, 0, 6)]["sentence_initial"] == 1.0
    assert traced[(1, 41, 47)]["prep_before"] == 1.0 and traced[(1, 41, 47)]["company_before"] == 1.0
    assert traced[(0, 16, 22)]["use_before"] == 0.0 and traced[(0, 16, 22)]["speech_after"] == 0.0


def test_tracing_changes_nothing_and_needs_the_models_spans() -> None:
    assert _link(trace=True)[1] == _link(trace=False)[1]
    linker, mentions = _link(trace=True, spans=False)   # rules only: nothing traced, the same as untraced
    assert linker.trace == [] and mentions == _link(trace=False, spans=False)[1]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def test_features_file_is_made_of_tuning_rows_only() -> None:
    rows = _rows("en_discovery_features.tsv")
    assert list(rows[0]) == ["sample", "page", "passage", "start", "end", "kind", "gold", *BASE_FEATURES]
    gold = {(name, r["page"], r["passage"], r["start"], r["end"]): r["gold"] for name in TUNING for r in _rows(name)}
    assert len(rows) == len({(r["page"], r["passage"], r["start"]) for r in rows}) > 600
    for r in rows:
        key = (r["sample"], r["page"], r["passage"], r["start"], r["end"])
        # a row of a tuning sample with its annotation (the never-tuned sample is never read to make the file)
        assert gold.get(key) == r["gold"] and r["kind"] in ("person", "org", "place", "unknown")
        assert all(float(r[n]) >= 0 for n in BASE_FEATURES)


@pytest.fixture(scope="module")
def train() -> Iterator[ModuleType]:
    pytest.importorskip("numpy")
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("en_discovery_train")
    finally:
        sys.path.remove(str(BENCH))


def test_cross_validation_reproduces_the_recorded_comparison(train: ModuleType) -> None:
    """The figures docs/decisions.md gives for the rules alone and for the logistic judge (L2 3, threshold 0.5,
    held out by page), and the finding: the judge drops more right mentions than wrong ones."""
    rows = train.load()
    y = train.np.array([r["y"] for r in rows])
    rules = train.summary(rows, train.np.ones(len(rows)), 0.5)
    assert (rules["right"], rules["kept"]) == (615, 713)
    x = train.matrix(rows, train.feature_names("base"))
    probs = train.out_of_fold(x, y, train.groups(rows, "page"), train.logistic(3.0))
    judged = train.summary(rows, probs, 0.5)
    assert (judged["right"], judged["kept"], judged["dropped_right"]) == (596, 682, 19)
    assert judged["dropped_right"] * 2 > judged["dropped"]
