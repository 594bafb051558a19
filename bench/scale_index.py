"""The reuse index's band and sample rows as the archive grows: one table per kind against levels.

``bench/scale.py`` measures a probe of 500 pages on a filled archive, whose index rows are all in the
main tables (the fill, or an archive made before migration 0036): the probe's rows go to level 0 and
no merge falls in it, so the cost of the merges its rows will take part in later is not in its figures.
This bench grows the index alone from empty, in batches of ``--batch`` pages as the runner commits them,
with the layouts in one process (``tiers + filters``: levels of :data:`~presswatch.reuse.index.RUNS` runs,
migration 0048, as ``detect`` now indexes; ``levels + filters``: the level filters of migration 0047, lookups made
before the batch's rows go in, as ``detect`` does; ``levels``: :data:`~presswatch.reuse.index.LEVEL_CAPS`, merges
included; ``one table``: ``ReuseIndex(levels=())``, the layout before), alternating batch by batch on
two archives, and records per page ingested in the window (S/2, S] of each size S: SQLite pages read and
written (``/proc/self/io`` bytes / 4096, as ``bench/scale.py``), and CPU. Each batch inserts ``--bands``
band keys and ``--samples`` containment samples per page (the generated corpus's 101 and 27 per page,
``bench/scale.py``'s archive counts) and then looks the batch's values up (``ReuseIndex.prefetch``: the
reads of the lookups, over every level). Keys are random 64-bit integers, as LSH band keys and samples
are hashes.

    .venv/bin/python bench/scale_index.py --sizes 1000,10000,100000 --out docs/scale-index.json
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale import emit, io_counts  # noqa: E402

from presswatch.reuse.index import LEVEL_CAPS, RUNS, ReuseIndex  # noqa: E402
from presswatch.store.db import connect, migrate, transaction  # noqa: E402

PAGE = 4096


def batch_rows(rng: np.random.Generator, first_passage: int, pages: int, per_page: int) -> list[tuple[int, int]]:
    """``per_page`` random values per page, each owned by one of the page's 5 passages, sorted (as add does)."""
    n = pages * per_page
    values = rng.integers(-(1 << 63), (1 << 63) - 1, size=n, dtype=np.int64)
    owners = first_passage + np.arange(n, dtype=np.int64) // max(per_page // 5, 1)
    return sorted(zip(values.tolist(), owners.tolist(), strict=True))


def run(sizes: list[int], batch: int, bands: int, samples: int, seed: int, workdir: Path | None,
        names: list[str]) -> dict[str, Any]:
    every: dict[str, tuple[tuple[int, ...], bool, int]] = {
        "tiers + filters": (LEVEL_CAPS, True, RUNS), "levels + filters": (LEVEL_CAPS, True, 1),
        "levels": (LEVEL_CAPS, False, 1), "one table": ((), False, 1)}
    layouts = {name: every[name] for name in names}
    out: dict[str, Any] = {"sizes": sizes, "batch": batch, "bands_per_page": bands, "samples_per_page": samples,
                           "level_caps": list(LEVEL_CAPS), "by_layout": {name: [] for name in layouts}}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        conns = {}
        for name in layouts:
            conn = connect(Path(tmp) / f"{name.replace(' ', '-')}.sqlite")
            migrate(conn)
            conns[name] = conn
        rngs = {name: np.random.default_rng(seed) for name in layouts}   # the same rows in both
        totals = {name: {"read_bytes": 0, "write_bytes": 0, "cpu_s": 0.0, "merged_rows": 0} for name in layouts}
        window = {name: dict(totals[name]) for name in layouts}
        done, passage, target = 0, 1, 0
        while target < len(sizes):
            order = list(layouts) if (done // batch) % 2 == 0 else list(reversed(layouts))
            for name in order:
                conn, rng = conns[name], rngs[name]
                levels, use_filters, runs = layouts[name]
                index = ReuseIndex(conn, levels=levels, use_filters=use_filters, runs=runs)
                band_rows = batch_rows(rng, passage, batch, bands)
                fp_rows = batch_rows(rng, passage, batch, samples)
                before, cpu = io_counts(), time.process_time()
                with transaction(conn):
                    if use_filters:   # as detect does: the stored postings read before the batch's rows go in
                        index._with_batch("reuse_bands", band_rows, index.max_postings)
                        index._with_batch("reuse_fp", fp_rows, index.max_samples)
                    index._insert("reuse_bands", band_rows)
                    index._insert("reuse_fp", fp_rows)
                    index.prefetch((k for k, _p in band_rows), (f for f, _p in fp_rows))
                after = io_counts()
                t = totals[name]
                t["cpu_s"] += time.process_time() - cpu
                t["read_bytes"] += after["read_bytes"] - before["read_bytes"]
                t["write_bytes"] += after["write_bytes"] - before["write_bytes"]
                t["merged_rows"] += index.work["merged_rows"]
            done += batch
            passage += 5 * batch
            if done == sizes[target] // 2:
                window = {name: dict(totals[name]) for name in layouts}
            if done >= sizes[target]:
                pages = done - (sizes[target] // 2 // batch) * batch
                for name in layouts:
                    t, w = totals[name], window[name]
                    row = {"size": sizes[target], "window_pages": pages,
                           "read_pages_per_page": round((t["read_bytes"] - w["read_bytes"]) / PAGE / pages, 2),
                           "written_pages_per_page": round((t["write_bytes"] - w["write_bytes"]) / PAGE / pages, 2),
                           "cpu_ms_per_page": round(1000 * (t["cpu_s"] - w["cpu_s"]) / pages, 3),
                           "merged_rows_per_page": round((t["merged_rows"] - w["merged_rows"]) / pages, 1),
                           "db_mb": round((Path(tmp) / f"{name.replace(' ', '-')}.sqlite").stat().st_size / 2**20, 1)}
                    out["by_layout"][name].append(row)
                    print(name, row, file=sys.stderr, flush=True)
                target += 1
                if target < len(sizes) and sizes[target] // 2 <= done:
                    window = {name: dict(totals[name]) for name in layouts}
        for conn in conns.values():
            conn.close()
    out["load"] = list(os.getloadavg())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="archive sizes (pages), comma-separated, ascending")
    ap.add_argument("--batch", type=int, default=500, help="pages per transaction (the runner's 500 units)")
    ap.add_argument("--bands", type=int, default=101, help="band rows per page")
    ap.add_argument("--samples", type=int, default=27, help="containment sample rows per page")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--layouts", default="tiers + filters,levels + filters,one table",
                    help="comma-separated: 'tiers + filters' (migration 0048), 'levels + filters' (0047), 'levels' "
                         "(0036), 'one table'")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    result = run([int(x) for x in args.sizes.split(",")], args.batch, args.bands, args.samples, args.seed, args.workdir,
                 args.layouts.split(","))
    emit(result, args.out)


if __name__ == "__main__":
    main()
