"""The digest workflow on a real project: draft pre-filled from the period and triage, edits saved with
history, approval into an immutable numbered issue, a new draft from an issue."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from presswatch.api import (
    DigestLocked,
    StaleEdit,
    add_item,
    approve_digest,
    create_draft,
    digest_history,
    draft_from_issue,
    drop_item,
    edit_item,
    edit_item_texts,
    get_digest,
    get_issue,
    inbox,
    item_backing,
    list_digests,
    merge_items,
    move_item,
    reorder_items,
    resolve_period,
    restore_item,
    search,
    set_digest_texts,
    set_introduction,
    set_item_note,
    set_title,
    triage_units,
)
from presswatch.project import Project
from tests.workspace_pages import workspace_project


@pytest.fixture
def proj(tmp_path: Path) -> Project:
    return workspace_project(tmp_path)


def _unit(proj: Project, title: str) -> int:
    return next(u.unit_id for g in inbox(proj, reader=None).groups for u in g.units if u.title == title)


def test_period_rule() -> None:
    assert resolve_period("2026-03-09") == ("2026-03-09", "2026-03-15")          # --from alone: a week
    assert resolve_period(None, "2026-03-15") == ("2026-03-09", "2026-03-15")
    assert resolve_period(today=date(2026, 3, 15)) == ("2026-03-09", "2026-03-15")
    assert resolve_period("2026-03-09", "2026-03-09") == ("2026-03-09", "2026-03-09")
    with pytest.raises(ValueError, match="swap"):
        resolve_period("2026-03-10", "2026-03-01")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolve_period("next monday")


def test_draft_prefilled_from_period_and_triage(proj: Project) -> None:
    skipped, late = _unit(proj, "Farmers fear for the river"), _unit(proj, "Protest planned in the capital")
    triage_units(proj, skipped, "skip")
    triage_units(proj, late, "include")           # outside the period, but the editor chose it
    draft = create_draft(proj, "2026-03-09")
    assert (draft.period_from, draft.period_to, draft.status) == ("2026-03-09", "2026-03-15", "draft")
    titles = [i.title for i in draft.items]
    assert "Farmers fear for the river" not in titles and draft.left_out.get("skipped") == 1
    assert {"Council approves water plan", "Ministry delays the dam report", "Protest planned in the capital",
            "Këshilli miraton planin e ujit"} <= set(titles)
    assert [i.ordinal for i in draft.items] == list(range(len(draft.items)))
    assert digest_history(proj, draft.id or 0)[0].action == "create"
    backing = item_backing(proj, draft.items[0].id or 0)
    assert backing.units[0].role == "item" and backing.units[0].unit_id == draft.items[0].unit_id
    assert backing.units[0].passages and backing.lead_found


def test_a_text_edit_made_on_a_stale_view_of_its_field_is_refused(proj: Project) -> None:
    draft = create_draft(proj, "2026-03-09")
    first, second = (i.id or 0 for i in draft.items[:2])
    seen = next(i for i in draft.items if i.id == first)
    # another editor changes the lead; an edit based on the old lead is refused and theirs is kept
    edit_item(proj, first, lead="Their lead.")
    with pytest.raises(StaleEdit, match="changed elsewhere"):
        edit_item(proj, first, lead="My lead.", bases={"lead": [seen.lead]})
    assert next(i for i in get_digest(proj, draft.id or 0).items if i.id == first).lead == "Their lead."
    # a base among those sent (one still in flight) matches, as does one differing only in spacing
    d = edit_item(proj, first, lead="My lead.", bases={"lead": [seen.lead, "  Their   lead. "]})
    assert next(i for i in d.items if i.id == first).lead == "My lead."
    # the same text again never conflicts, and other fields and items are not affected by that change
    edit_item(proj, first, lead="My lead.", bases={"lead": ["something else"]})
    d = set_item_note(proj, first, "A note.", bases=[""])
    other = next(i for i in d.items if i.id == second)
    d = edit_item(proj, second, title="Their title")
    with pytest.raises(StaleEdit):
        edit_item(proj, second, title="Mine", bases={"title": [other.title or ""]})
    with pytest.raises(StaleEdit):
        set_item_note(proj, first, "Another note.", bases=[""])
    with pytest.raises(ValueError, match="not changed"):
        edit_item(proj, first, lead="x", bases={"title": ["y"]})
    # the digest's own title and introduction
    set_title(proj, draft.id or 0, "Their week")
    with pytest.raises(StaleEdit):
        set_title(proj, draft.id or 0, "My week", bases=[draft.title])
    set_introduction(proj, draft.id or 0, "Intro.", bases=[draft.introduction or ""])
    with pytest.raises(StaleEdit):
        set_introduction(proj, draft.id or 0, "Other intro.", bases=[draft.introduction or ""])
    assert get_digest(proj, draft.id or 0).title == "Their week"


def test_several_fields_with_bases_are_saved_all_or_none(proj: Project) -> None:
    draft = create_draft(proj, "2026-03-09")
    item = draft.items[0]
    first = item.id or 0
    # the note was changed elsewhere: the title, lead and note sent with it are all refused
    set_item_note(proj, first, "Their note.")
    with pytest.raises(StaleEdit, match="note"):
        edit_item_texts(proj, first, title="My title", lead="My lead.", note="My note.",
                        bases={"title": [item.title or ""], "lead": [item.lead], "note": [""]})
    now = next(i for i in get_digest(proj, draft.id or 0).items if i.id == first)
    assert (now.title, now.lead, now.editor_note) == (item.title, item.lead, "Their note.")
    # with the bases the page saw, all three are written: one revision, one history entry per part
    before = get_digest(proj, draft.id or 0)
    d = edit_item_texts(proj, first, title="My title", lead="My lead.", note="My note.",
                        bases={"title": [item.title or ""], "lead": [item.lead], "note": ["Their note."]})
    now = next(i for i in d.items if i.id == first)
    assert (now.title, now.lead, now.editor_note, now.status) == ("My title", "My lead.", "My note.", "edited")
    assert d.revision == before.revision + 1
    assert [e.action for e in digest_history(proj, draft.id or 0)[-2:]] == ["edit", "note"]
    with pytest.raises(ValueError, match="not changed: note"):
        edit_item_texts(proj, first, title="x", bases={"note": ["y"]})
    # the digest's title and introduction alike
    set_introduction(proj, draft.id or 0, "Their intro.")
    with pytest.raises(StaleEdit, match="introduction"):
        set_digest_texts(proj, draft.id or 0, title="My week", introduction="My intro.",
                         bases={"title": [draft.title], "introduction": [draft.introduction or ""]})
    assert (get_digest(proj, draft.id or 0).title, get_digest(proj, draft.id or 0).introduction) == \
        (draft.title, "Their intro.")
    d = set_digest_texts(proj, draft.id or 0, title="My week", introduction="My intro.",
                         bases={"title": [draft.title], "introduction": ["Their intro."]})
    assert (d.title, d.introduction) == ("My week", "My intro.")


def test_edits_are_saved_with_history_and_stale_edits_refused(proj: Project) -> None:
    draft = create_draft(proj, "2026-03-09")
    first, second, third = (i.id or 0 for i in draft.items[:3])
    d = edit_item(proj, first, lead="The council said yes to the water plan.", title="Water plan: yes")
    item = next(i for i in d.items if i.id == first)
    assert (item.lead, item.title, item.status) == ("The council said yes to the water plan.", "Water plan: yes",
                                                     "edited")
    assert d.revision == draft.revision + 1
    with pytest.raises(StaleEdit):
        set_item_note(proj, first, "late", revision=draft.revision)
    d = set_item_note(proj, first, "Read with the ministry's reply.", revision=d.revision)
    d = set_introduction(proj, draft.id or 0, "A week about water.\n\nAnd a dam.")
    d = move_item(proj, third, 0)
    assert [i.id for i in sorted(d.items, key=lambda i: i.ordinal)][0] == third
    order = [i.id or 0 for i in sorted(d.items, key=lambda i: i.ordinal)]
    d = reorder_items(proj, draft.id or 0, list(reversed(order)))
    assert [i.id for i in sorted(d.items, key=lambda i: i.ordinal)] == list(reversed(order))
    with pytest.raises(ValueError, match="each of the digest"):
        reorder_items(proj, draft.id or 0, order[:-1])
    d = drop_item(proj, second)
    assert second not in {i.id for i in d.visible_items()}
    d = restore_item(proj, second)
    assert second in {i.id for i in d.visible_items()}
    d = merge_items(proj, first, [second])
    assert second not in {i.id for i in d.items}
    kept = next(i for i in d.items if i.id == first)
    assert any(a["kind"] == "merged" for a in kept.also)
    # reload from the archive: everything was saved as it was made
    again = get_digest(proj, draft.id or 0)
    assert again.introduction == "A week about water.\n\nAnd a dam." and again.revision == d.revision
    actions = [e.action for e in digest_history(proj, draft.id or 0)]
    assert actions == ["create", "edit", "note", "intro", "move", "reorder", "drop", "restore", "merge"]
    merge = digest_history(proj, draft.id or 0)[-1]
    assert merge.before["removed"][0]["id"] == second        # the removed item is kept whole in the history
    # the editor page lists only the latest changes, still oldest first
    assert [e.action for e in digest_history(proj, draft.id or 0, last=3)] == ["drop", "restore", "merge"]


def test_add_from_search_hit_then_approve_into_immutable_numbered_issue(proj: Project) -> None:
    draft = create_draft(proj, "2026-03-09")
    hit = search(proj, "protest capital")[0]
    d = add_item(proj, draft.id or 0, hit.unit_id, passage_id=hit.passage_id)
    added = next(i for i in d.items if i.unit_id == hit.unit_id)
    assert added.title == "Protest planned in the capital" and added.lead
    with pytest.raises(ValueError, match="already item"):
        add_item(proj, draft.id or 0, hit.unit_id)
    issue = approve_digest(proj, draft.id or 0)
    assert (issue.status, issue.number) == ("approved", 1) and issue.approved_at
    assert get_issue(proj, 1).id == draft.id
    for change in (lambda: edit_item(proj, added.id or 0, title="x"),
                   lambda: drop_item(proj, added.id or 0),
                   lambda: set_introduction(proj, draft.id or 0, "x"),
                   lambda: approve_digest(proj, draft.id or 0)):
        with pytest.raises(DigestLocked, match="new draft"):
            change()
    conn = proj.connect()
    try:   # the database itself refuses, whatever code tries
        with pytest.raises(sqlite3.IntegrityError, match="cannot be edited"):
            conn.execute("UPDATE digest_items SET lead = 'x' WHERE id = ?", (added.id,))
        with pytest.raises(sqlite3.IntegrityError, match="cannot be edited"):
            conn.execute("UPDATE digests SET title = 'x' WHERE id = ?", (draft.id,))
    finally:
        conn.close()
    # a unit in an approved issue is not offered again; a new draft can start from the issue
    nxt = create_draft(proj, "2026-03-09")
    assert not {i.unit_id for i in nxt.items} & {i.unit_id for i in issue.visible_items()}
    assert nxt.left_out.get("already_published", 0) >= 1
    copy = draft_from_issue(proj, draft.id or 0)
    assert copy.status == "draft" and copy.based_on == draft.id and len(copy.items) == len(issue.items)
    edit_item(proj, copy.items[0].id or 0, title="Corrected")
    second = approve_digest(proj, copy.id or 0)
    assert second.number == 2 and get_issue(proj, 1).items[0].title != "Corrected"
    listed = list_digests(proj)
    assert [s.id for s in listed][:2] == [copy.id, nxt.id]          # newest first
    assert [s.number for s in list_digests(proj, status="approved")] == [2, 1]


def test_empty_draft_cannot_be_approved(proj: Project) -> None:
    draft = create_draft(proj, "2020-01-01")
    assert not draft.items
    with pytest.raises(DigestLocked, match="no items"):
        approve_digest(proj, draft.id or 0)


def test_cli_list_show_edit_approve(proj: Project) -> None:
    from click.testing import CliRunner

    from presswatch.cli import cli

    run = CliRunner()
    base = ["--project", str(proj.root), "digest"]
    res = run.invoke(cli, [*base, "--help"])
    assert res.exit_code == 0 and "approve" in res.output and "--from alone means" in res.output
    res = run.invoke(cli, [*base, "--from", "2026-03-09", "-o", str(proj.root / "d.md")])
    assert res.exit_code == 0, res.output
    assert "stored as draft #1" in res.output and "2026-03-09 to 2026-03-15" in res.output
    res = run.invoke(cli, [*base, "list"])
    assert res.exit_code == 0 and "draft" in res.output and "2026-03-09 – 2026-03-15" in res.output
    d = get_digest(proj, 1)
    item = d.items[0].id
    res = run.invoke(cli, [*base, "edit", "1", "--item", str(item), "--lead", "A new lead sentence.",
                           "--note", "Check the figures."])
    assert res.exit_code == 0, res.output
    res = run.invoke(cli, [*base, "edit", "1", "--lead", "no item given"])
    assert res.exit_code != 0 and "--item" in res.output
    res = run.invoke(cli, [*base, "show", "1"])
    assert f"[{item}]" in res.output and "new lead sentence." in res.output and "note: Check the figures." in res.output
    res = run.invoke(cli, [*base, "show", "1", "--history"])
    assert "create" in res.output and "edit item" in res.output and "note item" in res.output
    res = run.invoke(cli, [*base, "approve", "1"])
    assert res.exit_code == 0 and "issue #1" in res.output
    res = run.invoke(cli, [*base, "edit", "1", "--item", str(item), "--drop"])
    assert res.exit_code != 0 and "new draft" in res.output
    res = run.invoke(cli, [*base, "edit", "1", "--issue", "--new-draft"])
    assert res.exit_code == 0 and "new draft 2" in res.output
    res = run.invoke(cli, [*base, "show", "99"])
    assert res.exit_code != 0 and "digest list" in res.output
