"""`presswatch entity ...`: the watchlist, aliases, merges, and what is known about one entity."""

from __future__ import annotations

import json
from typing import Any

import click

from presswatch.api import (
    entity_add,
    entity_alias,
    entity_info,
    entity_list,
    entity_merge,
    entity_relink,
    entity_split,
    entity_unlearn,
    merge_suggestions,
)
from presswatch.cli.common import format_counts, project_option, user_errors
from presswatch.cli.progress import progress_bars
from presswatch.entities.watchlist import KINDS
from presswatch.project import Project


class EntityGroup(click.Group):
    """`presswatch entity NAME` shows an entity; other words are subcommands."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "show", self.commands["show"], args
        return super().resolve_command(ctx, args)


@click.group("entity", cls=EntityGroup, invoke_without_command=False)
def entity() -> None:
    """People, organisations and places with their aliases in any script.

    `presswatch entity NAME` shows an entity's aliases, mentions over time, co-mentioned entities and
    quotes by and about it. The watchlist (watchlist.toml in the project, see docs/watchlist.md) is edited
    with add / alias / merge / split; `relink` re-resolves existing mentions afterwards.
    """


@entity.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@project_option
@user_errors
def show(project: Project, name: str, as_json: bool) -> None:
    """Show an entity by watchlist id or any of its names."""
    info = entity_info(project, name)
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2, ensure_ascii=False, default=str))
        return
    e = info.entity
    click.echo(f"{e.name}  [{e.kind}]  id entity:{e.id}  key {e.key}  ({e.source})")
    click.echo(f"aliases ({len(info.aliases)}):")
    for a in info.aliases:
        note = f" — learned from passage:{a.passage_id}: {(a.evidence or '')[:80]!r}" if a.source == "learned" else ""
        flag = " [rejected]" if a.status == "rejected" else ""
        click.echo(f"  #{a.id} {a.alias} ({a.source}){flag}{note}")
    click.echo(f"mentions: {info.mentions}")
    for t in info.timeline:
        click.echo(f"  {t.month}  {t.mentions}")
    if info.co_mentioned:
        click.echo("co-mentioned: " + ", ".join(f"{c.name} ({c.units})" for c in info.co_mentioned))
    for label, quotes in (("quotes by", info.quotes_by), ("quotes about", info.quotes_about)):
        if quotes:
            click.echo(f"{label}:")
            for q in quotes:
                words = f"“{q.text[:120]}”" if q.direct else q.text[:120]
                click.echo(f"  {q.speaker or '?'} ({q.cue or 'quoted'}): {words} {q.url or ''}")
    for s in info.suggestions:
        click.echo(f"possible same entity: {s.name} ({s.reason}) — `presswatch entity merge {e.key} '{s.key}'`")


@entity.command("list")
@click.option("--limit", default=100, show_default=True, help="How many entities.")
@click.option("--suggestions", is_flag=True, help="List open merge suggestions instead.")
@project_option
@user_errors
def list_(project: Project, limit: int, suggestions: bool) -> None:
    """List entities by number of mentions (or open merge suggestions)."""
    if suggestions:
        for s in merge_suggestions(project):
            click.echo(f"#{s.id} {s.keep_name} ~ {s.other_name}: {s.reason}  "
                       f"(presswatch entity merge '{s.keep}' '{s.other}')")
        return
    for e in entity_list(project, limit):
        click.echo(f"{e.mentions:>6}  {e.key:<30} {e.kind:<7} {e.name}")


@entity.command("add")
@click.argument("key")
@click.argument("name")
@click.option("--kind", type=click.Choice(KINDS), default="unknown", show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat the option).")
@project_option
@user_errors
def add(project: Project, key: str, name: str, kind: str, aliases: tuple[str, ...]) -> None:
    """Add entity KEY called NAME to the watchlist."""
    e = entity_add(project, key, name, kind, list(aliases))
    click.echo(f"added {e.key}: {e.name} [{e.kind}] with {len(e.aliases)} aliases; "
               "run `presswatch entity relink` to find it in stored pages")


@entity.command("alias")
@click.argument("key")
@click.argument("aliases", nargs=-1, required=True)
@project_option
@user_errors
def alias(project: Project, key: str, aliases: tuple[str, ...]) -> None:
    """Add ALIASES to entity KEY (a discovered entity is promoted to the watchlist)."""
    e = entity_alias(project, key, list(aliases))
    click.echo(f"{e.key}: {', '.join(e.names())}; run `presswatch entity relink` to re-resolve mentions")


@entity.command("merge")
@click.argument("keep")
@click.argument("other")
@project_option
@user_errors
def merge(project: Project, keep: str, other: str) -> None:
    """Merge entity OTHER into KEEP (its names become aliases of KEEP)."""
    e = entity_merge(project, keep, other)
    click.echo(f"merged into {e.key}: {', '.join(e.names())}")


@entity.command("split")
@click.argument("key")
@click.argument("new_key")
@click.argument("names", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KINDS), default=None)
@project_option
@user_errors
def split(project: Project, key: str, new_key: str, names: tuple[str, ...], kind: str | None) -> None:
    """Move NAMES (aliases of KEY) to a new entity NEW_KEY."""
    e = entity_split(project, key, new_key, list(names), kind)
    click.echo(f"new entity {e.key}: {', '.join(e.names())}; run `presswatch entity relink`")


@entity.command("unlearn")
@click.argument("alias_id", type=int)
@project_option
@user_errors
def unlearn(project: Project, alias_id: int) -> None:
    """Undo learned alias ALIAS_ID (ids are shown by `presswatch entity NAME`)."""
    row = entity_unlearn(project, alias_id)
    click.echo(f"alias {row.alias!r} rejected; run `presswatch entity relink` to re-resolve mentions")


@entity.command("relink")
@project_option
@user_errors
def relink(project: Project) -> None:
    """Re-resolve every mention and quote with the current watchlist and aliases."""
    click.echo("re-resolving the mentions and quotes of every stored unit (batches of 500)...", err=True)
    with progress_bars() as progress:
        counts = entity_relink(project, progress=progress)
    click.echo(f"relinked: {format_counts(dict(counts))}")


commands = [entity]
