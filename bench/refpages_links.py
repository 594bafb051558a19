"""Translation pairs and publication dates on the real reference pages, scored on the offset gold in
``tests/data/refpages/links.json`` after a real ingest into a fresh project.

    .venv/bin/python bench/refpages_links.py [--shared DIR] [--misses]

Prints the scores (and with ``--misses`` what was missed); writes bench/results/refpages_links.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.api import ingest  # noqa: E402
from presswatch.reuse.refpages import GOLD, run_refpages  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"), help="the shared data folder")
    ap.add_argument("--misses", action="store_true", help="list what was missed")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scores, counts = run_refpages(Path(args.shared) / "data" / "reference-pages", Path(tmp), GOLD,
                                      ingest=ingest)
    result = scores.as_dict()
    result["translation_counts"] = {k: v for k, v in counts.items() if k.startswith("translation:")}
    print(json.dumps(result, indent=1))
    if args.misses:
        print("\n".join(scores.misses))
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "refpages_links.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
