"""Translation pairs and publication dates on the real reference pages, scored on the offset gold in
``tests/data/refpages/links.json`` after a real ingest into a fresh project.

    .venv/bin/python bench/refpages_links.py [--shared DIR] [--misses]

Prints the scores (and with ``--misses`` what was missed); writes bench/results/refpages_links.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.api import ingest  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.reuse.evaluate import LinkScores, load_gold, score_pages  # noqa: E402

GOLD = REPO / "tests" / "data" / "refpages" / "links.json"


def run_refpages(pages_dir: Path, workdir: Path, gold_path: Path = GOLD) -> tuple[LinkScores, dict[str, int]]:
    """Ingest the gold's pages from ``pages_dir`` into a fresh project (full processing) and score it."""
    gold = load_gold(gold_path)
    files = [pages_dir / name for name in gold["pages"]]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"reference pages missing: {', '.join(missing)}; use --shared or set PRESSWATCH_SHARED")
    project = Project.init(workdir / "proj")
    report = ingest(project, files, process=True, progress=False)
    conn = project.connect()
    try:
        return score_pages(conn, gold, pages_dir), dict(report.counts)
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("PRESSWATCH_SHARED") or str(REPO.parent / "shared"),
                    help="the shared data folder (default: $PRESSWATCH_SHARED, else ../shared)")
    ap.add_argument("--misses", action="store_true", help="list what was missed")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scores, counts = run_refpages(Path(args.shared) / "data" / "reference-pages", Path(tmp), GOLD)
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
