"""`presswatch demo`: build a throwaway project from the shipped sample corpus and show the results."""

from __future__ import annotations

import click

from presswatch.api import run_demo
from presswatch.cli.common import user_errors
from presswatch.cli.progress import progress_bars
from presswatch.demo.run import DemoReport, remove_demo
from presswatch.lang.names import language_name


def _by(counts: dict[str, int], names: bool = False) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{language_name(k) + ' (' + k + ')' if names else k} {v}" for k, v in counts.items())


def describe(report: DemoReport, available: set[str] | None = None) -> list[str]:
    lines = [
        f"demo project: {report.root}",
        f"  corpus:   {report.files} sample files in {report.root / 'corpus'}",
        f"  pages:    {report.pages} (quarantined {report.quarantined})",
        f"  units:    {report.units} by kind: {_by(report.units_by_kind)}",
        f"            by language: {_by(report.units_by_lang, names=True)}",
        f"  passages: {report.passages} by language: {_by(report.passages_by_lang, names=True)}",
        f"  skipped:  {len(report.skips)}",
    ]
    lines += [f"    ({s.reason}) {s.location}: {s.message}" for s in report.skips[:10]]
    lines += [
        f"  digest:   {report.digest_items} articles ({_by(report.digest_sections)}); "
        f"left out: {_by(report.digest_left_out)} (copies are listed under their original)",
        f"            {report.digest_md}",
        f"            {report.digest_html}",
        f"  export:   {report.export_path} ({_by(report.export_counts)})",
        "try next:",
    ]
    lines += [f"  {cmd}" for cmd in report.next_commands(available)]
    if available is None or "serve" in available:
        lines += ["open it in the web UI (inbox, search, digest editor) at http://127.0.0.1:8765/ with:",
                  f"  {report.serve_command()}"]
    return lines


@click.command("demo")
@click.option("--dir", "directory", default=None, metavar="DIR", type=click.Path(file_okay=False),
              help="Build the demo project here (a new or empty folder; default: a new temporary folder).")
@click.option("--keep/--no-keep", default=True, show_default=True,
              help="Keep the project folder afterwards (--no-keep deletes it if the demo created it).")
@click.option("--open", "open_digest", is_flag=True, help="Open the HTML digest in a browser.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.pass_context
@user_errors
def demo(ctx: click.Context, directory: str | None, keep: bool, open_digest: bool, quiet: bool) -> None:
    """Build a demo project from the shipped sample corpus and show what it made.

    About a dozen pages from fictional outlets covering one week of a dispute over a dam in the
    Western Balkans and the Iranian contractor building it: English with Albanian and Persian
    passages, teasers glued to image captions, a copied article, an article with its translation,
    text dumps, a JSONL file and an email newsletter. The demo ingests them with the normal pipeline,
    writes the week's digest (Markdown and HTML) and a JSONL export, and prints where they are.
    """
    click.echo("building the demo project…", err=True)
    with progress_bars(not quiet) as progress:
        report = run_demo(directory, progress=progress)
    root_cmd = ctx.find_root().command
    available = set(root_cmd.commands) if isinstance(root_cmd, click.Group) else None
    for line in describe(report, available):
        click.echo(line)
    if open_digest and report.digest_html is not None:
        click.launch(report.digest_html.as_uri())
    if not keep:
        if remove_demo(report):
            click.echo(f"removed {report.root} (--no-keep)")
        else:
            click.echo(f"kept {report.root}: the demo did not create it", err=True)


commands = [demo]
