"""Shared fixtures: real projects in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presswatch.project import Project

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.init(tmp_path / "proj")
