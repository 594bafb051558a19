"""spaCy's matrix products on numpy's BLAS, one thread, when that BLAS can be held to one thread.

thinc multiplies its matrices with BLIS by default; the BLIS that ships in the ``blis`` wheel picks its
kernels by CPU and falls back to its generic reference kernel on CPUs it does not know (this machine's
AMD EPYC: ``libblis: selecting sub-configuration 'generic'``), about 3.7x slower per product than
numpy's OpenBLAS on one thread for the recogniser's shapes. numpy's OpenBLAS starts a thread per core,
though, and two worker processes each with two BLAS threads on two cores would spin against each other
(the recogniser then used *more* CPU than with BLIS). So the numpy products are used only where
OpenBLAS can be told to use one thread for the calling thread (``openblas_set_num_threads_local``,
OpenBLAS 0.3.27 and later, what numpy's wheels bundle), and :func:`one_thread` holds it there around
each ``nlp.pipe``; the caller's own setting is restored afterwards. Elsewhere nothing changes (BLIS).

Same numbers in, same spans out: on 80 WCXB dev pages the recogniser's spans and the parse's
attributions were identical with either library (docs/decisions.md, "speed8").
"""

from __future__ import annotations

import ctypes
import glob
import os
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


@contextmanager
def one_thread() -> Iterator[None]:
    """numpy's BLAS on one thread for the calling thread inside the block (nothing where it cannot)."""
    fn = _set_local()
    if fn is None:
        yield
        return
    old = fn(1)
    try:
        yield
    finally:
        fn(old)


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
