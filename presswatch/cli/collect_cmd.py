"""`presswatch collect`: fetch what is new from the sources, once or every N minutes."""

from __future__ import annotations

import signal
from datetime import datetime, timedelta
from typing import Any

import click

from presswatch.api import collect as collect_api
from presswatch.api import collect_every
from presswatch.cli.common import format_counts, project_option, user_errors
from presswatch.cli.progress import progress_bars
from presswatch.collect.service import CollectReport, parse_interval
from presswatch.project import Project


def _print(report: CollectReport) -> None:
    click.echo(f"collect run #{report.run_id}: {format_counts(report.counts)}")
    busy = [o for o in report.sources if o.counts["new_page"] + o.counts["new_version"] + o.counts["failed"]]
    for outcome in busy[:20]:
        c = outcome.counts
        click.echo(f"  {outcome.name}: new {c['new_page']}, edited {c['new_version']}, failed {c['failed']}, "
                   f"retry later {c['retry_later'] + c['deferred']}")
    for outcome in report.sources:
        if outcome.error:
            click.echo(f"  {outcome.name}: {outcome.error} (now {outcome.status}; see `presswatch sources`)",
                       err=True)
        for note in outcome.notes[:5]:
            click.echo(f"  {outcome.name}: {note}", err=True)


@click.command("collect")
@click.option("--source", "source_name", default=None, metavar="NAME", help="Only this source (even if backed off).")
@click.option("--every", default=None, metavar="INTERVAL",
              help="Keep running: collect and process every INTERVAL (30m, 2h, 90s) until stopped with Ctrl-C.")
@click.option("--no-process", is_flag=True, help="Only store what was fetched; run `presswatch process` later.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@project_option
@user_errors
def collect(project: Project, source_name: str | None, every: str | None, no_process: bool, quiet: bool) -> None:
    """Fetch new articles from every due source and store them like ingested files.

    Honours robots.txt, one request at a time per host, conditional GET and retries. Everything
    fetched is committed at once, so stopping (Ctrl-C) loses nothing and the next run continues.
    For cron or a systemd timer run it without --every (see docs/collect.md).
    """
    process = False if no_process else None
    if every is None:
        with progress_bars(not quiet) as progress:
            _print(collect_api(project, source=source_name, process=process, progress=progress))
        return
    interval = parse_interval(every)
    click.echo(f"collecting every {every}; stop with Ctrl-C")

    def stop(signum: int, frame: Any) -> None:   # systemd/docker stop: end like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    def report_and_wait(report: CollectReport) -> None:
        _print(report)
        when = datetime.now() + timedelta(seconds=interval)
        click.echo(f"next run about {when:%H:%M:%S} (Ctrl-C stops; nothing fetched is lost)")

    try:
        with progress_bars(not quiet) as progress:
            collect_every(project, interval, source=source_name, process=process, progress=progress,
                          on_report=report_and_wait)
    except KeyboardInterrupt:
        click.echo("stopped; everything fetched so far is stored (the next run continues)")


commands = [collect]
