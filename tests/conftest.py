"""Shared fixtures: real projects in temporary folders."""

from __future__ import annotations

from pathlib import Path

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
