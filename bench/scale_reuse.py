"""The ``reuse`` stage alone on a large archive, A/B between two source trees in one process.

bench/scale.py measures every part of a probe; on a shared machine the CPU of one stage moves with the
load from run to run. This takes a kept fill of bench/scale.py (``--fills DIR``: the archive of S - 500
pages), writes the probe's pages into a copy with the per-page stages only (no archive stage runs), and
then runs the reuse stage's ``detect`` over the probe's units, in the runner's batches (500 units), on a
fresh copy of that archive per repetition, alternating the ``detect`` of this tree with the one of
``--base`` (another checkout's ``presswatch/reuse/detect.py``, loaded beside this one; it uses this
tree's index and prepare modules, which only add functions the base does not call). Recorded per page of
the probe: CPU (user, system), SQLite VM steps, read system calls and bytes (``/proc/self/io``) and page
faults, which do not depend on the load; the links each variant wrote are compared (they must be equal).

    .venv/bin/python bench/scale_reuse.py --fill /tmp/fills/rules-seed13-500-9500 --base ../main --reps 3
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale import build_filters, emit, io_counts, settings  # noqa: E402
from scale_corpus import Generator  # noqa: E402
from scale_fill import set_done_upto  # noqa: E402

import presswatch.reuse.detect as this_detect  # noqa: E402
from presswatch.api import ingest  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.reuse.detect import ReuseParams  # noqa: E402
from presswatch.reuse.index import ReuseIndex  # noqa: E402
from presswatch.reuse.stage import content_units  # noqa: E402
from presswatch.store.db import counting_steps  # noqa: E402

PER_PAGE = '["decode", "extract", "anatomy", "passages", "lang", "nlp", "prepare"]'
BATCH = 500


def load_detect(tree: Path, one_table: bool = False, levelled: bool = False) -> Any:
    """``tree``'s reuse/detect.py; with ``one_table``, its index writes new rows straight into the main
    tables (``ReuseIndex(levels=())``: the layout before migration 0036, for a base tree that predates it);
    with ``levelled``, one run per level (``ReuseIndex(runs=1)``: the layout before migration 0048)."""
    spec = importlib.util.spec_from_file_location("base_reuse_detect", tree / "presswatch" / "reuse" / "detect.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module    # its dataclasses look their module up there
    spec.loader.exec_module(module)
    if one_table:
        module.ReuseIndex = functools.partial(ReuseIndex, levels=())
    elif levelled:
        module.ReuseIndex = functools.partial(ReuseIndex, runs=1)
    return module


def written(fill: Path, work: Path, seed_pages: int, probe: int) -> tuple[Path, list[int]]:
    """A copy of ``fill`` with the probe's pages written (per-page stages only); the probe's unit ids."""
    root = work / "written"
    shutil.copytree(fill, root)
    (root / "presswatch.toml").write_text(settings(True, 1).replace("[process]\n", f"[process]\nstages = {PER_PAGE}\n", 1),
                                          encoding="utf-8")
    Project.open(root).connect().close()
    set_done_upto(root)
    build_filters(root)    # as a fill made by this code would have them
    conn = Project.open(root).connect()
    first = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM units").fetchone()[0])
    conn.close()
    folder = work / "pages"
    Generator(13).write_jsonl(folder, seed_pages, seed_pages + probe)
    ingest(Project.open(root), [folder])
    conn = Project.open(root).connect()
    units = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE id >= ? ORDER BY id", (first,))]
    conn.close()
    return root, units


def measure(root: Path, work: Path, detect: Any, units: list[int], pages: int) -> dict[str, Any]:
    run_root = work / "run"
    if run_root.exists():
        shutil.rmtree(run_root)
    shutil.copytree(root, run_root)
    os.sync()    # the copy's dirty pages written back now, not by the kernel during the measured run
    project = Project.open(run_root)
    conn = project.connect()
    params = ReuseParams.from_config(project.config)
    totals: dict[str, float] = defaultdict(float)
    before, cpu = io_counts(), time.process_time()
    with counting_steps(conn, 100) as counter:
        for start in range(0, len(units), BATCH):
            counts = detect.detect(conn, params, content_units(conn, units[start:start + BATCH]))
            for k, v in counts.items():
                totals[k] += v
    cpu = time.process_time() - cpu
    after = io_counts()
    links = sorted(tuple(r) for r in conn.execute("SELECT kind, level, a, b, round(score, 6) FROM links"))
    conn.close()
    out = {"cpu_ms": round(1000 * cpu / pages, 3), "steps": round(counter.steps / pages, 1),
           **{k: round((after[k] - before.get(k, 0)) / pages, 2) for k in after},
           "counts": dict(totals), "links": len(links)}
    return out | {"_links": links}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fill", type=Path, required=True, help="a kept fill of bench/scale.py (--fills)")
    ap.add_argument("--base", type=Path, required=True, help="another source tree: its reuse/detect.py is B")
    ap.add_argument("--base-one-table", action="store_true",
                    help="the base's index without levels (a base tree before migration 0036: its own layout)")
    ap.add_argument("--base-levelled", action="store_true",
                    help="the base's index with one run per level (a base tree before migration 0048: its own layout)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--probe", type=int, default=500)
    ap.add_argument("--seed-pages", type=int, default=500)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    variants = {"base": load_detect(args.base.resolve(), args.base_one_table, args.base_levelled), "this": this_detect}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        root, units = written(args.fill, Path(tmp), args.seed_pages, args.probe)
        links: dict[str, Any] = {}
        for rep in range(args.reps):
            for name in (("base", "this") if rep % 2 == 0 else ("this", "base")):
                got = measure(root, Path(tmp), variants[name], units, args.probe)
                links.setdefault(name, got.pop("_links"))
                runs[name].append(got)
                print(name, rep, {k: v for k, v in got.items() if k != "counts"}, file=sys.stderr, flush=True)
        same = links["base"] == links["this"]
    result = {"fill": str(args.fill), "base": str(args.base), "base_one_table": args.base_one_table,
              "base_levelled": args.base_levelled, "probe_units": len(units), "links_equal": same,
              "runs": runs, "load": list(os.getloadavg())}
    emit(result, args.out)
    if not same:
        sys.exit("the two variants wrote different links")


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(True)
    main()
