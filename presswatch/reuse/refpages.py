"""Ingest the real reference pages into a fresh project and score translation links and dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from presswatch.project import Project
from presswatch.reuse.evaluate import LinkScores, load_gold, score

GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "refpages" / "links.json"


Ingest = Callable[[Project, Iterable[Path]], Any]  # presswatch.api.ingest: store and process


def run_refpages(pages_dir: Path, workdir: Path, gold_path: Path = GOLD, *,
                 ingest: Ingest) -> tuple[LinkScores, Counter[str]]:
    """Score a real ingest of the gold's pages found in ``pages_dir`` (a project is made in ``workdir``);
    ``ingest`` is :func:`presswatch.api.ingest` (the caller passes it: this module sits below the runner)."""
    gold = load_gold(gold_path)
    files = [pages_dir / name for name in gold["pages"]]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"reference pages missing: {', '.join(missing)}; set PRESSWATCH_SHARED")
    project = Project.init(workdir / "proj")
    report = ingest(project, files)
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    conn = project.connect()
    try:
        return score(conn, gold, texts), Counter(report.counts)
    finally:
        conn.close()
