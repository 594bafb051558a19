"""The ``presswatch`` command: a thin layer over the library.

Each ``*_cmd.py`` module in this package exposes ``commands`` (a list of click commands); they are
registered automatically, so adding a command never means editing a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from pathlib import Path

import click

from presswatch import __version__
from presswatch.cli.common import PROJECT_HELP, USER_ERRORS
from presswatch.store.db import database_problem


class Presswatch(click.Group):
    """The command group: an expected error from any command (bad settings, a damaged or locked archive,
    bad input) is one line saying what to do, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(database_problem(Path("the project's database"), exc)) from exc


@click.group(cls=Presswatch, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="presswatch")
@click.option("--project", "project", envvar="PRESSWATCH_PROJECT", default=None, metavar="DIR",
              help=PROJECT_HELP)
@click.pass_context
def cli(ctx: click.Context, project: str | None) -> None:
    """presswatch: multilingual media monitoring.

    Collect pages, clean and split them, find copies and translations, track who said what, search
    the archive and draft an attributed weekly digest for an editor to review.

    Start with `presswatch demo`, or `presswatch init DIR` and `presswatch ingest PATH`.
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


def _register() -> None:
    package = importlib.import_module("presswatch.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.endswith("_cmd"):
            module = importlib.import_module(f"presswatch.cli.{info.name}")
            for command in getattr(module, "commands", []):
                cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="presswatch")
