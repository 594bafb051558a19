"""Sentence splitting: presswatch vs spaCy's rule-based sentencizer (and pysbd when installed).

Scores boundary precision/recall/F1 and exact paragraphs on tests/data/sentences/gold.jsonl (en, sq,
fa), then speed in sentences per second on the gold paragraphs repeated. Prints a table and writes
bench/results/sentences.json.

    .venv/bin/python bench/sentences.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "sentences" / "gold.jsonl"

Splitter = Callable[[str, str], list[str]]


def load_gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def boundaries(text: str, parts: list[str]) -> set[int]:
    """End offsets (in ``text`` with white space removed) of every sentence but the last."""
    flat = "".join(text.split())
    ends, pos = set(), 0
    for part in parts:
        pos += len("".join(part.split()))
        ends.add(pos)
    ends.discard(len(flat))
    return ends


def score(gold: list[dict], split: Splitter) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for lang in sorted({g["lang"] for g in gold}) + ["all"]:
        tp = fp = fn = exact = n = 0
        for g in gold:
            if lang != "all" and g["lang"] != lang:
                continue
            text = " ".join(g["sentences"])
            pred = split(text, g["lang"])
            want, got = boundaries(text, g["sentences"]), boundaries(text, pred)
            tp += len(want & got)
            fp += len(got - want)
            fn += len(want - got)
            exact += [p.strip() for p in pred] == g["sentences"]
            n += 1
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[lang] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "exact": exact / n if n else 0.0, "paragraphs": n}
    return out


def presswatch_splitter() -> Splitter:
    from presswatch.text.sentences import sentences
    return lambda text, lang: sentences(text)


def spacy_splitter() -> Splitter | None:
    try:
        import spacy
    except ImportError:
        return None
    nlps = {}

    def split(text: str, lang: str) -> list[str]:
        if lang not in nlps:
            try:
                nlp = spacy.blank(lang)
            except Exception:  # noqa: BLE001 - a language spaCy has no class for
                nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
            nlps[lang] = nlp
        return [s.text for s in nlps[lang](text).sents]
    return split


def pysbd_splitter() -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segs: dict[str, object] = {}

    def split(text: str, lang: str) -> list[str]:
        if lang not in segs:
            try:
                segs[lang] = pysbd.Segmenter(language=lang, clean=False)
            except ValueError:  # no rules for this language (Albanian): English rules
                segs[lang] = pysbd.Segmenter(language="en", clean=False)
        return [s.strip() for s in segs[lang].segment(text)]  # type: ignore[attr-defined]
    return split


def speed(gold: list[dict], split: Splitter, repeat: int) -> float:
    texts = [(" ".join(g["sentences"]), g["lang"]) for g in gold] * repeat
    n = sum(len(g["sentences"]) for g in gold) * repeat
    start = time.perf_counter()
    for text, lang in texts:
        split(text, lang)
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions for the speed run")
    args = ap.parse_args()
    repeat = 20 if args.quick else 200
    gold = load_gold()
    tools = {"presswatch": presswatch_splitter(), "spacy-sentencizer": spacy_splitter(),
             "pysbd": pysbd_splitter()}
    results: dict[str, dict] = {}
    for name, split in tools.items():
        if split is None:
            print(f"{name}: not installed, skipped")
            continue
        split("Warm up. Now.", "en")
        results[name] = {"scores": score(gold, split), "sentences_per_s": speed(gold, split, repeat)}
    langs = ["en", "sq", "fa", "all"]
    print(f"{len(gold)} gold paragraphs; boundary F1 (exact paragraphs) per language; speed x{repeat}")
    print(f"{'tool':<20}" + "".join(f"{lang:>16}" for lang in langs) + f"{'sent/s':>12}")
    for name, res in results.items():
        cells = "".join(f"{res['scores'][lang]['f1']:>9.3f} ({res['scores'][lang]['exact']:.2f})" for lang in langs)
        print(f"{name:<20}{cells}{res['sentences_per_s']:>12,.0f}")
    base = results["presswatch"]
    for name, res in results.items():
        if name != "presswatch":
            print(f"presswatch / {name}: F1 all {base['scores']['all']['f1'] / max(res['scores']['all']['f1'], 1e-9):.2f}x, "
                  f"speed {base['sentences_per_s'] / res['sentences_per_s']:.2f}x")
    out = REPO / "bench" / "results" / "sentences.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": platform.python_version(), "repeat": repeat, "results": results},
                              indent=2), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
