"""`presswatch anatomy`: show how a page splits into units (articles, teasers, digest items, ...)."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from presswatch.api import page_units
from presswatch.cli.common import project_option, user_errors
from presswatch.errors import Unprocessable
from presswatch.project import Project


@click.command("anatomy")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--url", default=None, help="The page's URL (used for per-site hints and the main article).")
@click.option("--json", "as_json", is_flag=True, help="Print the units as JSON lines instead of a table.")
@project_option
@user_errors
def anatomy(project: Project, paths: tuple[str, ...], url: str | None, as_json: bool) -> None:
    """Split pages into units and show them, without storing anything.

    Each unit has a kind (article, teaser, digest_item, translation, boilerplate), offsets into the
    extracted text and, where stated, title, author, outlet and date. Uses the project's settings
    ([anatomy] in presswatch.toml). Accepts HTML pages and text dumps, optionally gzipped.
    """
    for n, path in enumerate(paths, 1):
        try:
            doc = page_units(path, project.config, url=url)
        except Unprocessable as exc:
            click.echo(f"{path}: {exc.message} (nothing to split)", err=True)
            continue
        if as_json:
            for unit in doc.units:
                record = {k: v for k, v in asdict(unit).items() if k != "passages"}
                click.echo(json.dumps({"path": path, **record}, ensure_ascii=False))
            continue
        click.echo(f"{path} ({n}/{len(paths)}): {len(doc.units)} units")
        for u in doc.units:
            fields = " | ".join(f"{k}={v}" for k, v in (("title", u.title), ("author", u.author),
                                                         ("outlet", u.outlet), ("date", u.published)) if v)
            first = " ".join(u.text.split())[:70]
            click.echo(f"  {u.ordinal:>3} {u.kind:<12} {u.start:>6}-{u.end:<6} {first}")
            if fields:
                click.echo(f"      {fields}")
        for note in doc.notes:
            if note.startswith("anatomy_error"):
                click.echo(f"  warning: {note}", err=True)


commands = [anatomy]
