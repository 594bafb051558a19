"""`presswatch init`, `status` and `config`."""

from __future__ import annotations

import json

import click

from presswatch.api import status as status_api
from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project


@click.command("init")
@click.argument("directory", required=False, default=None)
@click.option("--name", default=None, help="Project name (default: the folder name).")
@user_errors
def init(directory: str | None, name: str | None) -> None:
    """Create a project in DIRECTORY (default: the current folder).

    Writes presswatch.toml (only what you set overrides the packaged defaults) and creates the
    SQLite archive. Running it again on an existing project changes nothing but pending migrations.
    """
    project = Project.init(directory, name=name)
    click.echo(f"project ready: {project.root}")
    click.echo(f"  settings: {project.root / 'presswatch.toml'}")
    click.echo(f"  archive:  {project.db_path}")
    click.echo(f"next: presswatch --project {project.root} ingest PATH")


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@project_option
def status(project: Project, as_json: bool) -> None:
    """Show what the archive holds, recent runs, and skipped input counted by reason."""
    info = status_api(project)
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"project {project.root}")
    for key, value in info.counts.items():
        click.echo(f"  {key:<20} {value}")
    if info.languages:
        click.echo("passages by language: " + ", ".join(f"{k} {v}" for k, v in info.languages.items()))
    click.echo(f"skipped input: {info.skipped_total}")
    for reason, n in info.skips_by_reason.items():
        click.echo(f"  {reason:<20} {n:>6}  {info.skip_hints.get(reason, '')}")
    if info.recent_skips:
        click.echo("  most recent:")
    for row in info.recent_skips:
        seen = f" (seen {row.times} times)" if row.times > 1 else ""
        click.echo(f"    {row.reason}: {row.location}{seen} — {row.message}")
    if info.passed_over:
        click.echo("passed over in the last ingest (not pages): "
                   + ", ".join(f"{k} {v}" for k, v in info.passed_over.items()))
    if info.quarantined:
        click.echo(f"quarantined page versions: {info.quarantined} (see `presswatch status --json`)")
    if info.runs:
        click.echo("recent runs:")
        for run in info.runs:
            click.echo(f"  #{run.id} {run.kind} {run.started_at} {run.status}")


@click.command("config")
@project_option
def config(project: Project) -> None:
    """Print the effective settings as JSON (packaged defaults with the project's overrides)."""
    click.echo(json.dumps(project.config.data, indent=2, ensure_ascii=False))


commands = [init, status, config]
