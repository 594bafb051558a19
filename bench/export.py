"""JSONL export: streaming (presswatch) vs loading every table first (the naive way), same archive.

Builds a synthetic archive (pages, one article unit per page, paragraph passages; realistic text sizes)
in a temporary folder, then exports it both ways and reports records per second and peak Python
memory (tracemalloc) for each, with ratios. Writes bench/results/export.json.

    .venv/bin/python bench/export.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from presswatch.export import export_jsonl
from presswatch.project import Project
from presswatch.store.db import transaction

REPO = Path(__file__).resolve().parents[1]
WORDS = ("dam river valley ministry contract protest village water power study council report Lumëzi "
         "Tirana Tehran engineer farmer loan sanctions hearing spring flow reservoir hectares").split()


def fill(project: Project, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    conn = project.connect()
    with transaction(conn):
        for i in range(pages):
            digest = hashlib.sha256(str(i).encode()).hexdigest()
            conn.execute("INSERT INTO blobs (hash, size, data) VALUES (?, 0, x'')", (digest,))
            conn.execute("INSERT INTO pages (id, key, url, first_seen) VALUES (?, ?, ?, '2026-03-09T00:00:00Z')",
                         (i + 1, f"https://site{i % 50}.example/{i}", f"https://site{i % 50}.example/{i}"))
            conn.execute("""INSERT INTO page_versions (id, page_id, version, content_hash, media_type, fetched_at,
                            location, status) VALUES (?, ?, 1, ?, 'html', '2026-03-10T00:00:00Z', 'bench', 'processed')""",
                         (i + 1, i + 1, digest))
            paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 70))) + "." for _ in range(8)]
            text = "\n".join(paras)
            cur = conn.execute("""INSERT INTO units (version_id, page_id, ordinal, kind, title, lang, text, "end")
                                  VALUES (?, ?, 0, 'article', ?, 'en', ?, ?)""",
                               (i + 1, i + 1, f"Story {i}", text, len(text)))
            pos = 0
            for k, para in enumerate(paras):
                conn.execute("""INSERT INTO passages (unit_id, ordinal, lang, start, "end", text)
                                VALUES (?, ?, 'en', ?, ?, ?)""", (cur.lastrowid, k, pos, pos + len(para), para))
                pos += len(para) + 1
    conn.close()


def naive(project: Project, out: io.TextIOBase) -> int:
    """Load every table into memory, build all records, then write them (what streaming avoids)."""
    conn = project.connect(readonly=True)
    records = [{"type": "page", "id": f"page:{r['id']}", **dict(r)} for r in conn.execute("SELECT * FROM pages").fetchall()]
    records += [{"type": "unit", "id": f"unit:{r['id']}", **dict(r)} for r in conn.execute("SELECT * FROM units").fetchall()]
    records += [{"type": "passage", "id": f"passage:{r['id']}", **dict(r)}
                for r in conn.execute("SELECT * FROM passages").fetchall()]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    out.write(text + "\n")
    conn.close()
    return len(records)


def streaming(project: Project, out: io.TextIOBase) -> int:
    conn = project.connect(readonly=True)
    counts = export_jsonl(conn, out, types=["page", "unit", "passage"])  # type: ignore[arg-type]
    conn.close()
    return sum(counts.values())


def measure(fn: Callable[[Project, io.TextIOBase], int], project: Project, path: Path) -> dict[str, float]:
    """Time one run, then measure peak Python memory in a second run (tracemalloc slows code down)."""
    start = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:
        n = fn(project, fh)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    tracemalloc.start()
    with path.open("w", encoding="utf-8") as fh:
        fn(project, fh)  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"records": n, "seconds": seconds, "records_per_s": n / seconds, "peak_mb": peak / 1e6,
            "file_mb": path.stat().st_size / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2,000 pages instead of 20,000")
    args = ap.parse_args()
    pages = 2_000 if args.quick else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.init(Path(tmp) / "p")
        t0 = time.perf_counter()
        fill(project, pages)
        print(f"archive: {pages:,} pages, {pages:,} units, {pages * 8:,} passages (built in {time.perf_counter() - t0:.1f}s)")
        results = {"streaming (presswatch)": measure(streaming, project, Path(tmp) / "a.jsonl"),
                   "load-all baseline": measure(naive, project, Path(tmp) / "b.jsonl")}
    print(f"{'method':<24}{'records':>10}{'seconds':>10}{'records/s':>12}{'peak MB':>10}{'file MB':>10}")
    for name, r in results.items():
        print(f"{name:<24}{r['records']:>10,}{r['seconds']:>10.2f}{r['records_per_s']:>12,.0f}{r['peak_mb']:>10.2f}"
              f"{r['file_mb']:>10.1f}")
    ours, base = results["streaming (presswatch)"], results["load-all baseline"]
    print(f"streaming / baseline: speed {ours['records_per_s'] / base['records_per_s']:.2f}x, "
          f"peak memory {ours['peak_mb'] / base['peak_mb']:.3f}x")
    out = REPO / "bench" / "results" / "export.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"pages": pages, "cpus": os.cpu_count(), "results": results}, indent=2),
                   encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
