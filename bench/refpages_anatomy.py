"""Page anatomy on real pages, in one run: the reference pages (offset gold in tests/data/refpages, texts
in ../shared/data/reference-pages), the older gold set (tests/data/anatomy) and the never-tuned split.

    .venv/bin/python bench/refpages_anatomy.py [--json PATH]

Prints boundary F1, kind F1 (per kind and macro), field accuracy (title, author, outlet, date) on matched
units and over all gold fields, digest sections, translation links and partition violations per set;
the scores of the code before the rules were changed are in tests/data/refpages/baseline.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.anatomy.evaluate import evaluate_gold, evaluate_refpages  # noqa: E402


def brief(s: dict[str, Any]) -> dict[str, Any]:
    out = {"pages": s["pages"], "gold_units": s["gold_units"], "predicted_units": s["predicted_units"],
           "boundary_f1": s["boundary"]["f1"], "kind_macro_f1": s["kind_macro_f1"],
           "kind_f1": {k: v["f1"] for k, v in s["kinds"].items()}, "fields": s["fields"]}
    for key in ("fields_all", "section", "translation_links", "partition_violations"):
        if key in s:
            out[key] = s[key]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list what each never-tuned page gets wrong")
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "refpages_anatomy.json")
    args = ap.parse_args()
    real = evaluate_refpages()
    old = evaluate_gold()
    report = {"reference": brief(real["reference"]), "older_gold": brief(old["all"]),
              "never_tuned": brief(real["never_tuned"]), "never_tuned2": brief(real["never_tuned2"])}
    gold_dir = REPO / "tests" / "data" / "refpages"
    baseline = json.loads((gold_dir / "baseline.json").read_text(encoding="utf-8"))
    # the second never-tuned split has its own baseline, measured when it was committed
    second = gold_dir / "never_tuned2" / "baseline.json"
    baseline["never_tuned2"] = (json.loads(second.read_text(encoding="utf-8")) if second.is_file()
                                else report["never_tuned2"])
    print(f"{'set':<12} {'boundary F1':>18} {'kind macro F1':>18}   fields (title/author/outlet/date)")
    for name, key in (("reference", "reference"), ("older gold", "older_gold_all"), ("never-tuned", "never_tuned"),
                      ("never-tuned2", "never_tuned2")):
        now = report["older_gold" if key == "older_gold_all" else key]
        before = baseline[key]
        f = now["fields"]
        print(f"{name:<12} {before['boundary_f1']:>7.3f} -> {now['boundary_f1']:.3f} "
              f"{before['kind_macro_f1']:>7.3f} -> {now['kind_macro_f1']:.3f}   "
              f"{f['title']:.3f} / {f['author']:.3f} / {f['outlet']:.3f} / {f['published']:.3f}")
    for key in ("never_tuned", "never_tuned2"):
        fa = report[key]["fields_all"]
        print(f"{key}: over all gold fields {fa['title']:.3f} / {fa['author']:.3f} / {fa['outlet']:.3f} / "
              f"{fa['published']:.3f}; translation links {report[key]['translation_links']}; "
              f"sections {report[key]['section']}; partition violations {report[key]['partition_violations']}")
    if args.misses:
        for key in ("reference", "never_tuned", "never_tuned2"):
            print(f"--- misses, {key}")
            for line in real[key]["misses"]:
                print("  " + line)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
