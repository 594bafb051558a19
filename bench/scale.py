"""Cost per page of every stage as the archive grows (issue 13, point 2): 1,000, 10,000, 100,000 pages.

The archive is generated (bench/scale_corpus.py: many sites with boilerplate, copies, edited copies,
excerpts, digest pages, en/sq/fa translations, recurring people and organisations, quotes, dates). A
*seed* of ``--seed-pages`` pages (pages 0 .. N-1, default 500) is ingested once through
``presswatch.api.ingest``; at each size S a new project is *filled* to S - probe pages from the seed at
the SQL level (bench/scale_fill.py: varied copies of the seed with fresh ids, varied words and numbers,
recurring names, earlier dates, every index and FTS table written; checked by ``scale_fill.check``),
then the *probe*, pages N .. N + probe - 1 (default 500: the same pages at every S), is ingested through
``presswatch.api.ingest`` and measured. So at every S the same new pages meet an archive of S - probe
pages whose newest part is their own real history.

Measured, per probe batch, in this process (``[process] workers = 1`` unless --workers: the per-page
components are then timed where they run), CPU seconds (``time.process_time``) and wall seconds:

* each per-page component (decode, extract, anatomy, passages, lang, nlp, prepare) around its call;
* ``write``: writing units, passages, the passage and unit search indexes (``write_doc``);
* each archive stage (reuse, translation, sites, entities, quotes): its ``run`` calls;
* ``stage_done``: the runner's pending-unit queries, done marks and ``stage_done_upto`` between stage
  batches;

with the SQLite virtual-machine steps of ``write``, each archive stage and ``stage_done``
(``set_progress_handler``; steps do not depend on the machine's load). Everything is divided by the
pages of the probe. ``--rules-only`` turns spaCy off for entities and quotes (``[entities] use_spacy =
false``, ``[quotes] use_spacy = false``); without it the defaults run (spaCy in the ``nlp`` component).

Usage (run one at a time; on a shared machine under ``nice -n 10``; ``--fills DIR`` keeps the filled
archives, ~2.7 GB at 100,000 pages, for the next run):
    .venv/bin/python bench/scale.py --rules-only --fills /tmp/fills --out docs/scale-rules.json
    .venv/bin/python bench/scale.py --fills /tmp/fills --fills-of rules --out docs/scale-default.json
    .venv/bin/python bench/scale.py --plot docs/scale-rules.json docs/scale-rules-before.json --index docs/scale-index.json
    .venv/bin/python bench/scale.py --table docs/scale-default.json docs/scale-rules.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_corpus import Generator  # noqa: E402
from scale_fill import check, fill, set_done_upto  # noqa: E402

import presswatch.runner.archive as runner_archive  # noqa: E402
import presswatch.runner.pages as runner_pages  # noqa: E402
import presswatch.runner.process as runner_process  # noqa: E402
from presswatch.api import ingest  # noqa: E402
from presswatch.contracts import Pipeline, Progress  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.store.db import counting_steps  # noqa: E402

# archives up to this size get scale_fill.check's deep checks (PRAGMA integrity_check, FTS5 integrity checks);
# larger ones PRAGMA quick_check. At 100,000 pages the deep checks cost ~23 CPU s (docs/decisions.md).
DEEP_CHECK = 100_000
ARCHIVE_STAGES = ("reuse", "translation", "sites", "entities", "quotes")


class Meter:
    """CPU and wall seconds and SQLite steps per named part, gathered through thin wrappers around the
    runner's calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.steps: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.io: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def progress(self, event: Progress) -> None:
        seconds = getattr(event, "seconds", None)   # a per-page component's summed time, where it ran
        if seconds is not None and self.workers > 1 and event.stage not in ("write", *ARCHIVE_STAGES):
            self.seconds[event.stage] = float(seconds)

    workers = 1
    depth = 0

    def add(self, name: str, wall: float, cpu: float, steps: int = 0) -> None:
        self.seconds[name] += wall
        self.cpu[name] += cpu
        self.steps[name] += steps
        self.calls[name] += 1

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn(conn, ...)`` timed, its SQLite steps on ``conn`` counted, and its reads from the operating
        system (:func:`io_counts`: what SQLite's page cache missed) noted."""
        def wrapper(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> Any:
            if self.depth:      # called by a measured call (mark_done raising done_upto): counted there
                return fn(conn, *args, **kwargs)
            if CHECKPOINT_APART:
                conn.execute("PRAGMA wal_autocheckpoint = 0")   # checkpointed by checkpoint_apart instead
            t, c, io = time.perf_counter(), time.process_time(), io_counts()
            self.depth += 1
            with counting_steps(conn, 100) as counter:
                try:
                    return fn(conn, *args, **kwargs)
                finally:
                    self.depth -= 1
                    self.add(name, time.perf_counter() - t, time.process_time() - c, counter.steps)
                    for k, v in io_counts().items():
                        self.io[name][k] += v - io.get(k, 0)
                    if CHECKPOINT_APART:
                        self.checkpoint_apart(conn)
        return wrapper

    def checkpoint_apart(self, conn: sqlite3.Connection) -> None:
        """SQLite's automatic checkpoint, run as its own part ("checkpoint"): a PASSIVE checkpoint once
        the WAL holds ``AUTOCHECKPOINT`` frames (what SQLite does at the COMMIT that reaches them, in
        whichever stage that is; it copies every stage's pages written since the last one)."""
        if conn.in_transaction or wal_frames(conn) < AUTOCHECKPOINT:
            return
        t, c, io = time.perf_counter(), time.process_time(), io_counts()
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self.add("checkpoint", time.perf_counter() - t, time.process_time() - c)
        for k, v in io_counts().items():
            self.io["checkpoint"][k] += v - io.get(k, 0)


CHECKPOINT_APART = False   # --checkpoint-apart: SQLite's automatic checkpoints measured as their own part
AUTOCHECKPOINT = 1000      # SQLite's default wal_autocheckpoint (frames), which the archive keeps


def wal_frames(conn: sqlite3.Connection) -> int:
    """Frames in the WAL of ``conn``'s database (``mxFrame`` of the WAL index header in ``-shm``)."""
    db = conn.execute("PRAGMA database_list").fetchone()[2]
    try:
        with open(f"{db}-shm", "rb") as shm:
            head = shm.read(24)
    except OSError:
        return 0
    return int.from_bytes(head[16:20], sys.byteorder) if len(head) >= 20 else 0


def io_counts() -> dict[str, int]:
    """This process's read and write system calls and bytes (``/proc/self/io``: ``syscr``, ``rchar``,
    ``syscw``, ``wchar``: SQLite's WAL frames and checkpoints are the writes), its
    page faults (``getrusage``: a memory-mapped file is read by faults, not calls), which are counts, the
    same on a loaded machine; and its CPU time split into system (the kernel's side of those reads) and
    user microseconds. Empty where ``/proc`` has no such file."""
    import resource
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except OSError:
        return {}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"read_calls": int(fields["syscr"]), "read_bytes": int(fields["rchar"]),
            "write_calls": int(fields["syscw"]), "write_bytes": int(fields["wchar"]),
            "faults": int(usage.ru_minflt + usage.ru_majflt), "sys_us": int(usage.ru_stime * 1e6),
            "user_us": int(usage.ru_utime * 1e6)}


class MeteredStage:
    """An archive stage whose ``run`` is timed and its SQLite steps counted."""

    def __init__(self, stage: Any, meter: Meter) -> None:
        self.stage, self.meter, self.name = stage, meter, stage.name
        self.incremental = getattr(stage, "incremental", False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stage, name)

    def run(self, conn: sqlite3.Connection, config: Any, unit_ids: list[int]) -> Any:
        return self.meter.timed(self.name, lambda c: self.stage.run(c, config, unit_ids))(conn)


def install(meter: Meter) -> None:
    """Wrap the runner's calls (module attributes, so whatever calls them is measured)."""
    runner_pages.write_doc = meter.timed("write", runner_pages.write_doc)  # type: ignore[assignment]
    begin = runner_pages.transaction

    @contextmanager
    def metered_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        # a page's own transaction: its COMMIT (FTS5 writes the page's pending terms as a new segment
        # there, and merges segments; the WAL frames; a checkpoint when the WAL is full) is "write_commit"
        box: list[Any] = []
        cm = begin(conn)
        box.append(cm.__enter__())
        try:
            yield box[0]
        except BaseException:
            cm.__exit__(*sys.exc_info())
            raise
        meter.timed("write_commit", lambda c: cm.__exit__(None, None, None))(conn)

    if hasattr(runner_pages, "commit"):   # pages committed in batches (scale8): the batch's COMMIT
        runner_pages.commit = meter.timed("write_commit", runner_pages.commit)  # type: ignore[assignment]
    else:
        runner_pages.transaction = metered_transaction  # type: ignore[assignment]
    runner_archive.pending_units = meter.timed("stage_done", runner_archive.pending_units)  # type: ignore[assignment]
    runner_archive.mark_done = meter.timed("stage_done", runner_archive.mark_done)  # type: ignore[assignment]
    runner_archive.count_pending = meter.timed("stage_done", runner_archive.count_pending)  # type: ignore[assignment]
    if hasattr(runner_archive, "raise_done_upto"):
        runner_archive.raise_done_upto = meter.timed("stage_done", runner_archive.raise_done_upto)  # type: ignore[assignment]
    make_stages = runner_process.archive_stages
    runner_process.archive_stages = lambda config: [MeteredStage(s, meter) for s in make_stages(config)]  # type: ignore[assignment]

    run_one = runner_pages.run_one

    def timed_component(component: Any) -> Callable[[Any], Any]:
        def call(doc: Any) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return component(doc)
            finally:
                meter.add(component.name, time.perf_counter() - t, time.process_time() - c)
        call.name = component.name  # type: ignore[attr-defined]
        return call

    def metered_run_one(pipeline: Pipeline, *job: Any) -> Any:   # the in-process path (workers = 1)
        return run_one(SimpleNamespace(components=[timed_component(c) for c in pipeline.components]), *job)

    runner_pages.run_one = metered_run_one  # type: ignore[assignment]


EXTRA_SETTINGS = ""   # --settings: presswatch.toml text added to every project of the run (e.g. [project] cache_mb)


PROCESS_SETTINGS = ""  # --process: keys added to the [process] table of every project (e.g. commit_pages = 1)


def settings(rules_only: bool, workers: int) -> str:
    out = f"[process]\nworkers = {workers}\n" + PROCESS_SETTINGS
    if rules_only:
        out += "[entities]\nuse_spacy = false\n[quotes]\nuse_spacy = false\n"
    return out + EXTRA_SETTINGS


def archive_counts(project: Project) -> dict[str, int]:
    conn = project.connect()
    try:
        out = {}
        for table in ("pages", "units", "passages", "links", "entities", "entity_aliases", "mentions", "quotes",
                      "merge_suggestions", "reuse_sig", "reuse_bands", "reuse_fp", "reuse_anchors", "passage_fts",
                      "unit_fts"):
            out[table] = int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for main in ("reuse_bands", "reuse_fp", "reuse_anchors"):   # rows in level tables (migrations 0036, 0040)
            levels = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?",
                                                 (f"{main}_l%",))]   # and the runs of migration 0048
            out[f"{main}_levels"] = sum(int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in levels)
        for kind, n in conn.execute("SELECT kind, COUNT(*) FROM links WHERE level = 'unit' GROUP BY kind"):
            out[f"unit_links:{kind}"] = int(n)
        return out
    finally:
        conn.close()


def probe_links(project: Project, first_unit: int, seed_units: tuple[int, int], first_link: int = 0) -> dict[str, Any]:
    """Unit links from the probe's units (ids >= first_unit) to filled rows: to the seed's own copy
    (ids in ``seed_units``) and to the varied copies (below it); ``digest``: of every link row the probe
    wrote (ids >= ``first_link``; kind, level, ends, score, detail), equal when the links are."""
    conn = project.connect()
    try:
        lo, hi = seed_units
        out: dict[str, Any] = defaultdict(int)
        for kind, a, b in conn.execute("SELECT kind, a, b FROM links WHERE level = 'unit' AND (a >= ? OR b >= ?)",
                                       (first_unit, first_unit)):
            other = b if a >= first_unit else a
            where = "probe" if other >= first_unit else "seed_copy" if lo <= other <= hi else "varied_copy"
            out[f"{kind}:{where}"] += 1
        # every link row touching the probe (kind, level, ends, score, detail): equal digests, equal links
        digest = hashlib.sha1()
        for row in sorted(tuple(r) for r in conn.execute(
                "SELECT kind, level, a, b, round(score, 6), detail FROM links WHERE id >= ?", (first_link,))):
            digest.update(repr(row).encode())
        out["digest"] = digest.hexdigest()
        return dict(out)
    finally:
        conn.close()


def ingest_batch(project: Project, gen: Generator, work: Path, start: int, stop: int, meter: Meter) -> dict[str, Any]:
    folder = work / f"pages-{start:07d}-{stop:07d}"
    kinds = gen.write_jsonl(folder, start, stop)   # with URLs, as collected pages (the "sites" stage needs hosts)
    meter.reset()
    t, c = time.perf_counter(), time.process_time()
    report = ingest(project, [folder], progress=meter.progress)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    pages = stop - start
    result = {
        "start": start, "stop": stop, "pages": pages, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "kinds": kinds,
        "seconds": {k: round(v, 4) for k, v in meter.seconds.items()},
        "ms_per_page": {k: round(1000 * v / pages, 4) for k, v in meter.seconds.items()},
        "cpu_ms_per_page": {k: round(1000 * v / pages, 4) for k, v in meter.cpu.items()},
        "steps_per_page": {k: round(v / pages, 1) for k, v in meter.steps.items() if v},
        "io_per_page": {k: {f: round(n / pages, 1) for f, n in v.items()} for k, v in meter.io.items()},
        "counts": {k: v for k, v in report.counts.items() if ":" not in k or k.startswith("quarantined")},
        "load": os.getloadavg(),
    }
    shutil.rmtree(folder)   # the pages are in the archive now
    return result


def run(sizes: list[int], probe: int, seed_pages: int, rules_only: bool, workers: int, seed: int,
        workdir: Path | None, fill_workers: int, partial: Path | None = None, fills: Path | None = None,
        fills_of: str = "same") -> dict[str, Any]:
    meter = Meter()
    meter.workers = workers
    install(meter)
    gen = Generator(seed)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        seed_root = Path(tmp) / "seed"
        seed_root.mkdir()
        (seed_root / "presswatch.toml").write_text(settings(rules_only, fill_workers), encoding="utf-8")
        seeded = ingest_batch(Project.init(seed_root), gen, Path(tmp), 0, seed_pages, meter)
        seeded["archive"] = archive_counts(Project.open(seed_root))   # what the fills copy (entities, mentions, quotes)
        print(f"seed of {seed_pages} pages: {seeded['cpu_s']} CPU s", file=sys.stderr, flush=True)
        for size in sizes:
            root = Path(tmp) / f"project-{size}"
            c = time.process_time()
            t = time.perf_counter()
            made = "rules" if rules_only or fills_of == "rules" else "default"
            cached = fills / f"{made}-seed{seed}-{seed_pages}-{size - probe}" if fills else None
            filled: dict[str, Any] = {}
            if cached is not None and cached.exists():   # a fill made by an earlier run (see --fills)
                shutil.copytree(cached, root)
                (root / "presswatch.toml").write_text(settings(rules_only, workers), encoding="utf-8")   # this run's
                Project.open(root).connect().close()   # migrated to this code's schema
                set_done_upto(root)
                filled["filters_built"] = build_filters(root)
                filled |= json.loads((cached / "fill.json").read_text(encoding="utf-8"))
                filled["cached"] = str(cached)
            else:
                filled = fill(seed_root, root, size - probe, settings(rules_only, workers))
                filled["cpu_s"], filled["wall_s"] = round(time.process_time() - c, 2), round(time.perf_counter() - t, 2)
                filled["check"] = check(root, deep=size - probe <= DEEP_CHECK)
                if cached is not None:
                    (root / "fill.json").write_text(json.dumps(filled), encoding="utf-8")
                    shutil.copytree(root, cached)
            project = Project.open(root)
            conn = project.connect()
            seed_units = conn.execute("SELECT MIN(u.id), MAX(u.id) FROM units u JOIN pages p ON p.id = u.page_id "
                                      "WHERE p.key NOT LIKE '%-fill%'").fetchone()
            first_unit = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM units").fetchone()[0])
            first_link = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM links").fetchone()[0])
            conn.close()
            print(f"filled to {size - probe}: {filled}", file=sys.stderr, flush=True)
            measured = ingest_batch(project, gen, Path(tmp), seed_pages, seed_pages + probe, meter)
            measured["archive"] = archive_counts(project)
            measured["links_from_probe"] = probe_links(project, first_unit, (int(seed_units[0]), int(seed_units[1])),
                                                 first_link)
            measured["after_probe"] = check(root, deep=size <= DEEP_CHECK)
            measured["db_bytes"] = (root / "presswatch.sqlite").stat().st_size
            print(f"probe at {size}: {measured['cpu_s']} CPU s {measured['cpu_ms_per_page']}", file=sys.stderr, flush=True)
            out.append({"size": size, "probe": measured, "fill": filled})
            shutil.rmtree(root)
            if partial is not None:    # what is measured so far, should a long run be stopped
                partial.write_text(json.dumps({"sizes": out}, indent=1) + "\n", encoding="utf-8")
    return {"settings": {"rules_only": rules_only, "workers": workers, "fill_workers": fill_workers, "seed": seed,
                         "probe": probe, "seed_pages": seed_pages, "fills_of": fills_of, "extra": EXTRA_SETTINGS,
                         "process": PROCESS_SETTINGS, "checkpoint_apart": CHECKPOINT_APART},
            "seed_ingest": seeded, "sizes": out, "python": sys.version.split()[0]}


def build_filters(root: Path) -> list[str]:
    """The reuse index's level filters (migration 0047) of a kept fill made before them: a fill made by
    this code has them (every merge writes its level's filter); built here, outside the probe."""
    from presswatch.reuse import filters
    from presswatch.store.db import transaction
    conn = Project.open(root).connect()
    try:
        with transaction(conn):
            return filters.build_missing(conn)
    finally:
        conn.close()


def emit(result: dict[str, Any], out: Path | None) -> None:
    """Print a bench's JSON result, and write it to ``out`` when given (the scale benches' last step)."""
    text = json.dumps(result, indent=1)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    print(text)


ORDER = ["decode", "extract", "anatomy", "passages", "lang", "nlp", "prepare", "write", "write_commit", "reuse", "translation",
         "sites", "entities", "quotes", "stage_done", "checkpoint"]


IO_PARTS = ("write", "write_commit", *ARCHIVE_STAGES, "stage_done", "checkpoint")


def plot(results: list[Path], png: Path, index: Path | None = None) -> None:
    """Per result file: CPU ms per page of every part (left), SQLite steps per page of the parts that
    query the archive (middle: the same work whatever the machine's load) and SQLite pages read and
    written per page by those parts (right: ``/proc/self/io`` bytes / 4096, what the page cache missed
    and what the WAL and its checkpoints wrote). With ``index`` (``bench/scale_index.py``'s JSON) a last
    row: the reuse index alone grown from empty, levels against one table, merges included."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = dict(zip(ORDER, plt.get_cmap("tab20").colors, strict=False))
    rows = len(results) + (index is not None)
    fig, axes = plt.subplots(rows, 3, figsize=(19, 4.8 * rows), squeeze=False)
    for row, path in zip(axes, results, strict=False):
        data = json.loads(path.read_text(encoding="utf-8"))
        cfg = data.get("settings") or {"rules_only": "rules" in path.name, "probe": 500}   # a partial result
        sizes = [s["size"] for s in data["sizes"]]
        mode = "rules only (spaCy off)" if cfg["rules_only"] else "default settings (spaCy on)"
        field = "cpu_ms_per_page" if "cpu_ms_per_page" in data["sizes"][0]["probe"] else "ms_per_page"
        loads = ", ".join(f"{s['probe']['load'][0]:.1f}" for s in data["sizes"])
        for ax, key, label in ((row[0], field, "CPU ms per page" if field.startswith("cpu") else "ms per page"),
                               (row[1], "steps_per_page", "SQLite steps per page")):
            for name in ORDER:
                ys = [s["probe"][key].get(name) for s in data["sizes"]]
                if any(y is None for y in ys) or max(ys) <= 0:
                    continue
                style = "--" if name in ARCHIVE_STAGES or name == "stage_done" else "-"
                ax.plot(sizes, ys, style, marker="o", label=name, color=colours[name])
            _axes(ax, f"{label} (probe of {cfg['probe']} new pages)",
                  f"{path.stem} — {mode}: {label}\n(1-min load during each probe: {loads}; 2 cores)")
        ax = row[2]
        io = [s["probe"].get("io_per_page", {}) for s in data["sizes"]]
        drawn = False
        for name in IO_PARTS:
            for what, style, marker in (("read_bytes", "-", "o"), ("write_bytes", ":", "s")):
                ys = [v.get(name, {}).get(what) for v in io]
                if any(y is None for y in ys) or max(ys) <= 0:
                    continue
                ax.plot(sizes, [y / 4096 for y in ys], style, marker=marker, color=colours[name],
                        label=f"{name} {'read' if what == 'read_bytes' else 'written'}")
                drawn = True
        if not drawn:
            ax.text(0.5, 0.5, "pages read / written not recorded in this run", ha="center", transform=ax.transAxes)
        _axes(ax, "SQLite pages (4 KiB) per page", f"{path.stem}: pages read (solid) and written (dotted) per page\n"
              "(/proc/self/io bytes / 4096: page-cache misses; WAL frames and checkpoints)", legend=drawn)
    if index is not None:
        data = json.loads(index.read_text(encoding="utf-8"))
        row = axes[-1]
        for ax, key, label in ((row[0], "cpu_ms_per_page", "CPU ms per page"),
                               (row[1], "read_pages_per_page", "pages read per page"),
                               (row[2], "written_pages_per_page", "pages written per page")):
            for (layout, runs), colour in zip(data["by_layout"].items(), ("tab:purple", "tab:grey"), strict=False):
                ax.plot([r["size"] for r in runs], [r[key] for r in runs], marker="o", color=colour, label=layout)
            _axes(ax, f"{label} (pages S/2..S)", f"{index.stem} — reuse index alone, grown from empty in batches of "
                  f"{data['batch']} pages\n(band and sample rows, lookups; levels merges included): {label}")
    fig.suptitle("presswatch: cost per page of each stage as the archive grows (bench/scale.py, bench/scale_index.py)")
    fig.tight_layout(rect=(0, 0, 1, 0.985))
    fig.savefig(png, dpi=80)


def _axes(ax: Any, ylabel: str, title: str, legend: bool = True) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("archive size (pages)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    if legend:
        ax.legend(fontsize=7, ncol=2)


def table(results: list[Path]) -> str:
    """A Markdown table per result file: CPU ms / SQLite steps per page of every part at every size."""
    out = []
    for path in results:
        data = json.loads(path.read_text(encoding="utf-8"))
        sizes = data["sizes"]
        out.append(f"{path.name} (probe of {data['settings']['probe']} pages; CPU ms / SQLite steps per page)\n")
        out.append("| part | " + " | ".join(f"{s['size']:,}" for s in sizes) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        for name in ORDER:
            cells = []
            for s in sizes:
                cpu = s["probe"]["cpu_ms_per_page"].get(name)
                steps = s["probe"]["steps_per_page"].get(name)
                cells.append("–" if cpu is None else f"{cpu:.2f}" + ("" if steps is None else f" / {steps:,.0f}"))
            if any(c != "–" for c in cells):
                out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("| whole probe, CPU s per page (ms) | " + " | ".join(
            f"{1000 * s['probe']['cpu_s'] / s['probe']['pages']:.1f}" for s in sizes) + " |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="archive sizes (pages), comma-separated")
    ap.add_argument("--probe", type=int, default=500, help="pages of the measured batch at each size")
    ap.add_argument("--seed-pages", type=int, default=500, help="pages ingested for real, copied by the fill")
    ap.add_argument("--rules-only", action="store_true", help="spaCy off for entities and quotes")
    ap.add_argument("--workers", type=int, default=1, help="[process] workers (1: components timed in-process)")
    ap.add_argument("--fill-workers", type=int, default=2, help="[process] workers while filling the archive")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workdir", type=Path, default=None, help="where the temporary project goes")
    ap.add_argument("--fills", type=Path, default=None,
                    help="keep each filled archive here and reuse it in later runs with the same settings (the fill "
                         "is made from a seed ingested by the code of the run that made it)")
    ap.add_argument("--fills-of", choices=("same", "rules"), default="same",
                    help="with --fills: 'rules' reuses the fills of a --rules-only run (seeded with spaCy off) for "
                         "this run's probes")
    ap.add_argument("--settings", default="", help="presswatch.toml text added to every project of the run, "
                    "e.g. '[project]\\ncache_mb = 256' (\\n for a new line); recorded in the result")
    ap.add_argument("--process", default="", help="keys added to [process] of every project, e.g. "
                    "'commit_pages = 1' (\\n between keys); recorded in the result")
    ap.add_argument("--checkpoint-apart", action="store_true",
                    help="SQLite's automatic WAL checkpoints (every 1,000 frames) measured as their own part "
                         "'checkpoint' instead of inside the COMMIT that reaches them (docs/decisions.md, scale13)")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--plot", type=Path, nargs="+", help="draw these JSON results instead of running")
    ap.add_argument("--png", type=Path, default=REPO / "docs" / "scale.png")
    ap.add_argument("--index", type=Path, help="with --plot: bench/scale_index.py's JSON, drawn as a last row")
    ap.add_argument("--table", type=Path, nargs="+", help="print these JSON results as Markdown tables instead")
    args = ap.parse_args()
    if args.plot:
        plot(args.plot, args.png, args.index)
        return
    if args.table:
        print(table(args.table))
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    global EXTRA_SETTINGS, PROCESS_SETTINGS, CHECKPOINT_APART
    CHECKPOINT_APART = args.checkpoint_apart
    EXTRA_SETTINGS = args.settings.replace("\\n", "\n") + ("\n" if args.settings else "")
    PROCESS_SETTINGS = args.process.replace("\\n", "\n") + ("\n" if args.process else "")
    result = run(sizes, args.probe, args.seed_pages, args.rules_only, args.workers, args.seed, args.workdir, args.fill_workers,
                 args.out.with_suffix(".partial.json") if args.out else None, args.fills, args.fills_of)
    emit(result, args.out)


if __name__ == "__main__":
    main()
