"""Paired A/B of the search requests of two checkouts on one kept bench archive, CPU time per request.

    .venv/bin/python bench/web_pair.py --archive /tmp/web7bench --base /tmp/main-copy [--other .] [--reps 2]

Starts one process per checkout (``PYTHONPATH`` on it; each builds its own ASGI app over the archive made
by ``bench/web.py --keep DIR``) and sends every request to both, the order alternating per query, so both
sides meet the same machine load at nearly the same moment (a shared machine: read the CPU columns; the
wall ones are load). Requests: ``/api/search``, the search page, ``/api/search?facets=true``, and the
peer of bench/web.py (a plain FTS5 ``MATCH ... ORDER BY rank LIMIT 20`` on the whole unit expression) in
each process. Reports CPU mean / p50 / p95 (process time of the side's process), wall p50 / p95, and the
CPU p95 over that side's peer.

``--pages``: also the workspace pages of bench/web.py (inbox plain and by language/kind, by a common
source, a rare source and an entity, the unit view, the digest editor of the archive's newest draft:
run bench/web.py --keep DIR once to make one), the same paths as bench/web.py asks. ``--check``: each
answer's body is hashed on both sides (the CSRF token masked) and the kinds whose answers differ are
listed with their first differing paths (the same ranking and hits, or what changed).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOKEN = re.compile(rb'(name="csrf_token" value="|name="csrf-token" content=")[^"]*')


def serve(repo: Path, archive: Path) -> None:
    """The worker: one line per request on stdin ('GET <path>' or 'PEER <query>'), CPU and wall ms out
    (and the hash of the answer, its CSRF token masked)."""
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
            body = answer.content
        else:
            body = repr([tuple(r) for r in conn.execute(
                "SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank LIMIT 20",
                (unit_expression(parse_query(arg)),))]).encode()
        cpu, wall = (time.process_time() - c) * 1000, (time.perf_counter() - t) * 1000
        digest = hashlib.sha1(TOKEN.sub(b"TOKEN", body)).hexdigest()[:16]
        print(f"{cpu:.4f} {wall:.4f} {digest}", flush=True)
    client.__exit__(None, None, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", required=True, help="a project folder made by bench/web.py --keep DIR")
    ap.add_argument("--base", required=True, help="the checkout to compare against (e.g. a git archive of main)")
    ap.add_argument("--other", default=str(HERE.parent), help="the checkout measured (default: this one)")
    ap.add_argument("--reps", type=int, default=2, help="passes over the 200 bench queries")
    ap.add_argument("--pages", action="store_true", help="also the inbox, unit view and digest editor pages")
    ap.add_argument("--check", action="store_true", help="compare the answers of both sides (hashes)")
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

    digests: dict[tuple[str, str], str] = {}

    def ask(name: str, line: str) -> tuple[float, float]:
        proc = procs[name]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        cpu, wall, digest = proc.stdout.readline().split()
        digests[(name, line)] = digest
        return float(cpu), float(wall)

    kinds: dict[str, Any] = {
        "/api/search": lambda q: f"GET /api/search?q={q['query']}&limit=20",
        "search page": lambda q: f"GET /search?q={q['query']}" + (f"&lang={q['lang']}" if "lang" in q else ""),
        "/api/search facets": lambda q: f"GET /api/search?q={q['query']}&limit=20&facets=true",
        "peer": lambda q: f"PEER {q['query']}",
    }
    # each kind's requests: the queries' (above) and, with --pages, bench/web.py's workspace pages
    plan: dict[str, list[str]] = {kind: [make(q) for q in queries] for kind, make in kinds.items()}
    if args.pages:
        plan.update(workspace_pages(Path(args.archive), queries))
    for lines in plan.values():   # warm both sides
        for name in sides:
            for line in lines[:10]:
                ask(name, line)
    res: dict[tuple[str, str], list[tuple[float, float]]] = {}
    longest = max(len(lines) for lines in plan.values())
    for rep in range(args.reps):
        for i in range(longest):
            order = list(sides) if (i + rep) % 2 == 0 else list(sides)[::-1]
            for kind, lines in plan.items():
                if i >= len(lines):
                    continue
                for name in order:
                    res.setdefault((kind, name), []).append(ask(name, lines[i]))
    pct = search_bench.pct
    print(f"base {sides['base']}, other {sides['other']}; {args.reps} x {len(queries)} queries, alternating")
    print(f"{'':20} {'side':5} {'cpu mean':>9} {'cpu p50':>8} {'cpu p95':>8} {'wall p50':>9} {'wall p95':>9} "
          f"{'cpu p95/peer':>12}")
    for kind in plan:
        for name in sides:
            cpu = [a for a, _ in res[(kind, name)]]
            wall = [b for _, b in res[(kind, name)]]
            peer = [a for a, _ in res[("peer", name)]]
            print(f"{kind:20} {name:5} {statistics.mean(cpu):9.2f} {pct(cpu, 50):8.2f} {pct(cpu, 95):8.2f} "
                  f"{pct(wall, 50):9.2f} {pct(wall, 95):9.2f} {pct(cpu, 95) / max(pct(peer, 95), 1e-6):12.2f}")
    if args.check:
        for kind, lines in plan.items():
            differ = [line for line in dict.fromkeys(lines) if digests[("base", line)] != digests[("other", line)]]
            print(f"answers {kind}: {len(set(lines)) - len(differ)} of {len(set(lines))} distinct requests identical"
                  + (f"; differ: {differ[:5]}" if differ else ""))
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()


def workspace_pages(archive: Path, queries: list[dict[str, object]]) -> dict[str, list[str]]:
    """bench/web.py's workspace requests (its page_plans, on the rng that drew the queries), the unit
    views on 200 article units drawn by a seeded sample, the editor of the archive's newest draft."""
    spec = importlib.util.spec_from_file_location("web_bench", HERE / "web.py")
    assert spec and spec.loader
    web_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(web_bench)
    spec = importlib.util.spec_from_file_location("search_bench", HERE / "search.py")
    assert spec and spec.loader
    search_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search_bench)
    rng = random.Random(11)
    vocabs = {lang: search_bench.vocabulary(lang, 30_000, random.Random(7)) for lang in ("en", "sq", "fa")}
    assert search_bench.make_queries(vocabs, 200, rng) == queries
    conn = sqlite3.connect(f"file:{archive / 'presswatch.sqlite'}?mode=ro", uri=True)
    try:
        articles = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE kind = 'article' ORDER BY id")]
        draft = conn.execute("SELECT MAX(id) FROM digests WHERE status = 'draft'").fetchone()[0]
    finally:
        conn.close()
    if draft is None:
        raise SystemExit(f"{archive} has no draft digest: run bench/web.py --keep {archive} once")
    plans = web_bench.page_plans(queries, rng, random.Random(5).sample(articles, 200), int(draft), 200)
    wanted = ("inbox", "inbox (source filter)", "inbox (entity filter)", "inbox (rare source)", "unit view",
              "digest editor")
    return {name: [f"GET {path}" for path in plans[name]] for name in wanted}


if __name__ == "__main__":
    main()
