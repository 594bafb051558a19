"""Ingest throughput: presswatch's full ingest + process vs trafilatura alone, in the same run.

Sets (read from ../shared/data/extraction, see its README.md): AEB (181 pages) and WCXB dev
(1,497 pages). Every page is decompressed once, before anything is timed.

Peer: ``trafilatura.bare_extraction(html_bytes, url=..., with_metadata=True)`` over the same
decompressed bytes, one call per page, in this process.
presswatch: the decompressed pages written as .html files into a temporary folder (not timed), then
``presswatch.api.ingest`` into a fresh temporary project: reading, binary sniffing, storing blobs
and versions, decoding, extraction, page anatomy, passages, languages, index, archive-wide stages.

Goal: presswatch pages/s >= 0.75 x trafilatura pages/s. With --profile, an extra (untimed) run
under cProfile reports where presswatch spends its time beyond trafilatura.

Besides wall time, every figure is also given in CPU seconds (getrusage of this process and its
children, :func:`cpu_now`) per page, for presswatch and for trafilatura, and the ratio of those: on a
shared machine the CPU ratio is the steadier one.

Usage: .venv/bin/python bench/ingest.py [--quick] [--limit N] [--sets aeb,wcxb] [--profile] [--cli]

With --cli: `presswatch init` + `presswatch ingest` run as commands, timed from outside, once with
spaCy and once rules only, trafilatura before and after them; each stage's seconds are read from the
closing progress lines the command prints (presswatch/cli/progress.py).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import trafilatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.api import ingest  # noqa: E402
from presswatch.contracts import Progress  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.runner.archive import Overlap, run_stages  # noqa: E402
from presswatch.runner.build import archive_specs, archive_stages, build_pipeline  # noqa: E402
from presswatch.runner.pages import process_pending  # noqa: E402
from presswatch.runner.parallel import default_workers  # noqa: E402

# Where presswatch's time goes, by the function that owns it (cumulative, nested calls included).
BREAKDOWN: list[tuple[str, str, str]] = [
    ("read files (readers)", "presswatch/ingest/files.py", "read_file"),
    ("store raw (blobs, versions)", "presswatch/store/pages.py", "store_raw"),
    ("load raw for processing", "presswatch/store/pages.py", "load_raw"),
    ("decode", "presswatch/extract/decode.py", "__call__"),
    ("extract (all)", "presswatch/extract/component.py", "__call__"),
    ("  trafilatura.bare_extraction", "trafilatura/core.py", "bare_extraction"),
    ("anatomy (units)", "presswatch/anatomy/component.py", "__call__"),
    ("passages", "presswatch/text/passages.py", "__call__"),
    ("languages", "presswatch/lang/component.py", "__call__"),
    ("write units/passages/FTS", "presswatch/store/units.py", "write_doc"),
    ("archive-wide stages", "presswatch/runner/archive.py", "run_stages"),
]


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and of its waited-for children so far: the worker
    processes and the commands count once they have ended, so take it after they are joined."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


def load_set(name: str, limit: int | None) -> list[tuple[str, bytes, str | None]]:
    """(id, decompressed html bytes, url) for each page of a benchmark set."""
    base = shared_dir() / "data" / "extraction"
    pages: list[tuple[str, bytes, str | None]] = []
    if name == "aeb":
        truth = json.loads((base / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
        files = sorted((base / "aeb" / "html").glob("*.html.gz"))
        for f in files[:limit]:
            pid = f.name.split(".")[0]
            pages.append((pid, gzip.decompress(f.read_bytes()), (truth.get(pid) or {}).get("url")))
    else:
        files = sorted((base / "wcxb-dev" / "html").glob("*.html.gz"))
        for f in files[:limit]:
            pid = f.name.split(".")[0]
            gt_path = base / "wcxb-dev" / "ground-truth" / f"{pid}.json"
            url = None
            if gt_path.exists():
                gt = json.loads(gt_path.read_text(encoding="utf-8"))
                url = gt.get("url") or (gt.get("ground_truth") or {}).get("url")
            pages.append((pid, gzip.decompress(f.read_bytes()), url))
    return pages


def run_trafilatura(pages: list[tuple[str, bytes, str | None]]) -> float:
    start = time.perf_counter()
    for _pid, html, url in pages:
        try:
            trafilatura.bare_extraction(html, url=url, with_metadata=True)
        except Exception:  # noqa: BLE001 - a peer failure on one page is its own business
            pass
    return time.perf_counter() - start


def write_pages(pages: list[tuple[str, bytes, str | None]], folder: Path) -> Path:
    src = folder / "pages"
    src.mkdir()
    for pid, html, _url in pages:
        (src / f"{pid}.html").write_bytes(html)
    return src


def run_presswatch(src: Path, folder: Path, profile: cProfile.Profile | None = None, *, workers: str = "1",
                   spacy: bool = True) -> tuple[dict[str, float], dict[str, int]]:
    """Full ingest + process, timed in three phases that together are exactly `presswatch ingest`:
    store (read, sniff, store raw), per-page processing (the pipeline), archive-wide stages."""
    project = Project.init(folder / f"project-{workers}")
    value = f'"{workers}"' if workers == "auto" else workers
    with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
        fh.write(settings(value, spacy))
    project = Project.open(project.root)
    clock = StageClock()
    if profile is not None:
        profile.enable()
    t0 = time.perf_counter()
    report = ingest(project, [src], process=False, progress=False)
    t1 = time.perf_counter()
    conn = project.connect()
    try:
        # as `presswatch ingest` does: the incremental archive stages run on full batches between pages
        stages = archive_stages(project.config)
        overlap = Overlap(conn, project.config, stages, archive_specs(project.config), progress=clock)
        counts = process_pending(conn, build_pipeline(project.config), factory=build_pipeline,
                                 config=project.config, progress=clock, between=overlap,
                                 workers=default_workers(project.config.get("process.workers")))
        t2 = time.perf_counter()
        counts.update(run_stages(conn, project.config, stages, progress=clock, overlap=overlap))
        t3 = time.perf_counter()
    finally:
        conn.close()
    if profile is not None:
        profile.disable()
    counts.update(report.counts)
    phases = {"store": t1 - t0, "pages": t2 - t1, "stages": t3 - t2, "total": t3 - t0}
    phases.update({f"stage:{k}": v for k, v in clock.seconds().items()})
    return phases, dict(counts)


class StageClock:
    """A progress callback that records, per stage, when its first and last event came: the wall time
    of each stage (per-page processing is one stage, ``process``; each archive stage is its own)."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.done: dict[str, int] = {}
        self.unit: dict[str, str] = {}

    def __call__(self, event: Progress) -> None:
        now = time.perf_counter()
        self.first.setdefault(event.stage, now)
        self.last[event.stage] = now
        self.done[event.stage] = event.done
        self.unit[event.stage] = event.unit

    def seconds(self) -> dict[str, float]:
        return {k: self.last[k] - self.first[k] for k in self.first}


def settings(workers: str, spacy: bool) -> str:
    """What the bench appends to presswatch.toml: the workers, and spaCy on or off for both stages."""
    on = str(spacy).lower()
    return f"\n[process]\nworkers = {workers}\n\n[entities]\nuse_spacy = {on}\n\n[quotes]\nuse_spacy = {on}\n"


# a stage's closing progress line on the command line (presswatch/cli/progress.py)
# (tqdm.write starts a line with "\r" and cursor-up escapes while several bars are live)
STAGE_LINE = re.compile(r"^(?:[\r ]|\x1b\[A)*(\w+): ([\d,]+) \w+?s?(?: in ([\d.]+) s|, ([\d.]+) s summed over the workers)", re.M)


def run_cli(src: Path, folder: Path, *, workers: str = "auto", spacy: bool = True) -> tuple[float, dict[str, float]]:
    """`presswatch init` + `presswatch ingest` as two commands, timed from outside; returns the wall
    time and each stage's seconds from the closing progress lines the command printed."""
    root = folder / f"cli-{workers}-{'spacy' if spacy else 'rules'}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "presswatch"]
    t0 = time.perf_counter()
    subprocess.run([*cmd, "init", str(root)], check=True, capture_output=True, env=env)
    with open(root / "presswatch.toml", "a", encoding="utf-8") as fh:  # not timed: an editor's change
        fh.write(settings(f'"{workers}"' if workers == "auto" else workers, spacy))
    t1 = time.perf_counter()
    done = subprocess.run([*cmd, "--project", str(root), "ingest", str(src)], check=True, capture_output=True,
                          text=True, env=env)
    t2 = time.perf_counter()
    stages = {m.group(1): float(m.group(3) or m.group(4)) for m in STAGE_LINE.finditer(done.stderr)}
    return (t1 - t0) + (t2 - t1), stages


def breakdown(profile: cProfile.Profile) -> tuple[float, list[dict[str, Any]], list[dict[str, Any]]]:
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _c) in raw.values())
    rows = []
    for label, file_part, func in BREAKDOWN:
        cum = sum(ct for (f, _l, name), (_cc, _nc, _tt, ct, _c) in raw.items()
                  if name == func and f.replace(os.sep, "/").endswith(file_part))
        rows.append({"part": label, "seconds": round(cum, 3), "share": round(cum / total, 3) if total else 0})
    own = sorted(((tt, f, name) for (f, _l, name), (_cc, _nc, tt, _ct, _c) in raw.items()
                  if "trafilatura" not in f and "lxml" not in f), reverse=True)[:15]
    top = [{"function": f"{Path(f).name}:{name}", "seconds": round(tt, 3),
            "share": round(tt / total, 3) if total else 0} for tt, f, name in own]
    return total, rows, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 pages per set")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    parser.add_argument("--sets", default="aeb,wcxb", help="comma-separated: aeb, wcxb")
    parser.add_argument("--profile", action="store_true", help="also profile presswatch (extra, untimed run)")
    parser.add_argument("--workers", default="1,auto",
                        help="comma-separated [process] workers settings to measure (default: 1,auto)")
    parser.add_argument("--no-spacy", action="store_true", help="entities without spaCy NER")
    parser.add_argument("--cli", action="store_true",
                        help="time `presswatch init` + `presswatch ingest` as commands (with spaCy and rules only)")
    parser.add_argument("--json", default=str(REPO / "bench" / "results" / "ingest.json"))
    args = parser.parse_args()
    limit = 40 if args.quick and args.limit is None else args.limit
    results: dict[str, Any] = {"limit": limit, "sets": {}}
    print(f"{'set':<6} {'pages':>6} {'trafilatura p/s':>16} {'presswatch p/s':>15} {'ratio':>6}  (goal >= 0.75)")
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        pages = load_set(name, limit)
        if not pages:
            print(f"{name}: no pages found under {shared_dir()}", file=sys.stderr)
            continue
        run_trafilatura(pages[:3])  # warm-up: imports and lazy initialisation, for both systems
        with tempfile.TemporaryDirectory(prefix="pw-bench-") as tmp:
            folder = Path(tmp)
            src = write_pages(pages, folder)
            c0 = cpu_now()
            t_peer = run_trafilatura(pages)
            c_peer = cpu_now() - c0
            entry: dict[str, Any] = {"pages": len(pages), "trafilatura_seconds": round(t_peer, 3),
                                     "trafilatura_pages_per_s": round(len(pages) / t_peer, 2),
                                     "trafilatura_cpu_seconds_per_page": round(c_peer / len(pages), 4),
                                     "spacy": not args.no_spacy, "variants": {}}
            print(f"       trafilatura: {c_peer / len(pages):.4f} CPU-s/page")
            if args.cli:
                entry["cli"] = {}
                for spacy in ([True, False] if not args.no_spacy else [False]):
                    c0 = cpu_now()
                    wall, stages = run_cli(src, folder, spacy=spacy)
                    c_pw = cpu_now() - c0
                    label = "spacy" if spacy else "rules"
                    entry["cli"][label] = {"seconds": round(wall, 2), "pages_per_s": round(len(pages) / wall, 2),
                                           "ratio": round(t_peer / wall, 3),
                                           "cpu_seconds_per_page": round(c_pw / len(pages), 4),
                                           "cpu_ratio": round(c_peer / c_pw, 3),
                                           "stages": {k: round(v, 2) for k, v in stages.items()}}
                    print(f"{name:<6} {len(pages):>6} {entry['trafilatura_pages_per_s']:>16} "
                          f"{len(pages) / wall:>15.2f} {t_peer / wall:>6.3f}  commands, {label}")
                    print(f"         CPU: presswatch {c_pw / len(pages):.4f} s/page (commands and their workers), "
                          f"trafilatura {c_peer / len(pages):.4f} s/page, CPU ratio {c_peer / c_pw:.3f}")
                    for key, secs in stages.items():
                        print(f"         {key:<22} {secs:>8.1f} s {secs / wall:>6.1%}")
                c0 = cpu_now()
                t_peer2 = run_trafilatura(pages)  # the peer again, after: the load may have changed
                entry["trafilatura_seconds_after"] = round(t_peer2, 3)
                entry["trafilatura_cpu_seconds_per_page_after"] = round((cpu_now() - c0) / len(pages), 4)
                print(f"       trafilatura again after the commands: {len(pages) / t_peer2:.2f} p/s")
                results["sets"][name] = entry
                continue
            for workers in [w.strip() for w in args.workers.split(",") if w.strip()]:
                c0 = cpu_now()
                phases, counts = run_presswatch(src, folder, workers=workers, spacy=not args.no_spacy)
                c_pw = cpu_now() - c0
                t_pw = phases["total"]
                t_pages = phases["store"] + phases["pages"]
                variant = {
                    "workers": default_workers(workers if workers == "auto" else int(workers)),
                    "presswatch_seconds": {k: round(v, 3) for k, v in phases.items()},
                    "presswatch_pages_per_s": round(len(pages) / t_pw, 2), "ratio": round(t_peer / t_pw, 3),
                    "presswatch_without_stages_pages_per_s": round(len(pages) / t_pages, 2),
                    "ratio_without_stages": round(t_peer / t_pages, 3),
                    "cpu_seconds_per_page": round(c_pw / len(pages), 4), "cpu_ratio": round(c_peer / c_pw, 3),
                    "counts": counts,
                }
                entry["variants"][f"workers={workers}"] = variant
                print(f"{name:<6} {len(pages):>6} {entry['trafilatura_pages_per_s']:>16} "
                      f"{variant['presswatch_pages_per_s']:>15} {variant['ratio']:>6}  workers={workers}")
                print(f"       presswatch seconds: store {phases['store']:.1f}, per-page pipeline {phases['pages']:.1f}, "
                      f"archive-wide stages {phases['stages']:.1f}; without the archive-wide stages "
                      f"{variant['presswatch_without_stages_pages_per_s']} p/s, ratio {variant['ratio_without_stages']}")
                print(f"       CPU: presswatch {c_pw / len(pages):.4f} s/page (with its workers), trafilatura "
                      f"{c_peer / len(pages):.4f} s/page, CPU ratio {c_peer / c_pw:.3f}")
                print("       share of wall time:")
                for key, secs in phases.items():
                    if key != "total":
                        print(f"         {key:<22} {secs:>8.1f} s {secs / t_pw:>6.1%}")
            if args.profile:
                prof_folder = folder / "profiled"
                prof_folder.mkdir()
                profile = cProfile.Profile()
                run_presswatch(src, prof_folder, profile)
                total, rows, top = breakdown(profile)
                entry["profile"] = {"total_seconds": round(total, 3), "parts": rows, "top_own_time": top}
                print(f"  profile of presswatch on {name} (cProfile, {total:.1f} s total, cumulative):")
                for row in rows:
                    print(f"    {row['part']:<32} {row['seconds']:>8.2f} s {row['share']:>6.1%}")
                print("  top own time outside trafilatura/lxml:")
                for row in top[:10]:
                    print(f"    {row['function']:<48} {row['seconds']:>8.2f} s {row['share']:>6.1%}")
            results["sets"][name] = entry
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
