"""Quality gates that need something the repository does not hold (the shared data sets in
``../shared`` or ``$PRESSWATCH_SHARED``, spaCy and its English model).

Under CI (``CI`` set, as ``.ci/run`` and every CI service do) a gate that cannot run FAILS: a gate
never passes by not running. Locally it is skipped with a reason that starts with ``QUALITY GATE NOT
RUN`` and says what to do, and the end of the pytest run lists every such gate (see conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
NOT_RUN = "QUALITY GATE NOT RUN"


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


def cannot_run(message: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: a quality gate that cannot run fails)")
    pytest.skip(f"{NOT_RUN}: {message}")


def shared_path(*parts: str, what: str = "shared benchmark data") -> Path:
    """``shared_dir()/parts...``, or fail (CI) / skip (locally) when it is missing."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        cannot_run(f"{what} missing at {path}; set PRESSWATCH_SHARED to the shared data folder")
    return path


def need_module(name: str, what: str) -> None:
    """The optional module ``name`` (installed by ``.[nlp]``, which CI installs) is importable."""
    if importlib.util.find_spec(name) is None:
        cannot_run(f"{what}: module {name!r} is not installed; pip install -e '.[test,nlp]'")
