"""Cost per page of every stage as the archive grows (issue 13, point 2): 1,000, 10,000, 100,000 pages.

The archive is generated (bench/scale_corpus.py: many sites with boilerplate, copies, edited copies,
excerpts, digest pages, en/sq/fa translations, recurring people and organisations, quotes, dates) and
ingested through ``presswatch.api.ingest`` into one project that grows: at each size S the archive is
first filled to S - probe pages (one ingest, recorded as "fill"), then a probe batch of ``--probe``
pages (default 1,000) is ingested and measured. The probe is the same size at every S, so its cost per
page compares how much a page costs at archive size S, fixed per-run costs included the same way.

Measured, per probe batch, in this process (``[process] workers = 1`` unless --workers: the per-page
components are then timed where they run):

* ``store``: reading the files and storing raw versions (``ingest`` progress events);
* each per-page component (decode, extract, anatomy, passages, lang) around its call;
* ``write``: writing units, passages, the passage and unit search indexes (``write_doc``);
* each archive stage (reuse, translation, entities, quotes): its ``run`` calls, with the SQLite
  virtual-machine steps it made (``set_progress_handler``; steps do not depend on the machine's load);
* ``stage_done``: the runner's pending-unit queries and done marks between stage batches.

Seconds and steps are divided by the pages of the probe. ``--rules-only`` turns spaCy off for entities
and quotes (``[entities] use_spacy = false``, ``[quotes] use_spacy = false``).

Usage:
    .venv/bin/python bench/scale.py --sizes 1000,10000 --out docs/scale-default.json
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000 --rules-only --out docs/scale-rules.json
    .venv/bin/python bench/scale.py --plot docs/scale-default.json docs/scale-rules.json --png docs/scale.png
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_corpus import Generator  # noqa: E402

import presswatch.runner.archive as runner_archive  # noqa: E402
import presswatch.runner.pages as runner_pages  # noqa: E402
import presswatch.runner.process as runner_process  # noqa: E402
from presswatch.api import ingest  # noqa: E402
from presswatch.contracts import Pipeline, Progress  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.store.db import counting_steps  # noqa: E402

ARCHIVE_STAGES = ("reuse", "translation", "sites", "entities", "quotes")


class Meter:
    """Seconds and SQLite steps per named part, gathered through thin wrappers around the runner's calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.steps: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def progress(self, event: Progress) -> None:
        now = time.perf_counter()
        self.first.setdefault(event.stage, now)
        self.last[event.stage] = now
        seconds = getattr(event, "seconds", None)   # a per-page component's summed time, where it ran
        if seconds is not None and event.stage not in ("write", *ARCHIVE_STAGES):
            self.seconds[event.stage] = float(seconds)

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - t
                self.calls[name] += 1
        return wrapper


class MeteredStage:
    """An archive stage whose ``run`` is timed and its SQLite steps counted."""

    def __init__(self, stage: Any, meter: Meter) -> None:
        self.stage, self.meter, self.name = stage, meter, stage.name

    def run(self, conn: sqlite3.Connection, config: Any, unit_ids: list[int]) -> Any:
        t = time.perf_counter()
        with counting_steps(conn, 1000) as counter:
            try:
                return self.stage.run(conn, config, unit_ids)
            finally:
                self.meter.seconds[self.name] += time.perf_counter() - t
                self.meter.steps[self.name] += counter.steps
                self.meter.calls[self.name] += 1


def install(meter: Meter) -> None:
    """Wrap the runner's calls (module attributes, so whatever calls them is measured)."""
    runner_pages.write_doc = meter.timed("write", runner_pages.write_doc)  # type: ignore[assignment]
    runner_archive.pending_units = meter.timed("stage_done", runner_archive.pending_units)  # type: ignore[assignment]
    runner_archive.mark_done = meter.timed("stage_done", runner_archive.mark_done)  # type: ignore[assignment]
    runner_archive.count_pending = meter.timed("stage_done", runner_archive.count_pending)  # type: ignore[assignment]
    make_stages = runner_process.archive_stages
    runner_process.archive_stages = lambda config: [MeteredStage(s, meter) for s in make_stages(config)]  # type: ignore[assignment]

    def call(self: Pipeline, doc: Any) -> Any:
        for component in self.components:
            t = time.perf_counter()
            doc = component(doc)
            meter.seconds[component.name] += time.perf_counter() - t
        return doc

    Pipeline.__call__ = call  # type: ignore[method-assign]


def settings(rules_only: bool, workers: int) -> str:
    out = f"[process]\nworkers = {workers}\n"
    if rules_only:
        out += "[entities]\nuse_spacy = false\n[quotes]\nuse_spacy = false\n"
    return out


def archive_counts(project: Project) -> dict[str, int]:
    conn = project.connect()
    try:
        out = {}
        for table in ("pages", "units", "passages", "links", "entities", "entity_aliases", "mentions", "quotes",
                      "merge_suggestions", "reuse_sig", "reuse_anchors"):
            out[table] = int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for kind, n in conn.execute("SELECT kind, COUNT(*) FROM links WHERE level = 'unit' GROUP BY kind"):
            out[f"unit_links:{kind}"] = int(n)
        return out
    finally:
        conn.close()


def ingest_batch(project: Project, gen: Generator, work: Path, start: int, stop: int, meter: Meter) -> dict[str, Any]:
    folder = work / f"pages-{start:07d}-{stop:07d}"
    kinds = gen.write(folder, start, stop)
    meter.reset()
    t = time.perf_counter()
    report = ingest(project, [folder], progress=meter.progress)
    wall = time.perf_counter() - t
    pages = stop - start
    parts: dict[str, float] = {}
    if "ingest" in meter.last:
        parts["store"] = meter.last["ingest"] - t
    for name, secs in meter.seconds.items():
        parts[name] = secs
    result = {
        "start": start, "stop": stop, "pages": pages, "wall_s": round(wall, 3), "kinds": kinds,
        "seconds": {k: round(v, 4) for k, v in parts.items()},
        "ms_per_page": {k: round(1000 * v / pages, 4) for k, v in parts.items()},
        "steps_per_page": {k: round(v / pages, 1) for k, v in meter.steps.items()},
        "counts": {k: v for k, v in report.counts.items() if ":" not in k or k.startswith("quarantined")},
        "archive": archive_counts(project),
        "load": os.getloadavg(),
    }
    for f in sorted(folder.rglob("*"), reverse=True):   # the pages are in the archive now
        f.unlink() if f.is_file() else f.rmdir()
    folder.rmdir()
    return result


def run(sizes: list[int], probe: int, rules_only: bool, workers: int, seed: int, workdir: Path | None,
        fill_workers: int, partial: Path | None = None) -> dict[str, Any]:
    meter = Meter()
    install(meter)
    gen = Generator(seed)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        config = root / "presswatch.toml"
        config.write_text(settings(rules_only, workers), encoding="utf-8")
        project = Project.init(root)
        have, out = 0, []
        for size in sizes:
            fill = None
            if size - probe > have:
                # the fill is not what is measured: its per-page part may run in worker processes
                config.write_text(settings(rules_only, fill_workers), encoding="utf-8")
                fill = ingest_batch(Project.open(root), gen, Path(tmp), have, size - probe, meter)
                config.write_text(settings(rules_only, workers), encoding="utf-8")
                project = Project.open(root)
                have = size - probe
                print(f"filled to {have}: {fill['wall_s']} s", file=sys.stderr, flush=True)
            measured = ingest_batch(project, gen, Path(tmp), have, size, meter)
            have = size
            print(f"probe at {size}: {measured['wall_s']} s {measured['ms_per_page']}", file=sys.stderr, flush=True)
            out.append({"size": size, "probe": measured, "fill": fill})
            if partial is not None:    # what is measured so far, should a long run be stopped
                partial.write_text(json.dumps({"sizes": out}, indent=1) + "\n", encoding="utf-8")
        db_bytes = (root / "presswatch.sqlite").stat().st_size
    return {"settings": {"rules_only": rules_only, "workers": workers, "fill_workers": fill_workers, "seed": seed,
                         "probe": probe},
            "sizes": out, "db_bytes": db_bytes, "python": sys.version.split()[0]}


ORDER = ["store", "decode", "extract", "anatomy", "passages", "lang", "nlp", "write", "reuse", "translation",
         "sites", "entities", "quotes", "stage_done"]


def plot(results: list[Path], png: Path) -> None:
    """Per result file: ms per page of every part (left) and SQLite steps per page of the archive
    stages (right: the same work whatever the machine's load)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = dict(zip(ORDER, plt.get_cmap("tab20").colors, strict=False))
    fig, axes = plt.subplots(len(results), 2, figsize=(13, 4.6 * len(results)), squeeze=False)
    for row, path in zip(axes, results, strict=True):
        data = json.loads(path.read_text(encoding="utf-8"))
        cfg = data.get("settings") or {"rules_only": "rules" in path.name, "probe": 1000}   # a partial result
        sizes = [s["size"] for s in data["sizes"]]
        mode = "rules only (spaCy off)" if cfg["rules_only"] else "default settings (spaCy on)"
        for ax, field, label in ((row[0], "ms_per_page", "ms per page"),
                                 (row[1], "steps_per_page", "SQLite steps per page")):
            for name in ORDER:
                ys = [s["probe"][field].get(name) for s in data["sizes"]]
                if any(y is None for y in ys) or max(ys) <= 0:
                    continue
                style = "--" if name in ARCHIVE_STAGES or name == "stage_done" else "-"
                ax.plot(sizes, ys, style, marker="o", label=name, color=colours[name])
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("archive size (pages)")
            ax.set_ylabel(f"{label} (probe of {cfg['probe']} new pages)")
            loads = ", ".join(f"{s['probe']['load'][0]:.1f}" for s in data["sizes"])
            ax.set_title(f"{path.stem} — {mode}: {label}\n(1-min load during each probe: {loads}; 2 cores)", fontsize=9)
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7, ncol=2)
    fig.suptitle("presswatch: cost per page of each stage as the archive grows (bench/scale.py)")
    fig.tight_layout()
    fig.savefig(png, dpi=100)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="archive sizes (pages), comma-separated")
    ap.add_argument("--probe", type=int, default=1000, help="pages of the measured batch at each size")
    ap.add_argument("--rules-only", action="store_true", help="spaCy off for entities and quotes")
    ap.add_argument("--workers", type=int, default=1, help="[process] workers (1: components timed in-process)")
    ap.add_argument("--fill-workers", type=int, default=2, help="[process] workers while filling the archive")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workdir", type=Path, default=None, help="where the temporary project goes")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--plot", type=Path, nargs="+", help="draw these JSON results instead of running")
    ap.add_argument("--png", type=Path, default=REPO / "docs" / "scale.png")
    args = ap.parse_args()
    if args.plot:
        plot(args.plot, args.png)
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    result = run(sizes, args.probe, args.rules_only, args.workers, args.seed, args.workdir, args.fill_workers,
                 args.out.with_suffix(".partial.json") if args.out else None)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
