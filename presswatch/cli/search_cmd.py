"""`presswatch search`: matching units (or with --passages, single passages), ranked, with snippets."""

from __future__ import annotations

import json

import click

from presswatch.api import search as search_api
from presswatch.api import search_units
from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project
from presswatch.search.snippets import Snippet


@click.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--lang", default=None, metavar="CODES", help="Only passages in these languages (ISO 639-1, comma-separated: en,sq,fa).")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only pages published (else fetched) on or after this date.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Only pages published (else fetched) on or before this date.")
@click.option("--source", default=None, metavar="TEXT", help="Only this outlet name, URL host (substring of the URL) or file path substring.")
@click.option("--limit", default=None, type=click.IntRange(1, 1000), help="How many hits (default: [search] default_limit).")
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many hits (paging).")
@click.option("--all-versions", is_flag=True, help="Also search older versions of changed pages (default: newest only).")
@click.option("--include-boilerplate", is_flag=True, help="Also search units marked as boilerplate (menus, related posts).")
@click.option("--kind", default=None, metavar="KINDS", help="Only units of these kinds (article,teaser,translation,digest_item).")
@click.option("--passages", is_flag=True, help="Rank single passages (all words in one passage) instead of units.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one hit per line (highlights as offsets and <mark> HTML).")
@project_option
@user_errors
def search(project: Project, query: tuple[str, ...], lang: str | None, since: str | None, until: str | None,
           source: str | None, limit: int | None, offset: int, all_versions: bool, include_boilerplate: bool,
           kind: str | None, passages: bool, as_json: bool) -> None:
    """Search the archive, best first: each article (or teaser, translation) once, its words found
    anywhere in it, with the passages that match and the total. Albanian word forms match each
    other (kryeministri / kryeministrit / kryeministër). --passages ranks single passages instead
    (implied by --all-versions and --include-boilerplate).

    \b
    QUERY syntax:
      word word         both words (in any order)
      "exact phrase"    the words next to each other
      word OR word      either word
      -word  -"phrase"  leave out units (with --passages: passages) with it
      prefix*           words starting with it
    Matching ignores case, Albanian diacritics (ë/e, ç/c) and Persian/Arabic letter variants
    (ي/ی, ك/ک, ة/ه, ZWNJ, harakat, tatweel, Persian digits): type it either way.

    \b
    Examples:
      presswatch search Kuvendi --lang sq --since 2024-01-01
      presswatch search energy OR gas -Russia --source example.org --json
      presswatch search '"buxheti i ri"' --limit 5
    """
    text = " ".join(query)
    if limit is None:
        limit = int(project.config.get("search.default_limit", 20))
    if not (passages or all_versions or include_boilerplate):
        _units(project, text, lang, since, until, source, kind, limit, offset, as_json)
        return
    hits = search_api(project, text, lang=lang, since=since, until=until, source=source, limit=limit,
                      offset=offset, all_versions=all_versions, include_boilerplate=include_boilerplate)
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no passages match {text!r}"
                   + (" with these filters; try without --lang/--since/--until/--source" if
                      (lang or since or until or source) else "; try fewer words or OR"), err=True)
        return
    for hit in hits:
        where = hit.outlet or hit.url or hit.path or f"page {hit.page_id}"
        day = (hit.date or "")[:10]
        kind = "" if hit.kind == "article" else f" ({hit.kind})"
        head = f"{hit.rank:>3}. [{hit.lang}]{kind} {hit.title or '(untitled)'} — {where}" + (f" — {day}" if day else "")
        head += f" (and {len(hit.copies)} {'copy' if len(hit.copies) == 1 else 'copies'})" if hit.copies else ""
        click.echo(click.style(head, bold=True))
        marked = Snippet(hit.snippet, hit.highlights).marked()
        click.echo(f"     {marked}")
        click.echo(click.style(f"     score {hit.score:.2f}  unit {hit.unit_id}  passage {hit.passage_id}  "
                               f"{hit.url or hit.path or ''}",
                               dim=True))


def _units(project: Project, text: str, lang: str | None, since: str | None, until: str | None,
           source: str | None, kind: str | None, limit: int, offset: int, as_json: bool) -> None:
    result = search_units(project, text, lang=lang, since=since, until=until, source=source, kind=kind,
                          limit=limit, offset=offset)
    if as_json:
        for hit in result.hits:
            click.echo(json.dumps({**hit.to_dict(), "total": result.total, "capped": result.capped},
                                  ensure_ascii=False))
        return
    if not result.hits:
        click.echo(f"no units match {text!r}"
                   + (" with these filters; try without --lang/--since/--until/--source/--kind" if
                      (lang or since or until or source or kind) else "; try fewer words or OR")
                   + (f" (there are {result.total} in all; lower --offset)" if result.total else ""), err=True)
        return
    last = result.offset + len(result.hits)
    count = (f"{result.total:,}+ units match (a capped count)" if result.capped
             else f"{result.total} {'unit matches' if result.total == 1 else 'units match'}")
    click.echo(f"{count}; "
               f"{result.offset + 1}–{last} shown" + (f" (next: --offset {last})" if result.next_offset else ""))
    for hit in result.hits:
        where = hit.outlet or hit.url or hit.path or f"page {hit.page_id}"
        day = (hit.date or "")[:10]
        kind_label = "" if hit.kind == "article" else f" ({hit.kind})"
        head = f"{hit.rank:>3}. [{hit.lang}]{kind_label} {hit.title or '(untitled)'} — {where}" + (f" — {day}" if day else "")
        head += f" (and {len(hit.copies)} {'copy' if len(hit.copies) == 1 else 'copies'})" if hit.copies else ""
        click.echo(click.style(head, bold=True))
        for match in hit.passages:
            click.echo(f"     {Snippet(match.snippet, match.highlights).marked()}")
        click.echo(click.style(f"     score {hit.score:.2f}  unit {hit.unit_id}  {hit.url or hit.path or ''}",
                               dim=True))


commands = [search]
