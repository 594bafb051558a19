"""Benchmark: the persistent SQLite reuse index vs plain datasketch MinHashLSH, same signatures, same run.

    .venv/bin/python bench/reuse.py            # 1,000,000 passages
    .venv/bin/python bench/reuse.py --quick    # 50,000 passages

Passages are generated with realistic reuse: Zipf-distributed vocabulary, lengths 12..150 words,
10% exact copies of an earlier passage, 10% near-duplicates (1-3 words changed), 10% excerpts (a
60-85% span of an earlier passage). Shingling (presswatch.reuse.shingles) and datasketch MinHash
signatures are computed once and given to both indexes (their cost is reported separately and is
the same for both). Each index is then built in its own process (peak memory = that process's
max RSS minus its RSS after loading the inputs):

* presswatch: ReuseIndex in a fresh SQLite archive (signatures, 20x3 band keys, containment
  samples), built in batches of 10,000 passages like the archive stage; then the last 1,000
  passages are added and queried against it (the incremental step), and the index is reopened
  from disk;
* datasketch: MinHashLSH(params=(20, 3)) in memory with LeanMinHash; the same last 1,000 are
  inserted and queried; pickling and reloading it is what persistence costs that index.

Recall: share of reused query passages whose source is among the candidates.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import pickle
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.reuse.index import Entry, ReuseIndex  # noqa: E402
from presswatch.reuse.minhash import LshParams, estimate, signatures  # noqa: E402
from presswatch.reuse.shingles import Shingled, ShingleParams, samples, shingle_text  # noqa: E402
from presswatch.store.db import connect, migrate  # noqa: E402

SYLLABLES = ("ka ri mo le ta shi na ve lo de pa ni ro sa ku bi ze to ma ge ar es on in al ur ha ji "
             "qe dh sh ll rr xh po fe zo lu").split()
INCREMENT = 1000
PERSIST_LIMIT = 200_000   # datasketch pickle save/reload measured up to this size


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """Peak RSS of this process (VmHWM; ru_maxrss would carry the parent's peak over fork + exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n: int, seed: int = 7) -> tuple[list[str], dict[int, tuple[str, int]]]:
    """Passages and ground truth {passage index: (reuse kind, source index)}."""
    rng = np.random.default_rng(seed)
    vocab_size = 40_000
    vocab = ["".join(rng.choice(SYLLABLES, size=int(rng.integers(1, 4)))) + str(i % 7 or "")
             for i in range(vocab_size)]
    probs = 1.0 / np.arange(1, vocab_size + 1) ** 1.05
    probs /= probs.sum()
    lengths = np.clip(rng.lognormal(3.6, 0.5, size=n).astype(int), 12, 150)
    pool = rng.choice(vocab_size, size=int(lengths.sum()), p=probs)
    kinds = rng.random(n)
    texts: list[str] = []
    truth: dict[int, tuple[str, int]] = {}
    originals: list[int] = []
    pos = 0
    for i in range(n):
        r = kinds[i]
        if originals and r < 0.3:
            src = originals[int(rng.integers(len(originals)))]
            words = texts[src].split()
            if r < 0.1:
                kind = "duplicate"
            elif r < 0.2:
                kind = "near_duplicate"
                for _ in range(int(rng.integers(1, 4))):
                    words[int(rng.integers(len(words)))] = vocab[int(rng.integers(vocab_size))]
            else:
                kind = "excerpt"
                span = max(12, int(len(words) * rng.uniform(0.6, 0.85)))
                start = int(rng.integers(0, max(1, len(words) - span + 1)))
                words = words[start:start + span]
            texts.append(" ".join(words).capitalize() + ".")
            truth[i] = (kind, src)
        else:
            length = int(lengths[i])
            texts.append(" ".join(vocab[t] for t in pool[pos:pos + length]).capitalize() + ".")
            pos += length
            originals.append(i)
    return texts, truth


def prepare(texts: list[str], params: ShingleParams, lsh: LshParams, chunk: int = 10_000) -> dict[str, Any]:
    """Shingles, signatures and samples, chunk by chunk (shingle lists are dropped after each chunk)."""
    times = {"shingle_s": 0.0, "signature_s": 0.0, "sample_s": 0.0}
    sig_parts: list[np.ndarray] = []
    flat: list[int] = []
    offsets = [0]
    exact: list[int] = []
    counts: list[int] = []
    short = 0
    for lo in range(0, len(texts), chunk):
        t0 = time.perf_counter()
        shingled = [shingle_text(t, params) for t in texts[lo:lo + chunk]]
        t1 = time.perf_counter()
        sig_parts.append(signatures([s.shingles if s else [b""] for s in shingled], lsh))
        t2 = time.perf_counter()
        for s in shingled:
            flat.extend(samples(set(s.hashes), params.sample_mod) if s else [])
            offsets.append(len(flat))
            exact.append(s.exact if s else 0)
            counts.append(len(s.shingles) if s else 0)
            short += s is None
        t3 = time.perf_counter()
        times["shingle_s"] += t1 - t0
        times["signature_s"] += t2 - t1
        times["sample_s"] += t3 - t2
    return {"sigs": np.concatenate(sig_parts), "samples": np.array(flat, dtype=np.int64),
            "offsets": np.array(offsets, dtype=np.int64), "exact": np.array(exact, dtype=np.int64),
            "counts": np.array(counts, dtype=np.int64),
            "short": short, **times}


def _entries(data: dict[str, np.ndarray], lo: int, hi: int) -> list[Entry]:
    out = []
    for i in range(lo, hi):
        fps = data["samples"][data["offsets"][i]:data["offsets"][i + 1]]
        # Shingle lists are not kept (memory); the samples are what the index stores from them.
        out.append(Entry(i + 1, i + 1, Shingled(0, int(data["exact"][i]), [b""] * int(data["counts"][i]),
                                                frozenset(int(f) for f in fps))))
    return out


def run_presswatch(folder: str, n: int, queries: list[int], result: Any) -> None:
    data = {k: np.load(Path(folder) / f"{k}.npy", mmap_mode="r") for k in ("sigs", "samples", "offsets", "exact", "counts")}
    base = rss_mb()
    lsh, params = LshParams(), ShingleParams()
    db = Path(folder) / "index.sqlite"
    conn = connect(db)
    migrate(conn)
    conn.execute("PRAGMA foreign_keys = OFF")   # bench inserts index rows only (no pages/units)
    index = ReuseIndex(conn, lsh, params)
    conn.execute("PRAGMA cache_size = -262144")   # 256 MB page cache for the incremental step
    build_to = n - INCREMENT
    ids = np.arange(1, build_to + 1, dtype=np.int64)
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    index.bulk_load(ids, ids, data["counts"][:build_to], data["exact"][:build_to], data["sigs"][:build_to],
                    data["samples"][:data["offsets"][build_to]], data["offsets"][:build_to + 1])
    conn.execute("COMMIT")
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    added = index.add(_entries(data, build_to, n), np.asarray(data["sigs"][build_to:n]))
    conn.execute("COMMIT")
    add_s = time.perf_counter() - t0
    found: dict[int, set[int]] = {}
    t0 = time.perf_counter()
    for q in queries:
        keys, fps = added[q + 1]
        cands = index.candidates(q + 1, keys.tolist(), fps)
        cands = {pid: c for pid, c in cands.items() if c.bands > 0 or c.samples >= 2}   # as the stage does
        stored = index.load(cands)
        own = np.asarray(data["sigs"][q])
        found[q] = {pid - 1 for pid, c in cands.items()
                    if pid in stored and (c.samples >= 2 or estimate(own, stored[pid].sig) >= 0.3)}
    query_s = time.perf_counter() - t0
    conn.close()
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("SELECT COUNT(*) FROM reuse_sig").fetchone()
    conn.close()
    reopen_s = time.perf_counter() - t0
    result.put({"build_s": build_s, "add_1000_s": add_s, "query_1000_s": query_s, "reopen_s": reopen_s,
                "peak_mb": peak_mb() - base, "disk_mb": db.stat().st_size / 1e6 + _wal(db),
                "found": {q: sorted(v) for q, v in found.items()}})


def _wal(db: Path) -> float:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size / 1e6 if wal.exists() else 0.0


def run_datasketch(folder: str, n: int, queries: list[int], result: Any) -> None:
    from datasketch import LeanMinHash, MinHashLSH

    sigs = np.load(Path(folder) / "sigs.npy", mmap_mode="r")
    base = rss_mb()
    lsh = LshParams()
    index = MinHashLSH(num_perm=lsh.num_perm, params=(lsh.bands, lsh.rows))
    build_to = n - INCREMENT
    t0 = time.perf_counter()
    for i in range(build_to):
        index.insert(i, LeanMinHash(seed=lsh.seed, hashvalues=sigs[i], scheme="affine32"), check_duplication=False)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    lean = {}
    for i in range(build_to, n):
        lean[i] = LeanMinHash(seed=lsh.seed, hashvalues=sigs[i], scheme="affine32")
        index.insert(i, lean[i], check_duplication=False)
    add_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = {q: sorted(k for k in index.query(lean[q]) if k != q) for q in queries}
    query_s = time.perf_counter() - t0
    if n > PERSIST_LIMIT:   # pickling needs a second copy of a multi-GB index on a shared machine
        result.put({"build_s": build_s, "add_1000_s": add_s, "query_1000_s": query_s, "persist_s": float("nan"),
                    "reopen_s": float("nan"), "peak_mb": peak_mb() - base, "disk_mb": float("nan"), "found": found})
        return
    path = Path(folder) / "datasketch.pickle"
    t0 = time.perf_counter()
    with open(path, "wb") as fh:
        pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    dump_s = time.perf_counter() - t0
    peak = peak_mb() - base
    del index
    t0 = time.perf_counter()
    with open(path, "rb") as fh:
        pickle.load(fh)
    reopen_s = time.perf_counter() - t0
    result.put({"build_s": build_s, "add_1000_s": add_s, "query_1000_s": query_s, "persist_s": dump_s,
                "reopen_s": reopen_s, "peak_mb": peak, "disk_mb": path.stat().st_size / 1e6, "found": found})


def in_child(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    while True:
        try:
            out = queue.get(timeout=5)
            break
        except Exception:  # noqa: BLE001 - queue.Empty: check the child is still alive
            if not proc.is_alive():
                raise SystemExit(f"{target.__name__} failed (exit code {proc.exitcode}); see the traceback above") from None
    proc.join()
    return dict(out)


def recall(found: dict[Any, list[int]], truth: dict[int, tuple[str, int]], queries: list[int]) -> dict[str, float]:
    by_kind: dict[str, list[bool]] = {}
    for q in queries:
        if q in truth:
            kind, src = truth[q]
            by_kind.setdefault(kind, []).append(src in set(found.get(q, found.get(str(q), []))))
    out = {k: sum(v) / len(v) for k, v in by_kind.items()}
    allv = [x for v in by_kind.values() for x in v]
    out["all"] = sum(allv) / len(allv) if allv else 0.0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="passages (default 1,000,000)")
    ap.add_argument("--quick", action="store_true", help="50,000 passages")
    args = ap.parse_args()
    n = 50_000 if args.quick else args.n
    t0 = time.perf_counter()
    texts, truth = generate(n)
    gen_s = time.perf_counter() - t0
    print(f"generated {n:,} passages in {gen_s:.1f}s ({len(truth):,} reused)", flush=True)
    prep = prepare(texts, ShingleParams(), LshParams())
    per = n - prep["short"]
    print(f"shingling {prep['shingle_s']:.1f}s, datasketch signatures {prep['signature_s']:.1f}s, "
          f"samples {prep['sample_s']:.1f}s ({prep['short']} too short)", flush=True)
    del texts
    queries = list(range(n - INCREMENT, n))
    with tempfile.TemporaryDirectory(prefix="pw-bench-reuse-", dir=os.environ.get("TMPDIR")) as folder:
        for key in ("sigs", "samples", "offsets", "exact", "counts"):
            np.save(Path(folder) / f"{key}.npy", prep[key])
        mine = in_child(run_presswatch, folder, n, queries)
        print(f"presswatch index: build {mine['build_s']:.1f}s", flush=True)
        peer = in_child(run_datasketch, folder, n, queries)
        print(f"datasketch MinHashLSH: build {peer['build_s']:.1f}s", flush=True)
    prep_per_1000 = (prep["shingle_s"] + prep["signature_s"] + prep["sample_s"]) / n * INCREMENT
    rows = []
    for name, r in (("presswatch SQLite index", mine), ("datasketch MinHashLSH", peer)):
        rows.append({"index": name, "build_s": r["build_s"], "add_1000_s": r["add_1000_s"],
                     "query_1000_s": r["query_1000_s"], "reopen_s": r["reopen_s"], "persist_s": r.get("persist_s", 0.0),
                     "peak_mb": r["peak_mb"], "disk_mb": r["disk_mb"], "recall": recall(r["found"], truth, queries)})
    print(f"\n{n:,} passages ({per:,} indexed); shingles + signatures per 1,000 passages: {prep_per_1000:.2f}s "
          f"(same for both)\n")
    head = f"{'index':26} {'build s':>9} {'+1000 s':>8} {'query 1000 s':>12} {'save s':>7} {'reopen s':>9} " \
           f"{'peak MB':>8} {'disk MB':>8} {'recall':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['index']:26} {r['build_s']:9.1f} {r['add_1000_s']:8.3f} {r['query_1000_s']:12.3f} "
              f"{r['persist_s']:7.1f} {r['reopen_s']:9.3f} {r['peak_mb']:8.0f} {r['disk_mb']:8.0f} "
              f"{r['recall']['all']:7.3f}")
    a, b = rows
    ratios = {k: (a[k] / b[k] if b[k] else float("nan")) for k in ("build_s", "add_1000_s", "query_1000_s", "peak_mb")}
    print("\nratios presswatch / datasketch: " + ", ".join(f"{k} {v:.2f}x" for k, v in ratios.items()))
    print("recall by kind: " + "; ".join(f"{r['index']}: " + ", ".join(f"{k} {v:.3f}" for k, v in r["recall"].items())
                                         for r in rows))
    out = {"n": n, "indexed": per, "generate_s": gen_s, "prep": {k: prep[k] for k in ("shingle_s", "signature_s",
                                                                                       "sample_s", "short")},
           "prep_per_1000_s": prep_per_1000, "results": rows, "ratios": ratios}
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"reuse-{n}.json"
    path.write_text(json.dumps(out, indent=2))
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
