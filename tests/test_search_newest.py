"""A query without filters that matches more than ``rank_newest`` units ranks the newest that many
(``[search] rank_newest``): the same scores and order as the whole ranking restricted to those units,
the same total, the same walk for the search page's hits and facets, page 2 continuing page 1, every
unit ranked as soon as a filter is set, and the faces saying so."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from presswatch.project import Project
from presswatch.search import search_units
from presswatch.search.facets import search_with_facets
from presswatch.search.query import parse_query
from presswatch.search.units import rank_floor, unit_expression
from tests.test_search_units import FILLER, add_page

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = 14


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project.init(tmp_path_factory.mktemp("newest") / "p")
    for i in range(PAGES):
        # how often "harbour" comes and how long the text is vary (BM25 differs), and not with the id
        times = 1 + (i * 5) % 4
        add_page(project, f"https://port{i % 3}.example/{i}", [("article", "en" if i % 2 else "sq", f"Report {i}", [
            " ".join(["The harbour was busy."] * times) + f" Ship {i} came in.", FILLER * (1 + i % 3)])],
            outlet=f"Outlet {i % 3}")
    return project


def ids(hits: list[object]) -> list[int]:
    return [int(h.unit_id) for h in hits]   # type: ignore[attr-defined]


def test_the_newest_matches_are_ranked_as_the_whole_ranking_ranks_them(project: Project) -> None:
    conn = project.connect()
    try:
        everything = search_units(conn, "harbour", limit=50, rank_newest=0)
        assert len(everything.hits) == PAGES and everything.ranked_newest is None
        newest = sorted(ids(everything.hits))[-5:]
        bounded = search_units(conn, "harbour", limit=50, rank_newest=5)
        assert bounded.ranked_newest == 5
        # the same order and the same scores as the whole ranking, restricted to the newest five
        assert ids(bounded.hits) == [i for i in ids(everything.hits) if i in newest]
        scores = {h.unit_id: h.score for h in everything.hits}
        assert all(h.score == scores[h.unit_id] for h in bounded.hits)
        assert (bounded.total, bounded.capped) == (everything.total, everything.capped) == (PAGES, False)
        # and the whole ranking does leave better units out here (the test can tell the two apart)
        assert ids(everything.hits)[:5] != ids(bounded.hits)
        # exactly as many as the bound match: nothing is left out, nothing is said
        assert search_units(conn, "harbour", limit=50, rank_newest=PAGES).ranked_newest is None
        expr = unit_expression(parse_query("harbour"))
        assert rank_floor(conn, expr, PAGES) is None and rank_floor(conn, expr, 0) is None
        assert rank_floor(conn, expr, PAGES - 1) == sorted(ids(everything.hits))[1]
        # pages: the second continues the first
        first = search_units(conn, "harbour", limit=2, rank_newest=5)
        second = search_units(conn, "harbour", limit=2, offset=2, rank_newest=5)
        assert ids(first.hits) + ids(second.hits) == ids(bounded.hits)[:4]
        assert [h.rank for h in second.hits] == [3, 4]
    finally:
        conn.close()


def test_a_filter_ranks_every_unit_passing_it(project: Project) -> None:
    conn = project.connect()
    try:
        for filters in ({"lang": "en"}, {"kind": "article"}, {"since": "2000-01-01"}):
            bounded = search_units(conn, "harbour", limit=50, rank_newest=3, **filters)   # type: ignore[arg-type]
            whole = search_units(conn, "harbour", limit=50, rank_newest=0, **filters)   # type: ignore[arg-type]
            assert bounded.ranked_newest is None and ids(bounded.hits) == ids(whole.hits)
        assert len(search_units(conn, "harbour", limit=50, rank_newest=3, kind="article").hits) == PAGES
    finally:
        conn.close()


def test_the_search_page_walks_the_same_newest_matches(project: Project) -> None:
    conn = project.connect()
    try:
        api = search_units(conn, "harbour", limit=3, rank_newest=5)
        page, facets = search_with_facets(conn, "harbour", limit=3, rank_newest=5)
        assert ids(page.hits) == ids(api.hits) and page.ranked_newest == 5 and page.total == PAGES
        assert facets.units == 5 and sorted(facets.unit_ids) == sorted(ids(search_units(
            conn, "harbour", limit=50, rank_newest=0).hits))[-5:]
        assert sum(f.count for f in facets.lang) == 5
        # an entity or a language filter: every unit passing it, as search_units
        page, facets = search_with_facets(conn, "harbour", limit=50, lang="sq", rank_newest=5)
        assert page.ranked_newest is None and facets.units == PAGES // 2
        unbounded, facets = search_with_facets(conn, "harbour", limit=50, rank_newest=0)
        assert unbounded.ranked_newest is None and facets.units == PAGES
    finally:
        conn.close()


def test_the_faces_read_the_setting_and_say_so(project: Project, tmp_path: Path) -> None:
    from presswatch.web import create_app

    config = project.root / "presswatch.toml"
    kept = config.read_text(encoding="utf-8")
    try:
        config.write_text(kept + "\n[search]\nrank_newest = 4\n", encoding="utf-8")
        bounded = Project.open(project.root)
        assert search_units(bounded, "harbour").ranked_newest == 4
        with TestClient(create_app(bounded)) as client:
            answer = client.get("/api/search", params={"q": "harbour"}).json()
            assert answer["ranked_newest"] == 4 and len(answer["hits"]) == 4 and answer["total"] == PAGES
            facets = client.get("/api/search", params={"q": "harbour", "facets": "true"}).json()
            assert facets["ranked_newest"] == 4 and facets["facets"]["units"] == 4
            html = client.get("/search", params={"q": "harbour"}).text
            assert 'id="rankednewest"' in html and "ranked among the newest 4" in html
            assert 'id="rankednewest"' not in client.get("/search", params={"q": "harbour", "lang": "en"}).text
            assert client.get("/api/search", params={"q": "ship"}).json()["ranked_newest"] == 4
            assert client.get("/api/search", params={"q": "Ship 3"}).json()["ranked_newest"] is None
        config.write_text(kept + "\n[search]\nrank_newest = 0\n", encoding="utf-8")
        assert search_units(Project.open(project.root), "harbour").ranked_newest is None
    finally:
        config.write_text(kept, encoding="utf-8")


def test_the_work_of_a_bounded_ranking_stops_growing_with_the_matches(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite VM steps (FTS5's nested statements included: BM25 reads each ranked row's size) of the
    API's and the search page's calls with ``rank_newest=10`` grow little from 40 to 200 matches (measured
    +15%); every match ranked, they grow (2.4x)."""
    import presswatch.search.units as units_module

    monkeypatch.setattr(units_module, "COUNT_CAP", 10)   # the total's own count, capped for a small archive
    project = Project.init(tmp_path / "p")

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            add_page(project, f"https://grow.example/{i}", [("article", "en", f"Grow {i}", [
                " ".join(["The harbour was busy."] * (1 + i % 3)), FILLER])])

    def steps(newest: int) -> int:
        conn = project.connect()
        count = [0]

        def step() -> int:
            count[0] += 1
            return 0
        try:
            search_units(conn, "warm")
            conn.set_progress_handler(step, 1)
            search_units(conn, "harbour", rank_newest=newest)
            page, _ = search_with_facets(conn, "harbour", rank_newest=newest)
            assert (page.ranked_newest is not None) == (newest > 0)
            return count[0]
        finally:
            conn.close()
    add(0, 40)
    small = steps(10), steps(0)
    add(40, 160)
    large = steps(10), steps(0)
    assert large[1] > 2 * small[1], (small, large)          # every match ranked: grows with them
    assert large[0] - small[0] < (large[1] - small[1]) / 4, (small, large)   # the newest 10: hardly
