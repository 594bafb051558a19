"""Search latency on a generated archive of 100,000 passages (en/sq/fa, Zipf-like vocabulary).

    .venv/bin/python bench/search.py [--quick] [--passages N] [--queries N] [--repeats N] [--keep DIR]

Generates a real project (``Project.init``) and writes pages through the store (``write_doc``: units,
passages and the folded FTS5 index; page/version rows are bulk-inserted), then runs queries of 1-3
terms, half of them with filters (--lang, --since/--until, --source), and reports p50/p95/max for
``presswatch.search.search`` (with snippets) and for the peer baseline: a plain FTS5
``MATCH ... ORDER BY bm25 LIMIT 20`` on the same table in the same run, and for unit search the same
query shape on the unit index (``unit_fts``). Goal: p95 < 50 ms.
Writes bench/results/search.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.models import Doc, Passage, RawDocument, Unit  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.search import parse_query, search, search_units  # noqa: E402
from presswatch.search.units import unit_expression  # noqa: E402
from presswatch.store.db import transaction  # noqa: E402
from presswatch.store.units import write_doc  # noqa: E402

LANG_DATA = REPO / "tests" / "data" / "lang" / "short_texts.tsv"
SYLLABLES = {
    "en": ["ka", "ter", "mon", "ing", "pro", "ver", "sta", "tion", "al", "ry", "ble", "ment", "ous", "re", "con"],
    "sq": ["ri", "të", "më", "shq", "për", "ësh", "ja", "ve", "ço", "ndë", "ri", "zgj", "ku", "ll", "ës"],
    "fa": ["مر", "دا", "ست", "ها", "نی", "گا", "ری", "\u200cها", "خو", "پر", "زه", "کی", "ور", "شا", "می\u200c"],
}
OUTLETS = [f"outlet-{i:02d}" for i in range(40)]


def vocabulary(lang: str, size: int, rng: random.Random) -> list[str]:
    """Real words from the labelled set first (most frequent ranks), then made-up words of the language."""
    words: dict[str, int] = {}
    for line in LANG_DATA.read_text(encoding="utf-8").splitlines():
        label, _, text = line.partition("\t")
        if label == lang:
            for w in text.split():
                w = w.strip(".,:;!?؟،«»\"'")
                if w:
                    words[w] = words.get(w, 0) + 1
    vocab = sorted(words, key=lambda w: -words[w])
    seen = set(vocab)
    syl = SYLLABLES[lang]
    while len(vocab) < size:
        w = "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))).strip("\u200c")
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    return vocab


class Zipf:
    def __init__(self, n: int, rng: random.Random, s: float = 1.07):
        self.weights = [1 / (r + 1) ** s for r in range(n)]
        self.cum: list[float] = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        self.rng = rng

    def sample(self, k: int) -> list[int]:
        import bisect

        top = self.cum[-1]
        return [bisect.bisect_left(self.cum, self.rng.random() * top) for _ in range(k)]


def generate(project: Project, n_passages: int, rng: random.Random) -> dict[str, list[str]]:
    vocabs = {lang: vocabulary(lang, 30_000, rng) for lang in ("en", "sq", "fa")}
    zipfs = {lang: Zipf(len(v), rng) for lang, v in vocabs.items()}
    conn = project.connect()
    made = 0
    page = 0
    t0 = time.perf_counter()
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('bench', 0, x'')")
        while made < n_passages:
            page += 1
            lang = rng.choices(["en", "sq", "fa"], weights=[0.4, 0.35, 0.25])[0]
            day = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            outlet = rng.choice(OUTLETS)
            url = f"https://{outlet}.example.org/{lang}/{page}"
            cur = conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, ?)", (url, url, day))
            page_id = int(cur.lastrowid or 0)
            cur = conn.execute(
                "INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location) "
                "VALUES (?, 1, 'bench', 'html', ?, ?)", (page_id, day + "T12:00:00Z", url))
            version_id = int(cur.lastrowid or 0)
            texts = []
            for _ in range(rng.randint(4, 16)):
                plang = lang if rng.random() > 0.1 else rng.choice(["en", "sq", "fa"])
                n_words = max(4, min(200, int(rng.lognormvariate(3.4, 0.6))))
                words = [vocabs[plang][i] for i in zipfs[plang].sample(n_words)]
                texts.append((plang, " ".join(words).capitalize() + "."))
            text = "\n".join(t for _, t in texts)
            passages, pos = [], 0
            for i, (plang, t) in enumerate(texts):
                passages.append(Passage(i, pos, pos + len(t), t, lang=plang, lang_score=0.99))
                pos += len(t) + 1
            unit = Unit(0, "article", text, 0, len(text), title=f"Page {page}", outlet=outlet, published=day,
                        url=url, lang=lang, passages=passages)
            raw = RawDocument(location=url, key=url, data=b"", media_type="html", url=url)
            write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=[unit]))
            made += len(passages)
    conn.execute("INSERT INTO passage_fts(passage_fts) VALUES ('optimize')")
    conn.close()
    print(f"generated {made:,} passages on {page:,} pages in {time.perf_counter() - t0:.1f} s")
    return vocabs


def make_queries(vocabs: dict[str, list[str]], n: int, rng: random.Random) -> list[dict[str, object]]:
    queries = []
    for i in range(n):
        lang = rng.choice(["en", "sq", "fa"])
        ranks = Zipf(len(vocabs[lang]) - 20, rng).sample(rng.randint(1, 3))
        terms = [vocabs[lang][20 + r] for r in ranks]
        q: dict[str, object] = {"query": " ".join(terms)}
        kind = i % 4
        if kind == 1:
            q["lang"] = lang
        elif kind == 2:
            q["since"], q["until"] = "2024-01-01", "2024-06-30"
        elif kind == 3:
            q["source"] = rng.choice(OUTLETS) + ".example.org"
        queries.append(q)
    return queries


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10,000 passages, 100 queries")
    ap.add_argument("--passages", type=int, default=None)
    ap.add_argument("--queries", type=int, default=None)
    ap.add_argument("--repeats", type=int, default=3, help="time each query N times, keep the best (default 3)")
    ap.add_argument("--keep", default=None, help="generate into (or reuse) this project folder")
    args = ap.parse_args()
    n_passages = args.passages or (10_000 if args.quick else 100_000)
    n_queries = args.queries or (100 if args.quick else 400)
    rng = random.Random(42)
    tmp = None
    if args.keep:
        root = Path(args.keep)
    else:
        tmp = tempfile.mkdtemp(prefix="pw-search-bench-")
        root = Path(tmp) / "proj"
    try:
        fresh = not (root / "presswatch.sqlite").exists()
        project = Project.init(root)
        vocabs = generate(project, n_passages, rng) if fresh else {
            lang: vocabulary(lang, 30_000, random.Random(42)) for lang in ("en", "sq", "fa")}
        queries = make_queries(vocabs, n_queries, rng)
        conn = project.connect()
        ours: dict[str, list[float]] = {"all": [], "plain": [], "filtered": []}
        units: dict[str, list[float]] = {"all": [], "plain": [], "filtered": []}
        unit_hits = 0
        base: list[float] = []
        unit_base: list[float] = []   # the unit search's own peer: a plain FTS5 query on the unit index
        hits_total = 0
        search_units(conn, "warm")  # an archive generated before unit search gets its index here
        for q in queries[:10]:  # warm the page cache
            search(conn, **q)  # type: ignore[arg-type]
            search_units(conn, **q)  # type: ignore[arg-type]
        for q in queries:
            expr = parse_query(str(q["query"])).fts()
            base_ms, ms, ums, ubase_ms = [], [], [], []
            uexpr = unit_expression(parse_query(str(q["query"])))
            for _ in range(args.repeats):  # best of N: the machine is shared, load spikes hit both alike
                t0 = time.perf_counter()
                conn.execute("SELECT rowid, bm25(passage_fts) FROM passage_fts WHERE passage_fts MATCH ? "
                             "ORDER BY bm25(passage_fts) LIMIT 20", (expr,)).fetchall()
                base_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank LIMIT 20",
                             (uexpr,)).fetchall()
                ubase_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                hits = search(conn, limit=20, **q)  # type: ignore[arg-type]
                ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                found = search_units(conn, limit=20, **q)  # type: ignore[arg-type]
                ums.append((time.perf_counter() - t0) * 1000)
            base.append(min(base_ms))
            unit_base.append(min(ubase_ms))
            ms_best = min(ms)
            hits_total += len(hits)
            ours["all"].append(ms_best)
            ours["filtered" if len(q) > 1 else "plain"].append(ms_best)
            units["all"].append(min(ums))
            units["filtered" if len(q) > 1 else "plain"].append(min(ums))
            unit_hits += len(found.hits)
        conn.close()
        passages = n_passages
        rows = [("presswatch search (all)", ours["all"]), ("  without filters", ours["plain"]),
                ("  with filters", ours["filtered"]),
                ("unit search (all)", units["all"]), ("  units without filters", units["plain"]),
                ("  units with filters", units["filtered"]), ("FTS5 MATCH+bm25 (peer)", base),
                ("unit_fts MATCH LIMIT 20 (unit peer)", unit_base)]
        print(f"archive: {passages:,} passages; {len(queries)} queries of 1-3 terms "
              f"(3 of 4 with a filter); mean hits {hits_total / len(queries):.1f}; best of {args.repeats} per query")
        print(f"{'':<36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8}")
        result: dict[str, object] = {"passages": passages, "queries": len(queries), "repeats": args.repeats}
        for name, vals in rows:
            print(f"{name:<36} {pct(vals, 50):8.2f} {pct(vals, 95):8.2f} {max(vals):8.2f} "
                  f"{statistics.mean(vals):8.2f}")
            result[name.strip()] = {"p50": pct(vals, 50), "p95": pct(vals, 95), "max": max(vals)}
        ratio50 = pct(ours["all"], 50) / pct(base, 50)
        ratio95 = pct(ours["all"], 95) / pct(base, 95)
        print(f"ratio presswatch/peer: p50 {ratio50:.2f}x, p95 {ratio95:.2f}x; goal p95 < 50 ms: "
              f"{'met' if pct(ours['all'], 95) < 50 else 'NOT met'}")
        result.update(ratio_p50=ratio50, ratio_p95=ratio95)
        u50, u95 = pct(units["all"], 50) / pct(unit_base, 50), pct(units["all"], 95) / pct(unit_base, 95)
        print(f"unit search (with total count, passages per hit): mean hits {unit_hits / len(queries):.1f}; "
              f"ratio to the unit peer p50 {u50:.2f}x, p95 {u95:.2f}x; goal p95 < 50 ms: "
              f"{'met' if pct(units['all'], 95) < 50 else 'NOT met'}")
        result.update(unit_ratio_p50=u50, unit_ratio_p95=u95)
        out = REPO / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "search.json").write_text(json.dumps(result, indent=2))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
