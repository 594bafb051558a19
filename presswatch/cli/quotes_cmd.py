"""`presswatch quotes`: who said what, with links."""

from __future__ import annotations

import json

import click

from presswatch.api import list_quotes
from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project


@click.command("quotes")
@click.option("--speaker", default=None, help="Only quotes by this entity (id, key or any alias) or name.")
@click.option("--about", default=None, help="Only quotes whose words mention this entity.")
@click.option("--limit", default=50, show_default=True, help="How many quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@project_option
@user_errors
def quotes(project: Project, speaker: str | None, about: str | None, limit: int, as_json: bool) -> None:
    """List direct quotes and reported claims with speaker, outlet and link."""
    rows = list_quotes(project, speaker=speaker, about=about, limit=limit)
    if as_json:
        click.echo(json.dumps([q.as_dict() for q in rows], indent=2, ensure_ascii=False, default=str))
        return
    if not rows:
        click.echo("no quotes found; run `presswatch process` first, or check the name with `presswatch entity NAME`")
    for q in rows:
        mark = f"“{q.text[:200]}”" if q.direct else q.text[:200]
        where = f" in {q.outlet}" if q.outlet else ""
        click.echo(f"{q.speaker or '?'}{where} ({q.cue or 'quoted'}): {mark}")
        click.echo(f"    {q.url or ''} passage:{q.passage_id} {q.published or ''}")


commands = [quotes]
