"""`presswatch export`: the archive as JSON Lines with a versioned schema."""

from __future__ import annotations

import sys

import click

from presswatch.api import export_project
from presswatch.cli.common import format_counts, project_option, user_errors
from presswatch.cli.progress import progress_bars
from presswatch.export import record_types
from presswatch.project import Project


@click.command("export")
@click.option("-o", "--output", required=True, metavar="FILE.jsonl",
              help="Where to write; '-' for standard output.")
@click.option("--since", default=None, metavar="DATE", help="Only page versions fetched on or after DATE.")
@click.option("--until", default=None, metavar="DATE", help="Only page versions fetched on or before DATE.")
@click.option("--types", default=None, metavar="LIST",
              help=f"Comma-separated record types (default: all: {','.join(record_types())}).")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@project_option
@user_errors
def export(project: Project, output: str, since: str | None, until: str | None, types: str | None,
           quiet: bool) -> None:
    """Export pages, units, passages and digests as JSON Lines (one object per line).

    The first line is a header {"type": "meta", "schema": "presswatch-export", "schema_version": ...};
    every record has a `type` and a string `id` such as "unit:42", and references use the same
    strings (a unit's page_id is "page:3"). The schema is documented in docs/export-schema.md.

    Example: presswatch export -o archive.jsonl --types page,unit
    """
    to_stdout = output == "-"
    chosen = types.split(",") if types else None
    with progress_bars(not (quiet or to_stdout or not sys.stderr.isatty())) as progress:
        counts = export_project(project, output, since=since, until=until, types=chosen, progress=progress)
    if not to_stdout:
        click.echo(f"exported to {output}: {format_counts(dict(counts))}")
        if not counts:
            click.echo("  nothing matched; check --since/--until and `presswatch status`", err=True)


commands = [export]
