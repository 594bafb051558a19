"""`presswatch reuse ID`: where a text also appears, who published it first, what it translates."""

from __future__ import annotations

import json
from typing import Any

import click

from presswatch.api import reuse_groups, show_reuse
from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project
from presswatch.reuse.report import first_published_line


def _place(item: dict[str, Any]) -> str:
    who = item.get("outlet") or "unknown outlet"
    date = (item.get("date") or "no date")[:10]
    title = f" \"{item['title']}\"" if item.get("title") else ""
    return f"{who}, {date}{title} — {item.get('url') or 'no URL'} (unit {item.get('unit_id')})"


def _print_unit(report: dict[str, Any]) -> None:
    unit = report["unit"]
    click.echo(f"unit {unit['unit_id']}: {_place(unit)} [{unit['lang']}]")
    also = report["also_at"]
    if also:
        click.echo(f"This text also appears at {len(also)} place(s), {first_published_line(report['first'])}"
                   f"{' (this one)' if report['is_first'] else ''}:")
        for item in also:
            score = f" {item['score']:.2f}" if item.get("score") is not None else ""
            click.echo(f"  {item['kind']}{score}: {_place(item)}")
    else:
        click.echo("No copies of this unit found in the archive.")
    if report["passage_copies"]:
        click.echo(f"Passages found elsewhere: {len(report['passage_copies'])}")
        for pid, copies in report["passage_copies"].items():
            places = "; ".join(_place(c) for c in copies[:3])
            more = f" and {len(copies) - 3} more" if len(copies) > 3 else ""
            click.echo(f"  passage {pid}: {copies[0]['kind']} at {places}{more}")
    for tr in report["translations"]:
        verb = "translates" if tr["direction"] == "translates" else "is translated by"
        via = f" (through unit {tr['via']}, the same text)" if tr.get("via") else ""
        click.echo(f"It {verb} [{tr['lang']}] {_place(tr)}, score {tr['score']:.2f}{via}")
    if not report["translations"]:
        click.echo("No translations found.")


def _print_groups(groups: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(groups, ensure_ascii=False, indent=2))
        return
    if not groups:
        click.echo("No reused texts found: no page shares a text or a passage with another page "
                   "(pages are compared when `presswatch ingest` or `presswatch process` runs).")
    for g in groups:
        first = g["first"]
        if g.get("kind") == "passage":
            text = " ".join((g.get("text") or "").split())
            text = text if len(text) <= 90 else text[:87] + "..."
            click.echo(f"Passage on {len(g['copies']) + 1} pages, {first_published_line(first)} "
                       f"({_place(first)}): \"{text}\"")
            for c in g["copies"]:
                click.echo(f"  {_place(c)}")
            continue
        line = first_published_line(first)
        click.echo(f"{line[:1].upper()}{line[1:]} ({_place(first)}); "
                   f"{len(g['copies'])} later {'copy' if len(g['copies']) == 1 else 'copies'}:")
        for c in g["copies"]:
            click.echo(f"  {_place(c)}")


@click.command("reuse")
@click.argument("ref", metavar="ID", required=False)
@click.option("--groups", "list_groups", is_flag=True, help="List every reused text: first publisher and copies.")
@click.option("--limit", type=int, default=20, show_default=True, help="With --groups: how many groups.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@project_option
@user_errors
def reuse(project: Project, ref: str | None, list_groups: bool, limit: int, as_json: bool) -> None:
    """Show where a unit's (or passage's) text also appears and what it translates.

    ID is unit:N, passage:N or a bare unit number. Copies are found by `presswatch process`
    (reuse and translation stages); the earliest dated copy is named as the first publisher.
    With --groups (no ID), list the reused texts of the archive, the most copied first.
    """
    if list_groups:
        _print_groups([g.as_dict() for g in reuse_groups(project, limit)], as_json)
        return
    if ref is None:
        raise click.UsageError("give a unit or passage ID (e.g. `presswatch reuse unit:12`), or --groups")
    report = show_reuse(project, ref).as_dict()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if "passage" in report and "passage_copies" not in report:
        click.echo(f"passage {report['passage']} in {_place(report['unit'])}")
        if report["also_at"]:
            click.echo(f"Also appears at {len(report['also_at'])} place(s), {first_published_line(report['first'])}:")
            for c in report["also_at"]:
                click.echo(f"  {c['kind']} {c['score']:.2f}: {_place(c)}")
        else:
            click.echo("No copies of this passage found in the archive.")
        return
    _print_unit(report)


commands = [reuse]
