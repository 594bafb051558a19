"""CPU A/B of :class:`PageBatch.commit` with the statement journal in memory (as the runner does, scale13)
and with the connection's own ``temp_store`` (a file past 64 KiB), alternated A B A B in one process:
for each kept fill of ``bench/scale.py --fills``, a copy gets the same generated pages stored, which are then
processed in batches of 50; only the batches' writing and COMMIT are timed (CPU and system time).

    .venv/bin/python bench/scale_journal_ab.py --fills /work/runs/scale12/fills --out /tmp/ab.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_corpus import Generator  # noqa: E402

import presswatch.runner.pages as runner_pages  # noqa: E402
from presswatch.api import ingest  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.runner.build import build_pipeline  # noqa: E402

SETTINGS = ("[process]\nworkers = 1\n[ingest]\nprocess = false\n[entities]\nuse_spacy = false\n"
            "[quotes]\nuse_spacy = false\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fills", type=Path, required=True)
    ap.add_argument("--names", default="rules-seed13-500-500,rules-seed13-500-9500")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    real_commit, in_memory = runner_pages.PageBatch.commit, runner_pages.statement_journal_in_memory
    acc = {"cpu": 0.0, "sys": 0.0}

    def timed(self: runner_pages.PageBatch) -> int:
        c, r = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
        try:
            return real_commit(self)
        finally:
            acc["cpu"] += time.process_time() - c
            acc["sys"] += resource.getrusage(resource.RUSAGE_SELF).ru_stime - r.ru_stime

    runner_pages.PageBatch.commit = timed  # type: ignore[method-assign]
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        Generator(13).write_jsonl(work / "pages", 500, 500 + args.pages)
        for name in args.names.split(","):
            for rep in range(args.reps):
                for mode in ("file", "memory"):
                    root = work / f"p-{mode}"
                    shutil.copytree(args.fills / name, root)
                    (root / "presswatch.toml").write_text(SETTINGS, encoding="utf-8")
                    ingest(Project.open(root), [work / "pages"], progress=False)
                    project = Project.open(root)
                    conn = project.connect()
                    runner_pages.statement_journal_in_memory = (  # type: ignore[assignment]
                        in_memory if mode == "memory" else (lambda c: contextlib.nullcontext()))
                    acc.update(cpu=0.0, sys=0.0)
                    runner_pages.process_pending(conn, build_pipeline(project.config), commit_pages=50)
                    conn.close()
                    out.append({"fill": name, "rep": rep, "mode": mode,
                                "cpu_ms_per_page": round(acc["cpu"] * 1000 / args.pages, 3),
                                "sys_ms_per_page": round(acc["sys"] * 1000 / args.pages, 3)})
                    print(out[-1], file=sys.stderr, flush=True)
                    shutil.rmtree(root)
    text = json.dumps(out, indent=1)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
