"""Bounded work per request (issue 12 point 7, speed by design): every page of the workspace runs the
same number of SQL statements whatever the number of units it lists (no query per row: no N+1), and
the inbox, search and unit-view queries never scan the units or passages tables (each filter has an
index), checked with EXPLAIN QUERY PLAN on the statements each request really runs."""

from __future__ import annotations

import re
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import presswatch.project as project_module
from presswatch import api
from presswatch.models import Doc, Passage, RawDocument, Unit
from presswatch.project import Project
from presswatch.store.db import transaction
from presswatch.store.units import write_doc
from presswatch.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WORDS = ["harbour", "council", "budget", "river", "school", "election", "minister", "bridge", "market", "storm"]
OUTLETS = ["dailyherald", "koha", "bbcpersian"]


def add_pages(root: Path, start: int, count: int) -> None:
    """``count`` pages from number ``start``: an article, a teaser and boilerplate each, every article
    mentioning an entity, half of them without a publication date."""
    project = Project.open(root)
    conn = project.connect()
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('t', 0, x'')")
        conn.execute("INSERT OR IGNORE INTO entities (id, key, kind, name, source, created_at) VALUES "
                     "(1, 'test:harbour', 'org', 'Harbour Board', 'watchlist', '2026-01-01')")
        for n in range(start, start + count):
            outlet, day = OUTLETS[n % 3], f"2026-03-{n % 28 + 1:02d}"
            url = f"https://{outlet}.example.org/story/{n}"
            page_id = int(conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, ?)",
                                       (url, url, day)).lastrowid or 0)
            version_id = int(conn.execute(
                "INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location, "
                "status, processed_at) VALUES (?, 1, 't', 'html', ?, ?, 'processed', ?)",
                (page_id, day + "T09:00:00Z", url, f"{day}T10:{n % 60:02d}:{n % 59:02d}Z")).lastrowid or 0)
            units = []
            for ordinal, kind in enumerate(["article", "teaser", "boilerplate"]):
                texts = [" ".join(WORDS[(n + i + k) % len(WORDS)] for k in range(12)).capitalize() + "."
                         for i in range(4 if kind == "article" else 1)]
                text, passages, pos = "\n".join(texts), [], 0
                for i, t in enumerate(texts):
                    passages.append(Passage(i, pos, pos + len(t), t, lang="en", lang_score=0.99))
                    pos += len(t) + 1
                units.append(Unit(ordinal, kind, text, 0, len(text),  # type: ignore[arg-type]
                                  title=f"Story {n} {WORDS[n % len(WORDS)]}" if kind != "boilerplate" else None,
                                  outlet=outlet if ordinal == 0 else None, url=url if ordinal == 0 else None,
                                  published=day if ordinal == 0 and n % 2 else None, lang="en", passages=passages))
            raw = RawDocument(location=url, key=url, data=b"", media_type="html", url=url)
            write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=units))
            for row in conn.execute("SELECT p.id, p.unit_id FROM passages p JOIN units u ON u.id = p.unit_id "
                                    "WHERE u.version_id = ? AND u.kind = 'article' AND p.ordinal = 0", (version_id,)):
                conn.execute("INSERT INTO mentions (entity_id, passage_id, unit_id, start, \"end\", surface, method) "
                             "VALUES (1, ?, ?, 0, 5, 'Harbour', 'exact')", (row[0], row[1]))
    conn.close()


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the application runs from here on (nested FTS5 statements left out)."""
    log: list[str] = []
    opened = project_module.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = opened(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: None if sql.startswith("--") else log.append(sql))
        return conn
    monkeypatch.setattr(project_module, "connect", connect)
    return log


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    Project.init(root)
    add_pages(root, 0, 6)
    return root


PAGES: list[str] = ["/?since=all", "/?since=all&lang=en&kind=article", "/?since=all&source=koha",
                    "/?since=all&entity=1", "/search?q=harbour", "/search?q=harbour+budget&kind=article",
                    "/api/search?q=harbour&limit=20", "/units/{unit}", "/digests/{digest}"]


def statements_per_page(root: Path, traced: list[str]) -> dict[str, int]:
    project = Project.open(root)
    conn = project.connect()
    api.search_units(conn, "warm")   # builds the unit index once
    unit = int(conn.execute("SELECT id FROM units WHERE kind = 'article' ORDER BY id LIMIT 1").fetchone()[0])
    conn.close()
    digest = api.create_draft(project, "2026-03-01", "2026-03-28", title="t")
    counts: dict[str, int] = {}
    with TestClient(create_app(project)) as client:
        client.get("/")
        for page in PAGES:
            path = page.format(unit=unit, digest=digest.id)
            assert client.get(path).status_code == 200, path
            traced.clear()
            assert client.get(path).status_code == 200, path
            counts[page] = len(traced)
    return counts


def test_statements_per_request_do_not_grow_with_what_a_page_lists(root: Path, traced: list[str]) -> None:
    small = statements_per_page(root, traced)
    add_pages(root, 6, 30)       # 6 times the pages: longer lists, more hits, a longer digest draft
    large = statements_per_page(root, traced)
    assert small == large
    assert all(n < 60 for n in large.values()), large


SCAN = re.compile(r"^SCAN (\w+)(?: USING (COVERING )?INDEX \w+)?")
ALIASES = re.compile(r"\b(units|passages|current_units)(?:\s+AS)?\s+(\w+)", re.IGNORECASE)
NOT_ALIAS = {"where", "join", "left", "on", "using", "group", "order", "limit", "inner", "indexed", "set"}


def full_scans(conn: sqlite3.Connection, statements: list[str]) -> list[tuple[str, str]]:
    """(plan line, statement) for each full scan of ``units`` or ``passages`` in these statements'
    query plans (a scan of a covering index reads no unit rows and passes)."""
    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        names = {"units", "passages"} | {m.group(2).lower() for m in ALIASES.finditer(sql)
                                         if m.group(2).lower() not in NOT_ALIAS}
        for row in conn.execute("EXPLAIN QUERY PLAN " + sql):
            m = SCAN.match(str(row[3]))
            if m and m.group(1).lower() in names and not m.group(2):
                found.append((str(row[3]), " ".join(sql.split())[:300]))
    return found


@pytest.mark.parametrize("call", [
    lambda p: api.inbox(p, since=None, reader=None),
    lambda p: api.inbox(p, since="2026-03-02", reader=None),
    lambda p: api.inbox(p, since=None, reader=None, lang="en"),
    lambda p: api.inbox(p, since=None, reader=None, kind="teaser"),
    lambda p: api.inbox(p, since=None, reader=None, source="koha"),
    lambda p: api.inbox(p, since=None, reader=None, entity=1),
    lambda p: api.inbox(p, since=None, reader=None, decision="undecided"),
    lambda p: api.search_units(p, "harbour budget"),
    lambda p: api.search_units(p, "harbour", lang="en"),
    lambda p: api.search_units(p, "harbour", kind="article"),
    lambda p: api.search_units(p, "harbour", source="koha"),
    lambda p: api.search_units(p, "harbour", since="2026-03-05", until="2026-03-20"),
    lambda p: api.search_page(p, "harbour river", entity=1),
    lambda p: api.view_unit(p, 1),
], ids=["inbox", "inbox-since", "inbox-lang", "inbox-kind", "inbox-source", "inbox-entity", "inbox-undecided",
        "search", "search-lang", "search-kind", "search-source", "search-dates", "search-page-entity", "unit-view"])
def test_query_plans_use_indexes_not_scans_of_units_or_passages(
        root: Path, traced: list[str], call: Callable[[Project], object]) -> None:
    project = Project.open(root)
    api.search_units(project, "warm")
    traced.clear()
    call(project)
    assert traced
    conn = sqlite3.connect(str(project.db_path))
    try:
        assert full_scans(conn, list(traced)) == []
    finally:
        conn.close()


def test_the_plan_check_sees_a_full_scan(root: Path) -> None:
    conn = sqlite3.connect(str(Project.open(root).db_path))
    try:
        assert full_scans(conn, ["SELECT id FROM units u WHERE u.author = 'x'"])
        assert not full_scans(conn, ["SELECT id FROM units u WHERE u.version_id = 1"])
    finally:
        conn.close()


def test_a_unit_without_a_publication_date_shows_its_fetch_time_labelled(root: Path) -> None:
    project = Project.open(root)
    listing = api.browse_units(project, kind="article", limit=50)
    undated = [u for u in listing.items if u.dated_by == "fetched"]
    dated = [u for u in listing.items if u.dated_by == "published"]
    assert undated and dated
    assert all(u.date and u.date.endswith("T09:00:00Z") for u in undated)
    inbox = api.inbox(project, since=None, reader=None, kind="article")
    shown = {u.unit_id: u for g in inbox.groups for u in g.units}
    assert {u.dated_by for u in shown.values()} == {"fetched", "published"}
    with TestClient(create_app(project)) as client:
        html = client.get(f"/units/{undated[0].id}").text
        assert f"fetched {undated[0].date[:10]}" in html
        html = client.get(f"/units/{dated[0].id}").text
        assert f"fetched {str(dated[0].date)[:10]}" not in html and str(dated[0].date)[:10] in html


@pytest.mark.parametrize("source", ["koha", "KOHA", "koha.example.org", "example.org", "story/3", "nowhere", "k%a",
                                    "ko", "ko\"ha", "KOHA.Example", "%"])
def test_the_source_filter_named_first_keeps_what_the_walk_keeps(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  source: str) -> None:
    import importlib

    inbox_module = importlib.import_module("presswatch.triage.inbox")
    project = Project.open(root)

    def shown() -> list[int]:
        page = api.inbox(project, since=None, reader=None, source=source, limit=100)
        return [u.unit_id for g in page.groups for u in g.units]
    named = shown()
    monkeypatch.setattr(inbox_module, "NARROW_MAX", 0)     # every source walked newest first instead
    walked = shown()
    assert named == walked
    assert bool(named) == (source not in ("nowhere", "k%a", 'ko"ha', "%"))


@pytest.mark.parametrize("filters", [{"entity": 1}, {"entity": 1, "source": "koha"}, {"entity": 1, "kind": "teaser"}])
def test_the_entity_filter_named_first_keeps_what_the_walk_keeps(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  filters: dict[str, object]) -> None:
    import importlib

    inbox_module = importlib.import_module("presswatch.triage.inbox")
    project = Project.open(root)

    def shown() -> list[int]:
        page = api.inbox(project, since=None, reader=None, limit=100, **filters)  # type: ignore[arg-type]
        return [u.unit_id for g in page.groups for u in g.units]
    named = shown()
    monkeypatch.setattr(inbox_module, "NARROW_MAX", 0)
    assert named == shown()
    assert bool(named) == ("kind" not in filters)         # the entity is mentioned in articles only


def source_steps(root: Path, source: str) -> int:
    """SQLite VM steps of the inbox with this source filter."""
    conn = Project.open(root).connect()
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0
    conn.set_progress_handler(step, 1)
    try:
        api.inbox(conn, since=None, reader=None, source=source)
    finally:
        conn.close()
    return steps[0]


def test_the_source_filter_costs_what_its_pages_cost_not_the_archive(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    inbox_module = importlib.import_module("presswatch.triage.inbox")
    small = {s: source_steps(root, s) for s in ("nowhere", "story/3")}
    with monkeypatch.context() as m:       # the control: the substring scan of every URL (migration 0030)
        m.setattr(inbox_module, "TRIGRAM", 10 ** 6)
        scanned_small = source_steps(root, "nowhere")
    add_pages(root, 6, 120)                # 21 times the pages; none holds "nowhere", "story/3" gains 11
    large = {s: source_steps(root, s) for s in ("nowhere", "story/3")}
    with monkeypatch.context() as m:
        m.setattr(inbox_module, "TRIGRAM", 10 ** 6)
        source_steps_scanned = source_steps(root, "nowhere")
    assert source_steps_scanned > 10 * scanned_small       # the scan grows with the archive: the check can fail
    assert large["nowhere"] < 2 * small["nowhere"] + 50, (small, large)
    assert large["story/3"] < 20 * small["story/3"], (small, large)


def test_the_source_index_follows_every_write_and_is_back_filled(root: Path) -> None:
    import importlib

    from presswatch.store.db import migrate

    inbox_module = importlib.import_module("presswatch.triage.inbox")
    project = Project.open(root)
    conn = project.connect()

    def both(source: str) -> tuple[list[int] | None, list[int] | None]:
        args = inbox_module.source_versions(conn, source)
        saved = inbox_module.TRIGRAM
        inbox_module.TRIGRAM = 10 ** 6
        try:
            return args, inbox_module.source_versions(conn, source)
        finally:
            inbox_module.TRIGRAM = saved
    try:
        with transaction(conn):   # a page moved to another URL, a page deleted, a unit's own URL changed
            conn.execute("UPDATE pages SET url = 'https://elsewhere.example.net/x/1' WHERE id = 1")
            conn.execute("DELETE FROM pages WHERE id = 2")
            conn.execute("UPDATE units SET url = 'https://teased.example.com/t' WHERE id = "
                         "(SELECT MIN(id) FROM units WHERE url IS NOT NULL AND page_id = 3)")
        add_pages(root, 6, 3)     # re-processing writes units again through the store (delete + insert)
        for source in ("koha", "elsewhere", "teased.example", "story/1", "bbcpersian.example.org/story/4"):
            indexed, scanned = both(source)
            assert indexed == scanned, source
        assert both("elsewhere")[0] and both("teased.example")[0] and not both("story/1")[0]
        # an archive from before migration 0031 is back-filled when it is migrated
        with transaction(conn):
            for table in ("page", "unit"):
                for event in ("insert", "delete", "update"):
                    conn.execute(f"DROP TRIGGER {table}_source_fts_{event}")
                conn.execute(f"DROP TABLE {table}_source_fts")
            conn.execute("DELETE FROM schema_migrations WHERE id = 31")
        assert any("source" in name for name in migrate(conn))
        for source in ("koha", "elsewhere", "teased.example"):
            indexed, scanned = both(source)
            assert indexed == scanned and indexed, source
    finally:
        conn.close()


def search_page_work(root: Path, **filters: object) -> tuple[int, int]:
    """SQLite VM steps of the search page's library call (hits, total and facets, facets over the best
    10) for "harbour", and of the plain FTS5 ranking of the same matches (its floor: bm25 for every match)."""
    from presswatch.search import parse_query
    from presswatch.search.facets import search_with_facets
    from presswatch.search.units import unit_expression

    conn = Project.open(root).connect()
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0
    try:
        conn.set_progress_handler(step, 1)
        search_with_facets(conn, "harbour", **{"cap": 10, **filters})  # type: ignore[arg-type]
        page = steps[0]
        steps[0] = 0
        conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid",
                     (unit_expression(parse_query("harbour")),)).fetchmany(1)
        return page, steps[0]
    finally:
        conn.close()


@pytest.mark.parametrize("filters", [{}, {"lang": "en"}, {"entity": 1}], ids=["plain", "lang", "entity"])
def test_the_search_page_costs_its_ranking_and_a_bounded_facet_pass(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     filters: dict[str, object]) -> None:
    import importlib

    units_module = importlib.import_module("presswatch.search.units")
    api.search_units(Project.open(root), "warm")
    add_pages(root, 6, 74)                  # 80 pages: more matches than the caps and the walk's first chunk
    with monkeypatch.context() as m:        # the caps of the counts, small enough for a test archive
        m.setattr(units_module, "COUNT_CAP", 10)
        m.setattr(units_module, "COUNT_SCAN", 50)
        page, ranking = search_page_work(root, **filters)
        control = search_page_work(root, **filters, cap=10 ** 6)    # the facets over every match
        add_pages(root, 80, 720)            # 10 times the pages (and the matches)
        page_large, ranking_large = search_page_work(root, **filters)
        control_large = search_page_work(root, **filters, cap=10 ** 6)
    assert ranking_large > 5 * ranking      # FTS5 scores every match: that part grows, in the peer too
    extra, extra_large = page - ranking, page_large - ranking_large
    # the control, facets over every match, grows with the matches (so the check below can fail) ...
    assert control_large[0] - control_large[1] > 4 * (control[0] - control[1]), (control, control_large)
    # ... the page's own work beyond its ranking does not (a walk and counts capped, facets over the best 10)
    assert extra_large < 1.5 * extra + 200, (extra, extra_large)


def test_the_entity_facet_counts_units_per_entity_a_merged_one_as_its_target(root: Path) -> None:
    from presswatch.search.facets import search_facets

    project = Project.open(root)
    conn = project.connect()
    try:
        with transaction(conn):
            conn.execute("INSERT INTO entities (id, key, kind, name, source, created_at) VALUES "
                         "(2, 'test:board', 'org', 'The Board', 'discovered', '2026-01-01'), "
                         "(3, 'test:river', 'place', 'River', 'discovered', '2026-01-01')")
            conn.execute("UPDATE entities SET merged_into = 1 WHERE id = 2")
            teasers = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE kind = 'teaser' ORDER BY id")]
            articles = [int(r[0]) for r in conn.execute("SELECT id FROM units WHERE kind = 'article' ORDER BY id")]
            for unit in teasers[:2] + articles[:1]:   # the merged one: 2 new units, one already counted for 1
                conn.execute("INSERT INTO mentions (entity_id, passage_id, unit_id, start, \"end\", surface, method) "
                             "SELECT 2, MIN(id), ?, 0, 5, 'Board', 'exact' FROM passages WHERE unit_id = ?", (unit, unit))
            for unit in teasers[:3]:
                conn.execute("INSERT INTO mentions (entity_id, passage_id, unit_id, start, \"end\", surface, method) "
                             "SELECT 3, MIN(id), ?, 0, 5, 'River', 'exact' FROM passages WHERE unit_id = ?", (unit, unit))
        api.search_units(conn, "warm")
        facets = search_facets(conn, "harbour")
    finally:
        conn.close()
    assert [(f.value, f.label, f.count) for f in facets.entity] == [("1", "Harbour Board", 8), ("3", "River", 3)]


UNIT_LOOKUP = re.compile(r"^SEARCH (u0?) USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)")


def unit_row_reads(conn: sqlite3.Connection, sql: str, args: tuple[object, ...] = ()) -> list[str]:
    """The plan lines of ``sql`` that look a unit (``u``/``u0``) up and then read its row (not covering)."""
    lines = [str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
    return [line for line in lines if (m := UNIT_LOOKUP.match(line)) and m.group(2) != "COVERING INDEX"]


def test_the_facet_pass_and_the_source_count_read_no_unit_rows(root: Path, traced: list[str]) -> None:
    """The search page's facet pass, the search filters and the inbox's named source count read the
    narrow covering indexes of migration 0033, never the unit rows with their whole text; an archive
    migrated from before 0033 gets the indexes and the same pages."""
    from presswatch.search.facets import FACET_SELECT
    from presswatch.store.db import migrate

    project = Project.open(root)
    api.search_units(project, "warm")

    def pages() -> tuple[object, ...]:
        found = api.search_page(project, "harbour", since="2026-03-02", source="koha")
        inbox = api.inbox(project, since=None, reader=None, source="koha")
        return (found.as_dict(), [(g.version_id, [u.unit_id for u in g.units]) for g in inbox.groups])
    traced.clear()
    before = pages()
    # (the inbox's listing of the units shown reads their rows for the text by design; its source
    # condition names the index for the page's first unit, so it is left out here)
    narrow = [sql for sql in traced if "INDEXED BY units_by_" in sql and "substr(u.text" not in sql]
    assert any("u.lang, u.kind" in sql for sql in narrow)             # the facet pass
    assert any("COUNT(*) FROM units u INDEXED BY" in sql for sql in narrow)   # the inbox's named count
    entity_facet = [sql for sql in traced if "COUNT(DISTINCT m.unit_id)" in sql]
    assert entity_facet
    assert before[1] and before[0]["hits"]                             # (the filters kept something)
    conn = project.connect()
    try:
        for sql in narrow:
            assert unit_row_reads(conn, sql.replace("?", "NULL")) == [], sql
        for sql in entity_facet:   # the entity facet reads (unit, entity) pairs, not the mention rows
            plan = " ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX mentions_unit_entity" in plan, plan
        # the control: the same facet statement without the indexes named reads unit rows
        plain = FACET_SELECT.replace(" INDEXED BY units_by_id", "").replace(" INDEXED BY units_by_version", "")
        assert unit_row_reads(conn, plain + " WHERE u.id IN (1, 2)")
        # an archive from before migration 0033: the indexes are made (back-filled) when it is migrated
        with transaction(conn):
            for index in ("units_by_id", "units_by_version", "pages_url_nocase", "mentions_unit_entity"):
                conn.execute(f"DROP INDEX {index}")
            conn.execute("CREATE INDEX units_version_of ON units(id, version_id, page_id, kind, lang)")
            conn.execute("CREATE INDEX mentions_unit ON mentions(unit_id)")
            conn.execute("DELETE FROM schema_migrations WHERE id = 33")
        assert migrate(conn) == ["0033_narrow_indexes.sql"]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"units_by_id", "units_by_version", "pages_url_nocase", "mentions_unit_entity"} <= names
        assert not {"units_version_of", "mentions_unit"} & names
    finally:
        conn.close()
    assert pages() == before


def test_the_walk_looks_up_what_a_filter_needs_and_finds_the_same_units(root: Path) -> None:
    """A filter most matches pass: the walk looks up about ``want`` units of a full chunk, not the whole
    chunk (three times ``want``), and keeps exactly the best ``want`` passing; a filter nothing passes
    still looks at every match and counts them (0)."""
    from presswatch.search import parse_query
    from presswatch.search.units import unit_expression, walk_ranking

    add_pages(root, 6, 120)
    conn = Project.open(root).connect()
    looked_up: list[int] = []
    conn.set_trace_callback(lambda sql: looked_up.append(sql.count(",") + 1) if "WHERE u.id IN (" in sql else None)
    try:
        api.search_units(conn, "warm")
        expr = unit_expression(parse_query("harbour"))
        ranked = [int(r[0]) for r in conn.execute(
            "SELECT rowid FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid", (expr,))]
        teasers = {int(r[0]) for r in conn.execute("SELECT id FROM units WHERE kind = 'teaser'")}
        assert len(ranked) > 3 * 40 and 0 < len(teasers & set(ranked)) < len(ranked)
        looked_up.clear()
        walked, seen = walk_ranking(conn, expr, "SELECT u.id FROM units u", ["u.kind != 'boilerplate'"], [], 40)
        assert [int(r[0]) for r, _ in walked] == ranked[:40] and seen is None
        assert sum(looked_up) <= 40 + 16 < 3 * 40, looked_up
        looked_up.clear()
        walked, seen = walk_ranking(conn, expr, "SELECT u.id FROM units u", ["u.kind = 'teaser'"], [], 40)
        assert [int(r[0]) for r, _ in walked] == [i for i in ranked if i in teasers][:40]
        looked_up.clear()
        walked, seen = walk_ranking(conn, expr, "SELECT u.id FROM units u", ["u.kind = 'nothing'"], [], 40)
        assert walked == [] and seen == 0 and sum(looked_up) >= len(ranked)
    finally:
        conn.close()


def test_facets_over_more_matches_than_the_cap_say_they_cover_the_best_ones(root: Path) -> None:
    from presswatch.search.facets import DEFAULT_CAP
    add_pages(root, 6, DEFAULT_CAP // 2 + 10)      # an article and a teaser each: more matches than the cap
    client = TestClient(create_app(Project.open(root)))
    data = client.get("/api/search?q=harbour&facets=true").json()
    assert data["total"] > DEFAULT_CAP
    assert data["facets"]["partial"] is True and data["facets"]["units"] == DEFAULT_CAP
    assert sum(f["count"] for f in data["facets"]["kind"]) == DEFAULT_CAP
    page = client.get("/search?q=harbour").text
    assert f"(counts cover the best {DEFAULT_CAP})" in page
    few = client.get("/api/search?q=harbour&facets=true&kind=article&source=koha").json()   # fewer than the cap
    assert few["facets"]["partial"] is False and "counts cover" not in client.get(
        "/search?q=harbour&kind=article&source=koha").text


def test_the_source_count_reads_a_page_row_only_for_units_their_outlet_or_url_does_not_decide(
        root: Path, traced: list[str]) -> None:
    """The inbox's source condition joins no page (its page row, path and collection source are scalar
    subqueries after the unit's own outlet and URL): the named count's plan looks no page up as a join,
    and a source found only by the page's collection source name or its path is still kept."""
    project = Project.open(root)
    conn = project.connect()
    with transaction(conn):
        source_id = int(conn.execute("INSERT INTO sources (name, url, kind, endpoint, added_at) VALUES "
                                     "('Harbour Wire', 'https://wire.example/feed', 'feed', 'https://wire.example/feed', '2026-01-01')")
                        .lastrowid or 0)
        first = conn.execute("SELECT id FROM pages ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE pages SET source_id = ?, path = 'inbox/wire-1.html' WHERE id = ?", (source_id, first))
    conn.close()
    traced.clear()
    outlet = api.inbox(project, since=None, reader=None, source="koha")
    counts = [sql for sql in traced if "COUNT(*) FROM units u INDEXED BY units_by_version" in sql]
    assert counts and outlet.total_units
    conn = project.connect()
    try:
        for sql in counts:
            plan = [str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql.replace("?", "NULL"))]
            assert not [line for line in plan if line.startswith(("SEARCH p ", "SCAN p ", "SEARCH s ", "SCAN s "))], plan
            assert sql.index("u.outlet") < sql.index("sources ss")      # the unit's own columns first
    finally:
        conn.close()
    for source in ("Harbour Wire", "harbour wire", "wire-1.html"):   # the page's source name, its path
        found = api.inbox(project, since=None, reader=None, source=source)
        kept = [u.unit_id for g in found.groups for u in g.units]
        assert [g.page_id for g in found.groups] == [first] and len(kept) == 2 == found.total_units, source
