"""Reuse by coverage (issue 10, points 7 and 8): copy_of only when two texts cover most of each other;
a longer page holding a whole earlier article ``contains`` it and the digest folds neither; passages
repeated across sites are listed by `reuse --groups` and are never a digest lead. Real ingest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from linkpages import parallel

from presswatch.api import ingest
from presswatch.cli import cli
from presswatch.digest.build import build_digest
from presswatch.project import Project

TEXTS = parallel()
BOILERPLATE = ("Sign up here to receive our free morning newsletter with the stories our editors picked "
               "for you, delivered to your inbox every day.")


def _ingest_records(project: Project, tmp_path: Path, records: list[dict[str, str]]) -> None:
    feed = tmp_path / f"feed{len(list(tmp_path.glob('feed*')))}.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    ingest(project, [feed], progress=False)


def _unit_of(project: Project) -> dict[str, int]:
    conn = project.connect()
    try:
        return {r[0]: int(r[1]) for r in conn.execute(
            "SELECT p.url, MIN(u.id) FROM units u JOIN pages p ON p.id = u.page_id "
            "WHERE u.kind != 'boilerplate' GROUP BY p.url")}
    finally:
        conn.close()


def _unit_links(project: Project) -> set[tuple[str, int, int]]:
    conn = project.connect()
    try:
        return {(r[0], int(r[1]), int(r[2])) for r in conn.execute("SELECT kind, a, b FROM links WHERE level = 'unit'")}
    finally:
        conn.close()


def test_page_holding_a_whole_article_contains_it_and_the_digest_keeps_both(project: Project, tmp_path: Path) -> None:
    article = TEXTS[("s05a", "en")].replace("\n", "\n\n")
    others = "\n\n".join(TEXTS[(f"s{n:02d}a", "en")].replace("\n", "\n\n") for n in (6, 7, 8, 9, 10, 11, 12, 13))
    _ingest_records(project, tmp_path, [
        {"url": "https://ledger.example/story", "text": article, "published": "2024-03-03", "outlet": "Ledger",
         "title": "The story"},
        {"url": "https://weekly.example/digest", "text": others + "\n\n" + article, "published": "2024-03-10",
         "outlet": "Weekly", "title": "Weekly digest"},
    ])
    ids = _unit_of(project)
    story, digest_page = ids["https://ledger.example/story"], ids["https://weekly.example/digest"]
    links = _unit_links(project)
    assert ("contains", digest_page, story) in links
    assert not any(kind == "copy_of" for kind, _a, _b in links)
    conn = project.connect()
    try:
        detail = json.loads(conn.execute("SELECT detail FROM links WHERE kind = 'contains'").fetchone()[0])
        assert detail["coverage_a"] < 0.5 <= 0.8 <= detail["coverage_b"]   # the digest is mostly other text
        digest = build_digest(conn, "2024-03-01", "2024-03-31", save=False)
    finally:
        conn.close()
    assert {i.unit_id for i in digest.items} >= {story, digest_page}
    assert "copy" not in digest.left_out
    # a true copy (the whole text again on another site, later) is copy_of and folded
    _ingest_records(project, tmp_path, [{"url": "https://copycat.example/story", "text": article,
                                         "published": "2024-03-05", "outlet": "Copycat"}])
    copy = _unit_of(project)["https://copycat.example/story"]
    assert ("copy_of", copy, story) in _unit_links(project)
    conn = project.connect()
    try:
        digest = build_digest(conn, "2024-03-01", "2024-03-31", save=False)
    finally:
        conn.close()
    assert copy not in {i.unit_id for i in digest.items}
    assert story in {i.unit_id for i in digest.items} and digest_page in {i.unit_id for i in digest.items}


def test_cross_site_boilerplate_is_listed_and_never_a_lead(project: Project, tmp_path: Path,
                                                            opening_not_a_lead: Callable[..., None]) -> None:
    records = [{"url": f"https://site{n}.example/a", "outlet": f"Site {n}", "published": f"2024-04-0{n}",
                "title": f"Story {n}", "text": BOILERPLATE + "\n\n" + TEXTS[(f"s0{n}a", "en")].replace("\n", "\n\n")}
               for n in (1, 2, 3)]
    _ingest_records(project, tmp_path, records)
    assert not _unit_links(project), "the pages share one paragraph, they are not copies"
    out = CliRunner().invoke(cli, ["reuse", "--groups", "--project", str(project.root)])
    assert out.exit_code == 0, out.output
    assert "No reused texts found" not in out.output
    assert "Passage on 3 pages" in out.output and "Sign up here" in out.output
    opening_not_a_lead("Sign up here", 3, marker="Sign up")
    conn = project.connect()
    try:
        after = build_digest(conn, "2000-01-01", "2099-12-31", save=False)
    finally:
        conn.close()
    firsts = {TEXTS[(f"s0{n}a", "en")].split(" ")[0] for n in (1, 2, 3)}
    assert all(i.lead.split(" ")[0] in firsts for i in after.items)


def test_search_puts_a_units_own_text_before_shared_boilerplate(project: Project, tmp_path: Path) -> None:
    records = [{"url": f"https://site{n}.example/b", "outlet": f"Site {n}", "title": f"Story {n}",
                "text": BOILERPLATE + "\n\n" + TEXTS[(f"s0{n}a", "en")].replace("\n", "\n\n")
                + " Readers who follow this story can ask for the newsletter at the bottom of this page."}
               for n in (4, 5)]
    _ingest_records(project, tmp_path, records)
    from presswatch.search import search
    hits = search(project, "newsletter")
    assert hits, "both the boilerplate and each page's own line mention the newsletter"
    own = [h for h in hits if "Sign up here" not in h.snippet]
    shared = [h for h in hits if "Sign up here" in h.snippet]
    assert own and shared
    # BM25 alone ranks the short shared notice first; the unit's own text comes first all the same
    assert min(h.score for h in shared) > max(h.score for h in own)
    assert max(h.rank for h in own) < min(h.rank for h in shared), [(h.rank, h.passage_id, h.snippet[:20]) for h in hits]


def test_short_site_notice_below_the_index_minimum_is_never_a_lead(project: Project, tmp_path: Path,
                                                                   opening_not_a_lead: Callable[..., None]) -> None:
    # "Sign up here." is too short for the reuse index (min_words), yet it heads four sites' articles
    records = [{"url": f"https://news{n}.example/c", "outlet": f"News {n}", "title": f"Item {n}",
                "published": f"2024-05-{n:02d}",
                "text": "Sign up here for alerts.\n\n" + TEXTS[(f"s{n:02d}a", "en")].replace("\n", "\n\n")}
               for n in (6, 7, 8, 9)]
    _ingest_records(project, tmp_path, records)
    opening_not_a_lead("Sign up here", 4, marker="Sign up")
