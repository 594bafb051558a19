"""Paired A/B of the search requests of two checkouts on one kept bench archive, CPU time per request.

    .venv/bin/python bench/web_pair.py --archive /tmp/web7bench --base /tmp/main-copy [--other .] [--reps 2]

Starts one process per checkout (``PYTHONPATH`` on it; each builds its own ASGI app over the archive made
by ``bench/web.py --keep DIR``) and sends every request to both, the order alternating per query, so both
sides meet the same machine load at nearly the same moment (a shared machine: read the CPU columns; the
wall ones are load). Requests: ``/api/search``, the search page, ``/api/search?facets=true``, and the
peer of bench/web.py (a plain FTS5 ``MATCH ... ORDER BY rank LIMIT 20`` on the whole unit expression) in
each process. Reports CPU mean / p50 / p95 (process time of the side's process), wall p50 / p95, and the
CPU p95 over that side's peer.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def serve(repo: Path, archive: Path) -> None:
    """The worker: one line per request on stdin ('GET <path>' or 'PEER <query>'), CPU and wall ms out."""
    sys.path.insert(0, str(repo))
    from presswatch.project import Project
    from presswatch.search import parse_query
    from presswatch.search.units import unit_expression
    from presswatch.web import create_app
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    project = Project.open(archive)
    client = TestClient(create_app(project))
    client.__enter__()
    client.get("/")
    conn = project.connect()
    print("ready", flush=True)
    for line in sys.stdin:
        kind, arg = line.rstrip("\n").split(" ", 1)
        t, c = time.perf_counter(), time.process_time()
        if kind == "GET":
            answer = client.get(arg)
            if answer.status_code != 200:
                raise SystemExit(f"{arg}: {answer.status_code} {answer.text[:200]}")
        else:
            conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank LIMIT 20",
                         (unit_expression(parse_query(arg)),)).fetchall()
        print(f"{(time.process_time() - c) * 1000:.4f} {(time.perf_counter() - t) * 1000:.4f}", flush=True)
    client.__exit__(None, None, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", required=True, help="a project folder made by bench/web.py --keep DIR")
    ap.add_argument("--base", required=True, help="the checkout to compare against (e.g. a git archive of main)")
    ap.add_argument("--other", default=str(HERE.parent), help="the checkout measured (default: this one)")
    ap.add_argument("--reps", type=int, default=2, help="passes over the 200 bench queries")
    ap.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(Path(args.serve), Path(args.archive))
        return
    spec = importlib.util.spec_from_file_location("search_bench", HERE / "search.py")
    assert spec and spec.loader
    search_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search_bench)
    vocabs = {lang: search_bench.vocabulary(lang, 30_000, random.Random(7)) for lang in ("en", "sq", "fa")}
    queries = search_bench.make_queries(vocabs, 200, random.Random(11))   # bench/web.py's queries
    sides = {"base": Path(args.base).resolve(), "other": Path(args.other).resolve()}
    procs: dict[str, subprocess.Popen[str]] = {}
    for name, repo in sides.items():
        procs[name] = subprocess.Popen(
            [sys.executable, __file__, "--archive", args.archive, "--base", args.base, "--serve", str(repo)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/",
            env=dict(os.environ, PYTHONPATH=str(repo)))
        assert procs[name].stdout is not None and procs[name].stdout.readline().strip() == "ready", name

    def ask(name: str, line: str) -> tuple[float, float]:
        proc = procs[name]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        cpu, wall = proc.stdout.readline().split()
        return float(cpu), float(wall)

    kinds: dict[str, Any] = {
        "/api/search": lambda q: f"GET /api/search?q={q['query']}&limit=20",
        "search page": lambda q: f"GET /search?q={q['query']}" + (f"&lang={q['lang']}" if "lang" in q else ""),
        "/api/search facets": lambda q: f"GET /api/search?q={q['query']}&limit=20&facets=true",
        "peer": lambda q: f"PEER {q['query']}",
    }
    for q in queries[:10]:   # warm both sides
        for name in sides:
            for make in kinds.values():
                ask(name, make(q))
    res: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for rep in range(args.reps):
        for i, q in enumerate(queries):
            order = list(sides) if (i + rep) % 2 == 0 else list(sides)[::-1]
            for kind, make in kinds.items():
                for name in order:
                    res.setdefault((kind, name), []).append(ask(name, make(q)))
    pct = search_bench.pct
    print(f"base {sides['base']}, other {sides['other']}; {args.reps} x {len(queries)} queries, alternating")
    print(f"{'':20} {'side':5} {'cpu mean':>9} {'cpu p50':>8} {'cpu p95':>8} {'wall p50':>9} {'wall p95':>9} "
          f"{'cpu p95/peer':>12}")
    for kind in kinds:
        for name in sides:
            cpu = [a for a, _ in res[(kind, name)]]
            wall = [b for _, b in res[(kind, name)]]
            peer = [a for a, _ in res[("peer", name)]]
            print(f"{kind:20} {name:5} {statistics.mean(cpu):9.2f} {pct(cpu, 50):8.2f} {pct(cpu, 95):8.2f} "
                  f"{pct(wall, 50):9.2f} {pct(wall, 95):9.2f} {pct(cpu, 95) / max(pct(peer, 95), 1e-6):12.2f}")
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()


if __name__ == "__main__":
    main()
