"""Work the search page and /api/search no longer do (web9): the source facet's page reads through the
partial index of page paths (migration 0045), and no stems probe for a word shorter than any stem.
Each cut is checked against the work it replaces: the same answers, and the statements not run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from presswatch.models import Doc, Passage, RawDocument, Unit
from presswatch.project import Project
from presswatch.search import facets as facets_module
from presswatch.search import parse_query
from presswatch.search.units import searched_expression, too_short_for_stems, unit_expression
from presswatch.store.db import transaction
from presswatch.store.units import write_doc
from presswatch.text.fold import fold
from presswatch.text.stems import MIN_STEM, endings, stems_of

FILLER = "Sipas burimeve, kryeministri foli gjatë në seancën e sotme, dhe po, ai tha se vendi është gati."


def add_page(project: Project, url: str | None, path: str | None, units: list[tuple[str, str | None, str | None]],
             lang: str = "sq") -> None:
    """A page through the store: units of (kind, outlet, url), each with the filler text."""
    conn = project.connect()
    try:
        with transaction(conn):
            conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('t', 0, x'')")
            key = url or path or ""
            page_id = int(conn.execute("INSERT INTO pages (key, url, path, first_seen) VALUES (?, ?, ?, '2026-03-10')",
                                       (key, url, path)).lastrowid or 0)
            version_id = int(conn.execute(
                "INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location) "
                "VALUES (?, 1, 't', 'html', '2026-03-10T12:00:00Z', ?)", (page_id, key)).lastrowid or 0)
            made = [Unit(n, kind, FILLER, 0, len(FILLER), title="Lajme", outlet=outlet, url=unit_url, lang=lang,
                         passages=[Passage(0, 0, len(FILLER), FILLER, lang=lang, lang_score=0.99)])
                    for n, (kind, outlet, unit_url) in enumerate(units)]
            raw = RawDocument(location=key, key=key, data=b"", media_type="html", url=url)
            write_doc(conn, Doc(version_id=version_id, page_id=page_id, raw=raw, units=made))
    finally:
        conn.close()


@pytest.fixture
def archive(tmp_path: Path) -> Project:
    project = Project.init(tmp_path / "proj")
    add_page(project, "https://koha.example/1", None, [("article", "Koha", "https://koha.example/1"),
                                                       ("teaser", None, None)])
    add_page(project, None, "/files/lajme.txt", [("article", None, None), ("teaser", None, None)])
    add_page(project, None, "/files/other/lajme.txt", [("article", None, None)])
    add_page(project, "https://lugina.example/a", "/saved/lugina.html", [("article", None, None)])
    add_page(project, "https://zeri.example/b", None, [("article", "Zëri", None)])
    return project


def _reference_pages(conn: sqlite3.Connection, page_ids: set[int], _url_ids: set[int]
                     ) -> dict[int, tuple[str | None, str | None]]:
    """Every page's row, as the facet read them before the partial index."""
    ids = sorted(page_ids)
    return {int(r[0]): (r[1], r[2]) for r in conn.execute(
        f"SELECT id, url, path FROM pages WHERE id IN ({','.join('?' * len(ids))})", ids)}


def test_the_source_facet_counts_as_with_every_page_row_read(archive: Project,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    conn = archive.connect(readonly=True)
    try:
        plan = " ".join(str(r[3]) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id, path FROM pages INDEXED BY pages_path WHERE path IS NOT NULL AND id IN (1, 2)"))
        assert "COVERING INDEX pages_path" in plan
        facets = facets_module.search_facets(conn, "kryeministri")
        assert facets.units == 7
        got = [f.as_dict() for f in facets.source]
        # paths (a file page's units, a saved page's), a page URL for units without one, outlets
        values = {f["value"] for f in got}
        assert {"/files/lajme.txt", "/files/other/lajme.txt", "Koha", "Zëri", "https://lugina.example/a"} <= values
        assert next(f["count"] for f in got if f["value"] == "/files/lajme.txt") == 2
        monkeypatch.setattr(facets_module, "_pages", _reference_pages)
        assert [f.as_dict() for f in facets_module.search_facets(conn, "kryeministri").source] == got
    finally:
        conn.close()


def test_the_source_facet_reads_no_page_row_when_every_unit_has_a_url(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "web")
    for n in range(4):
        add_page(project, f"https://koha.example/{n}", None, [("article", "Koha", f"https://koha.example/{n}"),
                                                              ("teaser", None, None)])
    conn = project.connect(readonly=True)
    statements: list[str] = []
    try:
        conn.set_trace_callback(statements.append)
        facets = facets_module.search_facets(conn, "kryeministri")
        assert [(f.value, f.count) for f in facets.source] == [("Koha", 8)]
        page_reads = [s for s in statements if "FROM pages" in s]
        assert len(page_reads) == 1 and "INDEXED BY pages_path" in page_reads[0]   # the paths only
    finally:
        conn.close()


def test_no_stem_in_the_index_is_shorter_than_min_stem(tmp_path: Path) -> None:
    """The rule ``too_short_for_stems`` rests on: every token of the stems column has MIN_STEM letters or
    more, whatever the word (all the Albanian endings on roots of every short length) and as FTS5 reads it."""
    cut = sorted({e for e in endings("sq").endings})
    words = [root[:n] + e for root in ("kryeministr", "qeveri", "vend", "ligj", "shqiptar") for n in range(1, 9)
             for e in ["", *cut]]
    text = " ".join(words) + " " + fold(FILLER)
    assert all(len(t) >= MIN_STEM for t in stems_of(text).split())
    project = Project.init(tmp_path / "stems")
    conn = project.connect()
    try:
        with transaction(conn):
            conn.execute("INSERT INTO unit_fts (rowid, title, body, stems) VALUES (1, '', ?, ?)", (text, stems_of(text)))
        conn.execute("CREATE VIRTUAL TABLE temp.stems_vocab USING fts5vocab(main, unit_fts, 'col')")
        terms = [str(r[0]) for r in conn.execute("SELECT term FROM temp.stems_vocab WHERE col = 'stems'")]
        assert len(terms) > 100 and min(len(t) for t in terms) >= MIN_STEM
        short = [str(r[0]) for r in conn.execute("SELECT term FROM temp.stems_vocab WHERE col = 'body'")
                 if len(str(r[0])) < MIN_STEM]
        assert short and all(too_short_for_stems(t) for t in short)   # the body has them: they would be probed
    finally:
        conn.close()


def test_a_word_shorter_than_any_stem_is_searched_without_a_probe(archive: Project) -> None:
    conn = archive.connect(readonly=True)
    probes: list[str] = []
    try:
        conn.set_trace_callback(probes.append)
        for query, probed in (("po", False), ("ai", False), ("në", False), ("foli", True), ("kryeministri", True),
                              ("po kryeministri", True), ("po ai", False)):
            probes.clear()
            parsed = parse_query(query)
            pruned = searched_expression(conn, parsed)
            assert any("MATCH" in s for s in probes) == probed, query
            ranking = "SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid"
            whole = conn.execute(ranking, (unit_expression(parsed),)).fetchall()
            assert whole and conn.execute(ranking, (pruned,)).fetchall() == whole, query
            if not probed:
                assert "stems" not in pruned and "stems" in unit_expression(parsed)
        assert not too_short_for_stems("p1") and not too_short_for_stems("vend")   # digits: FTS5 decides
    finally:
        conn.close()
