"""`presswatch source add|remove|resume|import|export` and `presswatch sources`."""

from __future__ import annotations

import json
from typing import Any

import click

from presswatch.api import add_source, export_opml, import_opml, list_sources
from presswatch.cli.common import project_option, user_errors
from presswatch.collect.service import remove_source, resume_source
from presswatch.project import Project


@click.group("source")
def source() -> None:
    """Manage the sources that `presswatch collect` fetches (feeds, sitemaps, WordPress sites, crawls)."""


@source.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(["auto", "feed", "sitemap", "wordpress", "crawl", "page"]), default="auto",
              show_default=True, help="How to collect. auto looks for the WordPress REST API, feed links in the "
              "page head, common feed paths, then sitemaps in robots.txt, else crawls from the page.")
@click.option("--name", default=None, help="Short unique name (default: the feed title or the host name).")
@click.option("--lang", default=None, help="Language of the source (ISO 639-1), used when pages do not say.")
@click.option("--tags", default=None, help="Comma-separated tags, e.g. 'albania,ngo'.")
@click.option("--include", multiple=True, help="crawl: regex of URLs to store as articles (repeatable).")
@click.option("--follow", multiple=True, help="crawl: regex of URLs to follow (repeatable; default: same host).")
@click.option("--depth", type=int, default=None, help="crawl: link depth from the start URL (default 2).")
@click.option("--budget", type=int, default=None, help="Pages fetched per run for this source.")
@project_option
@user_errors
def add(project: Project, url: str, kind: str, name: str | None, lang: str | None, tags: str | None,
        include: tuple[str, ...], follow: tuple[str, ...], depth: int | None, budget: int | None) -> None:
    """Add URL as a source. With --kind auto (default) the site is probed first (network)."""
    options: dict[str, Any] = {}
    if include:
        options["include"] = list(include)
    if follow:
        options["follow"] = list(follow)
    if depth is not None:
        options["depth"] = depth
    if budget is not None:
        options["budget"] = budget
    tag_list = [t.strip() for t in (tags or "").split(",") if t.strip()]
    added = add_source(project, url, kind=kind, name=name, lang=lang, tags=tag_list, options=options)
    click.echo(f"added source {added.name!r}: {added.kind} {added.endpoint}")
    click.echo("next: presswatch collect")


@source.command("remove")
@click.argument("name")
@project_option
@user_errors
def remove(project: Project, name: str) -> None:
    """Remove a source (pages already collected stay in the archive)."""
    remove_source(project, name)
    click.echo(f"removed source {name!r}")


@source.command("resume")
@click.argument("name")
@project_option
@user_errors
def resume(project: Project, name: str) -> None:
    """Make a paused or backed-off source active again (after fixing its URL or when the site is back)."""
    found = resume_source(project, name)
    click.echo(f"source {found.name!r} is active again")


@source.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@project_option
@user_errors
def import_cmd(project: Project, path: str) -> None:
    """Add the feeds of an OPML file (folders become tags; names already present are skipped)."""
    added = import_opml(project, path)
    click.echo(f"imported {len(added)} source(s) from {path}")


@source.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@project_option
@user_errors
def export_cmd(project: Project, path: str | None) -> None:
    """Write every source as OPML 2.0 to PATH (default: standard output)."""
    text = export_opml(project, path)
    if path is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {path}")


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@project_option
@user_errors
def sources(project: Project, as_json: bool) -> None:
    """List sources with their health: last success, last error, items in 7 days, failures in a row."""
    found = list_sources(project)
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("no sources yet; add one with `presswatch source add URL`")
        return
    for s in found:
        click.echo(f"{s.name}  [{s.kind}, {s.status}]  {s.endpoint}")
        click.echo(f"    last success: {s.last_success or 'never'}   items 7d: {s.items_7d}   queued: {s.queued}   "
                   f"failures in a row: {s.consecutive_failures}")
        if s.last_error:
            click.echo(f"    last error ({s.last_error_at}): {s.last_error}")
        if s.status != "active" and s.status_reason:
            click.echo(f"    {s.status}: {s.status_reason}")


commands = [source, sources]
