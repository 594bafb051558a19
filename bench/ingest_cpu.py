"""CPU seconds per per-page component in one process over the first N WCXB dev pages.

Usage: .venv/bin/python bench/ingest_cpu.py [--limit 100] [--no-spacy] [--payload] [--profile] [--blis]

Every per-page component of the default ``[process] stages`` (spaCy on for entities and quotes unless
``--no-spacy``) runs on each page in this process; ``time.process_time`` around each call is summed per
component and printed per page. The spaCy model's load (the first nlp call) is timed apart and left out.
``--payload`` also prints the pickled size per page of the whole outcome and of what a worker process
sends back to the writer (:func:`presswatch.runner.parallel.for_writer`).
``--profile`` samples the page processing (not the model's load) with pyinstrument on CPU time
(``time.process_time`` as its timer, so waiting for a shared core is not counted) and prints the tree.
``--blis`` also runs the nlp component a second time on each page with the model loaded on thinc's default
ops (BLIS), alternating page by page with the one ingest loads (numpy's BLAS on one thread where it can be,
:mod:`presswatch.text.blas`), prints both CPU-s/page and whether the analyses are identical.
A bench, not a test: run it beside the baseline in the same run, on a machine as quiet as possible.
"""

from __future__ import annotations

import argparse
import copy
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


def blis_twin(pipeline: Any, config: Any) -> Any:
    """A second nlp component whose spaCy model is built on thinc's default ops (BLIS)."""
    import spacy

    from presswatch.quotes.analysis import EnglishAnalysis

    ours = next(c for c in pipeline.components if c.name == "nlp")
    twin = EnglishAnalysis(config)
    twin._nlp = spacy.load(twin.model, exclude=["senter"])
    twin._nlp.select_pipes(enable=ours.pipeline().pipe_names)
    return twin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--payload", action="store_true", help="pickled size of each page's outcome")
    parser.add_argument("--profile", action="store_true", help="pyinstrument on CPU time over the pages")
    parser.add_argument("--blis", action="store_true", help="A/B: the nlp component on BLIS-built models too")
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
    blis = blis_twin(pipeline, config) if args.blis else None
    cpu: Counter[str] = Counter()
    size = sent = 0
    differ = 0
    done = 0
    profiler = cpu_profiler() if args.profile else None
    if profiler is not None:
        profiler.start()
    for i, (pid, html, url) in enumerate(pages):
        raw = RawDocument(location=pid, key=url or pid, data=html, media_type="html", url=url)
        doc = Doc(version_id=i + 1, page_id=i + 1, raw=raw)
        try:
            for component in pipeline.components:
                if blis is not None and component.name == "nlp":  # the same page on BLIS, first or second
                    twin = copy.deepcopy(doc)
                    first = i % 2 == 0
                    if first:
                        t = time.process_time()
                        blis(twin)
                        cpu["nlp (BLIS)"] += time.process_time() - t
                t = time.process_time()
                doc = component(doc)
                cpu[component.name] += time.process_time() - t
                if blis is not None and component.name == "nlp":
                    if not first:
                        t = time.process_time()
                        blis(twin)
                        cpu["nlp (BLIS)"] += time.process_time() - t
                    differ += [u.analysis for u in twin.units] != [u.analysis for u in doc.units]
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
    # the Python matters with spaCy: its wheels for Python < 3.12 are built with Cython's profiling hooks,
    # which take the GIL in the parser's inner loops (docs/decisions.md, "speed12")
    print(f"{n} pages ({done} processed), spaCy {'off' if args.no_spacy else 'on'}, Python "
          f"{sys.version.split()[0]}; CPU-s per page:")
    for name in [c.name for c in pipeline.components]:
        print(f"  {name:10s} {cpu[name] / n:.3f}")
    print(f"  {'all':10s} {sum(v for k, v in cpu.items() if k != 'nlp (BLIS)') / n:.3f}")
    if blis is not None:
        print(f"  nlp on BLIS-built models (A/B, alternating) {cpu['nlp (BLIS)'] / n:.3f}; "
              f"pages whose analysis differs: {differ}")
    if args.payload:
        print(f"payload per page (pickled Outcome): whole document {size / max(done, 1) / 1024:.1f} KB, "
              f"as sent to the writer {sent / max(done, 1) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
