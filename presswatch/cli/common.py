"""Shared pieces of the command line: the --project option and error reporting."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from presswatch.config import ConfigError
from presswatch.project import Project, ProjectError
from presswatch.store.db import StoreError, database_problem

PROJECT_HELP = "Project folder (default: $PRESSWATCH_PROJECT, else the current folder)."

F = TypeVar("F", bound=Callable[..., Any])

USER_ERRORS = (ProjectError, ConfigError, StoreError, FileNotFoundError, ValueError)


def project_option(func: F) -> F:
    """Add ``--project DIR`` to a command and pass the opened :class:`Project` as ``project``."""

    @click.option("--project", "project_dir", default=None, metavar="DIR", help=PROJECT_HELP)
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, project_dir: str | None, *args: Any, **kwargs: Any) -> Any:
        root = project_dir or (ctx.obj or {}).get("project")
        try:
            project = Project.open(root)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        return func(project, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def user_errors(func: F) -> F:
    """Turn expected errors (bad input, missing project, locked store) into a one-line message."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:     # damage found after the archive was opened
            raise click.ClickException(database_problem(Path("the project's database"), exc)) from exc

    return wrapper  # type: ignore[return-value]


def format_counts(counts: dict[str, int]) -> str:
    keys = sorted(counts, key=lambda k: (":" in k, k))
    return ", ".join(f"{k} {counts[k]}" for k in keys) if counts else "nothing"
