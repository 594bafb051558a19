"""A site's own name, learnt across its stored pages (issue 10, point 3): generated multi-page sites,
real ingest into a real archive, the `sites` stage."""

from __future__ import annotations

import json
from pathlib import Path

from presswatch.anatomy.sitenames import is_capitalised_domain, name_form, site_names
from presswatch.api import ingest
from presswatch.project import Project

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
