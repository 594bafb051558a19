"""Unit search on real SQLite projects: terms anywhere in a unit, one hit per unit with a total and
stable numbering, Albanian word forms, short lines never above an article about the query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presswatch.api import search, search_units
from presswatch.models import Doc, Passage, RawDocument, Unit
from presswatch.project import Project
from presswatch.store.db import transaction
from presswatch.store.units import write_doc


def add_page(project: Project, url: str, units: list[tuple[str, str, str, list[str]]], day: str = "2026-03-10",
             outlet: str = "Test Outlet") -> list[int]:
    """Write one page through the store: units of (kind, lang, title, passages)."""
    conn = project.connect()
    try:
        with transaction(conn):
            conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('t', 0, x'')")
            page_id = int(conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, ?)",
                                       (url, url, day)).lastrowid or 0)
            version_id = int(conn.execute(
                "INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location) "
                "VALUES (?, 1, 't', 'html', ?, ?)", (page_id, day + "T12:00:00Z", url)).lastrowid or 0)
            made = []
            for n, (kind, lang, title, texts) in enumerate(units):
                passages, pos = [], 0
                for i, t in enumerate(texts):
                    passages.append(Passage(i, pos, pos + len(t), t, lang=lang, lang_score=0.99))
                    pos += len(t) + 1
                text = "\n".join(texts)
                made.append(Unit(n, kind, text, 0, len(text), title=title, outlet=outlet, published=day,
                                 url=url if n == 0 else None, lang=lang, passages=passages))
            raw = RawDocument(location=url, key=url, data=b"", media_type="html", url=url)
            return write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=made))
    finally:
        conn.close()


FILLER = ("Analysts followed the markets closely during the week, and traders said volumes stayed thin "
          "as many desks were quiet before the holiday.")


@pytest.fixture
def archive(tmp_path: Path) -> Project:
    project = Project.init(tmp_path / "proj")
    add_page(project, "https://a.example/fed", [("article", "en", "Central bank holds steady", [
        "The Federal Reserve met on Wednesday in Washington.", FILLER,
        "Officials left interest rates unchanged and signalled patience.", FILLER])])
    add_page(project, "https://b.example/many", [("article", "en", "Budget week", [
        f"The budget debate continued on day {i}, with the budget committee meeting again." for i in range(8)])])
    for i in range(6):
        add_page(project, f"https://c.example/{i}", [("article", "en", f"Notes {i}", [
            f"A short note about the budget number {i}.", FILLER])])
    add_page(project, "https://sq.example/1", [("article", "sq", "Lajme", [
        "Kryeministri foli sot në Kuvend për ligjin e ri.", FILLER])], outlet="Gazeta A")
    add_page(project, "https://sq.example/2", [("article", "sq", "Lajme të tjera", [
        "Zyra e kryeministrit njoftoi një takim të ri.", FILLER])], outlet="Gazeta B")
    add_page(project, "https://sq.example/3", [("article", "sq", "Intervistë", [
        "Ish-kryeministër i vendit, ai flet për të kaluarën.", FILLER])], outlet="Gazeta C")
    # an article about the query, and on another page a sidebar line naming it
    add_page(project, "https://d.example/swift", [("article", "en", "The year of the Eras tour", [
        "Taylor Swift ended the year with a record run of concerts across three continents.",
        FILLER, "Critics said Taylor Swift had changed how tours are planned and sold.", FILLER,
        "Swift's label said a new album would follow in the spring.", FILLER])])
    add_page(project, "https://e.example/other", [
        ("article", "en", "Rain expected", ["Heavy rain is expected over the weekend in the north.", FILLER]),
        ("teaser", "en", None, ["- Taylor Swift Is TIME's 2023 Person of the Year"])])
    return project


def test_all_terms_may_match_in_different_passages(archive: Project) -> None:
    assert not search(archive, "Federal Reserve interest rates")         # no single passage has them all
    result = search_units(archive, "Federal Reserve interest rates")
    assert result.total == 1 and result.hits[0].title == "Central bank holds steady"
    hit = result.hits[0]
    assert hit.matched_terms == 4 and len(hit.passages) == 2
    assert {p.ordinal for p in hit.passages} == {0, 2}
    assert all(hit.snippet[s:e].lower() in {"federal", "reserve", "interest", "rates"} for s, e in hit.highlights)


def test_hits_grouped_by_unit_with_total_and_stable_numbering(archive: Project) -> None:
    passages = search(archive, "budget", limit=20)
    assert sum(h.title == "Budget week" for h in passages) >= 5            # one article fills the top
    result = search_units(archive, "budget", limit=3)
    assert result.total == 7 and [h.rank for h in result.hits] == [1, 2, 3] and result.next_offset == 3
    assert len({h.unit_id for h in result.hits}) == 3
    budget = search_units(archive, "budget", limit=10).hits
    assert [h.title for h in budget].count("Budget week") == 1
    paged = [h.unit_id for off in range(0, 7, 3) for h in search_units(archive, "budget", limit=3, offset=off).hits]
    assert paged == [h.unit_id for h in budget]                          # pages continue each other exactly
    assert search_units(archive, "budget", limit=3, offset=6).next_offset is None
    again = search_units(archive, "budget", limit=10).hits
    assert [(h.rank, h.unit_id) for h in again] == [(h.rank, h.unit_id) for h in budget]


@pytest.mark.parametrize("query", ["kryeministri", "kryeministrit", "kryeministër", "kryeminister"])
def test_albanian_word_forms_match_each_other(archive: Project, query: str) -> None:
    result = search_units(archive, query)
    assert {h.outlet for h in result.hits} == {"Gazeta A", "Gazeta B", "Gazeta C"}, query
    assert all(h.highlights for h in result.hits if h.outlet != "Gazeta C")


# Albanian noun families as news writes them: each form, typed as a query, finds the pages written with
# every other form (definite/indefinite, cases, plurals; -je nouns with -jeve/-jet/-jen/-ja endings).
SQ_FAMILIES = {
    "kryeministër": ["kryeministri", "kryeministrit", "kryeministër", "kryeministrin", "kryeministrave"],
    "zgjedhje": ["zgjedhje", "zgjedhjet", "zgjedhjeve", "zgjedhjen", "zgjedhjes", "zgjedhja"],
    "marrëveshje": ["marrëveshje", "marrëveshjen", "marrëveshjeve", "marrëveshja", "marrëveshjes"],
    "qeveri": ["qeveri", "qeveria", "qeverisë", "qeverinë", "qeverive"],
    "ligj": ["ligji", "ligjit", "ligjet", "ligjeve", "ligjin"],
}


@pytest.fixture
def sq_archive(tmp_path: Path) -> Project:
    project = Project.init(tmp_path / "sq")
    for family, forms in SQ_FAMILIES.items():
        for n, form in enumerate(forms):
            add_page(project, f"https://sq.example/{fold_key(family)}/{n}", [("article", "sq", "Lajme", [
                f"Sipas burimeve, {form} u diskutua gjatë në seancën e sotme.", FILLER])], outlet=f"{family}:{form}")
    return project


def fold_key(word: str) -> str:
    return word.encode("ascii", "ignore").decode()


@pytest.mark.parametrize("family", sorted(SQ_FAMILIES))
def test_every_albanian_form_finds_every_other(sq_archive: Project, family: str) -> None:
    forms = SQ_FAMILIES[family]
    for query in forms:
        found = {h.outlet for h in search_units(sq_archive, query, limit=50).hits}
        assert found == {f"{family}:{f}" for f in forms}, query       # all forms, and no other family
    # the passage search (no stems) finds only the form as written: the stems are what joins them
    assert {h.outlet for h in search(sq_archive, "zgjedhjeve", limit=50)} == {"zgjedhje:zgjedhjeve"}


def test_albanian_forms_highlighted_in_snippets(sq_archive: Project) -> None:
    hits = search_units(sq_archive, "zgjedhje", limit=50).hits
    marked = {h.outlet: {h.snippet[s:e] for s, e in h.highlights} for h in hits}
    assert marked["zgjedhje:zgjedhjeve"] == {"zgjedhjeve"} and marked["zgjedhje:zgjedhja"] == {"zgjedhja"}


def test_an_index_with_older_stems_is_rebuilt_by_migration_0025(sq_archive: Project) -> None:
    from importlib import resources

    conn = sq_archive.connect()
    try:   # as written before -jeve was an ending: the stem "zgjedhj" meets no other form
        with transaction(conn):
            conn.execute("UPDATE unit_fts SET stems = replace(stems, 'zgjedh', 'zgjedhj') WHERE body LIKE '%zgjedhjeve%'")
        assert "zgjedhje:zgjedhjeve" not in {h.outlet for h in search_units(conn, "zgjedhje", limit=50).hits}
        sql = next(f for f in resources.files("presswatch.store").joinpath("migrations").iterdir()
                   if f.name.startswith("0025")).read_text(encoding="utf-8")
        with transaction(conn):   # (every statement of 0025 may run again: IF NOT EXISTS, DELETE)
            for statement in re.sub(r"--[^\n]*", "", sql).split(";"):
                if statement.strip():
                    conn.execute(statement)
        assert "zgjedhje:zgjedhjeve" in {h.outlet for h in search_units(conn, "zgjedhje", limit=50).hits}
    finally:
        conn.close()


def test_a_sidebar_line_never_outranks_an_article_about_the_query(archive: Project) -> None:
    conn = archive.connect()
    try:   # plain BM25 over units puts the one-liner first: the prior is what fixes it
        first = conn.execute("SELECT rowid FROM unit_fts WHERE unit_fts MATCH '\"taylor\" AND \"swift\"' "
                             "ORDER BY rank LIMIT 1").fetchone()[0]
        kind = conn.execute("SELECT kind FROM units WHERE id = ?", (first,)).fetchone()[0]
    finally:
        conn.close()
    assert kind == "teaser"
    hits = search_units(archive, "Taylor Swift").hits
    assert [h.kind for h in hits] == ["article", "teaser"]
    assert hits[0].title == "The year of the Eras tour"


def test_filters_exclusions_and_bad_queries(archive: Project) -> None:
    assert {h.lang for h in search_units(archive, "kryeministri OR budget", lang="sq").hits} == {"sq"}
    assert search_units(archive, "budget", source="b.example").total == 1
    assert search_units(archive, "Taylor Swift", kind="teaser").total == 1
    assert search_units(archive, "budget -committee").total == 6
    assert search_units(archive, "budget", since="2027-01-01").total == 0
    with pytest.raises(ValueError, match="add at least one word"):
        search_units(archive, "-budget")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        search_units(archive, "budget", until="soon")


def test_reprocessed_and_replaced_versions_stay_indexed_once(archive: Project) -> None:
    conn = archive.connect()
    try:
        page_id, version_id = conn.execute(
            "SELECT page_id, version_id FROM units WHERE title = 'Central bank holds steady'").fetchone()
        unit = Unit(0, "article", "The Federal Reserve cut interest rates.", 0, 39, title="Fed cuts", lang="en",
                    passages=[Passage(0, 0, 39, "The Federal Reserve cut interest rates.", lang="en")])
        raw = RawDocument(location="x", key="x", data=b"", media_type="html")
        with transaction(conn):   # the same version processed again (new unit rows)
            write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=[unit]))
    finally:
        conn.close()
    result = search_units(archive, "Federal Reserve interest rates")
    assert result.total == 1 and result.hits[0].title == "Fed cuts"


def test_older_archive_is_indexed_on_first_search(archive: Project) -> None:
    conn = archive.connect()
    try:
        conn.execute("DELETE FROM unit_fts")
        conn.execute("DELETE FROM unit_fts_state")
    finally:
        conn.close()
    assert search_units(archive, "budget").total == 7


def test_filtered_totals_beyond_the_cap_say_so(archive: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    units_module = importlib.import_module("presswatch.search.units")
    exact = search_units(archive, "budget", lang="en", limit=2)
    assert exact.total == 7 and not exact.capped                       # small: exact
    monkeypatch.setattr(units_module, "BLOCK", 2)                       # a walk that stops before the end
    monkeypatch.setattr(units_module, "COUNT_CAP", 4)
    capped = search_units(archive, "budget", lang="en", limit=2)
    assert capped.capped and capped.total == 4 and capped.next_offset == 2
    assert [h.unit_id for h in capped.hits] == [h.unit_id for h in search_units(archive, "budget", lang="en",
                                                                               limit=2).hits]
    paged = [h.unit_id for off in range(0, 8, 2)
             for h in search_units(archive, "budget", lang="en", limit=2, offset=off).hits]
    assert len(paged) == 7 == len(set(paged))                           # paging still reaches every hit
    monkeypatch.setattr(units_module, "COUNT_CAP", 1000)
    monkeypatch.setattr(units_module, "COUNT_SCAN", 3)                  # counted among the first matches only
    scanned = search_units(archive, "budget", lang="en", limit=2)
    assert scanned.capped and 2 <= scanned.total < 7                     # a lower bound, said so


def test_unfiltered_totals_read_the_doclist_only_up_to_the_cap(archive: Project,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    units_module = importlib.import_module("presswatch.search.units")
    assert search_units(archive, "budget", limit=2).total == 7
    monkeypatch.setattr(units_module, "COUNT_CAP", 4)
    capped = search_units(archive, "budget", limit=2)
    assert capped.capped and capped.total == 4 and capped.next_offset == 2
    paged = [h.unit_id for off in range(0, 8, 2) for h in search_units(archive, "budget", limit=2, offset=off).hits]
    assert len(paged) == 7 == len(set(paged))                           # every hit still reachable


def test_a_hit_as_json_holds_every_field_with_pairs_as_lists(archive: Project) -> None:
    """``UnitHit.to_dict`` (the API's hits, built by hand for speed) is what ``dataclasses.asdict`` gives,
    highlight pairs as lists, nothing shared with the hit."""
    import json
    from dataclasses import asdict

    hits = search_units(archive, "Federal Reserve interest rates").hits + search_units(archive, "budget").hits
    hits[0].copies.append({"passage_id": 1, "unit_id": 2, "outlet": "X", "url": None, "date": "2026-03-10"})
    assert any(h.passages and h.highlights for h in hits)
    for hit in hits:
        data = hit.to_dict()
        expected = asdict(hit)
        expected["highlights"] = [list(h) for h in hit.highlights]
        for p in expected["passages"]:
            p["highlights"] = [list(h) for h in p["highlights"]]
        assert data == expected
        assert json.loads(json.dumps(data)) == data          # no tuples left: the JSON reads back the same
        assert data["copies"] is not hit.copies and all(c is not d for c, d in zip(data["copies"], hit.copies, strict=True))


def test_stems_alternatives_left_out_only_where_they_match_nothing(sq_archive: Project,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """searched_expression drops ``stems : "form"`` alternatives no unit holds; the matches, the scores
    and the hits are those of the whole expression."""
    import presswatch.search.facets as facets_module
    import presswatch.search.units as units_module
    from presswatch.search import parse_query
    from presswatch.search.units import searched_expression, unit_expression

    add_page(sq_archive, "https://en.example/1", [("article", "en", "Election night", [
        "The election was close, and the seance went on late into the night.", FILLER])], outlet="en")
    conn = sq_archive.connect(readonly=True)
    try:
        queries = ["zgjedhje", "zgjedhjeve ligji", "election", "election OR qeveria", "seancën -ligji", "night"]
        for query in queries:
            parsed = parse_query(query)
            whole, pruned = unit_expression(parsed), searched_expression(conn, parsed)
            ranking = "SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid"
            assert conn.execute(ranking, (pruned,)).fetchall() == conn.execute(ranking, (whole,)).fetchall(), query
            if query in ("election", "night"):   # English words: in no unit's stems
                assert "stems" not in pruned and "stems" in whole
            if query == "zgjedhje":              # an Albanian word: its stems stay
                assert "stems" in pruned
        pruned_hits = {q: [h.to_dict() for h in search_units(conn, q, limit=50).hits] for q in queries}
        pruned_facets = {q: facets_module.search_with_facets(conn, q)[1].as_dict() for q in queries}
        monkeypatch.setattr(units_module, "searched_expression", lambda _c, p: unit_expression(p))
        monkeypatch.setattr(facets_module, "searched_expression", lambda _c, p: unit_expression(p))
        for q in queries:
            assert pruned_hits[q] == [h.to_dict() for h in search_units(conn, q, limit=50).hits], q
            assert pruned_facets[q] == facets_module.search_with_facets(conn, q)[1].as_dict(), q
    finally:
        conn.close()
