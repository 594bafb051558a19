"""Language identification: accuracy and speed of candidate identifiers on short en/sq/fa texts.

    .venv/bin/python bench/langid.py [--quick]

Data: tests/data/lang/short_texts.tsv (project-made, labelled). For every backend in
presswatch.lang.identify.BACKENDS, with the [lang] min_letters / min_confidence rules applied, prints
accuracy per label group and texts/s, then the per-page cost of identifying every passage of real
pages (shared AEB set) next to trafilatura's own extraction time on the same pages (the peer: the
pipeline must stay >= 0.75x trafilatura-alone throughput). Writes bench/results/langid.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.config import Config  # noqa: E402
from presswatch.lang.identify import BACKENDS, build_identifier  # noqa: E402
from presswatch.text.passages import split_passages  # noqa: E402

DATA = REPO / "tests" / "data" / "lang" / "short_texts.tsv"
SAME = {"hr": {"hr", "sr", "bs"}, "sr": {"hr", "sr", "bs"}}
MAIN = ("en", "sq", "fa")


def load_labelled(path: Path = DATA) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def correct(label: str, predicted: str) -> bool:
    return predicted == label or predicted in SAME.get(label, set())


def score(rows: list[tuple[str, str]], predictions: list[str]) -> dict[str, float]:
    hits: dict[str, list[int]] = defaultdict(list)
    main_false = 0
    confusers = 0
    for (label, _), pred in zip(rows, predictions, strict=True):
        ok = int(correct(label, pred))
        group = label if label in MAIN or label == "und" else "confusers"
        hits[group].append(ok)
        if label not in MAIN:
            confusers += 1
            main_false += int(pred in MAIN)
    out = {g: sum(v) / len(v) for g, v in hits.items()}
    out["all"] = sum(sum(v) for v in hits.values()) / len(rows)
    out["false_en_sq_fa"] = main_false / max(1, confusers)
    return out


def shared_pages(limit: int) -> list[bytes]:
    shared = Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")
    folder = shared / "data" / "extraction" / "aeb" / "html"
    files = sorted(folder.glob("*.html.gz"))[:limit]
    return [gzip.decompress(f.read_bytes()) for f in files]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer pages and repeats")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    args = ap.parse_args()
    rows = load_labelled()
    texts = [t for _, t in rows]
    config = Config()
    min_letters = int(config.get("lang.min_letters"))
    min_conf = float(config.get("lang.min_confidence"))
    repeats = 1 if args.quick else 3

    import trafilatura

    pages = [p.decode("utf-8", "replace") for p in shared_pages(15 if args.quick else 60)]
    t0 = time.perf_counter()
    extracted = [trafilatura.extract(p) or "" for p in pages]
    traf_ms = (time.perf_counter() - t0) * 1000 / len(pages)
    page_passages = [[p.text for p in split_passages(t, int(config.get("passages.max_chars")), unwrap=False)]
                     for t in extracted]
    n_pass = sum(len(p) for p in page_passages)

    results = []
    for name in args.backends.split(","):
        t0 = time.perf_counter()
        ident = build_identifier(name, min_letters=min_letters, min_confidence=min_conf)
        ident.identify("warm up the models " * 3)
        for code in ("Kuvendi miratoi buxhetin e ri pas votimit", "مجلس بودجه جدید را تصویب کرد امروز"):
            ident.identify(code)
        build_s = time.perf_counter() - t0
        preds = [ident.identify(t)[0] for t in texts]
        t0 = time.perf_counter()
        for _ in range(repeats):
            for t in texts:
                ident.identify(t)
        per_s = len(texts) * repeats / (time.perf_counter() - t0)
        # per page, alternate trafilatura and identification so machine load hits both alike
        lang_s = traf_s = 0.0
        for html, plist in zip(pages, page_passages, strict=True):
            t0 = time.perf_counter()
            trafilatura.extract(html)
            t1 = time.perf_counter()
            for p in plist:
                ident.identify(p)
            t2 = time.perf_counter()
            traf_s += t1 - t0
            lang_s += t2 - t1
        page_ms = lang_s * 1000 / len(pages)
        passage_us = lang_s * 1e6 / max(1, n_pass)
        traf_here_ms = traf_s * 1000 / len(pages)
        acc = score(rows, preds)
        errors = Counter((lab, pr) for (lab, _), pr in zip(rows, preds, strict=True) if not correct(lab, pr))
        results.append({"backend": name, "accuracy": acc, "texts_per_s": per_s, "build_s": build_s,
                        "lang_ms_per_page": page_ms, "lang_us_per_passage": passage_us, "trafilatura_ms_per_page": traf_here_ms,
                        "ratio_vs_trafilatura": page_ms / traf_here_ms,
                        "max_rss_mb": rss_mb(), "top_errors": [f"{a}->{b} x{n}" for (a, b), n in errors.most_common(8)]})

    print(f"labelled texts: {len(rows)} ({dict(Counter(lab for lab, _ in rows))}); min_letters={min_letters} "
          f"min_confidence={min_conf}")
    print(f"pages: {len(pages)} AEB pages, {n_pass} passages; trafilatura.extract {traf_ms:.1f} ms/page (peer; "
          "re-timed page by page next to each backend: 'traf ms')")
    head = f"{'backend':<18} {'en':>6} {'sq':>6} {'fa':>6} {'conf':>6} {'und':>6} {'all':>6} {'false':>6} " \
           f"{'texts/s':>8} {'us/pass':>8} {'ms/page':>8} {'traf ms':>8} {'x traf':>7}"
    print(head)
    print("-" * len(head))
    for r in results:
        a = r["accuracy"]
        print(f"{r['backend']:<18} {a.get('en', 0):6.3f} {a.get('sq', 0):6.3f} {a.get('fa', 0):6.3f} "
              f"{a.get('confusers', 0):6.3f} {a.get('und', 0):6.3f} {a['all']:6.3f} {a['false_en_sq_fa']:6.3f} "
              f"{r['texts_per_s']:8.0f} {r['lang_us_per_passage']:8.0f} {r['lang_ms_per_page']:8.2f} "
              f"{r['trafilatura_ms_per_page']:8.2f} "
              f"{r['ratio_vs_trafilatura']:7.3f}")
    for r in results:
        print(f"  {r['backend']}: errors {', '.join(r['top_errors']) or 'none'}")
    print("conf = confusers (ar ur it hr/sr mk de) labelled correctly; false = confusers called en/sq/fa; "
          "x traf = identification time per page / trafilatura time per page")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "langid.json").write_text(json.dumps({"trafilatura_ms_per_page": traf_ms, "pages": len(pages),
                                                 "passages": n_pass, "results": results}, indent=2))


if __name__ == "__main__":
    main()
