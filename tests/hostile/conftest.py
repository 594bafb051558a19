"""Hostile-input trial: every case is generated at test time into a temporary folder.

Each test carries ``@pytest.mark.hostile("<category>")``; ``bench/hostile.py`` runs this folder and
prints tried / handled / crashed / hung / lost per category. A case that runs longer than
``HANG_SECONDS`` fails as hung (a bound on the test, never a timing assertion), and a case that
finds good records missing fails with :class:`generators.Lost`.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for path in (HERE, HERE.parent):   # generators, collect_fixtures
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from generators import HANG_SECONDS, Hung  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "hostile(category): a generated hostile-input case and its category")


@pytest.fixture(autouse=True)
def hostile_category(request: pytest.FixtureRequest, record_property: object) -> None:
    """Record the case's category in the JUnit XML that bench/hostile.py reads."""
    marker = request.node.get_closest_marker("hostile")
    record_property("category", marker.args[0] if marker and marker.args else "other")  # type: ignore[operator]


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """Turn a case that never ends into a failure (SIGALRM; main thread on POSIX only)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise Hung(f"the case did not finish within {HANG_SECONDS} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
