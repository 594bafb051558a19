"""A site's own name, learnt across its stored pages (issue 10, point 3): generated multi-page sites,
real ingest into a real archive, the `sites` stage."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from presswatch.anatomy.sitenames import SiteNamesStage, is_capitalised_domain, name_form, site_names
from presswatch.api import ingest
from presswatch.project import Project
from presswatch.runner.archive import run_stages
from presswatch.store.db import transaction, utcnow

STORIES = [
    ("Ferry service resumes", "The ferry between Sarandë and Corfu sailed again on Monday after a pause of two weeks. "
     "The port authority said repairs to the ramp were finished ahead of schedule."),
    ("Vineyards count losses", "Growers near Berat lost a third of the harvest to hail. The union asked the ministry "
     "for help before the winter, saying that many families depend on the grapes."),
    ("Library reopens", "The city library opened its doors again after two years of work on the roof. Readers "
     "queued in the rain on the first morning, the director said with a smile."),
    ("Bridge inspection ordered", "Engineers will inspect the old bridge over the Drin after cracks were found. "
     "Lorries may not cross it until the report is ready, the mayor announced."),
]


def _site_pages(host: str, header: str, byline: str | None, n: int = 3) -> list[dict[str, str]]:
    out = []
    for k, (title, body) in enumerate(STORIES[:n]):
        lines = [header, title]
        if byline:
            lines.append(byline)
        lines += [body, "Share this story", header + " – independent news from the south"]
        out.append({"url": f"https://{host}/news/{k}", "text": "\n\n".join(lines), "title": title,
                    "published": f"2024-05-0{k + 1}"})
    return out


def _ingest(project: Project, tmp_path: Path, records: list[dict[str, str]], name: str) -> None:
    feed = tmp_path / f"{name}.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    ingest(project, [feed], progress=False)


def _units(project: Project, host: str) -> list[dict[str, object]]:
    conn = project.connect()
    try:
        return [dict(r) for r in conn.execute(
            "SELECT u.kind, u.author, u.outlet, u.meta, p.url FROM units u JOIN pages p ON p.id = u.page_id "
            "WHERE p.url LIKE ? AND u.kind = 'article' ORDER BY p.url", (f"%{host}%",))]
    finally:
        conn.close()


def test_name_forms_and_capitalised_domains() -> None:
    assert name_form("Lumi News – independent news from the south") == "Lumi News"
    assert name_form("Voice of the Coast") == "Voice of the Coast"
    assert name_form("The ferry sailed again on Monday.") is None
    assert name_form("Share this story") is None
    assert is_capitalised_domain("Dailynewsegypt", "dailynewsegypt.com")
    assert not is_capitalised_domain("Daily News Egypt", "dailynewsegypt.com")
    assert not is_capitalised_domain("Sci.News", "sci-news.com")


def test_a_site_name_in_byline_position_on_every_page_is_the_outlet(project: Project, tmp_path: Path) -> None:
    # every page of lumi.example carries "Lumi News" in its header and footer and in the byline position
    _ingest(project, tmp_path, _site_pages("lumi.example", "Lumi News", "By Lumi News"), "lumi")
    conn = project.connect()
    try:
        assert site_names(conn) == {"lumi.example": "Lumi News"}
    finally:
        conn.close()
    units = _units(project, "lumi.example")
    assert len(units) == 3
    assert all(u["author"] is None and u["outlet"] == "Lumi News" for u in units), units


def test_one_page_teaches_nothing_and_a_person_stays_the_author(project: Project, tmp_path: Path) -> None:
    # a single page of a host: "By Lumi News" cannot be told from a person's byline by recurrence
    _ingest(project, tmp_path, _site_pages("solo.example", "Solo Daily", "By Arta Krasniqi", n=1), "solo")
    conn = project.connect()
    try:
        assert "solo.example" not in site_names(conn)
    finally:
        conn.close()
    # on a site of three pages bylined by different people, the people stay authors
    records = _site_pages("voice.example", "Voice of the Coast", None)
    for rec, person in zip(records, ("By Arta Krasniqi", "By Dritan Hoxha", "By Elira Shehu"), strict=True):
        head, rest = rec["text"].split("\n\n", 2)[:2], rec["text"].split("\n\n", 2)[2]
        rec["text"] = "\n\n".join([*head, person, rest])
    _ingest(project, tmp_path, records, "voice")
    units = _units(project, "voice.example")
    assert {u["author"] for u in units} == {"Arta Krasniqi", "Dritan Hoxha", "Elira Shehu"}, units
    assert all(u["outlet"] == "Voice of the Coast" for u in units), units


def test_a_capitalised_domain_is_replaced_by_the_name_the_site_uses(project: Project, tmp_path: Path) -> None:
    records = _site_pages("harbourpost.example", "Harbour Post", None)
    for rec in records:
        rec["outlet"] = "Harbourpost"        # what a metadata reader guesses from the host
    _ingest(project, tmp_path, records, "harbour")
    units = _units(project, "harbourpost.example")
    assert units and all(u["outlet"] == "Harbour Post" for u in units), units
    conn = project.connect()
    try:
        assert site_names(conn)["harbourpost.example"] == "Harbour Post"
    finally:
        conn.close()


def _store_version(conn: sqlite3.Connection, url: str, version: int, outlet: str | None,
                   byline: str | None = None) -> None:
    """A processed version of the page at ``url``: a main article stating ``outlet`` (None: none) and two
    teasers, the first by ``byline``, written as per-page processing leaves them for the archive stages."""
    now = utcnow()
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('x', 1, x'00')")
        conn.execute("INSERT OR IGNORE INTO pages (key, url, first_seen) VALUES (?, ?, ?)", (url, url, now))
        page = conn.execute("SELECT id FROM pages WHERE key = ?", (url,)).fetchone()[0]
        vid = conn.execute("""INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at,
                              location, status) VALUES (?, ?, 'x', 'html', ?, ?, 'processed')""",
                           (page, version, now, url)).lastrowid
        for ordinal, (kind, meta) in enumerate((("article", '{"main": true}'), ("teaser", "{}"), ("teaser", "{}"))):
            conn.execute("INSERT INTO units (version_id, page_id, ordinal, kind, author, outlet, meta, text) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (vid, page, ordinal, kind, byline if ordinal == 1 else None, outlet if ordinal == 0 else None,
                          meta, f"Story {ordinal}\nThe ferry sailed again on day {page}."))


def _figures(conn: sqlite3.Connection, host: str) -> tuple[str, int, int]:
    row = conn.execute("SELECT name, pages, host_pages FROM site_names WHERE host = ?", (host,)).fetchone()
    return str(row[0]), int(row[1]), int(row[2])


@pytest.mark.parametrize("batch", [4, 500])
def test_a_hosts_figures_count_each_page_once_whatever_the_batches(project: Project, batch: int) -> None:
    conn = project.connect()
    try:
        urls = [f"https://lumi.example/news/{k}" for k in range(15)]
        for url in urls[:10]:
            _store_version(conn, url, 1, "Lumi News")
        # ten pages of three units each: in batches of four units, pages are split between batches and
        # the name learnt in the first batch (from every stored page) was counted again in the next ones
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 10, 10)
        for url in urls[10:]:                                   # a later ingest: five new pages
            _store_version(conn, url, 1, "Lumi News")
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 15, 15)
        # three pages get a new version that no longer names the site, one a new version that still does:
        # the same 15 pages, each counted with its newest version
        for url in urls[:3]:
            _store_version(conn, url, 2, None)
        _store_version(conn, urls[3], 2, "Lumi News")
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 12, 15)
        # a page back to the name in a third version
        _store_version(conn, urls[0], 3, "Lumi News")
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 13, 15)
        # the stage corrects what it counted (gives an outlet, takes the site's name off a byline): a
        # version counts as it was stored when it is replaced, not as the stage left it
        _store_version(conn, urls[1], 3, None, byline="Lumi News")
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 14, 15)
        for url in urls[1:3]:
            _store_version(conn, url, 4, "Lumi News")
        run_stages(conn, project.config, [SiteNamesStage()], batch=batch)
        assert _figures(conn, "lumi.example") == ("Lumi News", 15, 15)
    finally:
        conn.close()


def test_a_hosts_pages_are_found_in_any_case_of_scheme_and_host(project: Project) -> None:
    """Scheme and host are case-insensitive (RFC 3986; ``host_of`` lower-cases them): a page stored as
    ``HTTPS://WWW.Example.COM/…`` is a page of example.com, found through an index (no pass over every URL)."""
    from presswatch.anatomy.sitenames import host_of, host_page_ids
    from presswatch.store.db import transaction

    urls = {"https://example.com/a": True, "HTTPS://WWW.Example.COM/b": True, "Http://EXAMPLE.com:8080/c": True,
            "https://Example.com?d": True, "http://www.example.com": True, "https://example.com.evil.org/e": False,
            "https://notexample.com/f": False, "https://EXAMPLE.org/g": False, "https://sub.example.com/h": False}
    conn = project.connect()
    try:
        with transaction(conn):
            ids = {url: int(conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, '2024-01-01')",
                                         (url, url)).lastrowid or 0) for url in urls}
        wanted = sorted(ids[u] for u, mine in urls.items() if mine)
        assert all(host_of(u) == "example.com" for u, mine in urls.items() if mine)
        for host in ("example.com", "Example.COM", "www.EXAMPLE.com"):
            assert sorted(host_page_ids(conn, host)) == wanted, host
        assert len(host_page_ids(conn, "example.com", limit=2)) == 2
        assert set(host_page_ids(conn, "example.com", limit=2)) <= set(wanted)
        assert host_page_ids(conn, "EXAMPLE.org") == [ids["https://EXAMPLE.org/g"]]
        # the ranges are read through the NOCASE index, never a scan of the pages
        for sql, args in (("SELECT id FROM pages WHERE url = ? COLLATE NOCASE", ("https://example.com",)),
                          ("SELECT id, url FROM pages WHERE url >= ? COLLATE NOCASE AND url < ? COLLATE NOCASE "
                           "ORDER BY url COLLATE NOCASE", ("https://example.com/", "https://example.com0"))):
            plan = " ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args))
            assert "pages_url_nocase" in plan and "SCAN" not in plan, plan
    finally:
        conn.close()
