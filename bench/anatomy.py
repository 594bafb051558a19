"""Page-anatomy benchmark: the annotated gold set (unit boundaries and kinds, dev and held-out splits)
and WCXB dev article pages (``without`` snippets in the article body vs trafilatura alone, same run).

    .venv/bin/python bench/anatomy.py [--quick] [--limit N]

Writes bench/results/anatomy.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.anatomy.evaluate import evaluate_gold, evaluate_wcxb, shared_dir  # noqa: E402
from presswatch.anatomy.gold import KINDS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="WCXB on 60 article pages instead of all")
    ap.add_argument("--limit", type=int, default=None, help="WCXB article pages to use (evenly spaced)")
    args = ap.parse_args()
    out: dict[str, object] = {}

    t0 = time.perf_counter()
    gold = evaluate_gold()
    out["gold"] = gold
    out["gold_seconds"] = round(time.perf_counter() - t0, 2)
    print(f"Gold set: {gold['all']['pages']} pages ({gold['dev']['pages']} dev, {gold['heldout']['pages']} held out, "
          f"{gold['late']['pages']} late, {gold['fresh']['pages']} fresh), "
          f"{gold['all']['gold_units']} units; {gold['all']['gold_missing_in_text']} gold units absent from the "
          f"extracted text (HTML extraction dropped them), not scored")
    print(f"{'split':<9} {'bound P':>8} {'bound R':>8} {'bound F1':>8} {'kind mF1':>8} {'foreign':>8}")
    for split in ("dev", "heldout", "late", "fresh", "all"):
        s = gold[split]
        b = s["boundary"]
        print(f"{split:<9} {b['precision']:>8.3f} {b['recall']:>8.3f} {b['f1']:>8.3f} {s['kind_macro_f1']:>8.3f} "
              f"{s['article_body_foreign_share']:>8.3f}")
    print(f"\n{'kind (all)':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for k in KINDS:
        v = gold["all"]["kinds"][k]
        print(f"{k:<12} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['gold']:>5} {v['predicted']:>5}")
    print("fields (matched units):", gold["all"]["fields"])

    root = shared_dir() / "data" / "extraction" / "wcxb-dev"
    if root.exists():
        limit = args.limit or (60 if args.quick else None)
        t0 = time.perf_counter()
        done = [0]

        def progress(n: int) -> None:
            done[0] = n
            if n % 50 == 0:
                print(f"  WCXB: {n} pages", file=sys.stderr)
        w = evaluate_wcxb(limit=limit, progress=progress)
        w["seconds"] = round(time.perf_counter() - t0, 1)
        out["wcxb"] = w
        print(f"\nWCXB dev article pages: {w['pages']} ({w['without_total']} without / {w['with_total']} with "
              f"snippets), {w['seconds']} s for all three columns")
        print(f"{'output':<26} {'without in body':>16} {'rate':>7} {'with hit':>9}")
        for name in ("trafilatura", "presswatch_text", "presswatch_article_body"):
            v = w[name]
            print(f"{name:<26} {v['without_in_body']:>16} {v['without_rate']:>7.4f} {v['with_hit_rate']:>9.4f}")
        ms = w["ms_per_page"]
        print(f"CPU time per page: trafilatura.extract {ms['trafilatura']} ms, presswatch extract "
              f"{ms['presswatch_extract']} ms, anatomy {ms['anatomy']} ms "
              f"(anatomy / trafilatura = {ms['anatomy'] / max(ms['trafilatura'], 1e-9):.3f}); "
              f"anatomy errors {w['anatomy_errors']}, unprocessable {w['unprocessable']}")
        t, p = w["trafilatura"], w["presswatch_article_body"]
        print(f"ratio presswatch body / trafilatura: without {p['without_in_body'] / max(t['without_in_body'], 1):.3f}, "
              f"with-hit {p['with_hit_rate'] / max(t['with_hit_rate'], 1e-9):.3f}")
    else:
        print(f"\nWCXB not found under {root}; set PRESSWATCH_SHARED", file=sys.stderr)

    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    name = "anatomy-quick.json" if args.quick else "anatomy.json"
    (results / name).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {results / name}")


if __name__ == "__main__":
    main()
