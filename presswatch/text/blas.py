"""spaCy's matrix products on numpy's BLAS, one thread, when that BLAS can be held to one thread.

thinc multiplies its matrices with BLIS by default; the BLIS that ships in the ``blis`` wheel picks its
kernels by CPU and falls back to its generic reference kernel on CPUs it does not know (this machine's
AMD EPYC: ``libblis: selecting sub-configuration 'generic'``), about 3.7x slower per product than
numpy's OpenBLAS on one thread for the recogniser's shapes. numpy's OpenBLAS starts a thread per core,
though, and two worker processes each with two BLAS threads on two cores would spin against each other
(the recogniser then used *more* CPU than with BLIS). So the numpy products are used only where
OpenBLAS's thread count can be set at run time (``openblas_set_num_threads_local``, OpenBLAS 0.3.27 and
later, what numpy's wheels bundle), and :func:`one_thread` holds it at one around each ``nlp.pipe``.
In the pthreads build numpy ships, that setting is the whole process's, not the calling thread's
(review8), so the hold is counted: the first block to enter sets one thread, the last to leave puts
back what was there before, and blocks entered from several threads, or left in another order than
entered (generators), never leave the process at one thread. Elsewhere nothing changes (BLIS).

Same numbers in, same spans out: on 80 WCXB dev pages the recogniser's spans and the parse's
attributions were identical with either library (docs/decisions.md, "speed8").
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _set_local() -> Callable[[int], int] | None:
    """OpenBLAS's per-thread thread count setter in numpy's own BLAS library, or None."""
    try:
        import numpy
    except ImportError:
        return None
    here = os.path.dirname(numpy.__file__)
    # numpy's wheels bundle their BLAS beside the package (Linux: numpy.libs; macOS: numpy/.dylibs)
    paths = sorted(glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*"))
                   + glob.glob(os.path.join(here, ".dylibs", "*openblas*")))
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            fn = lib.openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn  # type: ignore[no-any-return]
    return None


def available() -> bool:
    """Can numpy's BLAS be held to one thread here (so spaCy may multiply with it)?"""
    return _set_local() is not None


class _Hold:
    """How many :func:`one_thread` blocks are open in the process, and the count to put back."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.before = 0

    def enter(self, fn: Callable[[int], int]) -> None:
        with self.lock:
            if self.depth == 0:
                self.before = fn(1)
            self.depth += 1

    def leave(self, fn: Callable[[int], int]) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth == 0:
                fn(self.before)


_HOLD = _Hold()   # the BLAS library's thread count is the process's own state; this only counts the holds


@contextmanager
def one_thread() -> Iterator[None]:
    """numpy's BLAS on one thread inside the block (nothing where it cannot be set); the setting from
    before the first open block is restored when the last one closes."""
    fn = _set_local()
    if fn is None:
        yield
        return
    _HOLD.enter(fn)
    try:
        yield
    finally:
        _HOLD.leave(fn)


@contextmanager
def numpy_ops() -> Iterator[Any]:
    """Models built inside the block (``spacy.load``) multiply with numpy's BLAS when :func:`available`,
    else with thinc's default (BLIS)."""
    if not available():
        yield None
        return
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False) as ops:
        yield ops
