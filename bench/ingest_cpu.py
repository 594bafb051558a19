"""CPU seconds per per-page component in one process over the first N WCXB dev pages.

Usage: .venv/bin/python bench/ingest_cpu.py [--limit 100] [--no-spacy] [--payload] [--profile]

Every per-page component of the default ``[process] stages`` (spaCy on for entities and quotes unless
``--no-spacy``) runs on each page in this process; ``time.process_time`` around each call is summed per
component and printed per page. The spaCy model's load (the first nlp call) is timed apart and left out.
``--payload`` also prints the pickled size per page of the whole outcome and of what a worker process
sends back to the writer (:func:`presswatch.runner.parallel.for_writer`).
``--profile`` samples the page processing (not the model's load) with pyinstrument on CPU time
(``time.process_time`` as its timer, so waiting for a shared core is not counted) and prints the tree.
A bench, not a test: run it beside the baseline in the same run, on a machine as quiet as possible.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest import load_set, settings  # noqa: E402

from presswatch.models import Doc, RawDocument  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.runner.build import build_pipeline  # noqa: E402
from presswatch.runner.parallel import Outcome, for_writer  # noqa: E402


def cpu_profiler() -> Any:
    """A pyinstrument profiler whose clock is this process's CPU time."""
    from pyinstrument import Profiler
    from pyinstrument.stack_sampler import get_stack_sampler

    get_stack_sampler().timer_func = time.process_time
    return Profiler(interval=0.001, async_mode="disabled")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--payload", action="store_true", help="pickled size of each page's outcome")
    parser.add_argument("--profile", action="store_true", help="pyinstrument on CPU time over the pages")
    args = parser.parse_args()
    pages = load_set("wcxb", args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.init(Path(tmp) / "p")
        with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
            fh.write(settings("1", not args.no_spacy))
        config = Project.open(project.root).config
    pipeline = build_pipeline(config)
    # the one-time model load is not per-page work: run the nlp component once on a small page first
    warm = RawDocument(location="warm", key="warm", data=b"<html><body><p>Warm up, said Anna Smith in London.</p>"
                       b"</body></html>", media_type="html")
    doc = Doc(version_id=0, page_id=0, raw=warm)
    for component in pipeline.components:
        doc = component(doc)
    cpu: Counter[str] = Counter()
    size = sent = 0
    done = 0
    profiler = cpu_profiler() if args.profile else None
    if profiler is not None:
        profiler.start()
    for i, (pid, html, url) in enumerate(pages):
        raw = RawDocument(location=pid, key=url or pid, data=html, media_type="html", url=url)
        doc = Doc(version_id=i + 1, page_id=i + 1, raw=raw)
        try:
            for component in pipeline.components:
                t = time.process_time()
                doc = component(doc)
                cpu[component.name] += time.process_time() - t
        except Exception:  # noqa: BLE001 - a page that cannot be processed is counted, its time kept
            continue
        done += 1
        if args.payload:
            whole = Outcome(i + 1, doc=doc)
            size += len(pickle.dumps(whole, protocol=pickle.HIGHEST_PROTOCOL))
            sent += len(pickle.dumps(for_writer(whole), protocol=pickle.HIGHEST_PROTOCOL))
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    n = len(pages)
    print(f"{n} pages ({done} processed), spaCy {'off' if args.no_spacy else 'on'}; CPU-s per page:")
    for name in [c.name for c in pipeline.components]:
        print(f"  {name:10s} {cpu[name] / n:.3f}")
    print(f"  {'all':10s} {sum(cpu.values()) / n:.3f}")
    if args.payload:
        print(f"payload per page (pickled Outcome): whole document {size / max(done, 1) / 1024:.1f} KB, "
              f"as sent to the writer {sent / max(done, 1) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
