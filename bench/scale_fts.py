"""FTS5's merge work as the index grows (issue 13 point 2): the archive's two text indexes alone.

Generated pages (bench/scale_corpus.py, seed 13; beyond the first 2,000, copies whose longer words are
varied per copy so that the vocabulary grows as an archive's does) are indexed as an ingest indexes them:
each paragraph a row of ``passage_fts``, each page a row of ``unit_fts`` (title and body), 50 pages a
transaction (``[process] commit_pages``), in a WAL file with 4 KiB pages. Between S/2 and S pages (S =
1,000, 10,000, 100,000) it records SQLite pages read and written per page (``/proc/self/io`` bytes /
4096: WAL frames, checkpoints, page-cache misses; counts, not times) and CPU ms per page; at the end,
the SQLite steps and CPU of 48 searches and a digest of their results (equal digests, equal results).
One run per FTS5 setting, each on its own file; the settings are FTS5's ``_config`` options
(``automerge``, ``crisismerge``, ``pgsz``, ...), given as JSON.

    .venv/bin/python bench/scale_fts.py --pages 100000 '{}' '{"automerge": 16, "crisismerge": 32}' \
        --out docs/scale-fts.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_corpus import Generator  # noqa: E402

SIZES = (1000, 10000, 100000)


def io() -> tuple[int, int]:
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["rchar"]), int(fields["wchar"])


def pages(seed: int, distinct: int = 2000) -> list[tuple[str, list[str]]]:
    out = []
    for page in Generator(seed).pages(0, distinct):
        out.append((page.title, page.paragraphs or [p for _, ps in page.sections for p in ps]))
    return out


def variant(copy: int, title: str, paras: list[str]) -> tuple[str, list[str]]:
    rng = random.Random(copy)

    def vary(text: str) -> str:
        return " ".join(w if len(w) < 4 or rng.random() < 0.3 else w[::-1] + str(copy % 97) for w in text.split())
    return vary(title), [vary(p) for p in paras]


def run(texts: list[tuple[str, list[str]]], options: dict[str, Any], total: int, batch: int, db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE VIRTUAL TABLE passage_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE unit_fts USING fts5(title, body, stems, tokenize = 'unicode61 remove_diacritics 2')")
    for table in ("passage_fts", "unit_fts"):
        for key, value in options.items():
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))
    marks: dict[int, dict[str, float]] = {}
    start: tuple[int, int, float] | None = None
    n = passage = 0
    while n < total:
        conn.execute("BEGIN IMMEDIATE")
        for _ in range(batch):
            title, paras = texts[n % len(texts)]
            if n >= len(texts):
                title, paras = variant(n // len(texts), title, paras)
            for p in paras:
                passage += 1
                conn.execute("INSERT INTO passage_fts (rowid, body) VALUES (?, ?)", (passage, p))
            conn.execute("INSERT INTO unit_fts (rowid, title, body, stems) VALUES (?, ?, ?, '')",
                         (n + 1, title, "\n".join(paras)))
            n += 1
        conn.execute("COMMIT")
        for size in SIZES:
            if n == size // 2:
                r, w = io()
                start = (r, w, time.process_time())
            elif n == size and start is not None:
                r, w = io()
                k = size - size // 2
                marks[size] = {"read_pages_per_page": round((r - start[0]) / 4096 / k, 2),
                               "written_pages_per_page": round((w - start[1]) / 4096 / k, 2),
                               "cpu_ms_per_page": round(1000 * (time.process_time() - start[2]) / k, 3)}
    steps = [0]

    def tick() -> int:
        steps[0] += 100
        return 0
    conn.set_progress_handler(tick, 100)
    words = [w for w in texts[7][1][0].split() if len(w) > 3][:10] + ["Rama", "minister"]
    digest = hashlib.sha1()
    c = time.process_time()
    for _ in range(2):
        for w in words:
            for table in ("unit_fts", "passage_fts"):
                rows = conn.execute(f"SELECT rowid, round(bm25({table}), 9) FROM {table} WHERE {table} MATCH ? "
                                    "ORDER BY rank LIMIT 20", (f'"{w}"',)).fetchall()
                digest.update(repr(rows).encode())
    searches = {"searches": 4 * len(words), "steps": steps[0], "cpu_ms": round(1000 * (time.process_time() - c), 1),
                "digest": digest.hexdigest()}
    conn.set_progress_handler(None, 0)
    data_rows = {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}_data").fetchone()[0]) for t in ("passage_fts", "unit_fts")}
    conn.close()
    return {"options": options, "pages": total, "by_size": marks, "searches": searches, "data_rows": data_rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("options", nargs="+", help="FTS5 _config options per run, as JSON ('{}': FTS5's defaults)")
    ap.add_argument("--pages", type=int, default=100000)
    ap.add_argument("--batch", type=int, default=50, help="pages a transaction")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    texts = pages(args.seed)
    runs = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for i, text in enumerate(args.options):
            runs.append(run(texts, json.loads(text), args.pages, args.batch, Path(tmp) / f"fts-{i}.sqlite"))
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    from scale import emit
    emit({"batch": args.batch, "seed": args.seed, "runs": runs}, args.out)


if __name__ == "__main__":
    main()
