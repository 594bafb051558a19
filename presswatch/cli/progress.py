"""Progress bars for the command line, drawn from the library's :class:`~presswatch.contracts.Progress`
events (the library never draws; it calls the callback)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tqdm import tqdm

from presswatch.contracts import Progress, ProgressCallback


class Bars:
    """One tqdm bar per stage (``ingest``, ``process``, ``reuse``, ``entities``, ...), on stderr."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}

    def __call__(self, event: Progress) -> None:
        bar = self.bars.get(event.stage)
        if bar is None:
            bar = self.bars[event.stage] = tqdm(total=event.total, desc=event.stage, unit=event.unit,
                                                leave=False, file=sys.stderr)
        if event.total is not None and bar.total != event.total:
            bar.total = event.total
        if event.note:
            bar.set_postfix_str(event.note, refresh=False)
        bar.update(event.done - bar.n)

    def close(self) -> None:
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
