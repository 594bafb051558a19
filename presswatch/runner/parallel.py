"""Per-page processing in worker processes, with the single writer in the calling process.

Extraction and the other per-page components are CPU-bound and independent per page, so on a machine
with several cores they run in a pool of worker processes; only the calling process writes to SQLite
(one writer), each page in its own transaction, exactly as the sequential path does. A killed run
therefore leaves the same state as a killed sequential run: whole pages only, the rest still ``new``.

Workers are forked (on platforms that have fork): they start in milliseconds with the modules the caller
already imported, they never touch the caller's SQLite connection, and a script that calls the
library needs no ``if __name__ == "__main__"`` guard (a fork server or spawn would re-import it).
Elsewhere the pool spawns fresh interpreters.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from presswatch.config import Config
from presswatch.contracts import Pipeline
from presswatch.errors import Unprocessable
from presswatch.models import Doc, RawDocument

PipelineFactory = Callable[[Config], Pipeline]


@dataclass(frozen=True)
class Outcome:
    """What a worker made of one page version: a document, or the reason it cannot be processed."""

    version_id: int
    doc: Doc | None = None
    reason: str | None = None
    message: str | None = None
    # seconds each per-page component took on this page (in the process that ran it), for progress
    seconds: tuple[tuple[str, float], ...] = ()


def run_one(pipeline: Pipeline, version_id: int, page_id: int, raw: RawDocument) -> Outcome:
    """Run the pipeline on one page; every failure becomes an outcome (exceptions do not cross processes)."""
    try:
        doc = Doc(version_id=version_id, page_id=page_id, raw=raw)
        seconds = []
        for component in pipeline.components:
            start = time.perf_counter()
            doc = component(doc)
            seconds.append((component.name, time.perf_counter() - start))
        return Outcome(version_id, doc=doc, seconds=tuple(seconds))
    except Unprocessable as exc:
        return Outcome(version_id, reason=exc.reason, message=exc.message)
    except (MemoryError, RecursionError) as exc:
        return Outcome(version_id, reason="too_complex", message=f"{type(exc).__name__} while processing")
    except Exception as exc:  # noqa: BLE001 - any other failure is recorded, never lost
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Outcome(version_id, reason="error", message=f"{detail}; please report this page")


# The pipeline of this worker process, built once by the pool initializer. It exists only inside
# worker processes (the caller never sets it), which is what a process pool's initializer is for.
_worker: dict[str, Pipeline] = {}


def _init_worker(factory: PipelineFactory, config_data: dict[str, Any], parent: int | None = None) -> None:
    die_with_parent(parent)
    _worker["pipeline"] = factory(Config(config_data))


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None) -> None:
    """Make this worker die when the process that started it dies (``kill -9`` of the command): on
    Linux the kernel sends SIGKILL (``PR_SET_PDEATHSIG``); if the parent is already gone, exit now.
    Elsewhere the pool's own checks apply (workers exit when their call queue breaks)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def for_writer(outcome: Outcome) -> Outcome:
    """The outcome as the writer reads it (:func:`presswatch.runner.pages._record`: the version and page,
    the units with their passages, analysis and prepared features, the notes): the page's raw bytes, its
    decoded HTML and its extracted text are left out, since the writer never reads them and they are
    most of what would be pickled back from the worker (~600 KB a WCXB page, ~30 KB without)."""
    doc = outcome.doc
    if doc is None:
        return outcome
    slim = Doc(version_id=doc.version_id, page_id=doc.page_id, raw=replace(doc.raw, data=b"", meta={}),
               metadata=doc.metadata, units=doc.units, encoding=doc.encoding, notes=doc.notes)
    return replace(outcome, doc=slim)


def _work(version_id: int, page_id: int, raw: RawDocument) -> Outcome:
    return for_writer(run_one(_worker["pipeline"], version_id, page_id, raw))


def default_workers(setting: Any) -> int:
    """``[process] workers``: "auto" is one per core (at most 4), else the given number (at least 1)."""
    if setting in (None, "auto", 0):
        return max(1, min(4, os.cpu_count() or 1))
    return max(1, int(setting))


# Pages in flight (submitted, or done and not yet taken by the writer). The writer runs an archive
# stage's batch between pages (runner.archive.Overlap): 6-26 s for a batch of 500 units on the 1,497
# WCXB dev pages (loaded machine), while 16 pages a worker ran dry in 2-4 s and the workers waited
# (docs/decisions.md, lead11). Enough pages to cover such a batch, and never more raw bytes than
# IN_FLIGHT_BYTES beyond one page a worker (memory stays bounded whatever the pages' sizes).
IN_FLIGHT_PER_WORKER = 64
IN_FLIGHT_BYTES = 256 * 1024 * 1024


def map_pages(factory: PipelineFactory, config: Config, jobs: Iterator[tuple[int, int, RawDocument]],
              workers: int) -> Iterator[Outcome]:
    """Outcomes of ``jobs`` (version id, page id, raw) in submission order, so that what is written
    (and the ids it gets) is the same as with one worker; at most ``IN_FLIGHT_PER_WORKER`` pages a
    worker and ``IN_FLIGHT_BYTES`` of raw bytes are in flight, so memory stays bounded whatever the
    archive size. A caller that stops (closes the generator, or an exception reaches it) does not
    wait for the pages in flight that have not started.

    A page that kills its worker process (a crash in a C library, the out-of-memory killer) breaks
    the pool: the first 2 x ``workers`` + 1 unfinished pages (those that can have been started) are
    then retried one at a time in a pool of their own, the one that kills its worker again gets the
    outcome ``crashed`` (quarantined, never retried automatically), and a new pool takes the
    remaining pages, in order.
    """
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    limit, floor = workers * IN_FLIGHT_PER_WORKER, workers + 1
    jobs = iter(jobs)
    while True:
        in_flight: deque[tuple[tuple[int, int, RawDocument], Future[Outcome]]] = deque()
        in_bytes = 0   # raw bytes of the pages in flight (held until their outcome is taken)
        broken = False
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(factory, config.data, os.getpid())) as pool:
            exhausted = False
            pending: tuple[int, int, RawDocument] | None = None  # taken from jobs, not yet submitted
            try:
                while not broken:
                    while not exhausted and len(in_flight) < limit and (in_bytes < IN_FLIGHT_BYTES
                                                                        or len(in_flight) < floor):
                        job = next(jobs, None)
                        if job is None:
                            exhausted = True
                            break
                        try:
                            in_flight.append((job, pool.submit(_work, *job)))
                            in_bytes += len(job[2].data)
                        except BrokenProcessPool:
                            # a worker died while this page was being handed over: the pool refuses new
                            # pages. Nothing is lost: this page and those in flight are retried below.
                            pending, broken = job, True
                            break
                    if broken or not in_flight:
                        break
                    try:
                        outcome = in_flight[0][1].result()
                    except BrokenProcessPool:
                        broken = True
                        break
                    except Exception as exc:  # noqa: BLE001 - the result could not come back (not picklable)
                        outcome = _unreturned(in_flight[0][0], exc)
                    done_job, _future = in_flight.popleft()
                    in_bytes -= len(done_job[2].data)
                    yield outcome
            except BaseException:
                # the caller stopped (an error in the writer, an interrupt, the generator closed): the pages
                # not started yet are dropped; else leaving the pool would first process every page in flight
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        if not broken:
            return
        # The pages that may have been started when the pool broke, in order, each in a pool of its
        # own: the one that kills its worker again is reported as crashed; a page whose result had
        # already arrived keeps it. Workers take pages in submission order through a call queue of
        # ``workers`` + 1 pages (concurrent.futures.process.EXTRA_QUEUED_CALLS), so only the first few
        # unfinished pages can have been started: the rest (and a page whose hand-over failed) go to
        # the next pool as they are, in order, instead of one pool each.
        suspects = 2 * workers + 1
        again: list[tuple[int, int, RawDocument]] = []
        for job, future in in_flight:
            settled = None if again else _settled(future)
            if settled is not None:
                yield settled
            elif suspects > 0 and not again:
                suspects -= 1
                yield _isolated(factory, config, job, ctx)
            else:
                again.append(job)
        if pending is not None:
            again.append(pending)
        jobs = itertools.chain(again, jobs)


def _unreturned(job: tuple[int, int, RawDocument], exc: Exception) -> Outcome:
    """The outcome of a page whose result could not come back from its worker (:func:`run_one` turns every
    failure of the pipeline into an outcome, so what fails here is the result itself: one that cannot be
    pickled or unpickled): recorded for that page, and the run goes on. (One that cannot be unpickled breaks
    the pool: the pages in flight are recovered as after a crash, and this one, alone, is found here.)"""
    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return Outcome(job[0], reason="error", message=f"the page's result could not be returned from its worker "
                                                    f"({detail}); please report this page")


def _unreadable(exc: BrokenProcessPool) -> bool:
    """Whether the pool broke because the parent could not read a result back (concurrent.futures reads
    results in its manager thread and, when one cannot be unpickled, breaks the pool with that traceback
    as the cause), not because a worker died (no cause)."""
    cause = exc.__cause__
    return cause is not None and "recv" in str(cause)


def _settled(future: Future[Outcome]) -> Outcome | None:
    """The outcome of a future that finished before the pool broke, else None."""
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None


def _isolated(factory: PipelineFactory, config: Config, job: tuple[int, int, RawDocument],
              ctx: Any) -> Outcome:
    """Run one page in a pool of its own; a page that kills that worker too is reported as crashed."""
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_init_worker,
                             initargs=(factory, config.data, os.getpid())) as pool:
        try:
            return pool.submit(_work, *job).result()
        except BrokenProcessPool as exc:
            if _unreadable(exc):
                return _unreturned(job, exc)
            return Outcome(job[0], reason="crashed",
                           message="the worker process died while processing this page (a crash or the "
                                   "out-of-memory killer); `presswatch process --retry-quarantined` retries it")
        except Exception as exc:  # noqa: BLE001 - the result could not come back (not picklable)
            return _unreturned(job, exc)
