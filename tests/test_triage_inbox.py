"""Triage marks, the last-visit marker and the inbox, on a real ingested project."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from presswatch.api import inbox, last_visit, mark_visit, triage_marks, triage_units
from presswatch.project import Project
from presswatch.store.db import utcnow
from tests.workspace_pages import workspace_project


@pytest.fixture
def proj(tmp_path: Path) -> Project:
    return workspace_project(tmp_path)


def _units(page: object) -> list[int]:
    return [u.unit_id for g in page.groups for u in g.units]  # type: ignore[attr-defined]


def test_inbox_groups_by_page_with_details_and_filters(proj: Project) -> None:
    page = inbox(proj)
    assert page.total_pages == 5 and len(page.groups) == 5 and page.next_offset is None
    assert page.total_units == sum(len(g.units) for g in page.groups)
    titles = {g.title for g in page.groups}
    assert "Council approves water plan" in titles
    unit = next(u for g in page.groups for u in g.units if u.title == "Këshilli miraton planin e ujit")
    assert (unit.kind, unit.lang, unit.outlet, unit.date[:10]) == ("article", "sq", "Lugina Press", "2026-03-11")
    assert "Këshilli rajonal miratoi" in unit.excerpt
    assert all(u.kind != "boilerplate" for g in page.groups for u in g.units)
    only_sq = inbox(proj, lang="sq")
    assert {u.lang for g in only_sq.groups for u in g.units} == {"sq"} and only_sq.total_pages == 1
    by_source = inbox(proj, source="rivertimes.example")
    assert {g.title for g in by_source.groups} == {"Council approves water plan", "Protest planned in the capital"}
    assert inbox(proj, source="River Times").total_pages == 2
    assert inbox(proj, kind="teaser").total_units == 0
    # pagination by page group: stable, no group split, every page once
    first, second = inbox(proj, limit=2), inbox(proj, limit=2, offset=2)
    third = inbox(proj, limit=2, offset=4)
    seen = [g.page_id for p in (first, second, third) for g in p.groups]
    assert len(seen) == 5 == len(set(seen)) and first.next_offset == 2 and third.next_offset is None


def test_triage_marks_include_skip_star_and_filters(proj: Project) -> None:
    ids = _units(inbox(proj))
    a, b, c = ids[:3]
    marks = triage_units(proj, [a, b], "include")
    assert [m.decision for m in marks] == ["include", "include"]
    triage_units(proj, b, "skip")                  # replaces include
    triage_units(proj, b, "star")                  # the star sits beside the decision
    got = triage_marks(proj, [a, b, c])
    assert got[a].decision == "include" and not got[a].starred
    assert got[b].decision == "skip" and got[b].starred
    assert c not in got
    assert _units(inbox(proj, decision="include")) == [a]
    assert set(_units(inbox(proj, starred=True))) == {b}
    assert set(_units(inbox(proj, decision="undecided"))) == set(ids) - {a, b}
    triage_units(proj, b, "unstar")
    triage_units(proj, b, "clear")
    assert b not in triage_marks(proj, [b])
    with pytest.raises(ValueError, match="no unit 999999"):
        triage_units(proj, [a, 999999], "skip")
    assert triage_marks(proj, [a])[a].decision == "include"   # nothing changed by the failed call
    with pytest.raises(ValueError, match="unknown triage action"):
        triage_units(proj, a, "favourite")


def test_marks_survive_reprocessing_the_same_version(proj: Project) -> None:
    from presswatch.api import process

    ids = _units(inbox(proj))
    triage_units(proj, ids[0], "include")
    conn = proj.connect()
    try:
        conn.execute("UPDATE page_versions SET status = 'new'")
    finally:
        conn.close()
    process(proj)
    marked = inbox(proj, decision="include")
    assert marked.total_units == 1 and _units(marked)[0] != ids[0]   # new unit row, same part of the page


def test_last_visit_marker_limits_the_inbox_to_new_arrivals(proj: Project, tmp_path: Path) -> None:
    assert last_visit(proj) is None
    time.sleep(1.05)   # stored times have whole seconds: the visit falls after the ingest's second
    visit = mark_visit(proj)
    assert visit.previous is None and last_visit(proj) == visit
    assert inbox(proj).total_pages == 0           # nothing arrived since this visit
    assert inbox(proj, reader=None).total_pages == 5   # no reader: everything
    time.sleep(1.05)
    # a new page arrives after the visit
    new = tmp_path / "more"
    new.mkdir()
    from presswatch.api import ingest
    from tests.workspace_pages import page

    (new / "e.html").write_text(page("Bridge reopens", "Lea Dona", "Valley Voice", "2026-03-13",
                                     "https://valleyvoice.example/bridge",
                                     ["The old bridge over the river reopened on Friday after two years of repairs.",
                                      "Drivers will save half an hour on the way to the capital."]), encoding="utf-8")
    ingest(proj, [new], progress=False)
    fresh = inbox(proj)
    assert [g.title for g in fresh.groups] == ["Bridge reopens"]
    later = mark_visit(proj, at=utcnow())
    assert later.previous == visit.seen_at
    assert [g.title for g in inbox(proj, since=later.previous).groups] == ["Bridge reopens"]


def test_inbox_entity_filter(proj: Project) -> None:
    from presswatch.api import entity_add, process

    entity_add(proj, "ministry", "Ministry", kind="org")
    process(proj)
    from presswatch.api import entity_relink

    entity_relink(proj)
    titles = {g.title for g in inbox(proj, entity="ministry").groups}
    assert "Ministry delays the dam report" in titles and "Këshilli miraton planin e ujit" not in titles
    with pytest.raises(ValueError, match="no entity"):
        inbox(proj, entity="nobody-at-all")


def test_totals_beyond_the_count_cap_say_so_and_paging_goes_on(proj: Project,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    inbox_module = importlib.import_module("presswatch.triage.inbox")
    exact = inbox(proj, reader=None)
    assert not exact.capped and exact.total_pages == 5
    monkeypatch.setattr(inbox_module, "COUNT_CAP", 3)   # pages counted past the screen's offset
    first = inbox(proj, reader=None, limit=2)
    assert first.capped and first.total_pages == 3 and first.next_offset == 2
    assert first.total_units == sum(len(g.units) for g in exact.groups[:3])   # the units on the pages counted
    seen = [g.page_id for off in (0, 2, 4) for g in inbox(proj, reader=None, limit=2, offset=off).groups]
    assert seen == [g.page_id for g in exact.groups]                 # every page once, same order
    last = inbox(proj, reader=None, limit=2, offset=4)
    assert not last.capped and last.total_pages == 5 and last.next_offset is None
