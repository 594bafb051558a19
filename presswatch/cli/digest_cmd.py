"""`presswatch digest`: draft a digest for a period, then list, show, edit, approve and publish it."""

from __future__ import annotations

from pathlib import Path

import click

from presswatch import api
from presswatch.cli.common import USER_ERRORS, project_option, user_errors
from presswatch.digest.model import Digest
from presswatch.digest.publish.service import FORMATS
from presswatch.digest.publish.smtp import DeliveryError
from presswatch.digest.wording import attribution, byline
from presswatch.project import Project

WORKFLOW = """Write a digest of the articles dated in a period, grouped by language.

Without a subcommand: make a draft for the period and write it out. Each item has its title,
byline, outlet, date, two lead sentences attributed to the author and outlet ("<author> writes in
<outlet> that …") and a link to the source (its URL, else a file:// link to the stored file).
Articles without a date count on the day they were fetched. The draft starts from the period's
articles plus the units triaged "include" (minus those triaged "skip" and those already in an
approved issue) and is stored for the editor unless --no-save.

\b
The workflow:
  presswatch digest --from 2026-03-09           draft the week from that day (-o FILE to write it)
  presswatch digest list                        drafts and approved issues
  presswatch digest show 4                      the items with their ids (--history: every edit)
  presswatch digest edit 4 --item 17 --lead "…" edit, --note, --drop, --move N, --merge 18 …
  presswatch digest approve 4                   draft 4 becomes issue #N and never changes again
  presswatch digest publish 1 -o out/           issue #1 as HTML, Markdown, .eml and the feeds
  presswatch digest edit 4 --new-draft          a new draft from an issue, to correct it

--from alone means the week starting that day, --to alone the week ending that day, neither the
last 7 days. Example: presswatch digest --from 2026-03-09 --to 2026-03-15 --format html -o digest.html
"""


@click.group("digest", invoke_without_command=True, help=WORKFLOW)
@click.option("--from", "date_from", default=None, metavar="DATE",
              help="First day of the period, YYYY-MM-DD (default: 6 days before --to).")
@click.option("--to", "date_to", default=None, metavar="DATE",
              help="Last day, inclusive (default: 6 days after --from, else today).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default=None,
              help="Output format (default: from the file name, .html → html, else md).")
@click.option("-o", "--output", default="-", metavar="FILE", show_default=True,
              help="Where to write the digest; '-' for standard output.")
@click.option("--title", default=None, help="Digest title (default: [digest] title in the settings).")
@click.option("--no-save", is_flag=True, help="Do not store the draft in the archive (preview only).")
@click.option("--project", "project_dir", default=None, metavar="DIR",
              help="Project folder (default: $PRESSWATCH_PROJECT, else the current folder).")
@click.pass_context
def digest(ctx: click.Context, date_from: str | None, date_to: str | None, fmt: str | None, output: str,
           title: str | None, no_save: bool, project_dir: str | None) -> None:
    ctx.ensure_object(dict)
    if project_dir:
        ctx.obj["project"] = project_dir
    if ctx.invoked_subcommand is None:
        try:
            project = Project.open(ctx.obj.get("project"))
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        _draft(project, date_from, date_to, fmt, output, title, no_save)


@user_errors
def _draft(project: Project, date_from: str | None, date_to: str | None, fmt: str | None, output: str,
           title: str | None, no_save: bool) -> None:
    result = api.make_digest(project, output, date_from=date_from, date_to=date_to, fmt=fmt, title=title,
                             save=not no_save)
    d = result.digest
    if result.path is None:
        click.echo(result.text, nl=False)
        return
    sections = ", ".join(f"{code} {len(items)}" for code, items in d.sections()) or "none"
    click.echo(f"digest {d.period_from} to {d.period_to}: {len(d.items)} articles ({sections})")
    if d.left_out:
        click.echo("  left out: " + ", ".join(f"{k} {v}" for k, v in sorted(d.left_out.items()))
                   + " (copy: listed under the original; no_lead: no sentence of prose; skipped: triaged skip;"
                     " already_published: in an approved issue; undated: the page states no date, triage it include in"
                     " the inbox to list it)")
    click.echo(f"  written to {result.path} ({result.fmt})")
    if d.id is not None:
        click.echo(f"  stored as draft #{d.id}; review it with `presswatch digest show {d.id}`")
    if not d.items:
        click.echo("  no articles in this period; check the dates with `presswatch status` or widen --from/--to",
                   err=True)


def _resolve(project: Project, ident: int, issue: bool) -> Digest:
    return api.get_issue(project, ident) if issue else api.get_digest(project, ident)


@digest.command("list")
@click.option("--drafts", "status", flag_value="draft", help="Only drafts.")
@click.option("--approved", "status", flag_value="approved", help="Only approved issues.")
@click.option("--limit", default=50, show_default=True, help="At most this many, newest first.")
@project_option
@user_errors
def list_cmd(project: Project, status: str | None, limit: int) -> None:
    """Drafts and approved issues, newest first."""
    rows = api.list_digests(project, status=status, limit=limit)
    if not rows:
        click.echo("no digests yet; `presswatch digest --from YYYY-MM-DD` drafts one")
    for s in rows:
        label = f"issue #{s.number}" if s.number else s.status
        click.echo(f"{s.id:>4}  {label:<10} {s.period_from} – {s.period_to}  {s.items:>3} items  {s.title}"
                   + (f"  (from digest {s.based_on})" if s.based_on else ""))


@digest.command("show")
@click.argument("ident", type=int, metavar="ID")
@click.option("--issue", is_flag=True, help="ID is an issue number, not a digest id.")
@click.option("--history", is_flag=True, help="Show every recorded edit instead of the items.")
@project_option
@user_errors
def show_cmd(project: Project, ident: int, issue: bool, history: bool) -> None:
    """One digest: its items with their ids and status (the ids `digest edit` takes)."""
    d = _resolve(project, ident, issue)
    if history:
        for e in api.digest_history(project, d.id or 0):
            target = f" item {e.item_id}" if e.item_id else ""
            click.echo(f"{e.at}  {e.action}{target}  {e.before if e.before is not None else ''}"
                       f"{' → ' if e.before is not None else ''}{e.after if e.after is not None else ''}")
        return
    label = f"issue #{d.number}, approved {d.approved_at}" if d.number else f"{d.status}, revision {d.revision}"
    click.echo(f"digest {d.id}: {d.title} ({d.period_from} – {d.period_to}; {label})")
    if d.introduction:
        click.echo("introduction: " + d.introduction.replace("\n", " / "))
    for item in sorted(d.items, key=lambda i: i.ordinal):
        mark = "dropped" if item.status == "rejected" else item.status
        click.echo(f"  [{item.id}] {item.section} {mark:<8} {item.title or '(untitled)'} — {byline(item)}")
        click.echo(f"        {attribution(item)}")
        if item.editor_note:
            click.echo(f"        note: {item.editor_note}")
        for also in item.also:
            click.echo(f"        also ({also.get('kind')}): {also.get('outlet') or also.get('title')} {also.get('url') or ''}")


@digest.command("edit")
@click.argument("ident", type=int, metavar="ID")
@click.option("--item", "item_id", type=int, default=None, help="The item to change (ids from `digest show`).")
@click.option("--title", default=None, help="New title (of the item with --item, else of the digest).")
@click.option("--lead", default=None, help="New lead text of the item.")
@click.option("--note", default=None, help="Editor's note under the item ('' removes it).")
@click.option("--drop", is_flag=True, help="Leave the item out.")
@click.option("--restore", is_flag=True, help="Bring a dropped item back.")
@click.option("--move", "position", type=int, default=None, help="Move the item to this position (0 = first).")
@click.option("--merge", "merge", type=int, multiple=True, help="Merge this item into --item (repeatable).")
@click.option("--add", "unit_id", type=int, default=None, help="Add an item for this unit id (from search).")
@click.option("--passage", "passage_id", type=int, default=None, help="With --add: the lead from this passage.")
@click.option("--intro", default=None, help="The digest's introduction.")
@click.option("--intro-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Read the introduction from this file.")
@click.option("--new-draft", is_flag=True, help="Start a new draft from digest (or issue) ID instead.")
@click.option("--issue", is_flag=True, help="ID is an issue number, not a digest id.")
@project_option
@user_errors
def edit_cmd(project: Project, ident: int, item_id: int | None, title: str | None, lead: str | None,
             note: str | None, drop: bool, restore: bool, position: int | None, merge: tuple[int, ...],
             unit_id: int | None, passage_id: int | None, intro: str | None, intro_file: Path | None,
             new_draft: bool, issue: bool) -> None:
    """Change a draft; every change is saved at once and recorded in its history."""
    d = _resolve(project, ident, issue)
    digest_id = d.id or 0
    if new_draft:
        copy = api.draft_from_issue(project, digest_id)
        click.echo(f"new draft {copy.id} from digest {digest_id}"
                   + (f" (issue #{d.number})" if d.number else "") + f"; edit it with `presswatch digest edit {copy.id}`")
        return
    done: list[str] = []
    if item_id is not None:
        if title is not None or lead is not None:
            api.edit_item(project, item_id, title=title, lead=lead)
            done.append("text")
        if note is not None:
            api.set_item_note(project, item_id, note)
            done.append("note")
        if drop:
            api.drop_item(project, item_id)
            done.append("dropped")
        if restore:
            api.restore_item(project, item_id)
            done.append("restored")
        if position is not None:
            api.move_item(project, item_id, position)
            done.append(f"moved to {position}")
        if merge:
            api.merge_items(project, item_id, list(merge))
            done.append(f"merged {', '.join(map(str, merge))}")
    elif title is not None:
        api.set_title(project, digest_id, title)
        done.append("title")
    if lead is not None or note is not None or drop or restore or position is not None or merge:
        if item_id is None:
            raise click.UsageError("--lead, --note, --drop, --restore, --move and --merge need --item ID")
    if unit_id is not None:
        api.add_item(project, digest_id, unit_id, passage_id=passage_id)
        done.append(f"added unit {unit_id}")
    if intro_file is not None:
        intro = intro_file.read_text(encoding="utf-8")
    if intro is not None:
        api.set_introduction(project, digest_id, intro)
        done.append("introduction")
    if not done:
        raise click.UsageError("nothing to change; see `presswatch digest edit --help`")
    now = api.get_digest(project, digest_id)
    click.echo(f"digest {digest_id}: {', '.join(done)} (revision {now.revision}, {len(now.visible_items())} items)")


@digest.command("approve")
@click.argument("ident", type=int, metavar="ID")
@project_option
@user_errors
def approve_cmd(project: Project, ident: int) -> None:
    """Approve draft ID: it becomes the next numbered issue and can no longer change."""
    issue = api.approve_digest(project, ident)
    click.echo(f"digest {ident} approved as issue #{issue.number} ({len(issue.visible_items())} items); "
               f"publish it with `presswatch digest publish {issue.number}`")


@digest.command("publish")
@click.argument("number", type=int, metavar="ISSUE")
@click.option("-o", "--out", "out_dir", default=None, metavar="DIR",
              help="Folder for the files (default: [publish] out_dir, 'published' in the project).")
@click.option("--format", "formats", multiple=True, type=click.Choice(list(FORMATS)),
              help="Only these forms (repeatable; default: all of html, md, eml, atom, rss).")
@click.option("--send", is_flag=True, help="Also send the email through [publish] smtp_host to [publish] to.")
@project_option
@user_errors
def publish_cmd(project: Project, number: int, out_dir: str | None, formats: tuple[str, ...], send: bool) -> None:
    """Publish approved issue ISSUE: issue-NNNN.html (a standalone page), .md, .eml (multipart email with
    a plain-text alternative), and feed.atom / feed.rss of all approved issues, full content.

    Publishing again writes byte-identical files. SMTP login comes from PRESSWATCH_SMTP_USER and
    PRESSWATCH_SMTP_PASSWORD.
    """
    try:
        result = api.publish_issue(project, number, out_dir=out_dir, formats=formats or FORMATS, send_mail=send)
    except DeliveryError as exc:
        raise click.ClickException(str(exc)) from exc
    for f in result.files:
        click.echo(f"{f.format:<5} {f.path}  {'written' if f.changed else 'unchanged'}  sha256 {f.sha256[:12]}")
    if result.sent_to:
        click.echo(f"sent to {', '.join(result.sent_to)}")


commands = [digest]
