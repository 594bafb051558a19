"""Progress for the command line, drawn from the library's :class:`~presswatch.contracts.Progress`
events (the library never draws; it calls the callback): a live bar per stage while it runs, and when
it ends one line that stays, with its count, time and rate (``entities: 5,210 units in 12.3 s, 423.6
units/s``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from tqdm import tqdm

from presswatch.contracts import Progress, ProgressCallback


def summary(stage: str, done: int, unit: str, seconds: float, elsewhere: bool = False, note: str = "") -> str:
    """``"entities: 5,210 units in 12.3 s, 423.6 units/s"``; for work measured in the worker processes
    (``elsewhere``) the seconds are summed over them and the rate is per worker."""
    units = unit if done == 1 else f"{unit}s"
    rate = f"{done / seconds:,.1f} {unit}s/s" if seconds > 0 else f"- {unit}s/s"
    extra = f" ({note})" if note else ""
    if elsewhere:
        return f"{stage}: {done:,} {units}, {seconds:.1f} s summed over the workers, {rate} per worker{extra}"
    return f"{stage}: {done:,} {units} in {seconds:.1f} s, {rate}{extra}"


class Bars:
    """One tqdm bar per stage (``ingest``, ``process``, ``reuse``, ``entities``, ...) on stderr, and a
    summary line per stage when it is done (its total reached, or when the command ends)."""

    def __init__(self, out: TextIO | None = None, clock: Callable[[], float] = time.perf_counter) -> None:
        self.out = out or sys.stderr
        self.clock = clock
        self.bars: dict[str, Any] = {}
        self.started: dict[str, float] = {}
        self.last: dict[str, Progress] = {}
        self.finished: set[str] = set()
        self.lines: list[str] = []

    def __call__(self, event: Progress) -> None:
        self.started.setdefault(event.stage, self.clock())
        self.last[event.stage] = event
        if event.stage in self.finished and (event.total is None or event.done < event.total):
            self.finished.discard(event.stage)  # the same stage again (a second batch, another run)
            self.started[event.stage] = self.clock()
        if event.seconds is not None:  # work measured elsewhere (worker processes): a summary only
            if event.total is None or event.done >= event.total:
                self._finish(event.stage)
            return
        bar = self.bars.get(event.stage)
        if bar is None:
            bar = self.bars[event.stage] = tqdm(total=event.total, desc=event.stage, unit=event.unit,
                                                leave=False, file=self.out)
        if event.total is not None and bar.total != event.total:
            bar.total = event.total
        if event.note:
            bar.set_postfix_str(event.note, refresh=False)
        bar.update(event.done - bar.n)
        if event.total is not None and event.done >= event.total:
            self._finish(event.stage)

    def _finish(self, stage: str) -> None:
        if stage in self.finished:
            return
        self.finished.add(stage)
        event = self.last[stage]
        bar = self.bars.pop(stage, None)
        if bar is not None:
            bar.close()
        elsewhere = event.seconds is not None
        seconds = event.seconds if event.seconds is not None else self.clock() - self.started[stage]
        # the closing note of work measured here is kept too when it says what the clock cannot (an
        # archive stage that also ran between pages gives its own time)
        note = event.note if elsewhere or "of its own" in event.note else ""
        line = summary(stage, event.done, event.unit, seconds, elsewhere, note)
        self.lines.append(line)
        tqdm.write(line, file=self.out)

    def close(self) -> None:
        for stage in list(self.last):
            if stage not in self.finished:
                self._finish(stage)
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator[ProgressCallback | None]:
    """``with progress_bars(not quiet) as progress: api.ingest(..., progress=progress)``."""
    if not enabled:
        yield None
        return
    bars = Bars()
    try:
        yield bars
    finally:
        bars.close()
