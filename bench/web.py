"""Web UI and JSON API render times on a generated archive of 100,000 units.

    .venv/bin/python bench/web.py [--quick] [--units N] [--requests N] [--keep DIR]

Generates a real project (``Project.init``; pages written through the store's ``write_doc``, the
vocabulary and Zipf sampling of bench/search.py, en/sq/fa, an article plus teasers/boilerplate per
page, entity mentions, quotes, translation links), a digest draft of about 60 items, then times
requests through the whole ASGI application in process (security middleware, library calls,
templates): the inbox (plain, by a common source, a rare source (a URL path) and an entity), the unit view, the search page, the digest editor,
``/api/search``, and a static page (``/help``: the floor of middleware and client). Per page kind it reports p50/p95, the ratio
of p95 to the peer's p95, the process CPU time (p50 and p95, and its p95 to the peer's CPU p95), and, in a pass of its own, SQLite VM steps and
statements per request (FTS5's own nested statements included): load-independent. The peer, in the
same run: a plain FTS5 ``MATCH ... ORDER BY rank LIMIT 20`` on the unit index. Goals: pages p95 < 100 ms, API search p95 < 50 ms. Writes bench/results/web.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.models import Doc, Passage, RawDocument, Unit  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.search import parse_query  # noqa: E402
from presswatch.search.units import unit_expression  # noqa: E402
from presswatch.store.db import transaction  # noqa: E402
from presswatch.store.units import write_doc  # noqa: E402

_spec = importlib.util.spec_from_file_location("search_bench", REPO / "bench" / "search.py")
assert _spec and _spec.loader
search_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search_bench)

OUTLETS = search_bench.OUTLETS
DAYS = 3 * 365


def generate(project: Project, n_units: int, rng: random.Random) -> dict[str, list[str]]:
    vocabs = {lang: search_bench.vocabulary(lang, 30_000, rng) for lang in ("en", "sq", "fa")}
    zipfs = {lang: search_bench.Zipf(len(v), rng) for lang, v in vocabs.items()}
    conn = project.connect()
    made = page = 0
    t0 = time.perf_counter()

    def words(lang: str, n: int) -> str:
        return " ".join(vocabs[lang][i] for i in zipfs[lang].sample(n))

    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('bench', 0, x'')")
        for e in range(300):
            conn.execute("INSERT INTO entities (key, kind, name, source, created_at) VALUES (?, ?, ?, 'watchlist', "
                         "'2024-01-01')", (f"bench:{e}", rng.choice(["person", "org", "place"]), f"Entity {e}"))
        while made < n_units:
            page += 1
            lang = rng.choices(["en", "sq", "fa"], weights=[0.4, 0.35, 0.25])[0]
            day_n = rng.randrange(DAYS)
            day = f"{2023 + day_n // 365}-{(day_n % 365) // 31 % 12 + 1:02d}-{day_n % 28 + 1:02d}"
            outlet = rng.choice(OUTLETS)
            url = f"https://{outlet}.example.org/{lang}/{page}"
            page_id = int(conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, ?)",
                                       (url, url, day)).lastrowid or 0)
            version_id = int(conn.execute(
                "INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location, "
                "status, processed_at) VALUES (?, 1, 'bench', 'html', ?, ?, 'processed', ?)",
                (page_id, day + "T12:00:00Z", url, f"{day}T12:{page % 60:02d}:00Z")).lastrowid or 0)
            units = []
            kinds = ["article"] + rng.choices(["teaser", "boilerplate", "teaser"], k=rng.randint(0, 3))
            for ordinal, kind in enumerate(kinds):
                texts = []
                for _ in range(rng.randint(3, 10) if kind == "article" else rng.randint(1, 2)):
                    plang = lang if rng.random() > 0.1 else rng.choice(["en", "sq", "fa"])
                    n_words = max(4, min(200, int(rng.lognormvariate(3.4, 0.6))))
                    texts.append((plang, words(plang, n_words).capitalize() + "."))
                text, passages, pos = "", [], 0
                for i, (plang, t) in enumerate(texts):
                    passages.append(Passage(i, pos, pos + len(t), t, lang=plang, lang_score=0.99))
                    pos += len(t) + 1
                text = "\n".join(t for _, t in texts)
                units.append(Unit(ordinal, kind, text, 0, len(text),  # type: ignore[arg-type]
                                  title=words(lang, 6).capitalize() if kind != "boilerplate" else None,
                                  outlet=outlet if ordinal == 0 else None, published=day if ordinal == 0 else None,
                                  url=url if ordinal == 0 else None, lang=lang, passages=passages,
                                  author=f"Author {rng.randrange(500)}" if ordinal == 0 else None))
            raw = RawDocument(location=url, key=url, data=b"", media_type="html", url=url)
            write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=units))
            made += len(units)
            for row in conn.execute("SELECT p.id, p.unit_id, length(p.text) FROM passages p JOIN units u "
                                    "ON u.id = p.unit_id WHERE u.version_id = ? AND u.kind = 'article'",
                                    (version_id,)).fetchall():
                if rng.random() < 0.5:
                    conn.execute("INSERT INTO mentions (entity_id, passage_id, unit_id, start, \"end\", surface, "
                                 "method) VALUES (?, ?, ?, 0, 5, 'Entity', 'exact')",
                                 (1 + int(rng.paretovariate(1.2)) % 300, row[0], row[1]))
                if rng.random() < 0.15:
                    conn.execute("INSERT INTO quotes (unit_id, passage_id, speaker, cue, text, start, \"end\", "
                                 "unit_start, unit_end, direct, lang) VALUES (?, ?, 'Author', 'said', ?, 0, 20, 0, 20, "
                                 "1, ?)", (row[1], row[0], words(lang, 12), lang))
    conn.execute("INSERT INTO passage_fts(passage_fts) VALUES ('optimize')")
    conn.close()
    print(f"generated {made:,} units on {page:,} pages in {time.perf_counter() - t0:.1f} s")
    return vocabs


def pct(values: list[float], p: float) -> float:
    return search_bench.pct(values, p)



def page_plans(queries: list[dict[str, object]], rng: random.Random, unit_ids: list[int], digest_id: int,
               n_requests: int) -> dict[str, list[str]]:
    """The requests of each page kind (``rng``: the one that drew ``queries``, so bench/web_pair.py asks
    the same paths)."""
    langs, kinds = ["en", "sq", "fa"], ["article", "teaser"]
    return {
        "inbox": ["/?since=all" for _ in range(n_requests // 2)]
                 + [f"/?since=all&lang={rng.choice(langs)}&kind={rng.choice(kinds)}" for _ in range(n_requests // 2)],
        "inbox (source filter)": [f"/?since=all&source={rng.choice(OUTLETS)}" for _ in range(max(10, n_requests // 4))],
        "inbox (entity filter)": [f"/?since=all&entity={rng.randint(2, 300)}" for _ in range(max(10, n_requests // 4))],
        "unit view": [f"/units/{u}" for u in unit_ids],
        "search page": [f"/search?q={q['query']}" + (f"&lang={q['lang']}" if "lang" in q else "")
                        for q in queries],
        "digest editor": [f"/digests/{digest_id}" for _ in range(max(10, n_requests // 4))],
        "API search": [f"/api/search?q={q['query']}&limit=20" for q in queries],
        # a rare source: a URL path naming a few pages (the index must not pass over every URL)
        "inbox (rare source)": [f"/?since=all&source=/{rng.choice(langs)}/{rng.randint(10_000, 40_000)}"
                                for _ in range(max(10, n_requests // 4))],
        # the floor in the same run: a static page through the same middleware, templates and client
        "help page (floor)": ["/help" for _ in range(max(10, n_requests // 4))],
    }


class Work:
    """SQLite work per request, independent of machine load: VM steps (a progress handler every
    ``STEP`` instructions on every connection the project opens) and statements run (a trace callback).
    The callbacks are Python calls (one per VM step, one per statement: tens of thousands per search),
    so they are set only while counting (``start`` / ``stop``), never in the timed passes."""

    STEP = 1

    def __init__(self) -> None:
        self.steps = self.statements = 0
        self.on = False
        self.opened: list[object] = []

    def install(self) -> None:
        import presswatch.project as project_module
        opened = project_module.connect

        def connect(*a: object, **kw: object) -> object:
            conn = opened(*a, **kw)  # type: ignore[arg-type]
            self.opened.append(conn)
            if self.on:
                self._set(conn, True)
            return conn
        project_module.connect = connect  # type: ignore[assignment]

    def _set(self, conn: object, on: bool) -> None:
        try:
            conn.set_progress_handler(self._step if on else None, self.STEP)  # type: ignore[attr-defined]
            conn.set_trace_callback(self._statement if on else None)  # type: ignore[attr-defined]
        except Exception:   # (closed since)
            pass

    def start(self) -> None:
        self.on = True
        for conn in self.opened:
            self._set(conn, True)

    def stop(self) -> None:
        self.on = False
        for conn in self.opened:
            self._set(conn, False)
        self.opened = [c for c in self.opened if _open(c)]

    def _step(self) -> int:
        if self.on:
            self.steps += self.STEP
        return 0

    def _statement(self, _sql: str) -> None:
        if self.on:
            self.statements += 1


def _open(conn: object) -> bool:
    try:
        conn.execute("SELECT 1")  # type: ignore[attr-defined]
    except Exception:
        return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10,000 units, 40 requests per page")
    ap.add_argument("--units", type=int, default=None)
    ap.add_argument("--requests", type=int, default=None, help="requests per page kind (default 200)")
    ap.add_argument("--keep", default=None, help="generate into (or reuse) this project folder")
    args = ap.parse_args()
    n_units = args.units or (10_000 if args.quick else 100_000)
    n_requests = args.requests or (40 if args.quick else 200)
    rng = random.Random(7)
    tmp = None
    if args.keep:
        root = Path(args.keep)
    else:
        tmp = tempfile.mkdtemp(prefix="pw-web-bench-")
        root = Path(tmp) / "proj"
    try:
        fresh = not (root / "presswatch.sqlite").exists()
        project = Project.init(root)
        vocabs = generate(project, n_units, rng) if fresh else {
            lang: search_bench.vocabulary(lang, 30_000, random.Random(7)) for lang in ("en", "sq", "fa")}
        rng = random.Random(11)   # the same queries and paths whether the archive was generated now or kept
        queries = search_bench.make_queries(vocabs, n_requests, rng)
        from presswatch import api
        from presswatch.web import create_app

        work = Work()
        work.install()
        t0 = time.perf_counter()
        conn = project.connect()
        api.search_units(conn, "warm")          # builds the unit index once
        day = conn.execute("SELECT substr(published, 1, 10) FROM units WHERE published IS NOT NULL "
                           "GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
        digest = api.create_draft(conn, day, day, title="bench")
        unit_ids = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE kind = 'article' ORDER BY random() "
                                                    "LIMIT ?", (n_requests,))]
        max_id = int(conn.execute("SELECT MAX(id) FROM units").fetchone()[0])
        print(f"unit index and a draft of {len(digest.items)} items in {time.perf_counter() - t0:.1f} s")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient
        # one client for the whole run (``with``: one event-loop portal, as a server keeps one; a client
        # used without it starts a thread and a loop per request, ~15 ms that no server spends)
        client = TestClient(create_app(project))
        client.__enter__()
        client.get("/")   # the session cookie

        cpu: dict[str, list[float]] = {}

        def timed(path: str, name: str | None = None) -> float:
            t, c = time.perf_counter(), time.process_time()
            r = client.get(path)
            ms = (time.perf_counter() - t) * 1000
            if name is not None:   # CPU time of the process (server and client): less inflated by load
                cpu.setdefault(name, []).append((time.process_time() - c) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"{path}: {r.status_code} {r.text[:200]}")
            return ms

        plans = page_plans(queries, rng, unit_ids, int(digest.id or 0), n_requests)
        for paths in plans.values():   # warm the page cache and the templates
            for path in paths[:5]:
                timed(path)
        # load-independent work per request, in a pass of its own (the handler costs time)
        per_request: dict[str, dict[str, float]] = {}
        for name, paths in plans.items():
            sample = paths[:max(5, min(len(paths), 40))]
            work.steps = work.statements = 0
            work.start()
            for path in sample:
                timed(path)
            work.stop()
            per_request[name] = {"vm_steps": work.steps / len(sample), "statements": work.statements / len(sample)}
        work.stop()
        times: dict[str, list[float]] = {name: [timed(p, name) for p in paths] for name, paths in plans.items()}
        peer: list[float] = []
        peer_steps = 0
        for i, q in enumerate(queries):
            expr = unit_expression(parse_query(str(q["query"])))
            counting = i < 40
            if counting:
                work.start()
            before = work.steps
            t, c = time.perf_counter(), time.process_time()
            conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank LIMIT 20",
                         (expr,)).fetchall()
            peer.append((time.perf_counter() - t) * 1000)
            cpu.setdefault("FTS5 MATCH LIMIT 20 (peer)", []).append((time.process_time() - c) * 1000)
            if counting:
                peer_steps += work.steps - before
                work.stop()
        per_request["FTS5 MATCH LIMIT 20 (peer)"] = {"vm_steps": peer_steps / min(40, len(queries)),
                                                     "statements": 1.0}
        times["FTS5 MATCH LIMIT 20 (peer)"] = peer
        units = int(conn.execute("SELECT COUNT(*) FROM units").fetchone()[0])
        conn.close()
        client.__exit__(None, None, None)
        goals = {"inbox": 100, "inbox (source filter)": 100, "inbox (entity filter)": 100, "inbox (rare source)": 100, "unit view": 100, "search page": 100, "digest editor": 100, "API search": 50}
        print(f"archive: {units:,} units (max id {max_id}); {n_requests} requests per page; "
              f"digest editor with {len(digest.items)} items")
        print(f"{'':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8} {'kVM/req':>9} {'SQL/req':>8}"
              f" {'p95/peer':>8} {'cpu p50':>8} {'cpu p95':>8} {'cpu/peer':>8}  goal")
        result: dict[str, object] = {"units": units, "requests": n_requests, "digest_items": len(digest.items)}
        for name, vals in times.items():
            goal = goals.get(name)
            verdict = "" if goal is None else (f"p95 < {goal} ms: " + ("met" if pct(vals, 95) < goal else "NOT met"))
            w = per_request.get(name, {"vm_steps": 0.0, "statements": 0.0})
            to_peer = pct(vals, 95) / max(pct(peer, 95), 1e-6)
            spent = cpu.get(name, [0.0])
            cpu_to_peer = pct(spent, 95) / max(pct(cpu["FTS5 MATCH LIMIT 20 (peer)"], 95), 1e-6)
            print(f"{name:<28} {pct(vals, 50):8.2f} {pct(vals, 95):8.2f} {max(vals):8.2f} "
                  f"{statistics.mean(vals):8.2f} {w['vm_steps'] / 1000:9.1f} {w['statements']:8.1f} {to_peer:8.2f} "
                  f"{pct(spent, 50):8.2f} {pct(spent, 95):8.2f} {cpu_to_peer:8.2f}  {verdict}")
            result[name] = {"p50": pct(vals, 50), "p95": pct(vals, 95), "max": max(vals), "goal_ms": goal,
                            "vm_steps_per_request": w["vm_steps"], "statements_per_request": w["statements"],
                            "p95_to_peer": to_peer, "cpu_ms_p50": pct(spent, 50), "cpu_ms_p95": pct(spent, 95),
                            "cpu_p95_to_peer": cpu_to_peer}
        ratio = pct(times["API search"], 95) / max(pct(peer, 95), 1e-6)
        print(f"API search / peer at p95: {ratio:.1f}x")
        result["api_search_to_peer_p95"] = ratio
        out = REPO / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "web.json").write_text(json.dumps(result, indent=2))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
