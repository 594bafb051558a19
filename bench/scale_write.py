"""Where the ``write`` stage's SQLite pages go, table by table (issue 13 point 2; docs/decisions.md, scale13).

Runs ``bench/scale.py``'s probe (kept fills, ``--fills``) with every batch of written pages traced: before
the batch's transaction the WAL is checkpointed and emptied (``PRAGMA wal_checkpoint(TRUNCATE)``,
automatic checkpoints off), ``strace`` is attached to this process for the transaction
(``pread64`` / ``pwrite64`` on the database and its WAL), and after the COMMIT the WAL's frames are
read (page number of each). After the probe every page number seen is named by ``dbstat`` (the table or
index that holds it then). Per table or index, per page of the probe: database pages read (SQLite's cache
missed), WAL frames read back (pages spilled from the cache in the same transaction and needed again),
WAL frames written, and distinct pages written. The checkpoints this bench forces between batches are
not counted (they copy what the WAL holds: as many pages again as the distinct pages written).
Bytes read and written on other files (SQLite's temporary files: the statement journal) are summed
apart (``other_pages``); with ``SCALE_WRITE_STATEMENTS=1`` each SQL statement's first words are written to
/dev/null before it runs, so that those bytes are also given by statement (``other_by_statement``).

    .venv/bin/python bench/scale_write.py --fills /work/runs/scale12/fills --sizes 10000 --out /tmp/w.json
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import scale  # noqa: E402

import presswatch.runner.pages as runner_pages  # noqa: E402

PAGE = 4096
FRAME = 24 + PAGE
OTHER = re.compile(r"^(\w+)\((\d+), .*\)\s+=\s+(\d+)")
CALL = re.compile(r"^(pread64|pwrite64)\((\d+), .*?, (\d+), (\d+)\)\s+=\s+(\d+)")


class Tracer:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.batches = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.events: list[tuple[str, str, int]] = []   # (op, file 'db'|'wal', page number)
        self.by_statement: Counter[str] = Counter()
        self.other: Counter[str] = Counter()   # bytes read / written on other files (temporary files)

    def start(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self.log = self.work / f"trace-{self.batches}.txt"
        if os.environ.get("SCALE_WRITE_STATEMENTS"):   # each statement's first words written to /dev/null
            null = os.open(os.devnull, os.O_WRONLY)
            self.null = null
            conn.set_trace_callback(lambda sql: os.write(null, ("@@" + " ".join(sql.split())[:70]).encode()))
        self.proc = subprocess.Popen(["strace", "-p", str(os.getpid()), "-e", "trace=pread64,pwrite64,read,write",
                                      "-s", "80" if os.environ.get("SCALE_WRITE_STATEMENTS") else "0",
                                      "-o", str(self.log)], stderr=subprocess.PIPE)
        assert self.proc.stderr is not None
        self.proc.stderr.readline()   # "Process N attached"
        time.sleep(0.2)

    def stop(self, conn: sqlite3.Connection) -> None:
        assert self.proc is not None
        time.sleep(0.2)
        self.proc.terminate()
        self.proc.wait()
        db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
        frames: list[int] = []   # the page number of each WAL frame (the WAL was empty at BEGIN)
        wal = Path(str(db) + "-wal")
        data = wal.read_bytes() if wal.exists() else b""
        for off in range(32, len(data) - FRAME + 1, FRAME):
            frames.append(int.from_bytes(data[off:off + 4], "big"))
        fds = {}
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target == os.path.realpath(db):
                fds[int(fd)] = "db"
            elif target == os.path.realpath(wal):
                fds[int(fd)] = "wal"
        statement = ""
        if os.environ.get("SCALE_WRITE_STATEMENTS"):
            conn.set_trace_callback(None)
            os.close(self.null)
        for line in self.log.read_text().splitlines():
            if '"@@' in line:
                statement = line.split('"@@', 1)[1].rsplit('"', 1)[0][:50]
                continue
            o = OTHER.match(line)
            if o and int(o.group(2)) not in fds:
                self.by_statement[f"{o.group(1)} {statement}"] += int(o.group(3))
                try:
                    target = os.readlink(f"/proc/self/fd/{o.group(2)}")
                except OSError:
                    target = "(closed)"
                self.other[f"{o.group(1)} {re.sub(r'[0-9]+', 'N', target)}"] += int(o.group(3))
            m = CALL.match(line)
            if not m or int(m.group(2)) not in fds or int(m.group(3)) != PAGE:
                continue
            op, kind, off = m.group(1), fds[int(m.group(2))], int(m.group(4))
            if kind == "db":
                self.events.append((op, "db", off // PAGE + 1))
            else:
                i = (off - 32 - 24) // FRAME
                if 0 <= i < len(frames):
                    self.events.append((op, "wal", frames[i]))
        if os.environ.get("SCALE_WRITE_DEBUG"):
            print(fds, db, self.log.read_text()[:500], file=sys.stderr)
        self.log.unlink()
        self.events.extend(("frame", "wal", p) for p in frames)
        self.events.append(("batch", "", 0))
        self.batches += 1


def names(db: Path, pages: set[int]) -> dict[int, str]:
    conn = sqlite3.connect(str(db))
    out = {}
    for name, pageno in conn.execute("SELECT name, pageno FROM dbstat"):
        if pageno in pages:
            out[int(pageno)] = str(name)
    conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fills", type=Path, required=True)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--settings", default="")
    ap.add_argument("--process", default="")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    scale.EXTRA_SETTINGS = args.settings.replace("\\n", "\n") + ("\n" if args.settings else "")
    scale.PROCESS_SETTINGS = args.process.replace("\\n", "\n") + ("\n" if args.process else "")
    work = Path(tempfile.mkdtemp(prefix="scale_write-"))
    tracer = Tracer(work)
    results: dict[int, dict[str, Any]] = {}
    begin = runner_pages.begin

    def traced_begin(conn: sqlite3.Connection) -> None:
        tracer.start(conn)
        begin(conn)

    runner_pages.begin = traced_begin  # type: ignore[assignment]
    install = scale.install

    def traced_install(meter: Any) -> None:
        install(meter)
        commit = runner_pages.commit

        def traced_commit(conn: sqlite3.Connection) -> None:
            commit(conn)
            tracer.stop(conn)
        runner_pages.commit = traced_commit  # type: ignore[assignment]

    scale.install = traced_install  # type: ignore[assignment]
    check = scale.check
    probe_pages = 500

    def named_check(root: Path, deep: bool = False) -> Any:
        if tracer.events:   # the probe is over: name its pages before the project goes
            seen = {p for _, _, p in tracer.events if p}
            named = names(root / "presswatch.sqlite", seen)
            per: dict[str, Counter[str]] = defaultdict(Counter)
            distinct: dict[str, set[int]] = defaultdict(set)
            batch_distinct: dict[str, int] = Counter()
            current: dict[str, set[int]] = defaultdict(set)
            for op, kind, p in tracer.events:
                if op == "batch":
                    for t, s in current.items():
                        batch_distinct[t] += len(s)
                    current = defaultdict(set)
                    continue
                t = named.get(p, "(freed)")
                key = {"pread64": f"read_{kind}", "pwrite64": f"write_{kind}", "frame": "frames"}[op]
                per[t][key] += 1
                if op == "frame":
                    distinct[t].add(p)
                    current[t].add(p)
            rows = {t: {**{k: round(v / probe_pages, 2) for k, v in c.items()},
                        "distinct_per_batch": round(batch_distinct[t] / probe_pages, 2)} for t, c in per.items()}
            total = Counter[str]()
            for c in per.values():
                total.update(c)
            results[len(results)] = {"batches": tracer.batches,
                                     "other_by_statement": {k: round(v / PAGE / probe_pages, 2) for k, v in
                                                            tracer.by_statement.most_common(12)},
                                     "other_pages": {k: round(v / PAGE / probe_pages, 2) for k, v in tracer.other.items()},
                                     "total": {k: round(v / probe_pages, 2) for k, v in total.items()},
                                     "tables": dict(sorted(rows.items(), key=lambda kv: -sum(
                                         v for k, v in kv[1].items() if k != "distinct_per_batch")))}
            tracer.events.clear()
            tracer.other.clear()
            tracer.batches = 0
        return check(root, deep=deep)

    scale.check = named_check  # type: ignore[assignment]
    set_done_upto = scale.set_done_upto

    def fresh(root: Path) -> Any:   # a kept fill copied: what was traced before (the seed) is not the probe's
        tracer.events.clear()
        tracer.other.clear()
        tracer.batches = 0
        return set_done_upto(root)

    scale.set_done_upto = fresh  # type: ignore[assignment]
    sizes = [int(x) for x in args.sizes.split(",")]
    out = scale.run(sizes, probe_pages, 500, True, 1, 13, None, 2, None, args.fills, "same")
    traced = {"sizes": [{"size": s["size"], "write_io": s["probe"].get("io_per_page", {}).get("write"),
                         "trace": results.get(i)} for i, s in enumerate(out["sizes"])],
              "settings": out["settings"]}
    scale.emit(traced, args.out)


if __name__ == "__main__":
    main()
