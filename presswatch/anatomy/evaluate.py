"""Scored evaluations of page anatomy: the annotated gold set and WCXB ``without``/``with`` snippets."""

from __future__ import annotations

import gzip
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from presswatch.anatomy.component import ANATOMY_ERROR, PageAnatomy
from presswatch.anatomy.gold import Score, load_gold
from presswatch.config import Config
from presswatch.contracts import Pipeline
from presswatch.errors import Unprocessable
from presswatch.extract.component import Extract
from presswatch.extract.decode import Decode
from presswatch.extract.scoring import normalise_snippet
from presswatch.models import Doc, MediaType, RawDocument

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "tests" / "data" / "anatomy"


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


def anatomy_pipeline(config: Config | None = None) -> Pipeline:
    cfg = config or Config()
    return Pipeline.build([Decode(cfg), Extract(cfg), PageAnatomy(cfg)])


def run_page(pipeline: Pipeline, data: bytes, media: MediaType, name: str) -> Doc:
    raw = RawDocument(location=name, key=name, data=data, media_type=media, path=name)
    return pipeline(Doc(version_id=0, page_id=0, raw=raw))


def evaluate_gold(folder: Path = GOLD_DIR, config: Config | None = None) -> dict[str, Any]:
    """Unit boundary and kind precision/recall on the gold pages, per split and overall.

    Splits (see :func:`presswatch.anatomy.gold.load_gold`): ``dev``, ``heldout``, ``late`` (one round of
    fixes after scoring them), ``fresh`` (never used to change the rules)."""
    pipeline = anatomy_pipeline(config)
    errors = 0
    scores = {"dev": Score(), "heldout": Score(), "late": Score(), "fresh": Score(), "all": Score()}
    for page in load_gold(folder):
        media: MediaType = "html" if page.media == "html" else "text"
        doc = run_page(pipeline, page.content.encode("utf-8"), media, page.name)
        errors += any(note.startswith(ANATOMY_ERROR) for note in doc.notes)
        for key in (page.split, "all"):
            scores[key].add(page, doc.text or "", doc.units)
    out: dict[str, Any] = {k: s.summary() for k, s in scores.items()}
    out["anatomy_errors"] = errors
    return out


@dataclass
class SnippetCounts:
    pages: int = 0
    without_total: int = 0
    with_total: int = 0
    without_in: dict[str, int] | None = None
    with_in: dict[str, int] | None = None

    def __post_init__(self) -> None:
        self.without_in = {}
        self.with_in = {}

    def add(self, name: str, text: str, with_: list[str], without: list[str]) -> None:
        body = normalise_snippet(text)
        assert self.without_in is not None and self.with_in is not None
        self.without_in[name] = self.without_in.get(name, 0) + sum(
            1 for s in without if normalise_snippet(s) and normalise_snippet(s) in body)
        self.with_in[name] = self.with_in.get(name, 0) + sum(
            1 for s in with_ if normalise_snippet(s) and normalise_snippet(s) in body)


def wcxb_article_ids(root: Path) -> list[str]:
    ids = []
    for gt in sorted((root / "ground-truth").glob("*.json")):
        data = json.loads(gt.read_text(encoding="utf-8"))
        if data.get("_internal", {}).get("page_type", {}).get("primary") == "article":
            ids.append(gt.stem)
    return ids


def evaluate_wcxb(limit: int | None = None, config: Config | None = None,
                  progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Without/with snippets in presswatch's article body vs trafilatura's plain output, same run."""
    root = shared_dir() / "data" / "extraction" / "wcxb-dev"
    ids = wcxb_article_ids(root)
    if limit:
        step = max(1, len(ids) // limit)
        ids = ids[::step][:limit]
    cfg = config or Config()
    extract = Pipeline.build([Decode(cfg), Extract(cfg)])
    anatomy = PageAnatomy(cfg)
    counts = SnippetCounts()
    unprocessable = errors = 0
    seconds = {"trafilatura": 0.0, "presswatch_extract": 0.0, "anatomy": 0.0}
    for n, fid in enumerate(ids):
        gt = json.loads((root / "ground-truth" / f"{fid}.json").read_text(encoding="utf-8"))["ground_truth"]
        data = gzip.decompress((root / "html" / f"{fid}.html.gz").read_bytes())
        with_, without = list(gt.get("with") or []), list(gt.get("without") or [])
        counts.pages += 1
        counts.with_total += len(with_)
        counts.without_total += len(without)
        t0 = time.process_time()
        plain = trafilatura.extract(data.decode("utf-8", errors="replace")) or ""
        t1 = time.process_time()
        seconds["trafilatura"] += t1 - t0
        counts.add("trafilatura", plain, with_, without)
        try:
            doc = run_page(extract, data, "html", fid)
            t2 = time.process_time()
            doc = anatomy(doc)
            seconds["presswatch_extract"] += t2 - t1
            seconds["anatomy"] += time.process_time() - t2
            extracted = doc.text or ""
            body = "\n".join(u.text for u in doc.units if u.kind == "article")
            errors += any(note.startswith(ANATOMY_ERROR) for note in doc.notes)
        except Unprocessable:
            unprocessable += 1
            extracted = body = ""
        counts.add("presswatch_text", extracted, with_, without)
        counts.add("presswatch_article_body", body, with_, without)
        if progress:
            progress(n + 1)
    assert counts.without_in is not None and counts.with_in is not None
    out: dict[str, Any] = {"pages": counts.pages, "without_total": counts.without_total,
                           "with_total": counts.with_total, "unprocessable": unprocessable,
                           "anatomy_errors": errors,
                           "ms_per_page": {k: round(1000 * v / max(counts.pages, 1), 2) for k, v in seconds.items()}}
    for name in counts.without_in:
        out[name] = {"without_in_body": counts.without_in[name],
                     "without_rate": round(counts.without_in[name] / max(counts.without_total, 1), 4),
                     "with_hit_rate": round(counts.with_in[name] / max(counts.with_total, 1), 4)}
    return out


def evaluate_refpages(config: Config | None = None) -> dict[str, Any]:
    """Offset gold (tests/data/refpages): the real reference pages and the two never-tuned splits.

    Raises FileNotFoundError when the reference pages are not in the shared folder."""
    from presswatch.anatomy.refgold import REFPAGES_DIR, load_split, score_pages

    pipeline = anatomy_pipeline(config)
    shared_pages = shared_dir() / "data" / "reference-pages"

    def run(page: Any) -> list[Any]:
        return run_page(pipeline, page.text.encode("utf-8"), "text", page.name).units

    reference = load_split(REFPAGES_DIR, shared_pages, "ref")
    never = load_split(REFPAGES_DIR / "never_tuned", shared_pages, "n")
    never2 = load_split(REFPAGES_DIR / "never_tuned2", shared_pages, "m")
    return {"reference": score_pages(reference, run), "never_tuned": score_pages(never, run),
            "never_tuned2": score_pages(never2, run)}
