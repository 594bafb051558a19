"""`presswatch digest`: the period's articles grouped by language, as Markdown or HTML."""

from __future__ import annotations

import click

from presswatch.api import make_digest
from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project


@click.command("digest")
@click.option("--from", "date_from", default=None, metavar="DATE",
              help="First day of the period, YYYY-MM-DD (default: 6 days before --to).")
@click.option("--to", "date_to", default=None, metavar="DATE", help="Last day, inclusive (default: 6 days after --from, else today).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default=None,
              help="Output format (default: from the file name, .html → html, else md).")
@click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
              help="Where to write the digest; '-' for standard output.")
@click.option("--title", default=None, help="Digest title (default: [digest] title in the settings).")
@click.option("--no-save", is_flag=True, help="Do not store the draft in the archive (preview only).")
@project_option
@user_errors
def digest(project: Project, date_from: str | None, date_to: str | None, fmt: str | None, output: str,
           title: str | None, no_save: bool) -> None:
    """Write a digest of the articles dated in a period, grouped by language.

    Each item has its title, byline, outlet, date, two lead sentences attributed to the author and
    outlet ("<author> writes in <outlet> that …") and a link to the source (its URL, else a file://
    link to the stored file). Articles without a date count on the day they were fetched. The draft
    is stored for an editor's review unless --no-save.

    Example: presswatch digest --from 2026-03-09 --to 2026-03-15 --format html -o digest.html
    """
    result = make_digest(project, output, date_from=date_from, date_to=date_to, fmt=fmt, title=title,
                         save=not no_save)
    d = result.digest
    if result.path is None:
        click.echo(result.text, nl=False)
        return
    sections = ", ".join(f"{code} {len(items)}" for code, items in d.sections()) or "none"
    click.echo(f"digest {d.period_from} to {d.period_to}: {len(d.items)} articles ({sections})")
    if d.left_out:
        click.echo("  left out: " + ", ".join(f"{k} {v}" for k, v in sorted(d.left_out.items()))
                   + " (copy: listed under the original; no_lead: no sentence of prose)")
    click.echo(f"  written to {result.path} ({result.fmt})")
    if d.id is not None:
        click.echo(f"  stored as draft #{d.id}")
    if not d.items:
        click.echo("  no articles in this period; check the dates with `presswatch status` or widen --from/--to",
                   err=True)


commands = [digest]
