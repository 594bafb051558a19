"""`presswatch ingest` and `presswatch process`."""

from __future__ import annotations

import click

from presswatch.api import ingest as ingest_api
from presswatch.api import process as process_api
from presswatch.api import status as status_api
from presswatch.cli.common import format_counts, project_option, user_errors
from presswatch.cli.progress import progress_bars
from presswatch.project import Project


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--no-process", is_flag=True, help="Only store raw bytes; run `presswatch process` later.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@project_option
@user_errors
def ingest(project: Project, paths: tuple[str, ...], no_process: bool, quiet: bool) -> None:
    """Store pages from files and folders (recursive) and process them.

    Reads HTML (.html .htm .xhtml .shtml), text dumps (.txt), WARC (.warc .arc, response records),
    JSONL (.jsonl .ndjson: one object per line with url and html or text) and .eml newsletters,
    each optionally gzipped. Pages are processed in [process] workers processes. Re-ingesting the same content is a no-op; changed content at the same
    URL or path becomes a new version. Bad input is skipped, counted and recorded (`presswatch status`).
    """
    with progress_bars(not quiet) as progress:
        report = ingest_api(project, paths, process=False if no_process else None, progress=progress)
    click.echo(f"ingest run #{report.run_id}: {format_counts(report.counts)}")
    for skip in report.skips[:20]:
        click.echo(f"  skipped ({skip.reason}) {skip.location}: {skip.message}", err=True)
    if len(report.skips) > 20:
        click.echo(f"  ... and {len(report.skips) - 20} more (see `presswatch status`)", err=True)


@click.command("process")
@click.option("--retry-quarantined", is_flag=True, help="Also retry versions quarantined earlier.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@project_option
@user_errors
def process(project: Project, retry_quarantined: bool, quiet: bool) -> None:
    """Process stored page versions that are not processed yet (resumes an interrupted run)."""
    with progress_bars(not quiet) as progress:
        counts = process_api(project, retry_quarantined=retry_quarantined, progress=progress)
    if counts:
        click.echo(f"processed: {format_counts(counts)}")
        return
    held = status_api(project, recent=0).counts
    click.echo(f"processed: nothing new ({held['processed']} stored page versions were processed already, "
               f"{held['links']} reuse/translation links; `presswatch reuse --groups` lists reused texts)")


commands = [ingest, process]
