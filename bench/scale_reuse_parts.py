"""The ``reuse`` stage alone on the probe of a kept fill, split into parts: level-0 insert and merges,
lookups (membership filters included), the COMMIT (the WAL checkpoint), and the rest; one run per level
(``ReuseParams(index_runs=1)``, the levelled layout before migration 0048) and tiered levels alternated in
one process, the links of both compared. Per page of the probe: CPU ms (``time.process_time``) and SQLite
pages (4 KiB) read and written (``/proc/self/io``, as ``bench/scale.py``).

    .venv/bin/python bench/scale_reuse_parts.py --fill /tmp/fills/rules-seed13-500-9500 --reps 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import scale_reuse  # noqa: E402
from scale import emit, io_counts  # noqa: E402

import presswatch.reuse.detect as detect  # noqa: E402
import presswatch.reuse.index as index  # noqa: E402

PARTS: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))


def counted(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        before, cpu = io_counts(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            after, part = io_counts(), PARTS[name]
            part["cpu_ms"] += 1000 * (time.process_time() - cpu)
            for field in ("read_bytes", "write_bytes"):
                part[field] += after[field] - before[field]
    return call


def install() -> None:
    index.insert_tiered = counted("insert+merges", index.insert_tiered)  # type: ignore[assignment]
    index.insert_levelled = counted("insert+merges", index.insert_levelled)  # type: ignore[assignment]
    index.ReuseIndex._lookup = counted("lookups", index.ReuseIndex._lookup)  # type: ignore[method-assign]
    begin = detect.transaction

    @contextmanager
    def transaction(conn: Any) -> Iterator[Any]:
        cm = begin(conn)
        cm.__enter__()
        try:
            yield conn
        except BaseException:
            cm.__exit__(*sys.exc_info())
            raise
        counted("commit", lambda: cm.__exit__(None, None, None))()

    detect.transaction = transaction  # type: ignore[assignment]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fill", type=Path, required=True, help="a kept fill of bench/scale.py (--fills)")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--probe", type=int, default=500)
    ap.add_argument("--seed-pages", type=int, default=500)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    install()
    out: dict[str, list[dict[str, Any]]] = {}
    links: dict[int, Any] = {}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        root, units = scale_reuse.written(args.fill, Path(tmp), args.seed_pages, args.probe)
        for rep in range(args.reps):
            for runs in ((1, index.RUNS) if rep % 2 == 0 else (index.RUNS, 1)):
                PARTS.clear()
                variant = SimpleNamespace(detect=lambda conn, params, u, runs=runs: detect.detect(
                    conn, replace(params, index_runs=runs), u))
                got = scale_reuse.measure(root, Path(tmp), variant, units, args.probe)
                links.setdefault(runs, got.pop("_links"))
                row = {"total_cpu_ms": got["cpu_ms"], "total_read": round(got["read_bytes"] / 4096, 1),
                       "total_written": round(got["write_bytes"] / 4096, 1), "steps": got["steps"],
                       "merged": got["counts"].get("index_rows_merged"),
                       "parts": {name: {"cpu_ms": round(p["cpu_ms"] / args.probe, 3),
                                        "read": round(p["read_bytes"] / 4096 / args.probe, 1),
                                        "written": round(p["write_bytes"] / 4096 / args.probe, 1)}
                                 for name, p in PARTS.items()}}
                out.setdefault(f"runs={runs}", []).append(row)
                print(runs, rep, json.dumps(row), file=sys.stderr, flush=True)
    same = links[1] == links[index.RUNS]
    emit({"fill": str(args.fill), "links_equal": same, "links": len(links[1]), "runs": out}, args.out)
    if not same:
        sys.exit("the two layouts wrote different links")


if __name__ == "__main__":
    main()
